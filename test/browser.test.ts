// The ESM build in headless Chromium (from the @sparticuz/chromium package, driven by playwright-core): the
// page, served from one origin, pages through contacts on a CORS-enabled fake Intercom on another.
import { createHmac } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumExecutable, chromiumLaunchHelp } from "./support/chromium.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { installLists } from "./support/lists.js";
import { ROOT } from "./support/spec.js";
import { serveStaticFiles, type StaticFiles } from "./support/static-files.js";
import { apiVersion } from "../generated/metadata.js";

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// machine's closed network refuses.
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// A webhook signed here with node:crypto, verified in the page with Web Crypto.
const WEBHOOK_SECRET = "browser-client-secret";
const WEBHOOK_BODY = JSON.stringify({
  type: "notification_event",
  id: "notif_1",
  topic: "ping",
  app_id: "a1",
  data: { type: "notification_event_data", item: { type: "ping", message: "hé" } },
});
const WEBHOOK_SIGNATURE = `sha1=${createHmac("sha1", WEBHOOK_SECRET).update(WEBHOOK_BODY).digest("hex")}`;

const page = (apiUrl: string) => `<!doctype html>
<script type="importmap">
  { "imports": { "openapi-fetch": "/node_modules/openapi-fetch/dist/index.mjs" } }
</script>
<script type="module">
  import { createIntercom, IntercomError, unwrap, verifyWebhook, verifyWebhookSignature } from "/dist/esm/src/index.js";
  window.outcome = (async () => {
    let noToken;
    try {
      createIntercom({ baseUrl: ${JSON.stringify(apiUrl)} });
    } catch (error) {
      noToken = error instanceof IntercomError ? error.name : String(error);
    }
    const intercom = createIntercom({ token: "browser-token", baseUrl: ${JSON.stringify(apiUrl)} });
    const ids = [];
    for await (const contact of intercom.paginate("/contacts", { params: { query: { per_page: 10 } } })) {
      ids.push(contact.id);
    }
    const webhook = {
      topic: (await verifyWebhook(${JSON.stringify(WEBHOOK_BODY)}, ${JSON.stringify(WEBHOOK_SIGNATURE)}, ${JSON.stringify(WEBHOOK_SECRET)})).topic,
      tampered: await verifyWebhookSignature(${JSON.stringify(WEBHOOK_BODY + " ")}, ${JSON.stringify(WEBHOOK_SIGNATURE)}, ${JSON.stringify(WEBHOOK_SECRET)}),
    };
    // A 302 under redirect "manual" is, in a browser, an opaque redirect (status 0): returned as it
    // is, once, and an IntercomApiError through unwrap.
    const result = await intercom.GET("/me");
    let unwrapped;
    try {
      unwrap(result);
    } catch (error) {
      unwrapped = { name: error.name, status: error.status, message: error.message };
    }
    const redirect = { type: result.response.type, status: result.response.status, unwrapped };
    return { noToken, ids, remaining: intercom.rateLimit?.remaining ?? null, webhook, redirect };
  })().catch((error) => ({ failed: String(error) }));
</script>`;

let fake: FakeIntercom;
let site: StaticFiles;
let profile: string;
let context: BrowserContext;

beforeAll(async () => {
  const executablePath = await chromiumExecutable();
  fake = await startFakeIntercom({ cors: true });
  fake.rateLimit = { limit: 1000, remaining: 997, reset: Math.floor(Date.now() / 1000) + 10 };
  installLists(fake, { count: 35 });
  fake.on("GET", "/me", () => ({ status: 302, headers: { Location: "https://elsewhere.invalid/me" } }));
  site = await serveStaticFiles(ROOT, ["dist/esm", "node_modules/openapi-fetch/dist"], {
    "/": page(fake.url),
  });
  profile = await mkdtemp(join(tmpdir(), "intercom-fetch-chromium-"));
  context = await chromium
    .launchPersistentContext(profile, { executablePath, headless: true, args: FLAGS })
    .catch((error: unknown) => {
      throw chromiumLaunchHelp(executablePath, error);
    });
}, 300_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
  await fake?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe("in a browser", () => {
  it("the ESM build completes a paginated call across origins, with CORS", async () => {
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.goto(`${site.url}/`);
    await tab.waitForFunction(() => "outcome" in window);
    const outcome = await tab.evaluate(() => (window as unknown as { outcome: Promise<unknown> }).outcome);
    expect(errors).toEqual([]);
    expect(outcome).toEqual({
      noToken: "IntercomError",
      ids: Array.from({ length: 35 }, (_, i) => `ListContacts-${i + 1}`),
      remaining: 997,
      webhook: { topic: "ping", tampered: false },
      redirect: {
        type: "opaqueredirect",
        status: 0,
        unwrapped: {
          name: "IntercomApiError",
          status: 0,
          message:
            "GET /me failed with 0: a redirect (not followed; the browser hides its status and target)",
        },
      },
    });
    expect(fake.requests.filter((r) => r.path === "/me")).toHaveLength(1);
    const gets = fake.requests.filter((r) => r.method === "GET" && r.path === "/contacts");
    expect(gets).toHaveLength(4);
    expect(gets[0]?.headers["origin"]).toBe(site.url);
    expect(gets[0]?.headers["authorization"]).toBe("Bearer browser-token");
    expect(gets[0]?.headers["intercom-version"]).toBe(apiVersion);
  }, 120_000);
});
