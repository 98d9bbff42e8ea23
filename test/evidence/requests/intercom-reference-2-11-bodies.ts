// source: Intercom API reference 2.11 (/work/shared/openapi/2.11/api.intercom.io.yaml): documented request examples for the operations below, which 2.10 has too; ids in paths are strings as the API returns them
import { createIntercom } from "intercom-fetch";

export async function calls(token: string): Promise<void> {
  const intercom = createIntercom({ token });
  // case: createarticle-article-created — POST /articles
  await intercom.POST("/articles", {
    body: {
      title: "Sample text",
      description: "Sample text",
      body: "Sample text",
      author_id: 825545158,
      state: "published",
      parent_id: 145,
      parent_type: "collection",
      translated_content: {
        fr: {
          title: "Sample text",
          description: "Sample text",
          body: "Sample text",
          author_id: 825545158,
          state: "published",
        },
      },
    },
  });
  // case: createorupdatecompany-successful — POST /companies
  await intercom.POST("/companies", {
    body: { company_id: "company_remote_id", name: "Sample Name", remote_created_at: 1374224400 },
  });
  // case: searchcontacts-successful — POST /contacts/search
  await intercom.POST("/contacts/search", {
    body: {
      query: { operator: "AND", value: [{ field: "created_at", operator: ">", value: "1306140554" }] },
      pagination: { per_page: 5 },
    },
  });
  // case: createcontact-successful — POST /contacts
  await intercom.POST("/contacts", { body: { email: "person1@example.com" } });
  // case: createconversation-conversation-created — POST /conversations
  await intercom.POST("/conversations", {
    body: { from: { type: "user", id: "f7453ba5ef2fbf231780bdb9" }, body: "Sample text" },
  });
  // case: searchconversations-successful — POST /conversations/search
  await intercom.POST("/conversations/search", {
    body: {
      query: { operator: "AND", value: [{ field: "created_at", operator: ">", value: "1306140554" }] },
      pagination: { per_page: 5 },
    },
  });
  // case: createdataattribute-successful — POST /data_attributes
  await intercom.POST("/data_attributes", {
    body: { name: "Sample Name", model: "company", data_type: "string" },
  });
  // case: createtag-action-successful — POST /tags
  await intercom.POST("/tags", { body: { name: "Sample Name" } });
  // case: updatevisitor-successful — PUT /visitors
  await intercom.PUT("/visitors", { body: { id: "f80c670de6fc225db445f53a", name: "Sample Name" } });
  // case: convertvisitor-successful — POST /visitors/convert
  await intercom.POST("/visitors/convert", {
    body: {
      visitor: { user_id: "bc97d4c7-36a3-4267-854e-cf5f1d001798" },
      user: { email: "person2@example.com" },
      type: "user",
    },
  });
}
