// The consumer program of the per-version type-check benchmark (bench/versions.ts), written with
// calls every shipped version has: bench/versions.ts type-checks a copy per entry point, with
// "intercom-fetch" replaced by "intercom-fetch/<version>" for each entry version.
import { createIntercom, IntercomNotFoundError, unwrap } from "intercom-fetch";

export async function run(token: string): Promise<{ admin: string | null | undefined; listed: number }> {
  const intercom = createIntercom({ token, region: "eu", maxRetries: 3 });
  const me = unwrap(await intercom.GET("/me"));
  try {
    unwrap(await intercom.POST("/contacts", { body: { email: "ada@example.com" } }));
  } catch (error) {
    if (!(error instanceof IntercomNotFoundError)) throw error;
  }
  let listed = 0;
  for await (const contact of intercom.paginate("/contacts", { params: { query: { per_page: 50 } } })) {
    if (contact.email) listed++;
  }
  const search = unwrap(
    await intercom.POST("/conversations/search", {
      body: { query: { field: "state", operator: "=", value: "open" } },
    }),
  );
  return { admin: me?.email, listed: listed + (search.total_count ?? 0) };
}
