// The consumer program of the type-check benchmark, written against bare openapi-fetch with the
// generated 2.10 types (intercom-fetch's `paths`). Same calls as intercom-fetch.ts.
import createClient from "openapi-fetch";
import type { components, paths } from "intercom-fetch";

type Contact = components["schemas"]["contact"];

export interface Summary {
  admin: string | null | undefined;
  found: Contact | undefined;
  created: string;
  listed: number;
  openConversations: number;
}

export async function run(token: string, contactId: string): Promise<Summary> {
  const client = createClient<paths>({
    baseUrl: "https://api.eu.intercom.io",
    headers: { Authorization: `Bearer ${token}`, "Intercom-Version": "2.10" },
  });
  const { data: me } = await client.GET("/me");

  const { data: found, response } = await client.GET("/contacts/{id}", {
    params: { path: { id: contactId } },
  });
  if (!response.ok && response.status !== 404) throw new Error(`GET /contacts/{id}: ${response.status}`);

  const { data: created } = await client.POST("/contacts", { body: { email: "ada@example.com" } });
  const id = created?.id ?? "";
  await client.PUT("/contacts/{id}", { params: { path: { id } }, body: { name: "Ada" } });
  await client.POST("/contacts/{id}/notes", {
    params: { path: { id } },
    body: { body: "Welcome", admin_id: me?.id },
  });

  let listed = 0;
  let startingAfter: string | undefined;
  do {
    const { data: page } = await client.GET("/contacts", {
      params: { query: { per_page: 50, starting_after: startingAfter } },
    });
    for (const contact of page?.data ?? []) if (contact.email) listed++;
    startingAfter = page?.pages?.next?.starting_after ?? undefined;
  } while (startingAfter);

  const { data: search } = await client.POST("/conversations/search", {
    body: { query: { field: "state", operator: "=", value: "open" } },
  });
  return { admin: me?.email, found, created: id, listed, openConversations: search?.total_count ?? 0 };
}
