// Signed webhook deliveries, as Intercom sends them: the notification envelope as JSON, and
// X-Hub-Signature, `sha1=` and the hex HMAC-SHA1 of those exact bytes keyed with the client secret.
import type { IntercomWebhookNotification, WebhookTopic, WebhookTopics } from "../../generated/entry.js";
import { WEBHOOK_SIGNATURE_HEADER, webhookSignature } from "../webhooks.js";

export interface SignWebhookOptions<T extends WebhookTopic> {
  topic: T;
  /** `data.item`: the object the notification is about, typed by topic. */
  item: WebhookTopics[T];
  /** The app's client secret (the key verifyWebhook checks with). */
  secret: string;
  /** The notification's id. @default "notif_" and a random UUID */
  id?: string;
  /** The workspace. @default "fake" */
  appId?: string;
  /** Unix seconds. @default now */
  createdAt?: number;
  /** Which attempt this is (a redelivery keeps the id). @default 1 */
  deliveryAttempts?: number;
}

export interface SignedWebhook<T extends WebhookTopic> {
  /** The raw body to post (verify it as received: a re-serialised body does not verify). */
  body: string;
  /** Content-Type and X-Hub-Signature. */
  headers: Record<string, string>;
  /** The envelope the body holds. */
  notification: IntercomWebhookNotification<T>;
}

/** A delivery of `topic` signed with `secret`, for a test of a webhook handler. */
export async function signWebhook<T extends WebhookTopic>(
  options: SignWebhookOptions<T>,
): Promise<SignedWebhook<T>> {
  const time = options.createdAt ?? Math.floor(Date.now() / 1000);
  const notification = {
    type: "notification_event",
    id: options.id ?? `notif_${crypto.randomUUID()}`,
    topic: options.topic,
    app_id: options.appId ?? "fake",
    data: { type: "notification_event_data", item: options.item },
    created_at: time,
    first_sent_at: time,
    delivery_attempts: options.deliveryAttempts ?? 1,
    delivered_at: 0,
    delivery_status: "pending",
    links: {},
    self: null,
  } as IntercomWebhookNotification<T>;
  const body = JSON.stringify(notification);
  const signature = await webhookSignature(body, options.secret);
  return {
    body,
    headers: { "Content-Type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: `sha1=${signature}` },
    notification,
  };
}
