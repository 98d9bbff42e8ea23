// Consumer code for the types overlay 12 (openapi/fixes/12-live-api.yaml), the codegen
// options and the call signature fix: calls the live API accepts compile, mistakes do not.
// Compiled by test/types.test.ts; every @ts-expect-error must be needed, or tsc fails.
import { expectTypeOf } from "expect-type";
import {
  createIntercom,
  parseWebhookNotification,
  unwrap,
  type Admin,
  type Article,
  type Company,
  type Contact,
  type Conversation,
  type DataEvent,
  type ErrorList,
  type IntercomWebhookNotification,
  type Note,
  type PageItem,
  type PathParams,
  type QueryParams,
  type RequestBody,
  type SuccessResponse,
  type Tag,
  type Ticket,
  type WebhookItem,
  type WebhookTopic,
  type components,
} from "intercom-fetch";

type Schemas = components["schemas"];

export async function liveApi(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  const contactId = "6657ad1d6abd0166b52ae2d4";

  // Misspelt or unknown keys inside a body or a query are errors, not only at the top level.
  await intercom.POST("/contacts", { body: { email: "ada@example.com", external_id: "u1" } });
  await intercom.POST("/contacts", {
    // @ts-expect-error externalId is not a contact property (external_id is)
    body: { email: "ada@example.com", externalId: "u1" },
  });
  await intercom.PUT("/contacts/{id}", {
    params: { path: { id: contactId } },
    // @ts-expect-error custom_attribute (singular) is not a property
    body: { name: "Ada", custom_attribute: { plan: "pro" } },
  });
  await intercom.GET("/contacts", { params: { query: { per_page: 50 } } });
  // @ts-expect-error perPage is not a query parameter of GET /contacts (per_page is)
  await intercom.GET("/contacts", { params: { query: { perPage: 50 } } });
  await intercom.POST("/contacts/search", {
    body: {
      query: { field: "email", operator: "=", value: "ada@example.com" },
      // @ts-expect-error perPage is not a pagination key (per_page is)
      pagination: { perPage: 5 },
    },
  });
  await intercom.POST("/conversations/{id}/reply", {
    params: { path: { id: "123" } },
    body: { message_type: "comment", type: "user", body: "Thanks", intercom_user_id: contactId },
  });
  // Top-level options still work, and parseAs still types `data`.
  const text = await intercom.GET("/me", { parseAs: "text", timeoutMs: 500, headers: { "X-Trace": "1" } });
  expectTypeOf(text.data).toEqualTypeOf<string | undefined>();
  const json = await intercom.GET("/me");
  expectTypeOf(json.data).toEqualTypeOf<Schemas["admin_with_app"] | undefined>();

  // Ids in paths are the strings the API returns.
  await intercom.GET("/conversations/{id}", { params: { path: { id: "215" } } });
  await intercom.GET("/notes/{id}", { params: { path: { id: "17495962" } } });
  await intercom.GET("/admins/{id}", { params: { path: { id: "991267790" } } });
  await intercom.PUT("/articles/{id}", { params: { path: { id: "52" } }, body: { title: "Hi" } });
  // A data attribute's id is an integer in responses: both forms pass.
  await intercom.PUT("/data_attributes/{id}", { params: { path: { id: 12878 } }, body: { archived: true } });
  await intercom.PUT("/data_attributes/{id}", {
    params: { path: { id: "12878" } },
    body: { archived: true },
  });
  expectTypeOf<PathParams<"/conversations/{id}", "get">>().toEqualTypeOf<{ id: string }>();

  // A `default` does not make a request property required.
  await intercom.POST("/ticket_types", { body: { name: "Bug" } });
  await intercom.POST("/ticket_types/{ticket_type_id}/attributes", {
    params: { path: { ticket_type_id: "1" } },
    body: { name: "Severity", description: "How bad", data_type: "string" },
  });

  // Conversations carry custom attributes, read and written (null when unset); statistics may be null.
  const conversation = unwrap(await intercom.GET("/conversations/{id}", { params: { path: { id: "1" } } }));
  expectTypeOf(conversation.custom_attributes?.["Priority"]).toEqualTypeOf<
    string | number | boolean | null | undefined
  >();
  expectTypeOf(conversation.statistics).toEqualTypeOf<
    Schemas["conversation_statistics"] | null | undefined
  >();
  await intercom.PUT("/conversations/{id}", {
    params: { path: { id: "1" } },
    body: { read: true, custom_attributes: { Priority: "high", Escalated: true } },
  });

  // Search requests sort.
  await intercom.POST("/conversations/search", {
    body: {
      query: { field: "updated_at", operator: ">", value: "1700000000" },
      sort: { field: "updated_at", order: "descending" },
    },
  });
  await intercom.POST("/contacts/search", {
    body: {
      query: { field: "id", operator: "!=", value: "0" },
      // @ts-expect-error a sort order is ascending or descending
      sort: { field: "created_at", order: "desc" },
    },
  });

  // Cursor lists' pages.next carries the next page's number and cursor.
  const contacts = unwrap(await intercom.GET("/contacts"));
  const next = contacts.pages?.next;
  if (next) {
    expectTypeOf(next.page).toEqualTypeOf<number | undefined>();
    expectTypeOf(next.starting_after).toEqualTypeOf<string | null | undefined>();
  }

  // Event metadata: strings, numbers, rich links, monetary amounts.
  await intercom.POST("/events", {
    body: {
      event_name: "ordered",
      created_at: 1700000000,
      user_id: "u1",
      metadata: {
        order_id: "A1",
        items: 3,
        article: { url: "https://example.org/a.html", value: "Receipt" },
        price: { amount: 34999, currency: "eur" },
      },
    },
  });
  await intercom.POST("/events", {
    body: {
      event_name: "ordered",
      created_at: 1700000000,
      user_id: "u1",
      // @ts-expect-error a monetary amount needs its currency
      metadata: { price: { amount: 34999 } },
    },
  });

  // GET /events is the event.list of data events (or event.summary with summary=true).
  const events = unwrap(
    await intercom.GET("/events", { params: { query: { type: "user", user_id: "u1" } } }),
  );
  if (events.type === "event.list") {
    expectTypeOf(events.events).toEqualTypeOf<DataEvent[] | undefined>();
    expectTypeOf(events.pages?.next).toEqualTypeOf<string | null | undefined>();
  }
  for await (const event of intercom.paginate("/events", {
    params: { query: { type: "user", intercom_user_id: contactId } },
  })) {
    if (event && "event_name" in event) expectTypeOf(event.metadata).not.toBeAny();
  }

  // Company custom attributes are not only strings (and null when unset).
  await intercom.POST("/companies", {
    body: {
      company_id: "c1",
      custom_attributes: { paid_subscriber: true, monthly_spend: 155.5, plan: "pro" },
    },
  });
  const company = unwrap(await intercom.GET("/companies/{id}", { params: { path: { id: "c1" } } }));
  expectTypeOf(company.custom_attributes?.["team_mates"]).toEqualTypeOf<
    string | number | boolean | null | undefined
  >();

  // A contact's role is user or lead.
  const contact = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id: contactId } } }));
  expectTypeOf(contact.role).toEqualTypeOf<"user" | "lead" | undefined>();

  // Activity logs and articles send pages.next as a URL.
  const logs = unwrap(
    await intercom.GET("/admins/activity_logs", { params: { query: { created_at_after: "1" } } }),
  );
  expectTypeOf(logs.pages?.next).toEqualTypeOf<string | null | undefined>();
  const articles = unwrap(await intercom.GET("/articles"));
  expectTypeOf(articles.pages?.next).toEqualTypeOf<string | null | undefined>();
}

