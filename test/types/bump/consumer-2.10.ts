// Consumer code written against the 2.10 client. test/types-bump.test.ts compiles it against 2.10
// (it must pass) and against 2.11, where it must fail with TS2345 exactly at the path template on
// the line after each `renamed in 2.11` comment (its parameter was renamed), with the follow-on
// error named by each `follow-on` comment on the line after it (a result typed from an unknown
// path), and nowhere else.
import { createIntercom, unwrap } from "intercom-fetch";

const intercom = createIntercom({ token: "t" });

export async function syncContact(contactId: string, companyId: string): Promise<string[]> {
  const me = unwrap(await intercom.GET("/me", {}));
  const contact = unwrap(
    // renamed in 2.11
    await intercom.GET("/contacts/{id}", { params: { path: { id: contactId } } }),
  );
  // renamed in 2.11
  await intercom.PUT("/contacts/{id}", { params: { path: { id: contactId } }, body: { name: "Ada" } });
  // renamed in 2.11
  await intercom.DELETE("/contacts/{contact_id}/companies/{id}", {
    params: { path: { contact_id: contactId, id: companyId } },
  });
  const companies: string[] = [];
  // renamed in 2.11
  for await (const company of intercom.paginate("/contacts/{id}/companies", {
    params: { path: { id: contactId } },
  })) {
    // follow-on TS18046
    companies.push(company.id ?? "");
  }
  for await (const page of intercom.paginate("/contacts", { params: { query: { per_page: 50 } } }).pages()) {
    companies.push(String(page.items.length));
  }
  // follow-on TS2339
  return [me?.id ?? "", contact.id ?? "", ...companies];
}
