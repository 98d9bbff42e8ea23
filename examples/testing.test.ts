// Testing your own code against intercom-fetch/testing, with node:test (the same code runs under
// vitest or jest: swap the imports of describe/it/before/after).
//
//   node --import tsx --test examples/testing.test.ts
//
// The code under test is at the top: it tags a list of sign-ups (creating the contacts it does not
// find) and handles a webhook. The tests give it a client of a fake Intercom, in-process (no port
// to reach, no token): each test gets a fresh fake, so nothing (its data, its rate-limit window)
// carries over from one test to the next.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { createIntercom, IntercomApiError, unwrap, verifyWebhook, type IntercomClient } from "intercom-fetch";
import { createFakeIntercom, signWebhook, type FakeIntercom } from "intercom-fetch/testing";

// ---- your code

/** Tags every sign-up with `tagName`, creating the contacts Intercom does not have; their ids. */
export async function tagSignups(
  intercom: IntercomClient,
  emails: string[],
  tagName: string,
): Promise<string[]> {
  const tag = unwrap(await intercom.POST("/tags", { body: { name: tagName } }));
  const ids: string[] = [];
  for (const email of emails) {
    const found = unwrap(
      await intercom.POST("/contacts/search", {
        body: { query: { field: "email", operator: "=", value: email } },
      }),
    );
    const contact = found.data?.[0] ?? unwrap(await intercom.POST("/contacts", { body: { email } }));
    unwrap(
      await intercom.POST("/contacts/{contact_id}/tags", {
        params: { path: { contact_id: contact.id } },
        body: { id: tag.id },
      }),
    );
    ids.push(contact.id);
  }
  return ids;
}

/** A webhook endpoint's logic: verify, then act on the topics it knows. */
export async function onWebhook(
  body: string,
  signature: string | undefined,
  secret: string,
): Promise<string> {
  const notification = await verifyWebhook(body, signature, secret);
  return notification.topic === "contact.user.created"
    ? `welcome ${notification.data.item.email}`
    : "ignored";
}

// ---- its tests

describe("tagSignups", () => {
  let fake: FakeIntercom;
  let intercom: IntercomClient;
  beforeEach(async () => {
    fake = await createFakeIntercom({ seed: { contacts: [{ id: "c-ada", email: "ada@example.com" }] } });
    intercom = createIntercom({
      token: "test",
      baseUrl: fake.url,
      fetch: fake.fetch,
      retry: { initialDelayMs: 1, maxDelayMs: 10 },
    });
  });
  afterEach(() => fake.close());

  it("tags the contacts it finds and creates the others", async () => {
    const ids = await tagSignups(intercom, ["ada@example.com", "grace@example.com"], "beta");
    assert.equal(ids[0], "c-ada");
    const grace = fake.state.contacts.get(ids[1]!);
    assert.equal(grace?.email, "grace@example.com");
    const beta = [...fake.state.tags.values()].find((tag) => tag.name === "beta");
    for (const id of ids) {
      assert.deepEqual(
        fake.state.contacts.get(id)?.tags?.data?.map((tag) => tag.id),
        [beta?.id],
      );
    }
    assert.equal(fake.count("POST", "/contacts"), 1);
  });

  it("rides out Intercom's 503s (the client retries them)", async () => {
    fake.fault({ method: "POST", path: "/contacts/search", kind: "reply", status: 503, times: 2 });
    const ids = await tagSignups(intercom, ["ada@example.com"], "beta");
    assert.deepEqual(ids, ["c-ada"]);
    assert.equal(fake.count("POST", "/contacts/search"), 3);
  });

  it("fails with Intercom's error when a tag cannot be made", async () => {
    fake.on("POST", "/tags", () => ({
      status: 422,
      json: { type: "error.list", errors: [{ code: "parameter_invalid", message: "Name is too long" }] },
    }));
    await assert.rejects(tagSignups(intercom, ["ada@example.com"], "x".repeat(300)), (error: unknown) => {
      assert.ok(error instanceof IntercomApiError);
      assert.equal(error.status, 422);
      return true;
    });
    assert.equal(fake.count("POST", "/contacts/search"), 0);
  });
});

describe("onWebhook", () => {
  const secret = "client-secret";

  it("welcomes a new user from a signed delivery", async () => {
    const { body, headers } = await signWebhook({
      topic: "contact.user.created",
      item: { type: "contact", id: "c1", email: "new@example.com" },
      secret,
    });
    assert.equal(await onWebhook(body, headers["X-Hub-Signature"], secret), "welcome new@example.com");
  });

  it("refuses a delivery signed with another secret", async () => {
    const { body, headers } = await signWebhook({ topic: "ping", item: { type: "ping" }, secret: "another" });
    await assert.rejects(onWebhook(body, headers["X-Hub-Signature"], secret), /signature/i);
  });
});