// Named types: the schemas by name, and the parts of an operation.
expectTypeOf<Contact>().toEqualTypeOf<Schemas["contact"]>();
expectTypeOf<Conversation>().toEqualTypeOf<Schemas["conversation"]>();
// ticket is a nullable schema: its name is the object, without null.
expectTypeOf<Ticket>().toEqualTypeOf<NonNullable<Schemas["ticket"]>>();
expectTypeOf<Company>().toEqualTypeOf<Schemas["company"]>();
expectTypeOf<Tag>().toEqualTypeOf<Schemas["tag"]>();
expectTypeOf<Note>().toEqualTypeOf<Schemas["note"]>();
expectTypeOf<Article>().toEqualTypeOf<Schemas["article"]>();
expectTypeOf<ErrorList>().toEqualTypeOf<Schemas["error"]>();
expectTypeOf<RequestBody<"/contacts", "post">>().toEqualTypeOf<Schemas["create_contact_request"]>();
expectTypeOf<RequestBody<"/me", "get">>().toBeNever();
expectTypeOf<QueryParams<"/contacts", "get">>().toEqualTypeOf<{
  per_page?: number;
  starting_after?: string;
}>();
expectTypeOf<SuccessResponse<"/contacts/{id}", "get">>().toEqualTypeOf<Contact>();
expectTypeOf<SuccessResponse<"/contacts", "post">>().toEqualTypeOf<Contact>();
expectTypeOf<PageItem<"/contacts">>().toEqualTypeOf<Contact>();
expectTypeOf<PageItem<"/contacts/{id}/notes">>().toEqualTypeOf<Note>();
// @ts-expect-error /contacts has no PATCH
export type NoPatch = RequestBody<"/contacts", "patch">;
// @ts-expect-error /me is not paginated
export type NotPaginated = PageItem<"/me">;

