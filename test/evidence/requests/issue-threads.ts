// source: GitHub issue threads where users show the calls they make to the live Intercom API: intercom/intercom-node#349 (conversation custom_attributes update, 2.x), intercom/intercom-ruby#564 (clearing a conversation number attribute; the maintainers say later API versions accept null), intercom/Intercom-OpenAPI#139 (tickets search on a ticket attribute, Intercom-Version 2.10), intercom/intercom-node#215 (a user's custom attribute cleared with null, accepted by the live API), intercom/intercom-node#472 (GET /companies by company_id)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: conversations-update-custom-attributes — PUT /conversations/{id}
  await intercom.PUT("/conversations/{id}", {
    params: { path: { id: "68" } },
    body: { read: true, custom_attributes: { issue_type: "Billing" } },
  });
  // case: conversations-clear-number-attribute — PUT /conversations/{id}
  await intercom.PUT("/conversations/{id}", {
    params: { path: { id: "1" } },
    body: { custom_attributes: { test_number_attribute: null } },
  });
  // case: tickets-search-by-ticket-attribute — POST /tickets/search
  await intercom.POST("/tickets/search", {
    body: {
      query: { operator: "AND", value: [{ field: "ticket_attribute.1234", operator: "=", value: "Ready" }] },
    },
  });
  // case: contacts-clear-custom-attribute — PUT /contacts/{id}
  await intercom.PUT("/contacts/{id}", {
    params: { path: { id: "5bb3c9680bd3f4d1d1bfe2c4" } },
    body: { custom_attributes: { job_title: null } },
  });
  // case: companies-by-company-id — GET /companies
  await intercom.GET("/companies", { params: { query: { company_id: "100" } } });
}
