// Webhook signatures and envelopes. Expected signatures are computed here with node:crypto's
// createHmac (and one published RFC 2202 vector), never with the code under test. That it runs in a
// browser is tested in browser.test.ts; that src/ uses no Node API, by eslint (eslint.config.js).
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  IntercomError,
  IntercomWebhookPayloadError,
  IntercomWebhookSignatureError,
  parseWebhookNotification,
  verifyWebhook,
  verifyWebhookRequest,
  verifyWebhookSignature,
} from "../src/index.js";

const SECRET = "client-secret-0f3a";
const sign = (body: string | Buffer, secret = SECRET) =>
  `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`;

// The shape of Intercom's documented example notification.
const notification = {
  type: "notification_event",
  app_id: "a86dr8yl",
  data: {
    type: "notification_event_data",
    item: { type: "conversation", id: "147", created_at: 1400857494, title: "Café ☕ – résumé" },
  },
  links: {},
  id: "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1aa",
  topic: "conversation.user.created",
  delivery_status: "pending",
  delivery_attempts: 1,
  delivered_at: 0,
  first_sent_at: 1403218716,
  created_at: 1403218716,
  self: null,
};
// Raw bodies keep Intercom's own spacing; verifying a re-serialised body must fail.
const raw = JSON.stringify(notification, null, 1);

describe("verifyWebhookSignature", () => {
  it("matches RFC 2202's HMAC-SHA1 test case 2", async () => {
    expect(
      await verifyWebhookSignature(
        "what do ya want for nothing?",
        "sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
        "Jefe",
      ),
    ).toBe(true);
  });

  it("accepts the raw body as a string, a Uint8Array, a Buffer or an ArrayBuffer (UTF-8 bytes)", async () => {
    const bytes = new TextEncoder().encode(raw);
    const signature = sign(Buffer.from(bytes));
    expect(signature).toBe(sign(raw));
    for (const body of [raw, bytes, Buffer.from(raw), bytes.buffer.slice(0)]) {
      expect(await verifyWebhookSignature(body, signature, SECRET)).toBe(true);
    }
    // A view into a larger buffer: only its own bytes count.
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    expect(await verifyWebhookSignature(padded.subarray(4, 4 + bytes.length), signature, SECRET)).toBe(true);
  });

  it("accepts upper-case hex and surrounding whitespace in the header", async () => {
    const hex = sign(raw).slice(5);
    expect(await verifyWebhookSignature(raw, `sha1=${hex.toUpperCase()}`, SECRET)).toBe(true);
    expect(await verifyWebhookSignature(raw, ` sha1=${hex} `, SECRET)).toBe(true);
  });

  it.each<[string, string | null | undefined]>([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["the hex without sha1=", sign(raw).slice(5)],
    ["sha256=", `sha256=${createHmac("sha256", SECRET).update(raw).digest("hex")}`],
    ["too short", sign(raw).slice(0, -2)],
    ["too long", `${sign(raw)}00`],
    ["not hex", `sha1=${"z".repeat(40)}`],
    ["another secret", sign(raw, "other-secret")],
    ["first byte changed", `sha1=${flip(sign(raw).slice(5), 0)}`],
    ["last byte changed", `sha1=${flip(sign(raw).slice(5), 39)}`],
    ["a re-serialised body's signature", sign(JSON.stringify(notification))],
  ])("rejects a signature that is %s", async (_, signature) => {
    expect(await verifyWebhookSignature(raw, signature, SECRET)).toBe(false);
  });

  it("rejects a body changed after signing", async () => {
    const signature = sign(raw);
    expect(await verifyWebhookSignature(raw.replace("147", "148"), signature, SECRET)).toBe(false);
    expect(await verifyWebhookSignature(`${raw}\n`, signature, SECRET)).toBe(false);
  });

  it("refuses an empty secret or a body of the wrong kind, without echoing anything", async () => {
    await expect(verifyWebhookSignature(raw, sign(raw), "")).rejects.toThrow(IntercomError);
    await expect(verifyWebhookSignature({} as unknown as string, sign(raw), SECRET)).rejects.toThrow(
      /raw body as a string, Uint8Array or ArrayBuffer/,
    );
  });
});

