// source: intercom/intercom-node README.md before the Fern regeneration (commit 56655c1^, intercom-client v3-v5): documented calls for the 2.x API, each linking Intercom's API reference; the camelCase keys are that SDK's, so a user porting them to the raw API must be stopped by the types (probes)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: contacts-create-user-all-fields — POST /contacts
  await intercom.POST("/contacts", {
    body: {
      external_id: "6d4e1a2f0b3c4d5e6f708192",
      phone: "+48370000000",
      name: "Sample Name",
      avatar: "https://example.com/avatar.jpg",
      signed_up_at: 1638203719,
      last_seen_at: 1638203720,
      owner_id: 394051,
      unsubscribed_from_emails: true,
    },
  });
  // case: contacts-create-camelcase-probe — POST /contacts
  await intercom.POST("/contacts", {
    body: {
      email: "person@example.com",
      // @ts-expect-error externalId is not a contact field (external_id is)
      externalId: "6d4e1a2f0b3c4d5e6f708192",
    },
  });
  // case: contacts-create-camelcase-dates-probe — POST /contacts
  await intercom.POST("/contacts", {
    body: {
      external_id: "6d4e1a2f0b3c4d5e6f708192",
      // @ts-expect-error signedUpAt is not a contact field (signed_up_at is)
      signedUpAt: 1638203719,
    },
  });
  // case: events-create-rich-metadata — POST /events
  await intercom.POST("/events", {
    body: {
      event_name: "placed-order",
      created_at: 1389913941,
      user_id: "a1b2c3d4e5",
      metadata: {
        order_date: 1392036272,
        stripe_invoice: "inv_0000000001",
        order_number: { value: "0000-0001", url: "https://example.org/orders/0000-0001" },
        price: { currency: "usd", amount: 2999 },
      },
    },
  });
  // case: events-create-camelcase-probe — POST /events
  await intercom.POST("/events", {
    body: {
      event_name: "placed-order",
      created_at: 1389913941,
      user_id: "a1b2c3d4e5",
      // @ts-expect-error eventName is not an event field (event_name is)
      eventName: "placed-order",
    },
  });
  // case: events-list-summary — GET /events
  await intercom.GET("/events", {
    params: { query: { type: "user", user_id: "1234", per_page: 2, summary: true } },
  });
  // case: messages-email — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "email",
      subject: "Sample subject",
      body: "Sample body",
      template: "plain",
      from: { type: "admin", id: "394051" },
      to: { type: "user", id: "6d4e1a2f0b3c4d5e6f708192" },
    },
  });
  // case: messages-inapp-conversation — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "inapp",
      body: "Sample body",
      from: { type: "admin", id: "394051" },
      to: { type: "user", id: "6d4e1a2f0b3c4d5e6f708192" },
      create_conversation_without_contact_reply: true,
    },
  });
  // case: messages-camelcase-probe — POST /messages
  await intercom.POST("/messages", {
    body: {
      message_type: "inapp",
      body: "Sample body",
      from: { type: "admin", id: "394051" },
      to: { type: "user", id: "6d4e1a2f0b3c4d5e6f708192" },
      create_conversation_without_contact_reply: false,
      // @ts-expect-error createConversationWithoutContactReply is not a message field
      createConversationWithoutContactReply: true,
    },
  });
  // case: notes-create — POST /contacts/{id}/notes
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: "6d4e1a2f0b3c4d5e6f708192" } },
    body: { admin_id: "12345", body: "Shiny" },
  });
  // case: notes-camelcase-probe — POST /contacts/{id}/notes
  await intercom.POST("/contacts/{id}/notes", {
    // @ts-expect-error a contact id is a 24-hex string (docs/types-evidence.md, ids in paths); the
    // README's numeric id is refused
    params: { path: { id: 5678 } },
    body: {
      body: "Shiny",
      // @ts-expect-error adminId is not a note field (admin_id is)
      adminId: "12345",
    },
  });
  // case: contacts-search-nested-sorted — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            operator: "AND",
            value: [
              { field: "updated_at", operator: ">", value: 1560436650 },
              { field: "conversation_rating.rating", operator: "=", value: 1 },
            ],
          },
          {
            operator: "OR",
            value: [
              { field: "updated_at", operator: ">", value: 1560436650 },
              { field: "conversation_rating.rating", operator: "=", value: 2 },
            ],
          },
        ],
      },
      pagination: {
        per_page: 5,
        starting_after: "WzE2MzU4NjA2NDgwMDAsIjIyYzQwOWE3NTExNzM1NmRhZjExNDAyMyIsMl0",
      },
      sort: { field: "name", order: "ascending" },
    },
  });
  // case: conversations-search-nested-sorted — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          { field: "updated_at", operator: ">", value: 1560436650 },
          {
            operator: "OR",
            value: [
              { field: "conversation_rating.rating", operator: "=", value: 1 },
              { field: "conversation_rating.rating", operator: "=", value: 2 },
            ],
          },
        ],
      },
      pagination: { per_page: 5 },
      sort: { field: "name", order: "descending" },
    },
  });
  // case: companies-create — POST /companies
  await intercom.POST("/companies", {
    body: {
      remote_created_at: 1638203719,
      company_id: "46029",
      name: "Sample Company",
      monthly_spend: 9001,
      plan: "Sample plan",
      size: 62049,
      website: "http://example.com",
      industry: "Sample industry",
      custom_attributes: {},
    },
  });
  // case: companies-camelcase-probe — POST /companies
  await intercom.POST("/companies", {
    body: {
      company_id: "46029",
      // @ts-expect-error monthlySpend is not a company field (monthly_spend is)
      monthlySpend: 9001,
    },
  });
  // case: data-attributes-create-list — POST /data_attributes
  await intercom.POST("/data_attributes", {
    body: {
      name: "list_cda",
      model: "contact",
      data_type: "string",
      description: "Sample description",
      options: [{ value: "alive" }, { value: "dead" }],
    },
  });
  // case: data-attributes-update — PUT /data_attributes/{id}
  await intercom.PUT("/data_attributes/{id}", {
    params: { path: { id: "123" } },
    body: { description: "Sample", options: [{ value: "alive" }, { value: "dead" }], archived: true },
  });
  // case: data-attributes-list — GET /data_attributes
  await intercom.GET("/data_attributes", { params: { query: { model: "contact", include_archived: true } } });
  // case: contacts-list-cursor — GET /contacts
  await intercom.GET("/contacts", {
    params: {
      query: { per_page: 5, starting_after: "WzE2MzU3NzU4NjkwMDAsImU0NzA4MWI0Njc0ZTkxOWM2NjBjN2ZiMSIsMl0" },
    },
  });
  // case: contacts-list-camelcase-query-probe — GET /contacts
  await intercom.GET("/contacts", {
    params: {
      query: {
        // @ts-expect-error perPage is not a query parameter (per_page is)
        perPage: 5,
      },
    },
  });
  // case: articles-list-camelcase-query-probe — GET /articles
  await intercom.GET("/articles", {
    params: {
      query: {
        page: 3,
        // @ts-expect-error perPage is not a query parameter (per_page is)
        perPage: 12,
      },
    },
  });
  // case: companies-list-attached-contacts — GET /companies/{id}/contacts
  await intercom.GET("/companies/{id}/contacts", {
    params: { path: { id: "123" }, query: { page: 1, per_page: 15 } },
  });
  // case: contacts-list-attached-companies — GET /contacts/{id}/companies
  await intercom.GET("/contacts/{id}/companies", {
    params: { path: { id: "123" }, query: { per_page: 5, page: 1 } },
  });
}
