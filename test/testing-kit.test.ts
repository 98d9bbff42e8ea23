// intercom-fetch/testing, the fake Intercom users test with: its stateful routes answer in the
// shapes the spec describes (each answer validated against the operation's response schema, over
// HTTP and in-process), its errors are Intercom's, its faults and windows do what they say, each
// fake is isolated from the others, and signWebhook's deliveries verify.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomConflictError,
  IntercomConnectionError,
  IntercomNotFoundError,
  IntercomTimeoutError,
  IntercomWebhookSignatureError,
  unwrap,
  verifyWebhook,
  type IntercomClient,
  type RequestBody,
} from "../src/index.js";
import { createFakeIntercom, signWebhook, type FakeIntercom } from "../src/testing/index.js";
import { specValidator } from "./support/spec-examples.js";
import { loadOverlaidSpec, type Spec } from "./support/spec.js";
import { apiVersion } from "../generated/metadata.js";

let spec: Spec;
let compile: ReturnType<typeof specValidator>;
beforeAll(async () => {
  spec = await loadOverlaidSpec(apiVersion);
  compile = specValidator(spec);
});

const fakes: FakeIntercom[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});
async function fakeIntercom(options?: Parameters<typeof createFakeIntercom>[0]): Promise<FakeIntercom> {
  const fake = await createFakeIntercom(options);
  fakes.push(fake);
  return fake;
}