// Webhook payloads, typed by topic.
export function onWebhook(body: string): void {
  const notification = parseWebhookNotification(body);
  switch (notification.topic) {
    case "contact.user.created":
      expectTypeOf(notification.data.item).toEqualTypeOf<Contact>();
      expectTypeOf(notification.data.item.role).toEqualTypeOf<"user" | "lead" | undefined>();
      break;
    case "conversation.admin.replied":
      expectTypeOf(notification.data.item).toEqualTypeOf<Conversation>();
      break;
    case "ticket.created":
      expectTypeOf(notification.data.item).toEqualTypeOf<Ticket>();
      break;
    case "admin.away_mode_updated":
      expectTypeOf(notification.data.item).toEqualTypeOf<NonNullable<Admin>>();
      break;
    case "company.contact.attached":
      expectTypeOf(notification.data.item.company).toEqualTypeOf<Company>();
      break;
    case "ping":
      expectTypeOf(notification.data.item.type).toEqualTypeOf<"ping">();
      break;
  }
  if (notification.topic.startsWith("conversation.")) {
    // Without narrowing to one topic, every item still has an id to read.
    expectTypeOf(notification.data.item.id).not.toBeAny();
  }
  type StateUpdated = IntercomWebhookNotification<"ticket.state.updated">;
  expectTypeOf<StateUpdated["data"]["item"]>().toEqualTypeOf<Ticket>();
  expectTypeOf<StateUpdated["topic"]>().toEqualTypeOf<"ticket.state.updated">();
  expectTypeOf<"contact.lead.created">().toExtend<WebhookTopic>();
  // @ts-expect-error not an Intercom topic
  const notATopic: WebhookTopic = "contact.created.user";
  expectTypeOf(notATopic).toEqualTypeOf<WebhookTopic>();
  // The open item type is still exported for topics this package does not know.
  expectTypeOf<WebhookItem["id"]>().toEqualTypeOf<string | undefined>();
  type ContactItem = IntercomWebhookNotification<"contact.user.created">["data"]["item"];
  // @ts-expect-error a contact notification's item is not a conversation
  expectTypeOf<ContactItem>().toEqualTypeOf<Conversation>();
}

export async function companies(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // GET /companies by company_id answers the one company (fix lists/retrieveCompany.response200+company);
  // a walk of GET /companies still yields companies (the list branch).
  const byId = unwrap(await intercom.GET("/companies", { params: { query: { company_id: "c1" } } }));
  expectTypeOf(byId).toEqualTypeOf<Company | Schemas["company_list"]>();
  for await (const company of intercom.paginate("/companies", { params: { query: { per_page: 50 } } })) {
    expectTypeOf(company).toEqualTypeOf<Company>();
  }
}
