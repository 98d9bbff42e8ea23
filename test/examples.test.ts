// Every program in examples/ run as a user runs it with tsx (their `"intercom-fetch"` import resolves
// to src/ through tsconfig.json's paths), against the fake Intercom on 127.0.0.1 via INTERCOM_BASE_URL.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorReply, startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { installLists } from "./support/lists.js";
import { ROOT } from "./support/spec.js";

const execFileAsync = promisify(execFile);
let fake: FakeIntercom;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function example(name: string, ...args: string[]): Promise<Outcome> {
  return runExample(name, args, {
    ...process.env,
    INTERCOM_BASE_URL: fake.url,
    INTERCOM_ACCESS_TOKEN: "example-token",
  });
}

async function runExample(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", join("examples", name), ...args],
      { cwd: ROOT, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as Outcome;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const lines = (text: string) => text.split("\n").filter(Boolean);

beforeEach(async () => {
  fake = await startFakeIntercom();
});
afterEach(async () => {
  await fake.close();
});

describe("examples/", () => {
  it("list-contacts prints every contact across pages, with progress", async () => {
    installLists(fake, { count: 320 });
    const { code, stdout, stderr } = await example("list-contacts.ts");
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(320);
    expect(new Set(lines(stdout)).size).toBe(320);
    expect(fake.count("GET", "/contacts")).toBe(3); // 150 + 150 + 20
    expect(stderr).toContain("… 150 contacts");
    expect(stderr).toContain("done: 320 contacts");
  });

  it("search-conversations sends the typed query and walks every page", async () => {
    installLists(fake, { count: 120 });
    const { code, stdout, stderr } = await example("search-conversations.ts", "30");
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(120);
    const first = fake.requests[0]?.json as { query: { value: { field: string; value: unknown }[] } };
    expect(first.query.value.map((f) => f.field)).toEqual(["open", "updated_at"]);
    expect(first.query.value[1]?.value).toBeGreaterThan(Date.now() / 1000 - 31 * 86_400);
    expect(stderr).toContain("120 open conversations updated in the last 30 days");
    expect((await example("search-conversations.ts", "soon")).code).toBe(2);
  });

  it("create-contacts creates each contact once: a 429 is retried, an existing email is not re-created", async () => {
    const created: string[] = [];
    fake.on("POST", "/contacts/search", (request) => {
      const email = (request.json as { query: { value: string } }).query.value;
      const exists = email === "grace@example.com" || created.includes(email);
      return {
        json: {
          type: "list",
          total_count: exists ? 1 : 0,
          data: exists ? [{ type: "contact", id: `id-${email}`, email }] : [],
        },
      };
    });
    fake.on("POST", "/contacts", (request) => {
      const email = (request.json as { email: string }).email;
      created.push(email);
      return { json: { type: "contact", id: `new-${created.length}`, email } };
    });
    fake.fault(
      { kind: "pass" },
      {
        kind: "reply",
        status: 429,
        headers: { "Retry-After": "1" },
        json: { type: "error.list", errors: [] },
      },
    );
    const { code, stdout } = await example("create-contacts.ts", "ada@example.com", "grace@example.com");
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual([
      "created\tnew-1\tada@example.com",
      "exists\tid-grace@example.com\tgrace@example.com",
    ]);
    expect(fake.count("POST", "/contacts")).toBe(2); // the 429 and its retry; one contact created
    expect(created).toEqual(["ada@example.com"]);
  });

  it("create-contacts looks the email up after a 500 on the POST instead of retrying it", async () => {
    fake.on("POST", "/contacts/search", () => ({ json: { type: "list", total_count: 0, data: [] } }));
    fake.fault({ kind: "pass" }, { kind: "reply", ...errorReply(500, "server_error", "boom") });
    const { code, stderr } = await example("create-contacts.ts", "ada@example.com");
    expect(code).toBe(1);
    expect(stderr).toContain("failed\tada@example.com\t500");
    expect(fake.count("POST", "/contacts")).toBe(1);
    expect(fake.count("POST", "/contacts/search")).toBe(2);
  });

  it("eu-region lists the regions' hosts and calls the configured host", async () => {
    fake.on("GET", "/me", () => ({ json: { type: "admin", id: "7", email: "eu-admin@example.com" } }));
    const { code, stdout } = await example("eu-region.ts");
    expect(code).toBe(0);
    expect(stdout).toContain("eu\thttps://api.eu.intercom.io");
    expect(stdout).toContain(`connected to ${fake.url} as eu-admin@example.com`);
  });

  it("handle-errors shows a 404 as a value and as IntercomNotFoundError, and other failures by class", async () => {
    fake.on("GET", "/contacts/{id}", (request) =>
      request.params["id"] === "c1"
        ? { json: { type: "contact", id: "c1" } }
        : errorReply(404, "not_found", "User Not Found"),
    );
    const missing = await example("handle-errors.ts", "nobody");
    expect(missing.code).toBe(0);
    expect(lines(missing.stdout)).toEqual([
      "as a value: HTTP 404, not_found",
      "thrown: no contact nobody (IntercomNotFoundError)",
    ]);
    const found = await example("handle-errors.ts", "c1");
    expect(lines(found.stdout)).toEqual(["as a value: found c1", "thrown: found c1"]);
    fake.fault(
      { kind: "pass" },
      { kind: "reply", ...errorReply(401, "unauthorized", "Access Token Invalid") },
    );
    const denied = await example("handle-errors.ts", "c1");
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("the token is wrong or revoked (401)");
  });

  it("demo (npm run demo) without a token starts its own fake, shows a retried 429 and pagination, and stops it", async () => {
    const env = { ...process.env };
    delete env["INTERCOM_ACCESS_TOKEN"];
    delete env["INTERCOM_BASE_URL"];
    const { code, stdout } = await runExample("demo.ts", [], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /GET \/me → 429 \(rate limited; the client waits 1 s and retries\)\n.*GET \/me → 200/,
    );
    expect(stdout).toContain("listed 120 contacts in 3 requests");
    expect(stdout).toContain("IntercomNotFoundError 404 not_found");
    expect(stdout).toContain("6 HTTP attempts (the fake logged 6), 1 answered 429 and retried");
    expect(stdout.trim().split("\n").pop()).toBe("local fake Intercom stopped.");
  });

  it("testing.test.ts (a user's tests on intercom-fetch/testing) passes under node:test", async () => {
    // Run as its header says, with node:test's TAP reporter; no fake of ours (it makes its own).
    const started = performance.now();
    const { code, stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "--test", "--test-reporter=tap", join("examples", "testing.test.ts")],
      { cwd: ROOT, env: { ...process.env, INTERCOM_ACCESS_TOKEN: "" } },
    ).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: Outcome) => ({ code: error.code, stdout: error.stdout }),
    );
    console.log(`[examples] testing.test.ts ran in ${Math.round(performance.now() - started)} ms`);
    expect(stdout).toMatch(/^# pass 5$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
    expect(code).toBe(0);
    expect(fake.received).toBe(0);
  });
});
