// source: PipedreamHQ/pipedream components/intercom (intercom.app.mjs, actions/upsert-contact, actions/manage-conversation, actions/create-note): calls the Pipedream Intercom components make (Intercom-Version 2.12)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  const conversationId = "192700000000001";
  // case: contacts-search-by-email-one — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: { operator: "AND", value: [{ field: "email", operator: "=", value: "person@example.com" }] },
      pagination: { per_page: 1 },
    },
  });
  // case: contacts-upsert-camelcase-probe — POST /contacts
  // upsert-contact sends the component's camelCase prop names as body keys; the API ignores them
  await intercom.POST("/contacts", {
    body: {
      email: "person@example.com",
      name: "Sample Name",
      // @ts-expect-error externalId is not a contact field (external_id is)
      externalId: "crm-1234",
    },
  });
  // case: events-list-by-intercom-user-id — GET /events
  await intercom.GET("/events", {
    params: { query: { type: "user", intercom_user_id: "63a07ddf05a32042dffac965" } },
  });
  // case: conversations-assign-to-team — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { message_type: "assignment", type: "team", admin_id: "25", assignee_id: "5017691" },
  });
  // case: conversations-close-with-comment — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { message_type: "close", type: "admin", admin_id: "25", body: "Issue resolved" },
  });
  // case: conversations-snooze-until — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { message_type: "snoozed", admin_id: "25", snoozed_until: 1787596200 },
  });
  // case: notes-create-for-contact — POST /contacts/{id}/notes
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: "63a07ddf05a32042dffac965" } },
    body: { body: "Sample note", admin_id: "25" },
  });
  // case: conversations-retrieve — GET /conversations/{id}
  await intercom.GET("/conversations/{id}", { params: { path: { id: conversationId } } });
  // case: contacts-tag — POST /contacts/{contact_id}/tags
  await intercom.POST("/contacts/{contact_id}/tags", {
    params: { path: { contact_id: "63a07ddf05a32042dffac965" } },
    body: { id: "7522907" },
  });
}
