// source: intercom/intercom-node tests/integration/*.test.ts: Intercom's own SDK integration tests, run against the live API (requests ported to createIntercom; ids come back from earlier calls as strings)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  const contactId = "6650c2b81d5c9a33e1c0a8f4";
  const companyId = "6650c2c0f2a8b4d5e6f70812";
  const adminId = "7301234";
  const tagId = "9012345";
  const conversationId = "147000000000123";
  // case: contacts-list-per-page — GET /contacts
  await intercom.GET("/contacts", { params: { query: { per_page: 5 } } });
  // case: contacts-create-user — POST /contacts
  await intercom.POST("/contacts", { body: { external_id: "ext-7f3a", phone: "+353870000000" } });
  // case: contacts-create-lead — POST /contacts
  await intercom.POST("/contacts", { body: { name: "Sample Lead", role: "lead" } });
  // case: contacts-find — GET /contacts/{id}
  await intercom.GET("/contacts/{id}", { params: { path: { id: contactId } } });
  // case: contacts-update-name — PUT /contacts/{id}
  await intercom.PUT("/contacts/{id}", {
    params: { path: { id: contactId } },
    body: { name: "Sample Name" },
  });
  // case: contacts-archive — POST /contacts/{id}/archive
  await intercom.POST("/contacts/{id}/archive", { params: { path: { id: contactId } } });
  // case: contacts-unarchive — POST /contacts/{id}/unarchive
  await intercom.POST("/contacts/{id}/unarchive", { params: { path: { id: contactId } } });
  // case: contacts-delete — DELETE /contacts/{id}
  await intercom.DELETE("/contacts/{id}", { params: { path: { id: contactId } } });
  // case: contacts-merge-lead-into-user — POST /contacts/merge
  await intercom.POST("/contacts/merge", { body: { from: "6650c2d01d5c9a33e1c0a900", into: contactId } });
  // case: contacts-list-companies — GET /contacts/{id}/companies
  await intercom.GET("/contacts/{id}/companies", { params: { path: { id: contactId } } });
  // case: contacts-list-subscriptions — GET /contacts/{contact_id}/subscriptions
  await intercom.GET("/contacts/{contact_id}/subscriptions", { params: { path: { contact_id: contactId } } });
  // case: contacts-list-segments — GET /contacts/{contact_id}/segments
  await intercom.GET("/contacts/{contact_id}/segments", { params: { path: { contact_id: contactId } } });
  // case: contacts-list-tags — GET /contacts/{contact_id}/tags
  await intercom.GET("/contacts/{contact_id}/tags", { params: { path: { contact_id: contactId } } });
  // case: contacts-attach-subscription — POST /contacts/{contact_id}/subscriptions
  await intercom.POST("/contacts/{contact_id}/subscriptions", {
    params: { path: { contact_id: contactId } },
    body: { id: "37846", consent_type: "opt_in" },
  });
  // case: contacts-detach-subscription — DELETE /contacts/{contact_id}/subscriptions/{id}
  await intercom.DELETE("/contacts/{contact_id}/subscriptions/{id}", {
    params: { path: { contact_id: contactId, id: "37846" } },
  });
  // case: contacts-tag — POST /contacts/{contact_id}/tags
  await intercom.POST("/contacts/{contact_id}/tags", {
    params: { path: { contact_id: contactId } },
    body: { id: tagId },
  });
  // case: contacts-untag — DELETE /contacts/{contact_id}/tags/{id}
  await intercom.DELETE("/contacts/{contact_id}/tags/{id}", {
    params: { path: { contact_id: contactId, id: tagId } },
  });
  // case: companies-create-or-update — POST /companies
  await intercom.POST("/companies", {
    body: {
      remote_created_at: 1717000000,
      company_id: "cmp-51c2",
      name: "Sample Company",
      monthly_spend: 9001,
      plan: "Sample plan",
      size: 62049,
      website: "http://example.com",
      industry: "Sample industry",
      custom_attributes: {},
    },
  });
  // case: companies-attach-contact — POST /contacts/{id}/companies
  await intercom.POST("/contacts/{id}/companies", {
    params: { path: { id: contactId } },
    body: { id: companyId },
  });
  // case: companies-detach-contact — DELETE /contacts/{contact_id}/companies/{id}
  await intercom.DELETE("/contacts/{contact_id}/companies/{id}", {
    params: { path: { contact_id: contactId, id: companyId } },
  });
  // case: companies-find — GET /companies/{id}
  await intercom.GET("/companies/{id}", { params: { path: { id: companyId } } });
  // case: companies-list — POST /companies/list
  await intercom.POST("/companies/list", { params: { query: { page: 1, per_page: 35, order: "desc" } } });
  // case: companies-delete — DELETE /companies/{id}
  await intercom.DELETE("/companies/{id}", { params: { path: { id: companyId } } });
  // case: companies-list-contacts — GET /companies/{id}/contacts
  await intercom.GET("/companies/{id}/contacts", {
    params: { path: { id: companyId }, query: { page: 1, per_page: 25 } },
  });
  // case: companies-list-segments — GET /companies/{id}/segments
  await intercom.GET("/companies/{id}/segments", { params: { path: { id: companyId } } });
  // case: notes-create — POST /contacts/{id}/notes
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: contactId } },
    body: { admin_id: adminId, body: "Sample note" },
  });
  // case: notes-find — GET /notes/{id}
  await intercom.GET("/notes/{id}", { params: { path: { id: "4512345" } } });
  // case: notes-list — GET /contacts/{id}/notes
  await intercom.GET("/contacts/{id}/notes", {
    params: { path: { id: contactId }, query: { per_page: 25, page: 1 } },
  });
  // case: tags-create — POST /tags
  await intercom.POST("/tags", { body: { name: "Sample tag" } });
  // case: tags-rename — POST /tags
  await intercom.POST("/tags", { body: { id: tagId, name: "Renamed" } });
  // case: tags-find — GET /tags/{id}
  await intercom.GET("/tags/{id}", { params: { path: { id: tagId } } });
  // case: tags-delete — DELETE /tags/{id}
  await intercom.DELETE("/tags/{id}", { params: { path: { id: tagId } } });
  // case: tags-tag-conversation — POST /conversations/{conversation_id}/tags
  await intercom.POST("/conversations/{conversation_id}/tags", {
    params: { path: { conversation_id: conversationId } },
    body: { id: tagId, admin_id: adminId },
  });
  // case: tags-untag-conversation — DELETE /conversations/{conversation_id}/tags/{id}
  await intercom.DELETE("/conversations/{conversation_id}/tags/{id}", {
    params: { path: { conversation_id: conversationId, id: tagId } },
    body: { admin_id: adminId },
  });
  // case: tags-tag-company-by-company-id — POST /tags
  await intercom.POST("/tags", { body: { name: "Sample tag", companies: [{ company_id: "cmp-51c2" }] } });
  // case: articles-create-with-translation — POST /articles
  await intercom.POST("/articles", {
    body: {
      title: "Sample title",
      description: "Sample description",
      body: "<b>Sample</b>",
      author_id: 7301234,
      state: "draft",
      parent_id: 2201234,
      parent_type: "collection",
      translated_content: {
        fr: {
          type: "article_content",
          title: "Titre",
          description: "Description",
          body: "<p>Corps</p>",
          author_id: 7301234,
          state: "draft",
        },
      },
    },
  });
  // case: articles-find — GET /articles/{id}
  await intercom.GET("/articles/{id}", { params: { path: { id: "8301234" } } });
  // case: articles-update-title — PUT /articles/{id}
  await intercom.PUT("/articles/{id}", { params: { path: { id: "8301234" } }, body: { title: "New title" } });
  // case: articles-list — GET /articles
  await intercom.GET("/articles", { params: { query: { page: 1, per_page: 12 } } });
  // case: articles-delete — DELETE /articles/{id}
  await intercom.DELETE("/articles/{id}", { params: { path: { id: "8301234" } } });
  // case: collections-list — GET /help_center/collections
  await intercom.GET("/help_center/collections", { params: { query: { per_page: 25, page: 1 } } });
  // case: collections-find — GET /help_center/collections/{id}
  await intercom.GET("/help_center/collections/{id}", { params: { path: { id: "2201234" } } });
  // case: collections-rename — PUT /help_center/collections/{id}
  await intercom.PUT("/help_center/collections/{id}", {
    params: { path: { id: "2201234" } },
    body: { name: "Sample collection" },
  });
  // case: messages-inapp-creating-conversation — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "inapp",
      body: "Sample message",
      from: { type: "admin", id: 7301234 },
      to: { type: "user", id: contactId },
      create_conversation_without_contact_reply: true,
    },
  });
  // case: messages-inapp-without-conversation — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "inapp",
      body: "Sample message",
      from: { type: "admin", id: 7301234 },
      to: { type: "user", id: contactId },
    },
  });
  // case: segments-list-with-count — GET /segments
  await intercom.GET("/segments", { params: { query: { include_count: true } } });
  // case: segments-find — GET /segments/{id}
  await intercom.GET("/segments/{id}", { params: { path: { id: "6650c3001d5c9a33e1c0aa00" } } });
  // case: admins-find — GET /admins/{id}
  await intercom.GET("/admins/{id}", { params: { path: { id: adminId } } });
  // case: admins-away-on — PUT /admins/{id}/away
  await intercom.PUT("/admins/{id}/away", {
    params: { path: { id: adminId } },
    body: { away_mode_enabled: true, away_mode_reassign: true },
  });
  // case: events-create-with-metadata — POST /events
  await intercom.POST("/events", {
    body: {
      id: "evt-3c9d",
      user_id: "ext-7f3a",
      event_name: "opinion-rejected",
      created_at: 1717000000,
      metadata: { guidance: "provided", note: "Sample", price: "9001" },
    },
  });
  // case: events-list-summary — GET /events
  await intercom.GET("/events", {
    params: { query: { type: "user", user_id: "ext-7f3a", per_page: 2, summary: true } },
  });
  // case: data-attributes-update — PUT /data_attributes/{id}
  await intercom.PUT("/data_attributes/{id}", {
    params: { path: { id: "1234567" } },
    body: { archived: false, description: "Sample", options: [{ value: "1-10" }, { value: "11-20" }] },
  });
  // case: data-attributes-list — GET /data_attributes
  await intercom.GET("/data_attributes", {
    params: { query: { include_archived: true, model: "conversation" } },
  });
  // case: conversations-create-from-user — POST /conversations
  await intercom.POST("/conversations", { body: { from: { id: contactId, type: "user" }, body: "Sample" } });
  // case: conversations-create-from-lead — POST /conversations
  await intercom.POST("/conversations", { body: { from: { id: contactId, type: "lead" }, body: "Sample" } });
  // case: conversations-find — GET /conversations/{id}
  await intercom.GET("/conversations/{id}", { params: { path: { id: conversationId } } });
  // case: conversations-mark-unread — PUT /conversations/{id}
  await intercom.PUT("/conversations/{id}", {
    params: { path: { id: conversationId } },
    body: { read: false },
  });
  // case: conversations-reply-as-admin — POST /conversations/{id}/reply
  await intercom.POST("/conversations/{id}/reply", {
    params: { path: { id: conversationId } },
    body: { message_type: "comment", type: "admin", body: "test", admin_id: adminId },
  });
  // case: conversations-reply-as-user — POST /conversations/{id}/reply
  await intercom.POST("/conversations/{id}/reply", {
    params: { path: { id: conversationId } },
    body: { message_type: "comment", type: "user", body: "Sample", intercom_user_id: contactId },
  });
  // case: conversations-assign — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: {
      message_type: "assignment",
      type: "admin",
      admin_id: adminId,
      assignee_id: "7301299",
      body: "Bye",
    },
  });
  // case: conversations-snooze — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { message_type: "snoozed", admin_id: adminId, snoozed_until: 2223676800 },
  });
  // case: conversations-open — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { message_type: "open", admin_id: adminId },
  });
  // case: conversations-close-with-body — POST /conversations/{id}/parts
  await intercom.POST("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
    body: { type: "admin", message_type: "close", admin_id: adminId, body: "Sample" },
  });
  // case: conversations-attach-contact-as-admin — POST /conversations/{id}/customers
  await intercom.POST("/conversations/{id}/customers", {
    params: { path: { id: conversationId } },
    body: { admin_id: adminId, customer: { intercom_user_id: contactId } },
  });
  // case: conversations-detach-contact-as-admin — DELETE /conversations/{conversation_id}/customers/{contact_id}
  await intercom.DELETE("/conversations/{conversation_id}/customers/{contact_id}", {
    params: { path: { conversation_id: conversationId, contact_id: contactId } },
    body: { admin_id: adminId },
  });
  // case: conversations-redact-part — POST /conversations/redact
  await intercom.POST("/conversations/redact", {
    body: { type: "conversation_part", conversation_id: conversationId, conversation_part_id: "22001234567" },
  });
  // case: conversations-search-by-source-id — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: { query: { field: "source.id", operator: "=", value: "3301234" } },
  });
  // case: conversations-search-id-not-equal — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: { query: { operator: "AND", value: [{ field: "id", operator: "!=", value: "123" }] } },
  });
  // case: contacts-search-role-and-external-id — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          { field: "role", operator: "=", value: "user" },
          { field: "external_id", operator: "!=", value: null },
        ],
      },
      pagination: { per_page: 1 },
    },
  });
}
