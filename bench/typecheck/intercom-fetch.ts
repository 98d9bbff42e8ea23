// The consumer program of the type-check benchmark, written against intercom-fetch. The same
// program exists for bare openapi-fetch and for intercom-client: keep the three doing the same calls.
import { createIntercom, IntercomNotFoundError, unwrap, type components } from "intercom-fetch";

type Contact = components["schemas"]["contact"];

export interface Summary {
  admin: string | null | undefined;
  found: Contact | undefined;
  created: string;
  listed: number;
  openConversations: number;
}

export async function run(token: string, contactId: string): Promise<Summary> {
  const intercom = createIntercom({ token, region: "eu", maxRetries: 3 });
  const me = unwrap(await intercom.GET("/me"));

  let found: Contact | undefined;
  try {
    found = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id: contactId } } }));
  } catch (error) {
    if (!(error instanceof IntercomNotFoundError)) throw error;
  }

  const created = unwrap(await intercom.POST("/contacts", { body: { email: "ada@example.com" } }));
  const id = created.id ?? "";
  await intercom.PUT("/contacts/{id}", { params: { path: { id } }, body: { name: "Ada" } });
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id } },
    body: { body: "Welcome", admin_id: me?.id },
  });

  let listed = 0;
  for await (const contact of intercom.paginate("/contacts", { params: { query: { per_page: 50 } } })) {
    if (contact.email) listed++;
  }

  const search = unwrap(
    await intercom.POST("/conversations/search", {
      body: { query: { field: "state", operator: "=", value: "open" } },
    }),
  );
  return { admin: me?.email, found, created: id, listed, openConversations: search.total_count ?? 0 };
}
