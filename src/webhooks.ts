// Intercom webhook notifications: checking X-Hub-Signature (Web Crypto, no node: modules, so it runs
// anywhere) and reading the envelope. https://developers.intercom.com/docs/webhooks/setting-up-webhooks
import { IntercomError, IntercomWebhookPayloadError, IntercomWebhookSignatureError } from "./errors.js";
import { isRecord } from "./internal/values.js";
import { hex, subtleCrypto } from "./internal/digest.js";
import type { Api } from "./version.js";

/** A schema of the version, by name, as generated/named-types.ts names it (never null). */
type Schema<A extends Api, Name extends string> = NonNullable<A["schemas"][Name & keyof A["schemas"]]>;

/** The raw request body, exactly as received: a parsed and re-serialised body will not verify. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** The header Intercom signs notifications in. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Hub-Signature";

/** The object a notification is about, for a topic this package does not know (open). */
export interface WebhookItem {
  type?: string;
  id?: string;
  [key: string]: unknown;
}

/** `data.item` of a test delivery (topic `ping`). */
export interface WebhookPing {
  type: "ping";
  message?: string;
  [key: string]: unknown;
}

/** `data.item` of `*.deleted` topics: identifying fields only, not the object. */
export interface WebhookDeletedItem extends WebhookItem {
  id: string;
}

/** `data.item` of `company.contact.attached` / `.detached`: the company and the contact. */
export interface WebhookCompanyContact<A extends Api> {
  type?: string;
  company: Schema<A, "company">;
  contact: Schema<A, "contact">;
  [key: string]: unknown;
}

/** `data.item` of `contact.*.tag.created` / `.deleted`: the tag and the contact. */
export interface WebhookContactTag<A extends Api> {
  type?: string;
  tag: Schema<A, "tag">;
  contact: Schema<A, "contact">;
  created_at?: number;
  [key: string]: unknown;
}

/** A topic this package types `data.item` for. */
export type WebhookTopic<A extends Api> = keyof A["webhooks"] & string;

interface NotificationOf<T extends string, Item> {
  type: "notification_event";
  /** The notification's id ("notif_…"): the same on every delivery attempt, so use it to de-duplicate. */
  id: string;
  /** e.g. "conversation.user.created", "contact.user.created", "ping". */
  topic: T;
  /** The workspace the event happened in. */
  app_id: string;
  data: { type: string; item: Item };
  /** Unix seconds. */
  created_at: number | undefined;
  /** Unix seconds of the first delivery attempt. */
  first_sent_at: number | undefined;
  delivery_attempts: number | undefined;
  delivered_at: number | undefined;
  delivery_status: string | undefined;
  links: Record<string, unknown> | undefined;
  self: string | null | undefined;
}

/** Intercom's notification envelope, `data.item` typed by topic: narrow on `topic`; one topic's is
 * `IntercomWebhookNotification<"ticket.created">`. The item is not validated. A topic newer than this
 * package still parses: a `switch` on `topic` sees it in `default` (read its item as a `WebhookItem`). */
export type IntercomWebhookNotification<A extends Api, T extends WebhookTopic<A> = WebhookTopic<A>> = {
  [K in T]: NotificationOf<K, A["webhooks"][K]>;
}[T];

const SIGNATURE_PATTERN = /^sha1=([0-9a-f]{40})$/i;

/** Why `signature` does not sign `body` (verifyWebhook's error says it), or undefined when it does. */
async function signatureProblem(body: WebhookBody, signature: unknown, clientSecret: string) {
  const expected = await webhookSignature(body, clientSecret);
  const header = WEBHOOK_SIGNATURE_HEADER;
  // A framework's list of the header's values: one is the header; several are not Intercom's.
  while (Array.isArray(signature) && signature.length === 1) signature = signature[0];
  if (Array.isArray(signature) && signature.length > 1) {
    return `The webhook has ${signature.length} ${header} headers; Intercom sends one.`;
  }
  if (signature === null || signature === undefined || signature === "" || Array.isArray(signature)) {
    return `The webhook has no ${header} header.`;
  }
  if (typeof signature !== "string") {
    return `The webhook's ${header} is not a string (got a ${typeof signature}).`;
  }
  const given = SIGNATURE_PATTERN.exec(signature.trim())?.[1]?.toLowerCase();
  if (given === undefined) return `The webhook's ${header} is not "sha1=" followed by 40 hex digits.`;
  // Both are 40 hex digits here: every one is compared, whatever the first difference.
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (difference === 0) return undefined;
  return `The webhook's ${header} does not match its body: it was not signed with this client secret, or the body was changed (verify the raw body, before any JSON parsing).`;
}

/** True when `signature` (`sha1=` and the hex HMAC-SHA1 of the raw body keyed with the client secret)
 * matches, compared in constant time; false for a missing or malformed header. Throws only for an
 * empty secret; the secret is trimmed (an env file's newline would otherwise reject every delivery). */
export async function verifyWebhookSignature(
  body: WebhookBody,
  /** As frameworks hand it over: a string, or an array of the values received (Node's headers). */
  signature: string | readonly string[] | null | undefined,
  clientSecret: string,
): Promise<boolean> {
  return (await signatureProblem(body, signature, clientSecret)) === undefined;
}