/** The schema violations of `body` against the spec's response for this operation and status. */
function violations(method: string, template: string, status: number, body: unknown): string[] {
  const operation = (spec.paths[template] as Record<string, { responses?: Record<string, unknown> }>)[method];
  const response = operation?.responses?.[String(status)] as
    { content?: Record<string, { schema?: unknown }> } | undefined;
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) return [`no JSON schema for ${method} ${template} ${status}`];
  const validate = compile(schema);
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${method} ${template} ${status}: ${e.instancePath} ${e.message}`);
}

/** The violations of an error body against the spec's `error` schema (Intercom's error.list). */
function errorViolations(body: unknown): string[] {
  const validate = compile({ $ref: "#/components/schemas/error" });
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `error: ${e.instancePath} ${e.message}`);
}

/** Calls and checks the answer against the spec; returns the data (or the error body). */
async function checked<T>(
  method: string,
  template: string,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  expect(response.ok ? violations(method, template, response.status, data) : errorViolations(error)).toEqual(
    [],
  );
  if (!response.ok) throw new Error(`${method} ${template}: ${response.status} ${JSON.stringify(error)}`);
  return data as T;
}

describe.each([
  ["over loopback HTTP", false],
  ["in-process (fake.fetch)", true],
])("the stateful fake, %s", (_name, inProcess) => {
  async function client(): Promise<{ fake: FakeIntercom; intercom: IntercomClient }> {
    const fake = await fakeIntercom({
      seed: { admins: [{ id: "991", name: "Ada" }, { id: "992" }], tags: [{ id: "t1", name: "vip" }] },
    });
    const intercom = createIntercom({
      token: "test",
      baseUrl: fake.url,
      maxRetries: 0,
      ...(inProcess ? { fetch: fake.fetch } : {}),
    });
    return { fake, intercom };
  }

  it("admins: /me, /admins, /admins/{id}", async () => {
    const { intercom } = await client();
    const me = await checked("get", "/me", intercom.GET("/me"));
    expect(me?.id).toBe("991");
    const admins = await checked("get", "/admins", intercom.GET("/admins"));
    expect(admins?.admins?.map((a) => a?.id)).toEqual(["991", "992"]);
    await checked("get", "/admins/{id}", intercom.GET("/admins/{id}", { params: { path: { id: "992" } } }));
    const missing = await intercom.GET("/admins/{id}", { params: { path: { id: "7" } } });
    expect(missing.response.status).toBe(404);
  });

  it("contacts: create, 409 on a duplicate, 400 without an identifier, get, update, list by cursor, search, delete, 404", async () => {
    const { fake, intercom } = await client();
    const created = await checked(
      "post",
      "/contacts",
      intercom.POST("/contacts", { body: { email: "ada@example.com", name: "Ada" } }),
    );
    expect(created.email).toBe("ada@example.com");
    await expect(
      intercom.POST("/contacts", { body: { email: "ADA@example.com" } }).then(unwrap),
    ).rejects.toBeInstanceOf(IntercomConflictError);
    const conflict = await intercom.POST("/contacts", { body: { external_id: "x" } });
    expect(conflict.response.status).toBe(200);
    const dup = await intercom.POST("/contacts", { body: { external_id: "x", email: "other@example.com" } });
    expect(dup.response.status).toBe(409);
    expect(dup.error).toMatchObject({ type: "error.list", errors: [{ code: "conflict" }] });
    const bad = await intercom.POST("/contacts", { body: { name: "nobody" } as never });
    expect(bad.response.status).toBe(400);

    const updated = await checked(
      "put",
      "/contacts/{id}",
      intercom.PUT("/contacts/{id}", { params: { path: { id: created.id } }, body: { name: "Ada L." } }),
    );
    expect(updated.name).toBe("Ada L.");
    expect((await intercom.GET("/contacts/{id}", { params: { path: { id: created.id } } })).data?.name).toBe(
      "Ada L.",
    );

    for (let i = 0; i < 5; i++)
      await intercom.POST("/contacts", { body: { email: `c${i}@example.com`, role: "lead" } });
    fake.reset();
    const all = [];
    for await (const contact of intercom.paginate("/contacts", { params: { query: { per_page: 3 } } }))
      all.push(contact);
    expect(all).toHaveLength(7);
    expect(fake.count("GET", "/contacts")).toBe(3);
    const firstPage = await checked(
      "get",
      "/contacts",
      intercom.GET("/contacts", { params: { query: { per_page: 3 } } }),
    );
    expect(firstPage.pages?.next?.starting_after).toEqual(expect.any(String));

    const leads = [];
    for await (const contact of intercom.paginate("/contacts/search", {
      body: { query: { field: "role", operator: "=", value: "lead" }, pagination: { per_page: 2 } },
    }))
      leads.push(contact.email);
    expect(leads).toEqual([
      "c0@example.com",
      "c1@example.com",
      "c2@example.com",
      "c3@example.com",
      "c4@example.com",
    ]);
    await checked(
      "post",
      "/contacts/search",
      intercom.POST("/contacts/search", {
        body: {
          query: {
            operator: "AND",
            value: [
              { field: "email", operator: "~", value: "example.com" },
              { field: "name", operator: "=", value: "Ada L." },
            ],
          },
        },
      }),
    );

    const deleted = await checked(
      "delete",
      "/contacts/{id}",
      intercom.DELETE("/contacts/{id}", { params: { path: { id: created.id } } }),
    );
    expect(deleted).toMatchObject({ id: created.id, deleted: true });
    const gone = await intercom.GET("/contacts/{id}", { params: { path: { id: created.id } } });
    expect(gone.response.status).toBe(404);
    expect(errorViolations(gone.error)).toEqual([]);
    expect(gone.error).toMatchObject({ type: "error.list", errors: [{ code: "not_found" }] });
    await expect(
      intercom.GET("/contacts/{id}", { params: { path: { id: created.id } } }).then(unwrap),
    ).rejects.toBeInstanceOf(IntercomNotFoundError);
  });

  it("tags, notes and companies on a contact", async () => {
    const { intercom } = await client();
    const contact = unwrap(await intercom.POST("/contacts", { body: { external_id: "u1" } }));
    const id = contact.id;
    const tag = await checked("post", "/tags", intercom.POST("/tags", { body: { name: "trial" } }));
    await checked("get", "/tags", intercom.GET("/tags"));
    await checked(
      "post",
      "/contacts/{contact_id}/tags",
      intercom.POST("/contacts/{contact_id}/tags", {
        params: { path: { contact_id: id } },
        body: { id: tag.id },
      }),
    );
    const tags = await checked(
      "get",
      "/contacts/{contact_id}/tags",
      intercom.GET("/contacts/{contact_id}/tags", { params: { path: { contact_id: id } } }),
    );
    expect(tags.data?.map((t) => t.name)).toEqual(["trial"]);
    await checked(
      "delete",
      "/contacts/{contact_id}/tags/{id}",
      intercom.DELETE("/contacts/{contact_id}/tags/{id}", {
        params: { path: { contact_id: id, id: tag.id } },
      }),
    );
    expect(
      unwrap(await intercom.GET("/contacts/{contact_id}/tags", { params: { path: { contact_id: id } } }))
        .data,
    ).toEqual([]);

    const note = await checked(
      "post",
      "/contacts/{id}/notes",
      intercom.POST("/contacts/{id}/notes", {
        params: { path: { id } },
        body: { body: "called", admin_id: "991" },
      }),
    );
    await checked("get", "/notes/{id}", intercom.GET("/notes/{id}", { params: { path: { id: note.id } } }));
    const notes = await checked(
      "get",
      "/contacts/{id}/notes",
      intercom.GET("/contacts/{id}/notes", { params: { path: { id } } }),
    );
    expect(notes.data?.map((n) => n.body)).toEqual(["called"]);

    const company = await checked(
      "post",
      "/companies",
      intercom.POST("/companies", { body: { company_id: "acme", name: "Acme" } }),
    );
    const again = unwrap(
      await intercom.POST("/companies", { body: { company_id: "acme", name: "Acme Inc" } }),
    );
    expect(again.id).toBe(company.id);
    await checked(
      "post",
      "/contacts/{id}/companies",
      intercom.POST("/contacts/{id}/companies", { params: { path: { id } }, body: { id: company.id } }),
    );
    const attached = await checked(
      "get",
      "/contacts/{id}/companies",
      intercom.GET("/contacts/{id}/companies", { params: { path: { id } } }),
    );
    expect(attached.data?.map((c) => c.name)).toEqual(["Acme Inc"]);
    await checked(
      "get",
      "/companies",
      intercom.GET("/companies", { params: { query: { company_id: "acme" } } }),
    );
    await checked(
      "put",
      "/companies/{id}",
      intercom.PUT("/companies/{id}", { params: { path: { id: company.id } } }),
    );
    await checked("post", "/companies/list", intercom.POST("/companies/list", {}));
    await checked(
      "delete",
      "/companies/{id}",
      intercom.DELETE("/companies/{id}", { params: { path: { id: company.id } } }),
    );
    expect(
      (await intercom.GET("/companies/{id}", { params: { path: { id: company.id } } })).response.status,
    ).toBe(404);
  });

  it("conversations: create, reply, assign, snooze, open, close, tag, list, search", async () => {
    const { intercom } = await client();
    const contact = unwrap(await intercom.POST("/contacts", { body: { email: "u@example.com" } }));
    const message = await checked(
      "post",
      "/conversations",
      intercom.POST("/conversations", { body: { from: { type: "user", id: contact.id }, body: "Help?" } }),
    );
    const id = message.conversation_id!;
    const path = { params: { path: { id } } };
    await checked(
      "post",
      "/conversations/{id}/reply",
      intercom.POST("/conversations/{id}/reply", {
        ...path,
        body: { message_type: "comment", type: "admin", admin_id: "991", body: "On it" },
      }),
    );
    /** Adds a part (an assignment, a snooze, an open, a close), its answer checked against the spec. */
    const postPart = (body: RequestBody<"/conversations/{id}/parts", "post">) =>
      checked(
        "post",
        "/conversations/{id}/parts",
        intercom.POST("/conversations/{id}/parts", { ...path, body }),
      );
    await postPart({ message_type: "assignment", type: "admin", admin_id: "991", assignee_id: "992" });
    const snoozed = await postPart({
      message_type: "snoozed",
      admin_id: "991",
      snoozed_until: Math.floor(Date.now() / 1000) + 3600,
    });
    expect(snoozed.state).toBe("snoozed");
    await postPart({ message_type: "open", admin_id: "991" });
    const closed = await postPart({ message_type: "close", type: "admin", admin_id: "991" });
    expect(closed.state).toBe("closed");
    expect(closed.admin_assignee_id).toBe(992);
    expect(closed.conversation_parts?.conversation_parts?.map((p) => p.part_type)).toEqual([
      "comment",
      "assignment",
      "snoozed",
      "open",
      "close",
    ]);
    await checked(
      "post",
      "/conversations/{conversation_id}/tags",
      intercom.POST("/conversations/{conversation_id}/tags", {
        params: { path: { conversation_id: id } },
        body: { id: "t1", admin_id: "991" },
      }),
    );
    const read = await checked("get", "/conversations/{id}", intercom.GET("/conversations/{id}", path));
    expect(read.tags?.tags?.map((t) => t.name)).toEqual(["vip"]);
    await checked("get", "/conversations", intercom.GET("/conversations"));
    const found = await checked(
      "post",
      "/conversations/search",
      intercom.POST("/conversations/search", {
        body: { query: { field: "state", operator: "=", value: "closed" } },
      }),
    );
    expect(found.conversations?.map((c) => c.id)).toEqual([id]);
    const badPart = await intercom.POST("/conversations/{id}/parts", {
      ...path,
      body: { message_type: "snoozed", admin_id: "991", snoozed_until: 1 },
    });
    expect(badPart.response.status).toBe(400);
  });

  it("tickets and data events", async () => {
    const { intercom } = await client();
    const contact = unwrap(
      await intercom.POST("/contacts", { body: { email: "t@example.com", external_id: "e1" } }),
    );
    const ticket = await checked(
      "post",
      "/tickets",
      intercom.POST("/tickets", { body: { ticket_type_id: "1", contacts: [{ id: contact.id }] } }),
    );
    const updated = await checked(
      "put",
      "/tickets/{id}",
      intercom.PUT("/tickets/{id}", { params: { path: { id: ticket!.id } }, body: { state: "resolved" } }),
    );
    expect(updated?.ticket_state).toBe("resolved");
    await checked(
      "get",
      "/tickets/{id}",
      intercom.GET("/tickets/{id}", { params: { path: { id: ticket!.id } } }),
    );
    await checked(
      "post",
      "/tickets/search",
      intercom.POST("/tickets/search", {
        body: { query: { field: "ticket_state", operator: "=", value: "resolved" } },
      }),
    );

    for (const name of ["signed-up", "upgraded", "invited"]) {
      const sent = await intercom.POST("/events", { body: { event_name: name, user_id: "e1" } as never });
      expect(sent.response.status).toBe(202);
    }
    const names = [];
    for await (const event of intercom.paginate("/events", {
      params: { query: { type: "user", user_id: "e1", per_page: 2 } as never },
    }))
      names.push(event && "event_name" in event ? event.event_name : undefined);
    expect(names).toEqual(["invited", "upgraded", "signed-up"]);
    await checked(
      "get",
      "/events",
      intercom.GET("/events", { params: { query: { type: "user", user_id: "e1" } as never } }),
    );
  });
});

describe("handlers, the request log and faults", () => {
  it("a handler answers over the stateful route, with any status and headers; the log has what arrived", async () => {
    const fake = await fakeIntercom();
    fake.on("GET", "/me", () => ({ json: { type: "admin", id: "1", email: "me@example.com" } }));
    fake.on("GET", "/contacts/{id}", ({ params }) =>
      params.id === "teapot"
        ? { status: 418, text: "short and stout" }
        : { json: { type: "contact", id: params.id } },
    );
    const intercom = createIntercom({ token: "secret-token", baseUrl: fake.url, maxRetries: 0 });
    expect(unwrap(await intercom.GET("/me")).email).toBe("me@example.com");
    const teapot = await intercom.GET("/contacts/{id}", { params: { path: { id: "teapot" } } });
    expect(teapot.response.status).toBe(418);
    await intercom.POST("/contacts/search", {
      body: { query: { field: "email", operator: "=", value: "x" } },
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /me",
      "GET /contacts/teapot",
      "POST /contacts/search",
    ]);
    expect(fake.requests[2]?.json).toEqual({ query: { field: "email", operator: "=", value: "x" } });
    expect(fake.requests[0]?.headers["authorization"]).toBe("Bearer secret-token");
  });

  it("stateless: only handlers answer", async () => {
    const fake = await fakeIntercom({ stateful: false });
    const response = await fetch(`${fake.url}/me`);
    expect(response.status).toBe(404);
  });

  it.each([false, true])(
    "5xx on a schedule: twice, then through (retried by the client; in-process %s)",
    async (inProcess) => {
      const fake = await fakeIntercom();
      fake.fault({ method: "GET", path: "/admins/{id}", times: 2, kind: "reply", status: 503 });
      const intercom = createIntercom({
        token: "t",
        baseUrl: fake.url,
        retry: { initialDelayMs: 1, maxDelayMs: 5 },
        ...(inProcess ? { fetch: fake.fetch } : {}),
      });
      await intercom.GET("/me"); // not matched by the fault
      const admin = unwrap(await intercom.GET("/admins/{id}", { params: { path: { id: "1" } } }));
      expect(admin.id).toBe("1");
      expect(fake.count("GET", "/admins/1")).toBe(3);
    },
  );

  it("after and every: the 2nd and 4th matching requests fail", async () => {
    const fake = await fakeIntercom();
    fake.fault({ path: "/me", kind: "reply", status: 500, after: 1, every: 2, times: Infinity });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${fake.url}/me`)).status);
    expect(statuses).toEqual([200, 500, 200, 500, 200]);
  });

  it.each([false, true])("connection reset, truncated body, slow body (in-process %s)", async (inProcess) => {
    const fake = await fakeIntercom();
    const intercom = createIntercom({
      token: "t",
      baseUrl: fake.url,
      maxRetries: 0,
      timeoutMs: 300,
      ...(inProcess ? { fetch: fake.fetch } : {}),
    });
    fake.fault({ kind: "reset" });
    await expect(intercom.GET("/me")).rejects.toBeInstanceOf(IntercomConnectionError);
    fake.fault({ kind: "truncate" });
    await expect(intercom.GET("/me")).rejects.toBeInstanceOf(IntercomConnectionError);
    fake.fault({ kind: "stall-body", ms: 2_000 });
    await expect(intercom.GET("/me")).rejects.toBeInstanceOf(IntercomTimeoutError);
    fake.fault({ kind: "stall-body", ms: 50 });
    expect(unwrap(await intercom.GET("/me")).id).toBe("1");
    fake.on("GET", "/admins", () => ({ json: { type: "admin.list", admins: [] }, fault: { kind: "reset" } }));
    await expect(intercom.GET("/admins")).rejects.toBeInstanceOf(IntercomConnectionError);
    expect(unwrap(await intercom.GET("/me")).id).toBe("1");
  });

  it("fake.fetch serves its own origin only", async () => {
    const fake = await fakeIntercom();
    await expect(fake.fetch("http://127.0.0.1:1/me")).rejects.toThrow(
      /serves http:\/\/127\.0\.0\.1:\d+ only/,
    );
    expect((await fake.fetch(`${fake.url}/me`)).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("fixed windows with Intercom's headers and 429 rate_limit_exceeded", async () => {
    const fake = await fakeIntercom({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await fake.fetch(`${fake.url}/me`);
      answers.push({
        status: response.status,
        remaining: response.headers.get("x-ratelimit-remaining"),
        limit: response.headers.get("x-ratelimit-limit"),
        body: (await response.json()) as unknown,
      });
    }
    expect(answers.map((a) => [a.status, a.remaining, a.limit])).toEqual([
      [200, "1", "2"],
      [200, "0", "2"],
      [429, "0", "2"],
    ]);
    expect(answers[2]?.body).toMatchObject({ type: "error.list", errors: [{ code: "rate_limit_exceeded" }] });
    expect(fake.rateLimit?.refused).toBe(1);
  });

  it.each([false, true])(
    "each fake has its own window: fake A spent, a client of fake B is not delayed (in-process %s)",
    async (inProcess) => {
      const a = await fakeIntercom();
      const b = await fakeIntercom();
      expect(a.url).not.toBe(b.url);
      const reset = String(Math.floor(Date.now() / 1000) + 30);
      a.on("GET", "/me", () => ({
        json: { type: "admin", id: "1" },
        headers: { "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset },
      }));
      const clientOf = (fake: FakeIntercom) =>
        createIntercom({
          token: "same-token",
          baseUrl: fake.url,
          retry: { maxRetryAfterMs: 60_000 },
          ...(inProcess ? { fetch: fake.fetch } : {}),
        });
      unwrap(await clientOf(a).GET("/me"));
      // Negative control: another client of A, same token, shares A's spent window: it is held.
      const controller = new AbortController();
      let settled = false;
      const held = clientOf(a)
        .GET("/me", { signal: controller.signal })
        .finally(() => (settled = true));
      const started = performance.now();
      unwrap(await clientOf(b).GET("/me"));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(settled).toBe(false);
      controller.abort();
      await expect(held).rejects.toMatchObject({ name: "AbortError" });
      expect(a.count("GET", "/me")).toBe(1);
      expect(b.count("GET", "/me")).toBe(1);
    },
  );
});

describe("signWebhook", () => {
  it("signs a delivery verifyWebhook accepts, and only with the body and secret it was signed with", async () => {
    const { body, headers, notification } = await signWebhook({
      topic: "contact.user.created",
      item: { type: "contact", id: "c1", email: "a@example.com" },
      secret: "shh",
    });
    const parsed = await verifyWebhook(body, headers["X-Hub-Signature"], "shh\n");
    expect(parsed.topic).toBe("contact.user.created");
    expect(parsed.id).toBe(notification.id);
    if (parsed.topic === "contact.user.created") expect(parsed.data.item.email).toBe("a@example.com");
    await expect(verifyWebhook(body, [headers["X-Hub-Signature"]!], "shh")).resolves.toBeDefined();
    await expect(verifyWebhook(body, headers["X-Hub-Signature"], "other")).rejects.toBeInstanceOf(
      IntercomWebhookSignatureError,
    );
    await expect(
      verifyWebhook(body.replace("c1", "c2"), headers["X-Hub-Signature"], "shh"),
    ).rejects.toBeInstanceOf(IntercomWebhookSignatureError);
  });
});
