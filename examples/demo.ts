// npm run demo
//
// Without INTERCOM_ACCESS_TOKEN: starts the package's fake Intercom (intercom-fetch/testing) on
// 127.0.0.1, seeded with 120 contacts, its first answer a 429, runs the walkthrough against it, and
// stops it. With a token: runs the same
// read-only walkthrough against your workspace (INTERCOM_REGION=us|eu|au, default us).
// Every HTTP attempt is printed (through a custom `fetch`), so a 429 and its retry are visible.
import {
  createIntercom,
  IntercomApiError,
  IntercomError,
  unwrap,
  type FetchLike,
  type IntercomClient,
  type Region,
} from "intercom-fetch";
import { createFakeIntercom } from "intercom-fetch/testing";

interface AttemptLog {
  attempts: number;
  rateLimited: number;
}

/** A custom fetch that prints each attempt: the client calls it once per attempt, retries included. */
function printingFetch(log: (line: string) => void, seen: AttemptLog): FetchLike {
  const started = Date.now();
  return async (request) => {
    const response = await fetch(request);
    seen.attempts++;
    if (response.status === 429) seen.rateLimited++;
    const path = new URL(request.url).pathname;
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    const wait = response.headers.get("Retry-After");
    log(
      `    [${elapsed} s] ${request.method} ${path} → ${response.status}` +
        (response.status === 429
          ? ` (rate limited; the client waits ${wait ?? "as told"} s and retries)`
          : ""),
    );
    return response;
  };
}

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
    log(
      `  page ${pages}: ${page.items.length} contacts, ${contacts} so far (first: ${first?.email ?? first?.id ?? "-"})`,
    );
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
    const seen = { attempts: 0, rateLimited: 0 };
    await walkthrough(createIntercom({ token, region, fetch: printingFetch(log, seen) }), log);
    log(`${seen.attempts} HTTP attempts, ${seen.rateLimited} answered 429 and retried`);
    return;
  }

  const fake = await createFakeIntercom({
    // Stateful: /me is the first admin, /contacts lists these, an unknown contact is Intercom's 404.
    seed: {
      admins: [{ id: "991", name: "Demo Admin", email: "demo-admin@example.com" }],
      contacts: Array.from({ length: 120 }, (_, i) => ({ email: `person${i + 1}@example.com` })),
    },
    rateLimit: { limit: 10_000, windowMs: 10_000 },
    // The first request is rate limited: the client waits as told and retries.
    faults: [
      {
        kind: "reply",
        status: 429,
        headers: { "Retry-After": "1" },
        json: {
          type: "error.list",
          errors: [{ code: "rate_limit_exceeded", message: "Rate Limit Exceeded" }],
        },
      },
    ],
  });
  try {
    log(`No INTERCOM_ACCESS_TOKEN: using a local fake Intercom at ${fake.url}.`);
    const seen = { attempts: 0, rateLimited: 0 };
    await walkthrough(
      createIntercom({ token: "demo-token", baseUrl: fake.url, fetch: printingFetch(log, seen) }),
      log,
    );
    log(
      `${seen.attempts} HTTP attempts (the fake logged ${fake.requests.length}), ` +
        `${seen.rateLimited} answered 429 and retried`,
    );
  } finally {
    await fake.close();
    log("local fake Intercom stopped.");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof IntercomError ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
