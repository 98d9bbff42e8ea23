// source: GitHub issue threads where users show the calls they make to the live Intercom API: intercom/intercom-node#349 (conversation custom_attributes update, 2.x), intercom/intercom-ruby#564 (clearing a conversation number attribute; the maintainers say later API versions accept null), intercom/Intercom-OpenAPI#139 (tickets search on a ticket attribute, Intercom-Version 2.10)
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
}