/** Verifies the signature (else IntercomWebhookSignatureError), then parses as parseWebhookNotification. */
export async function verifyWebhook<A extends Api>(
  body: WebhookBody,
  /** As frameworks hand it over: a string, or an array of the values received (Node's headers). */
  signature: string | readonly string[] | null | undefined,
  clientSecret: string,
): Promise<IntercomWebhookNotification<A>> {
  const problem = await signatureProblem(body, signature, clientSecret);
  if (problem !== undefined) throw new IntercomWebhookSignatureError(problem);
  return parseWebhookNotification<A>(body);
}

/** verifyWebhook for a Fetch API Request (edge runtimes, Next.js route handlers, Deno, Bun). */
export async function verifyWebhookRequest<A extends Api>(
  request: Request,
  clientSecret: string,
): Promise<IntercomWebhookNotification<A>> {
  if (request.bodyUsed) {
    throw new IntercomWebhookPayloadError(
      "The request body was already read: verify the raw body before anything parses it.",
    );
  }
  const body = new Uint8Array(await request.arrayBuffer());
  return verifyWebhook<A>(body, request.headers.get(WEBHOOK_SIGNATURE_HEADER), clientSecret);
}

/** Reads an envelope without checking its signature; IntercomWebhookPayloadError for anything else. */
export function parseWebhookNotification<A extends Api>(body: WebhookBody): IntercomWebhookNotification<A> {
  let json: unknown;
  try {
    // A string's BOM is dropped as TextDecoder drops it from bytes (it is signed; JSON.parse refuses it).
    const text =
      typeof body === "string"
        ? body.replace(/^\uFEFF/, "")
        : new TextDecoder("utf-8", { fatal: true }).decode(body);
    json = JSON.parse(text);
  } catch (error) {
    // The decoder throws a TypeError, JSON.parse a SyntaxError.
    const problem = error instanceof TypeError ? "not UTF-8 text" : "not JSON";
    throw new IntercomWebhookPayloadError(`The webhook body is ${problem}.`);
  }
  if (!isRecord(json)) throw new IntercomWebhookPayloadError("The webhook body is not a JSON object.");
  if (json["type"] !== "notification_event") {
    throw new IntercomWebhookPayloadError(
      `The webhook body's type is ${JSON.stringify(json["type"] ?? null)}, not "notification_event".`,
    );
  }
  const data = json["data"];
  if (!isRecord(data) || !isRecord(data["item"])) {
    throw new IntercomWebhookPayloadError("The notification has no data.item object.");
  }
  for (const field of ["id", "topic", "app_id"]) {
    if (typeof json[field] !== "string" || json[field] === "") {
      throw new IntercomWebhookPayloadError(`The notification's ${field} is missing or not a string.`);
    }
  }
  return {
    type: "notification_event",
    id: json["id"],
    topic: json["topic"],
    app_id: json["app_id"],
    data: { type: typeof data["type"] === "string" ? data["type"] : "", item: data["item"] },
    created_at: optional(json, "created_at", "number"),
    first_sent_at: optional(json, "first_sent_at", "number"),
    delivery_attempts: optional(json, "delivery_attempts", "number"),
    delivered_at: optional(json, "delivered_at", "number"),
    delivery_status: optional(json, "delivery_status", "string"),
    links: optional(json, "links", "object"),
    self: json["self"] === null ? null : optional(json, "self", "string"),
  } as IntercomWebhookNotification<A>;
}

function optional(json: Record<string, unknown>, field: string, type: "number" | "string" | "object") {
  const value = json[field];
  if (value === undefined || value === null) return undefined;
  const ok = type === "object" ? isRecord(value) : typeof value === type;
  if (!ok || (type === "number" && !Number.isFinite(value))) {
    throw new IntercomWebhookPayloadError(`The notification's ${field} is not a ${type}.`);
  }
  return value;
}

/** The hex HMAC-SHA1 of the raw body keyed with the (trimmed) client secret: what Intercom sends as
 * `X-Hub-Signature: sha1=<this>` (intercom-fetch/testing's signWebhook signs with it too). */
export async function webhookSignature(body: WebhookBody, clientSecret: string): Promise<string> {
  const secret = typeof clientSecret === "string" ? clientSecret.trim() : "";
  if (secret === "") {
    throw new IntercomError(
      "A webhook client secret is needed: the app's client_secret from the Developer Hub.",
    );
  }
  const subtle = subtleCrypto();
  if (!subtle) {
    throw new IntercomError(
      "Web Crypto (globalThis.crypto.subtle) is not available: it needs Node 20+, a browser in a secure context, or an edge runtime.",
    );
  }
  const bytes = new TextEncoder().encode(secret);
  const key = await subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  return hex(await subtle.sign("HMAC", key, bodyBytes(body)));
}

function bodyBytes(body: WebhookBody): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return new TextEncoder().encode(body);
  // Checked without instanceof, which fails for bytes from another realm (an iframe, a vm context).
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice();
  if (Object.prototype.toString.call(body) === "[object ArrayBuffer]") return new Uint8Array(body);
  throw new IntercomError("A webhook body must be the raw body as a string, Uint8Array or ArrayBuffer.");
}
