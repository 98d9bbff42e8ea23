// source: webhookdb/webhookdb lib/webhookdb/replicator/intercom_contact_v1.rb and intercom_conversation_v1.rb (backfill requests: GET /contacts and GET /conversations with per_page and starting_after)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string, cursor: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: list-contacts-page — GET /contacts
  await intercom.GET("/contacts", { params: { query: { per_page: 20, starting_after: cursor } } });
  // case: list-conversations-page — GET /conversations
  await intercom.GET("/conversations", { params: { query: { per_page: 20, starting_after: cursor } } });
}
