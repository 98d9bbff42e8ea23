// intercom-fetch/testing as a user's test code uses it, against the built package. Compiled by
// test/types.test.ts with strict tsc and skipLibCheck: false; every @ts-expect-error must be needed.
import { expectTypeOf } from "expect-type";
import { createIntercom, type Contact, type FetchLike } from "intercom-fetch";
import {
  createFakeIntercom,
  signWebhook,
  type FakeIntercom,
  type RecordedRequest,
} from "intercom-fetch/testing";

export async function handlers(): Promise<void> {
  const fake = await createFakeIntercom({
    rateLimit: { limit: 10, windowMs: 1000 },
    seed: {
      contacts: [{ id: "c1", email: "a@example.com", role: "user" }],
      tags: [{ id: "t1", name: "vip" }],
    },
  });
  expectTypeOf(fake.url).toEqualTypeOf<string>();
  expectTypeOf(fake.fetch).toExtend<FetchLike>();
  createIntercom({ token: "test", baseUrl: fake.url, fetch: fake.fetch });
  expectTypeOf(fake.requests).toEqualTypeOf<readonly RecordedRequest[]>();

  // A success's JSON is the operation's response type, literal types included.
  fake.on("GET", "/me", () => ({ json: { type: "admin", id: "1", email: "me@example.com" } }));
  fake.on("GET", "/contacts", () => ({ json: { type: "list", data: [], total_count: 0 } }));
  fake.on("GET", "/contacts/{id}", ({ params }) => ({ json: { type: "contact", id: params.id } }));
  fake.on("POST", "/contacts/search", async ({ json }) => ({
    status: 200,
    json: { type: "list", data: [{ type: "contact", id: String(json) }] },
  }));
  // @ts-expect-error a list's type is "list"
  fake.on("GET", "/contacts", () => ({ json: { type: "lisst", data: [] } }));
  // @ts-expect-error a contact's id is a string
  fake.on("GET", "/contacts/{id}", () => ({ json: { type: "contact", id: 5 } }));
  // @ts-expect-error the path has no such parameter
  fake.on("GET", "/contacts/{id}", ({ params }) => ({ json: { type: "contact", id: params.contact_id } }));
  // @ts-expect-error not a path of Intercom's API
  fake.on("GET", "/contactz", () => ({ status: 404 }));
  // @ts-expect-error /me has no POST
  fake.on("POST", "/me", () => ({ status: 200 }));
  // @ts-expect-error a 2xx's body must be the operation's (this one is an error's)
  fake.on("GET", "/me", () => ({ status: 201, json: { type: "error.list", errors: [] } }));

  // Any other status takes any JSON; any status takes a raw body, headers, or a fault.
  fake.on("GET", "/me", () => ({
    status: 503,
    json: { type: "error.list", errors: [{ code: "service_unavailable" }] },
  }));
  fake.on("GET", "/me", () => ({
    status: 500,
    text: "<html>oops</html>",
    headers: { "Content-Type": "text/html" },
  }));
  fake.on("DELETE", "/contacts/{id}", () => ({ status: 204 }));
  fake.on("GET", "/admins", () => ({
    json: { type: "admin.list", admins: [] },
    fault: { kind: "truncate" },
  }));

  fake.fault({ method: "GET", path: "/contacts/{id}", times: 2, kind: "reply", status: 503 });
  fake.fault({ kind: "reset" }).fault({ kind: "stall-body", ms: 100, every: 3, times: Infinity });
  // @ts-expect-error not a fault
  fake.fault({ kind: "explode" });
  // @ts-expect-error a slow body says how slow
  fake.fault({ kind: "stall-body" });

  expectTypeOf(fake.state.contacts.get("c1")).toEqualTypeOf<Contact | undefined>();
  expectTypeOf(fake.on("GET", "/me", () => ({ status: 204 }))).toEqualTypeOf<FakeIntercom>();
  await fake.close();
}

export async function webhooks(): Promise<void> {
  const signed = await signWebhook({
    topic: "contact.user.created",
    item: { type: "contact", id: "c1", email: "a@example.com" },
    secret: "s",
  });
  expectTypeOf(signed.body).toEqualTypeOf<string>();
  expectTypeOf(signed.notification.topic).toEqualTypeOf<"contact.user.created">();
  expectTypeOf(signed.notification.data.item.email).toEqualTypeOf<string | null | undefined>();
  // @ts-expect-error not a topic
  await signWebhook({ topic: "contact.exploded", item: {}, secret: "s" });
  // @ts-expect-error a contact's id is a string
  await signWebhook({ topic: "contact.user.created", item: { type: "contact", id: 1 }, secret: "s" });
}
