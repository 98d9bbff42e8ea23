// source: Intercom API reference 2.11 (/work/shared/openapi/2.11/api.intercom.io.yaml): documented request examples for the operations below, which 2.10 has too; ids in paths are strings as the API returns them
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: createtickettypeattribute-ticket-type-attribute-created — POST /ticket_types/{ticket_type_id}/attributes
  await intercom.POST("/ticket_types/{ticket_type_id}/attributes", {
    params: { path: { ticket_type_id: "6245124" } },
    body: { name: "Sample Name", description: "Sample text", data_type: "string", required_to_create: false },
  });
  // case: createtickettype-ticket-type-created — POST /ticket_types
  await intercom.POST("/ticket_types", {
    body: {
      name: "Sample Name",
      description: "Sample text",
      icon: "\ud83c\udf9f\ufe0f",
      category: "Customer",
    },
  });
  // case: searchtickets-successful — POST /tickets/search
  await intercom.POST("/tickets/search", {
    body: {
      query: { operator: "AND", value: [{ field: "created_at", operator: ">", value: "1306140554" }] },
      pagination: { per_page: 5 },
    },
  });
}
