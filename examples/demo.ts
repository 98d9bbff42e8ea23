// npm run demo
//
// Without INTERCOM_ACCESS_TOKEN: starts a local fake Intercom on 127.0.0.1 (with a rate-limited
// first request) and runs the walkthrough against it. With a token: runs the same read-only
// walkthrough against your workspace (INTERCOM_REGION=us|eu|au, default us).
import {
  createIntercom,
  IntercomApiError,
  IntercomError,
  unwrap,
  type IntercomClient,
  type Region,
} from "../src/index.js";
import { errorReply, startFakeIntercom } from "../test/support/fake-intercom.js";
import { installLists } from "../test/support/lists.js";

async function walkthrough(intercom: IntercomClient, log: (line: string) => void): Promise<void> {
  const me = unwrap(await intercom.GET("/me"));
  log(`authenticated as ${me?.email ?? me?.id} (${intercom.baseUrl}, Intercom-Version ${intercom.version})`);

  let pages = 0;
  let contacts = 0;
  for await (const page of intercom
    .paginate("/contacts", { params: { query: { per_page: 50 } }, maxItems: 200 })
    .pages()) {
    pages++;
    contacts += page.items.length;
    const first = page.items[0];
    log(`  page ${pages}: ${page.items.length} contacts (first: ${first?.email ?? first?.id ?? "-"})`);
  }
  log(`listed ${contacts} contacts in ${pages} requests (capped at 200)`);

  try {
    unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id: "does-not-exist" } } }));
  } catch (error) {
    if (!(error instanceof IntercomApiError)) throw error;
    log(
      `a missing contact is a typed error: ${error.name} ${error.status} ${error.code} (request id ${error.requestId})`,
    );
  }

  const limit = intercom.rateLimit;
  if (limit)
    log(`rate limit: ${limit.remaining}/${limit.limit} left, window resets ${limit.resetAt?.toISOString()}`);
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const token = process.env["INTERCOM_ACCESS_TOKEN"];
  if (token) {
    const region = (process.env["INTERCOM_REGION"] ?? "us") as Region;
    log(`Using your Intercom workspace (region ${region}); read-only calls only.`);
    await walkthrough(createIntercom({ token, region }), log);
    return;
  }

  const fake = await startFakeIntercom();
  try {
    fake.rateLimit = { limit: 10_000, remaining: 9_990, reset: Math.floor(Date.now() / 1000) + 10 };
    fake.on("GET", "/me", () => ({ json: { type: "admin", id: "991", email: "demo-admin@example.com" } }));
    fake.on("GET", "/contacts/{id}", () => errorReply(404, "not_found", "User Not Found", "req-demo-404"));
    installLists(fake, { count: 120 });
    // The first request is rate limited: the client waits as told and retries.
    fake.fault({
      kind: "reply",
      status: 429,
      headers: { "Retry-After": "1" },
      json: { type: "error.list", errors: [] },
    });
    log(`No INTERCOM_ACCESS_TOKEN: using a local fake Intercom at ${fake.url}.`);
    await walkthrough(createIntercom({ token: "demo-token", baseUrl: fake.url }), log);
    log(`the fake received ${fake.requests.length} requests (one was a 429, retried after Retry-After: 1)`);
  } finally {
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof IntercomError ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
