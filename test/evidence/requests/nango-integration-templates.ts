// source: NangoHQ/integration-templates integrations/intercom/tests/*.test.json: request payloads recorded against the live Intercom API (Nango dry-runs, Intercom-Version 2.11)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: articles — GET /articles
  await intercom.GET("/articles", { params: { query: { page: 0, per_page: 100 } } });
  // case: attach-contact-to-company — POST /contacts/{id}/companies
  await intercom.POST("/contacts/{id}/companies", {
    params: { path: { id: "c6829508d5a4de0e9c568be7" } },
    body: { id: "4100e3b9483866ddc4bb91e7" },
  });
  // case: close-conversation — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: "555080206105302" } },
    body: { type: "admin", message_type: "close", admin_id: "31242340" },
  });
  // case: companies-per-page-probe — GET /companies/scroll
  // Nango also sends per_page here; no 2.10-2.16 reference has it for this operation and it changes nothing
  await intercom.GET("/companies/scroll", {
    params: {
      query: {
        // @ts-expect-error per_page is not a query parameter of /companies/scroll
        per_page: 100,
      },
    },
  });
  // case: companies — GET /companies/scroll
  await intercom.GET("/companies/scroll");
  // case: companies-2 — GET /companies/scroll
  await intercom.GET("/companies/scroll", {
    params: { query: { scroll_param: "3107dbd7-76b8-4676-873b-e02e65e9baf9" } },
  });
  // case: contacts-per-page-probe — POST /contacts/search
  // Nango repeats per_page at the top level of the search body; only pagination.per_page is documented
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            field: "updated_at",
            operator: ">",
            value: 1728000000,
          },
        ],
      },
      pagination: {
        per_page: 150,
      },
      // @ts-expect-error per_page belongs in pagination
      per_page: 150,
    },
  });
  // case: contacts — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: { operator: "AND", value: [{ field: "updated_at", operator: ">", value: 1728000000 }] },
      pagination: { per_page: 150 },
    },
  });
  // case: conversation-parts-per-page-probe — POST /conversations/search
  // Nango repeats per_page at the top level of the search body; only pagination.per_page is documented
  await intercom.POST("/conversations/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            field: "updated_at",
            operator: ">",
            value: 1715147582,
          },
        ],
      },
      pagination: {
        per_page: 100,
      },
      // @ts-expect-error per_page belongs in pagination
      per_page: 60,
    },
  });
  // case: conversation-parts — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: {
      query: { operator: "AND", value: [{ field: "updated_at", operator: ">", value: 1715147582 }] },
      pagination: { per_page: 100 },
    },
  });
  // case: conversation-parts-2 — GET /conversations/{id}
  await intercom.GET("/conversations/{id}", {
    params: { path: { id: "558044656410673" }, query: { display_as: "plaintext" } },
  });
  // case: conversations — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: {
      query: { operator: "AND", value: [{ field: "updated_at", operator: ">", value: 1715161277 }] },
      pagination: { per_page: 100 },
    },
  });
  // case: create-article — POST /articles
  await intercom.POST("/articles", {
    body: { title: "Sample text", body: "<p>Sample text</p>", author_id: 31242340, state: "draft" },
  });
  // case: create-company — POST /companies
  await intercom.POST("/companies", {
    body: {
      name: "Sample Name",
      company_id: "test-company-001",
      plan: "Enterprise",
      website: "https://example.com",
      industry: "Technology",
    },
  });
  // case: create-contact — POST /contacts
  await intercom.POST("/contacts", {
    body: { role: "user", email: "person17@example.com", name: "Sample Name" },
  });
  // case: create-conversation — POST /conversations
  await intercom.POST("/conversations", {
    body: { from: { type: "user", id: "f93370c5d5282464599a7572" }, body: "Sample text" },
  });
  // case: create-note — POST /contacts/{id}/notes
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: "e7297a387e7f8886732ded0e" } },
    body: { body: "Sample text" },
  });
  // case: create-tag — POST /tags
  await intercom.POST("/tags", { body: { name: "Sample Name" } });
  // case: help-center-collections — GET /help_center/collections
  await intercom.GET("/help_center/collections", { params: { query: { per_page: 150 } } });
  // case: list-company-contacts — GET /companies/{id}/contacts
  await intercom.GET("/companies/{id}/contacts", {
    params: { path: { id: "75aac5881daa7aa57d620b3d" }, query: { page: 1, per_page: 50 } },
  });
  // case: list-tags-per-page-probe — GET /tags
  // Nango also sends per_page here; no 2.10-2.16 reference has it for this operation and it changes nothing
  await intercom.GET("/tags", {
    params: {
      // @ts-expect-error per_page is not a query parameter of /tags
      query: {
        per_page: 150,
      },
    },
  });
  // case: list-tags — GET /tags
  await intercom.GET("/tags");
  // case: merge-contacts — POST /contacts/merge
  await intercom.POST("/contacts/merge", {
    body: { from: "676df71dea569f8f3bf5c0bd", into: "8e1c1b0efcae54fa6a4e8f26" },
  });
  // case: reopen-conversation — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: "659098833830880" } },
    body: { type: "admin", message_type: "open", admin_id: "31242340" },
  });
  // case: reply-to-conversation — POST /conversations/{id}/reply
  await intercom.POST("/conversations/{id}/reply", {
    params: { path: { id: "659098833830880" } },
    body: { type: "admin", message_type: "comment", body: "Sample text", admin_id: "31242340" },
  });
  // case: search-contacts — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: { query: { field: "updated_at", operator: ">", value: 1700086400 }, pagination: { per_page: 10 } },
  });
  // case: search-conversations — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: { query: { field: "state", operator: "=", value: "open" }, pagination: { per_page: 10 } },
  });
  // case: segments-per-page-probe — GET /segments
  // Nango also sends per_page here; no 2.10-2.16 reference has it for this operation and it changes nothing
  await intercom.GET("/segments", {
    params: {
      query: {
        // @ts-expect-error per_page is not a query parameter of /segments
        per_page: 150,
      },
    },
  });
  // case: segments — GET /segments
  await intercom.GET("/segments");
  // case: send-message — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "inapp",
      body: "Sample text",
      from: { type: "admin", id: "31242340" },
      to: { type: "contact", id: "e84cb5158f885fcfcb104f95" },
    },
  });
  // case: snooze-conversation — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: "659098833830880" } },
    body: { type: "admin", message_type: "snoozed", admin_id: "31242340", snoozed_until: 1778824317 },
  });
  // case: tag-companies — POST /tags
  await intercom.POST("/tags", {
    body: { name: "Sample Name", companies: [{ id: "75aac5881daa7aa57d620b3d" }] },
  });
  // case: tag-contacts — POST /tags
  await intercom.POST("/tags", {
    body: { name: "Sample Name", users: [{ id: "6b973cc529a4a95ad2561b08" }] },
  });
  // case: tag-conversation — POST /conversations/{conversation_id}/tags
  await intercom.POST("/conversations/{conversation_id}/tags", {
    params: { path: { conversation_id: "659098833830880" } },
    body: { id: "21204817", admin_id: "31242340" },
  });
  // case: untag-contacts — POST /tags
  await intercom.POST("/tags", {
    body: {
      name: "Sample Name",
      users: [
        { untag: true, id: "6b973cc529a4a95ad2561b08" },
        { untag: true, id: "e84cb5158f885fcfcb104f95" },
      ],
    },
  });
  // case: untag-conversation — DELETE /conversations/{conversation_id}/tags/{id}
  await intercom.DELETE("/conversations/{conversation_id}/tags/{id}", {
    params: { path: { conversation_id: "659098833830880", id: "21204817" } },
    body: { admin_id: "31242340" },
  });
  // case: update-article — PUT /articles/{id}
  await intercom.PUT("/articles/{id}", {
    params: { path: { id: "66345653" } },
    body: { title: "Sample text", body: "<p>Sample text</p>", state: "published" },
  });
  // case: update-company — PUT /companies/{id}
  await intercom.PUT("/companies/{id}", {
    params: { path: { id: "6c20414675d5a9a0caca7680" } },
    body: { name: "Sample Name", plan: "Premium", website: "https://nango.dev" },
  });
  // case: update-contact — PUT /contacts/{id}
  await intercom.PUT("/contacts/{id}", {
    params: { path: { id: "4558a812d442674a9a01718f" } },
    body: { name: "Sample Name" },
  });
  // case: update-conversation — PUT /conversations/{id}
  await intercom.PUT("/conversations/{id}", {
    params: { path: { id: "659098833830880" } },
    body: { read: true },
  });
}
