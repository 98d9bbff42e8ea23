// source: simstudioai/sim apps/sim/tools/intercom/{create_ticket,search_contacts,reply_conversation}.ts: request bodies the Sim workflow tools send to the Intercom API (Intercom-Version 2.14); only fields 2.10 also documents are ported
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: tickets-create-default-attributes — POST /tickets
  await intercom.POST("/tickets", {
    body: {
      ticket_type_id: "1234",
      contacts: [{ id: "6650c2b81d5c9a33e1c0a8f4" }],
      ticket_attributes: { _default_title_: "Sample title", _default_description_: "Sample description" },
      company_id: "6650c2c0f2a8b4d5e6f70812",
    },
  });
  // case: contacts-search-name-contains-sorted — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: { field: "name", operator: "~", value: "Sample" },
      pagination: { per_page: 50, starting_after: "WzE3MDAwMDAwMDAsImVjNWMyZmQ1OWU4YWQyMmE0YjdhNzRkNyIsMl0" },
      sort: { field: "created_at", order: "descending" },
    },
  });
  // case: conversations-reply-admin-with-attachments — POST /conversations/{id}/reply
  await intercom.POST("/conversations/{id}/reply", {
    params: { path: { id: "147000000000123" } },
    body: {
      message_type: "comment",
      type: "admin",
      body: "Sample reply",
      admin_id: "7301234",
      attachment_urls: ["https://example.com/a.png", "https://example.com/b.png"],
      created_at: 1717000000,
    },
  });
}
