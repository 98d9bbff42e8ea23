// The same consumer after the documented fix for 2.11: each renamed path template and its path
// parameter renamed (/contacts/{id} → /contacts/{contact_id}, { id } → { contact_id }).
import { createIntercom, unwrap } from "intercom-fetch";

const intercom = createIntercom({ token: "t" });

export async function syncContact(contactId: string, companyId: string): Promise<string[]> {
  const me = unwrap(await intercom.GET("/me", {}));
  const contact = unwrap(
    await intercom.GET("/contacts/{contact_id}", { params: { path: { contact_id: contactId } } }),
  );
  await intercom.PUT("/contacts/{contact_id}", {
    params: { path: { contact_id: contactId } },
    body: { name: "Ada" },
  });
  await intercom.DELETE("/contacts/{contact_id}/companies/{company_id}", {
    params: { path: { contact_id: contactId, company_id: companyId } },
  });
  const companies: string[] = [];
  for await (const company of intercom.paginate("/contacts/{contact_id}/companies", {
    params: { path: { contact_id: contactId } },
  })) {
    companies.push(company.id ?? "");
  }
  for await (const page of intercom.paginate("/contacts", { params: { query: { per_page: 50 } } }).pages()) {
    companies.push(String(page.items.length));
  }
  return [me?.id ?? "", contact.id ?? "", ...companies];
}
