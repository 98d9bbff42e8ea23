// source: hull/hull-connectors packages/connectors/hull-intercom/test/integration/scenarios/**/*.test.js: request payloads the hull-intercom connector sends to the Intercom 2.x API (nock expectations)
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: fetch-intercom-attributes-l30 — GET /data_attributes
  await intercom.GET("/data_attributes", { params: { query: { model: "contact" } } });
  // case: sync-outgoing-attributes-l64 — POST /data_attributes
  await intercom.POST("/data_attributes", {
    body: { name: "Sample Name", data_type: "string", model: "contact" },
  });
  // case: fetch-all-companies-l171 — GET /companies/scroll
  await intercom.GET("/companies/scroll", {
    params: { query: { scroll_param: "469db1eb-ac55-4e86-81ba-a4ea0869e287" } },
  });
  // case: fetch-all-leads-l66 — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          { field: "updated_at", operator: ">", value: 0 },
          { field: "role", operator: "=", value: "lead" },
        ],
      },
      pagination: { per_page: 150 },
      sort: { field: "updated_at", order: "descending" },
    },
  });
  // case: fetch-all-leads-l268 — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          { field: "updated_at", operator: ">", value: 0 },
          { field: "role", operator: "=", value: "lead" },
        ],
      },
      pagination: { per_page: 150, starting_after: "Wy0xLCI1ZjE2MWI3YTMzMjIzMWZjMTBiNDRlNWYiLDJd" },
      sort: { field: "updated_at", order: "descending" },
    },
  });
  // case: insert-companies-l126 — POST /companies
  await intercom.POST("/companies", {
    body: {
      website: "rei.com",
      name: "Sample Name",
      monthly_spend: 500,
      company_id: "account_external_id_1",
      size: 50,
      custom_attributes: { custom_monthly_spend: 500 },
    },
  });
  // case: insert-companies-l193 — POST /tags
  await intercom.POST("/tags", {
    body: { name: "Sample Name", companies: [{ id: "463fdbdec76a47752ac32f74" }] },
  });
  // case: insert-companies-l208 — POST /tags
  await intercom.POST("/tags", {
    body: { name: "Sample Name", companies: [{ id: "463fdbdec76a47752ac32f74", untag: true }] },
  });
  // case: insert-leads-l56 — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: {
        operator: "AND",
        value: [
          { field: "email", operator: "=", value: "person7@example.com" },
          { field: "role", operator: "=", value: "lead" },
        ],
      },
    },
  });
  // case: insert-leads-l86 — POST /contacts
  await intercom.POST("/contacts", {
    body: {
      role: "lead",
      email: "person7@example.com",
      name: "Sample Name",
      custom_attributes: { c_description: "a description", job_title: "sales" },
    },
  });
  // case: insert-leads-l193 — POST /tags
  await intercom.POST("/tags", { body: { name: "Sample Name" } });
  // case: insert-leads-l204 — POST /contacts/{contact_id}/tags
  await intercom.POST("/contacts/{contact_id}/tags", {
    params: { path: { contact_id: "80d23903810912ebd21af44c" } },
    body: { id: "tag_id_1" },
  });
  // case: insert-leads-l235 — POST /events
  await intercom.POST("/events", {
    body: {
      event_name: "Email Opened",
      created_at: "1596314434",
      id: "80d23903810912ebd21af44c",
      metadata: {
        prop1: "Email Opened 1",
        prop2: "Email Opened 2",
        prop3: "Email Opened 3",
        prop4: '["an","array","of","values"]',
        prop5: { value: '["another","array","of","values"]', url: "google.com" },
        created: "1596314434",
      },
    },
  });
  // case: insert-leads-l254 — POST /events
  await intercom.POST("/events", {
    body: {
      event_name: "Email Sent",
      created_at: "1596314435",
      id: "80d23903810912ebd21af44c",
      metadata: {
        prop1: "Email Sent 1",
        prop2: "Email Sent 2",
        prop3: "Email Sent 3",
        created: "1596314435",
      },
    },
  });
  // case: insert-users-l89 — POST /contacts
  await intercom.POST("/contacts", {
    body: {
      name: "Sample Name",
      external_id: "user_external_id_1",
      custom_attributes: { c_description: "a description", "job title": "sales" },
      email: "person7@example.com",
      role: "user",
    },
  });
  // case: insert-users-l353 — POST /companies
  await intercom.POST("/companies", { body: { company_id: "account_external_id_1" } });
  // case: insert-users-l381 — POST /contacts/{id}/companies
  await intercom.POST("/contacts/{id}/companies", {
    params: { path: { id: "80d23903810912ebd21af44c" } },
    body: { id: "b3a47de57e2d14a8e7919342" },
  });
  // case: update-leads-l358 — PUT /contacts/{id}
  await intercom.PUT("/contacts/{id}", {
    params: { path: { id: "80d23903810912ebd21af44c" } },
    body: {
      email: "person7@example.com",
      name: "Sample Name",
      custom_attributes: { c_description: "a description", job_title: "sales" },
      role: "lead",
    },
  });
}