describe("verifyWebhook and parseWebhookNotification", () => {
  it("returns the typed envelope of a signed notification", async () => {
    const parsed = await verifyWebhook(raw, sign(raw), SECRET);
    expect(parsed).toEqual(notification);
    expect(parsed.data.item.id).toBe("147");
    expect(parsed.topic).toBe("conversation.user.created");
  });

  it("hands data.item over as sent, typed by topic; a topic it does not know still parses", () => {
    const contact = {
      type: "contact",
      id: "6657ad1d6abd0166b52ae2d4",
      role: "user",
      email: "ada@example.com",
    };
    const parsed = parseWebhookNotification(
      JSON.stringify({ ...notification, topic: "contact.user.created", data: { type: "x", item: contact } }),
    );
    let email: string | null | undefined;
    if (parsed.topic === "contact.user.created") email = parsed.data.item.email;
    expect(email).toBe("ada@example.com");
    expect(parsed.data.item).toEqual(contact);

    const later = parseWebhookNotification(JSON.stringify({ ...notification, topic: "brand.new.topic" }));
    const seen = ((n: typeof later) => {
      switch (n.topic) {
        case "conversation.user.created":
          return "conversation";
        default:
          return String(n.topic);
      }
    })(later);
    expect(seen).toBe("brand.new.topic");
    expect(later.data.item).toEqual(notification.data.item);
  });

  it("a bad signature is an IntercomWebhookSignatureError that says why, not what the secret is", async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /no X-Hub-Signature header/],
      ["sha1=xyz", /not "sha1=" followed by 40 hex digits/],
      [sign(raw, "wrong"), /does not match its body/],
    ];
    for (const [signature, message] of cases) {
      const error = (await verifyWebhook(raw, signature, SECRET).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(IntercomWebhookSignatureError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain(sign(raw).slice(5));
    }
  });

  const malformed: [string, string | Uint8Array, RegExp][] = [
    ["not JSON", "<html>", /not JSON/],
    ["JSON null", "null", /not a JSON object/],
    ["an array", "[]", /not a JSON object/],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0x7d]), /not UTF-8/],
    ["another type", JSON.stringify({ ...notification, type: "event" }), /not "notification_event"/],
    [
      "no data.item",
      JSON.stringify({ ...notification, data: { type: "notification_event_data" } }),
      /data.item/,
    ],
    ["no topic", JSON.stringify({ ...notification, topic: undefined }), /topic is missing/],
    ["a numeric app_id", JSON.stringify({ ...notification, app_id: 5 }), /app_id is missing or not a string/],
    [
      "a string created_at",
      JSON.stringify({ ...notification, created_at: "today" }),
      /created_at is not a number/,
    ],
  ];
  it.each(malformed)(
    "a signed body that is %s is an IntercomWebhookPayloadError",
    async (_, body, message) => {
      const signature = sign(typeof body === "string" ? body : Buffer.from(body));
      const error = await verifyWebhook(body, signature, SECRET).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomWebhookPayloadError);
      expect((error as Error).message).toMatch(message);
      expect(() => parseWebhookNotification(body)).toThrow(IntercomWebhookPayloadError);
    },
  );

  it("a Request whose body was already read is a payload error, not a TypeError", async () => {
    const request = new Request("http://127.0.0.1/webhook", {
      method: "POST",
      body: raw,
      headers: { "X-Hub-Signature": sign(raw) },
    });
    await request.json();
    await expect(verifyWebhookRequest(request, SECRET)).rejects.toThrow(IntercomWebhookPayloadError);
  });

  it("checks the signature before reading the body", async () => {
    await expect(verifyWebhook("not json", sign("other"), SECRET)).rejects.toThrow(
      IntercomWebhookSignatureError,
    );
  });

  it("reads Intercom's ping notification", () => {
    const ping = {
      ...notification,
      topic: "ping",
      data: { type: "notification_event_data", item: { type: "ping", message: "hi" } },
    };
    expect(parseWebhookNotification(JSON.stringify(ping)).data.item).toEqual({ type: "ping", message: "hi" });
  });
});

