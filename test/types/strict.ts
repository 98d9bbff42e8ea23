// Consumer code under the strictest common settings (strict, noUncheckedIndexedAccess,
// exactOptionalPropertyTypes: tsconfig.strict.json) against the built package: whole responses
// that are never null are not nullable (openapi/fixes/14-non-null-responses.yaml), and options and
// paginate take `undefined` where users write it. Compiled by test/types.test.ts; each
// expected error must be needed (an unused directive fails tsc).
import { expectTypeOf } from "expect-type";
import {
  createIntercom,
  unwrap,
  type Admin,
  type AdminWithApp,
  type PageCursor,
  type SuccessResponse,
  type Ticket,
  type TicketType,
} from "intercom-fetch";

export async function strictConsumer(cursor: PageCursor | undefined): Promise<void> {
  // examples/connect.ts writes region: undefined beside a baseUrl.
  const intercom = createIntercom({ region: undefined, baseUrl: "http://127.0.0.1:4010" });
  createIntercom({ region: "eu", baseUrl: undefined });

  // GET /me: the admin, never null (the README's quick start reads me.email).
  const me = unwrap(await intercom.GET("/me"));
  expectTypeOf(me).toEqualTypeOf<AdminWithApp>();
  expectTypeOf(me.email).toEqualTypeOf<string | undefined>();

  // The other whole responses and list items 2.10 marked nullable.
  const ticket = unwrap(
    await intercom.POST("/tickets", { body: { ticket_type_id: "1", contacts: [{ id: "c1" }] } }),
  );
  expectTypeOf(ticket).toEqualTypeOf<Ticket>();
  // A ticket's ticket_type may still be null, as 2.10 and 2.11 say.
  expectTypeOf<Ticket["ticket_type"]>().toEqualTypeOf<TicketType | null | undefined>();
  const admins = unwrap(await intercom.GET("/admins"));
  for (const admin of admins.admins ?? []) expectTypeOf(admin).toEqualTypeOf<Admin>();
  expectTypeOf<SuccessResponse<"/admins/{id}", "get">>().toEqualTypeOf<Admin>();
  expectTypeOf<SuccessResponse<"/admins/{id}/away", "put">>().toEqualTypeOf<Admin>();
  expectTypeOf<SuccessResponse<"/tickets/{id}", "get">>().toEqualTypeOf<Ticket>();
  expectTypeOf<SuccessResponse<"/visitors", "get">>().not.toBeNullable();
  expectTypeOf<SuccessResponse<"/companies/scroll", "get">>().not.toBeNullable();
  expectTypeOf<SuccessResponse<"/phone_call_redirects", "post">>().not.toBeNullable();
  expectTypeOf<SuccessResponse<"/ticket_types/{id}", "get">>().not.toBeNullable();
  expectTypeOf<SuccessResponse<"/ticket_types/{ticket_type_id}/attributes", "post">>().not.toBeNullable();
  const tickets = unwrap(
    await intercom.POST("/tickets/search", { body: { query: { field: "id", operator: "=", value: "1" } } }),
  );
  for (const item of tickets.tickets ?? []) expectTypeOf(item).toEqualTypeOf<Ticket>();

  // Ids the live API always sends are required in responses (openapi/fixes/15-required-ids.yaml):
  // a listed contact's id goes straight back into a path.
  const contacts = unwrap(await intercom.GET("/contacts"));
  for (const listed of contacts.data ?? []) {
    expectTypeOf(listed.id).toEqualTypeOf<string>();
    expectTypeOf(listed.type).toEqualTypeOf<string>();
    await intercom.GET("/contacts/{id}", { params: { path: { id: listed.id } } });
  }
  expectTypeOf(me.id).toEqualTypeOf<string>();
  expectTypeOf(ticket.id).toEqualTypeOf<string>();
  const conversation = unwrap(await intercom.GET("/conversations/{id}", { params: { path: { id: "1" } } }));
  expectTypeOf(conversation.id).toEqualTypeOf<string>();
  for (const part of conversation.conversation_parts?.conversation_parts ?? []) {
    expectTypeOf(part.id).toEqualTypeOf<string>();
    if (part.author) expectTypeOf(part.author.id).toEqualTypeOf<string>();
  }
  for await (const company of intercom.paginate("/companies/scroll"))
    expectTypeOf(company.id).toEqualTypeOf<string>();
  for (const tag of unwrap(await intercom.GET("/tags")).data ?? [])
    expectTypeOf(tag.id).toEqualTypeOf<string>();
  // Request bodies are unchanged: a contact reference in a ticket body still needs only an id.
  await intercom.POST("/tickets", { body: { ticket_type_id: "1", contacts: [{ email: "a@example.com" }] } });

  // paginate(path, { ...init, cursor }) with a cursor that may be undefined (a first run).
  for await (const contact of intercom.paginate("/contacts", {
    params: { query: { per_page: 150 } },
    cursor,
  })) {
    expectTypeOf(contact.email).not.toBeAny();
  }
  intercom.paginate("/contacts", { cursor, maxItems: undefined, maxPages: undefined });
  // @ts-expect-error a cursor is a PageCursor, not a string
  intercom.paginate("/contacts", { cursor: "abc" });
}
