// Consumer code for the types our 2.10 overlays fix (openapi/fixes/05-…10-…). Compiled by
// test/types.test.ts with consumer.ts; every @ts-expect-error must be needed, or tsc fails.
import { expectTypeOf } from "expect-type";
import { createIntercom, unwrap, type components, type paths } from "intercom-fetch";

type Schemas = components["schemas"];

export async function specTruth(token: string): Promise<void> {
  const intercom = createIntercom({ token });

  // POST /contacts: one of email, external_id or role is required, and nothing unknown goes in.
  await intercom.POST("/contacts", { body: { email: "jane@example.com" } });
  await intercom.POST("/contacts", { body: { role: "lead", custom_attributes: { plan: "pro", seats: 3 } } });
  // @ts-expect-error not a contact property (this compiled when the body was `unknown`)
  await intercom.POST("/contacts", { body: { bogus: 1 } });
  // @ts-expect-error one of email, external_id or role is required
  await intercom.POST("/contacts", { body: { name: "Jane" } });
  await intercom.POST("/contacts", {
    body: {
      email: "j@example.com",
      // @ts-expect-error custom attribute values are strings, numbers, booleans or null
      custom_attributes: { plan: { tier: 1 } },
    },
  });

  // Custom attributes can be read by name (they were Record<string, never>), null when unset.
  const contact = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } }));
  expectTypeOf(contact.custom_attributes?.["plan"]).toEqualTypeOf<
    string | number | boolean | null | undefined
  >();

  // Other bodies that were `unknown`.
  await intercom.POST("/events", { body: { event_name: "ordered", created_at: 1700000000, user_id: "u1" } });
  // @ts-expect-error created_at is required for an event
  await intercom.POST("/events", { body: { event_name: "ordered", user_id: "u1" } });
  await intercom.PUT("/visitors", { body: { user_id: "v1", name: "Visitor" } });
  // @ts-expect-error a visitor is updated by id or user_id
  await intercom.PUT("/visitors", { body: { name: "Visitor" } });
  await intercom.POST("/visitors/convert", {
    body: { type: "user", user: { user_id: "u1" }, visitor: { email: "v@example.com" } },
  });

  // Ticket attributes and ticket type input options carry keys.
  await intercom.PUT("/tickets/{id}", {
    params: { path: { id: "t1" } },
    body: { ticket_attributes: { _default_title_: "Broken button", priority: "high" } },
  });
  expectTypeOf<NonNullable<NonNullable<Schemas["ticket_type_attribute"]>["input_options"]>>().toEqualTypeOf<
    Record<string, unknown>
  >();

  // `nullable` beside a $ref now means null is possible.
  expectTypeOf<Schemas["conversation_part"]["assigned_to"]>().toEqualTypeOf<
    Schemas["reference"] | null | undefined
  >();

  // A search filter may look for null.
  await intercom.POST("/contacts/search", {
    body: { query: { field: "email", operator: "=", value: null } },
  });

  // Lists as the API returns them.
  const companies = unwrap(
    await intercom.GET("/contacts/{id}/companies", { params: { path: { id: "c1" } } }),
  );
  expectTypeOf(companies.data).toEqualTypeOf<Schemas["company"][] | undefined>();
  const conversations = unwrap(await intercom.GET("/conversations"));
  expectTypeOf(conversations.conversations).toExtend<readonly unknown[] | undefined>();
  expectTypeOf(conversations).not.toHaveProperty("data");

  // GET /events takes the contact identifier as a top-level query parameter.
  await intercom.GET("/events", { params: { query: { type: "user", user_id: "u1" } } });
  // The object-valued `filter` went on the wire as filter[user_id]=…, which the API does not read.
  expectTypeOf<paths["/events"]["get"]["parameters"]["query"]>().not.toHaveProperty("filter");
  expectTypeOf<paths["/events"]["get"]["parameters"]["query"]>().toHaveProperty("user_id");

  // Phone call redirect errors have their own shape.
  const { error } = await intercom.POST("/phone_call_redirects", { body: { phone: "+353871234567" } });
  if (error && "error_key" in error) expectTypeOf(error.error_key).toEqualTypeOf<string>();
}
