// source: airbytehq/airbyte airbyte-integrations/connectors/source-intercom/manifest.yaml at 049d814a45 (the declarative connector's requests, Intercom-Version 2.11: activity logs by created_at window, contacts/conversations/tickets search by an updated_at window with sort and body pagination, the companies scroll, company data attributes and segments)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string, cursor: string, scroll: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: activity-logs-window — GET /admins/activity_logs
  await intercom.GET("/admins/activity_logs", {
    params: { query: { created_at_after: "1625097600", created_at_before: "1627689600" } },
  });
  // case: contacts-search-window — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            operator: "OR",
            value: [
              { field: "updated_at", operator: ">", value: 1625097600 },
              { field: "updated_at", operator: "=", value: 1625097600 },
            ],
          },
          { field: "updated_at", operator: "<", value: 1627689600 },
        ],
      },
      sort: { field: "updated_at", order: "ascending" },
      pagination: { per_page: 150, starting_after: cursor },
    },
  });
  // case: conversations-search-window — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            operator: "OR",
            value: [
              { field: "updated_at", operator: ">", value: 1625097600 },
              { field: "updated_at", operator: "=", value: 1625097600 },
            ],
          },
          { field: "updated_at", operator: "<", value: 1627689600 },
        ],
      },
      sort: { field: "updated_at", order: "ascending" },
      pagination: { per_page: 150 },
    },
  });
  // case: tickets-search-window — POST /tickets/search
  await intercom.POST("/tickets/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          {
            operator: "OR",
            value: [
              { field: "updated_at", operator: ">", value: 1625097600 },
              { field: "updated_at", operator: "=", value: 1625097600 },
            ],
          },
          { field: "updated_at", operator: "<", value: 1627689600 },
        ],
      },
      sort: { field: "updated_at", order: "ascending" },
      pagination: { per_page: 150 },
    },
  });
  // case: companies-scroll — GET /companies/scroll
  await intercom.GET("/companies/scroll", { params: { query: { scroll_param: scroll } } });
  // case: company-attributes — GET /data_attributes
  await intercom.GET("/data_attributes", { params: { query: { model: "company" } } });
  // case: company-segments — GET /companies/{id}/segments
  await intercom.GET("/companies/{id}/segments", { params: { path: { id: "74fdd6842e571ded248da17d" } } });
}