describe("header values, bodies and secrets as frameworks and env files give them (issue 24)", () => {
  it("a header given as an array of one value verifies as that value", async () => {
    expect(await verifyWebhookSignature(raw, [sign(raw)], SECRET)).toBe(true);
    expect((await verifyWebhook(raw, [sign(raw)], SECRET)).topic).toBe("conversation.user.created");
  });

  it.each<[string, unknown, RegExp]>([
    ["an array of two values", [sign(raw), sign(raw)], /2 X-Hub-Signature headers; Intercom sends one/],
    ["an empty array", [], /no X-Hub-Signature header/],
    ["a number", 12345, /not a string \(got a number\)/],
    ["an object", { sha1: "x" }, /not a string \(got a object\)/],
    ["an array holding a number", [7], /not a string \(got a number\)/],
  ])(
    "a signature header that is %s is an IntercomWebhookSignatureError, not a TypeError",
    async (_, signature, message) => {
      expect(await verifyWebhookSignature(raw, signature as string, SECRET)).toBe(false);
      const error = await verifyWebhook(raw, signature as string, SECRET).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomWebhookSignatureError);
      expect((error as Error).message).toMatch(message);
    },
  );

  it("a body with a leading BOM verifies and parses the same as a string as it does as bytes", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(raw)]);
    const signature = sign(bytes);
    // The bytes as a framework's string: the BOM is U+FEFF, kept.
    const text = bytes.toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const fromBytes = await verifyWebhook(new Uint8Array(bytes), signature, SECRET);
    const fromText = await verifyWebhook(text, signature, SECRET);
    expect(fromText).toEqual(fromBytes);
    expect(fromText).toEqual(notification);
    // The BOM is signed: a body without it does not verify with its signature.
    expect(await verifyWebhookSignature(raw, signature, SECRET)).toBe(false);
  });

  it("the client secret is trimmed: a newline from an env file still verifies", async () => {
    for (const secret of [`${SECRET}\n`, `${SECRET}\r\n`, ` ${SECRET} `]) {
      expect(await verifyWebhookSignature(raw, sign(raw), secret)).toBe(true);
      expect((await verifyWebhook(raw, sign(raw), secret)).id).toBe(notification.id);
    }
    // A secret of whitespace alone is no secret.
    await expect(verifyWebhookSignature(raw, sign(raw), " \n")).rejects.toThrow(/client secret is needed/);
  });

  // Also a type check: req.headers[...] is string | string[] | undefined, which the signature
  // parameter did not accept before (tsc -p tsconfig.json checks the tests).
  it("Node's own request headers (IncomingHttpHeaders) over real HTTP: one header verifies", async () => {
    // As an Express or plain Node handler would pass it: req.headers[...] (string | string[]).
    const receiver = await receive((body, headers) =>
      verifyWebhook(body, headers["x-hub-signature"], SECRET),
    );
    try {
      await fetch(receiver.url, { method: "POST", body: raw, headers: { "X-Hub-Signature": sign(raw) } });
      await fetch(receiver.url, { method: "POST", body: raw });
    } finally {
      await receiver.close();
    }
    expect(receiver.outcomes).toEqual(["ok conversation.user.created", "IntercomWebhookSignatureError"]);
  });
});

describe("verifyWebhookRequest over real HTTP", () => {
  it("verifies the exact bytes a server received", async () => {
    const receiver = await receive((body, headers) =>
      verifyWebhookRequest(
        new Request("http://127.0.0.1/webhook", {
          method: "POST",
          headers: headers as Record<string, string>,
          body,
        }),
        SECRET,
      ),
    );
    const post = (body: string, signature: string) =>
      fetch(receiver.url, {
        method: "POST",
        body,
        headers: { "X-Hub-Signature": signature, "Content-Type": "application/json" },
      });
    try {
      await post(raw, sign(raw));
      await post(raw, sign(raw, "wrong"));
      await post("{}", sign("{}"));
    } finally {
      await receiver.close();
    }
    expect(receiver.outcomes).toEqual([
      "ok conversation.user.created",
      "IntercomWebhookSignatureError",
      "IntercomWebhookPayloadError",
    ]);
  });
});

/** A webhook receiver on 127.0.0.1: each delivery's raw body and headers go to `verify`, and what it
 * made of them ("ok <topic>" or the error's name) is recorded in order. */
async function receive(
  verify: (body: Buffer<ArrayBuffer>, headers: IncomingHttpHeaders) => Promise<{ topic: string }>,
): Promise<{ url: string; outcomes: string[]; close: () => Promise<unknown> }> {
  const outcomes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      verify(Buffer.concat(chunks), req.headers)
        .then(
          (n) => outcomes.push(`ok ${n.topic}`),
          (e: unknown) => outcomes.push((e as Error).name),
        )
        .finally(() => res.end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    outcomes,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function flip(hex: string, index: number): string {
  const nibble = (parseInt(hex[index]!, 16) ^ 1).toString(16);
  return hex.slice(0, index) + nibble + hex.slice(index + 1);
}
