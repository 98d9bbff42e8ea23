// The consumer program of the type-check benchmark, written against intercom-client (the official
// SDK). Same calls as intercom-fetch.ts.
import { Intercom, IntercomClient, IntercomEnvironment } from "intercom-client";

type Contact = Intercom.ContactsFindResponse;

export interface Summary {
  admin: string | null | undefined;
  found: Contact | undefined;
  created: string;
  listed: number;
  openConversations: number;
}

export async function run(token: string, contactId: string): Promise<Summary> {
  const client = new IntercomClient({
    token,
    environment: IntercomEnvironment.EuProduction,
    maxRetries: 3,
    version: "2.10",
  });
  const me = await client.admins.identify();

  let found: Contact | undefined;
  try {
    found = await client.contacts.find({ contact_id: contactId });
  } catch (error) {
    if (!(error instanceof Intercom.NotFoundError)) throw error;
  }

  const created = await client.contacts.create({ email: "ada@example.com" });
  const id = created.id ?? "";
  await client.contacts.update({ contact_id: id, name: "Ada" });
  await client.notes.create({ contact_id: id, body: "Welcome", admin_id: me?.id });

  let listed = 0;
  for await (const contact of await client.contacts.list({ per_page: 50 })) {
    if (contact.email) listed++;
  }

  const search = await client.conversations.search({
    query: { field: "state", operator: "=", value: "open" },
  });
  return {
    admin: me?.email,
    found,
    created: id,
    listed,
    openConversations: search.response.total_count ?? 0,
  };
}
