// The fault-injection soak: a workload of reads, paginated walks and creates, run through
// createIntercom against the fake Intercom on 127.0.0.1 while it injects seeded faults. Used by
// `npm run soak` (scripts/soak.ts) and, smaller and with fixed seeds, by test/soak.test.ts.
import {
  createIntercom,
  IntercomError,
  unwrap,
  type IntercomOptions,
  type PageCursor,
} from "../../src/index.js";
import { errorReply, FakeIntercom } from "./fake-intercom.js";
import { installLists, makeItems } from "./lists.js";
import { FAULT_KINDS, randomFaults, seededRandom, type FaultKind } from "./random-faults.js";

export interface SoakOptions {
  seed: number;
  /** Share of requests that get a fault. */
  faultRate: number;
  /** Stop after this many operations (a read, a create, or one whole paginated walk)... */
  operations: number;
  /** ...or after this long, whichever comes first. */
  durationMs: number;
  concurrency: number;
  /** The client's per-attempt timeout; stalls last three times as long. */
  timeoutMs: number;
  /** Items in each paginated list, and the page size asked for. */
  listSize: number;
  perPage: number;
  /** Resumes allowed to one paginated walk (from a failed page's cursor) before it is abandoned. */
  maxResumes: number;
  /** A 429's X-RateLimit-Reset: this many seconds after the current one (0 makes the wait zero). */
  rateLimitResetInS: number;
  /** The fault kinds to draw from (default: all). */
  faultKinds?: readonly FaultKind[];
  /** Client options on top of token, baseUrl and timeoutMs; the retry policy stays default unless set here. */
  client?: Omit<IntercomOptions, "token" | "baseUrl" | "timeoutMs">;
}

export const defaultSoakOptions: SoakOptions = {
  seed: 1,
  faultRate: 0.2,
  operations: 3000,
  durationMs: 60_000,
  concurrency: 8,
  timeoutMs: 400,
  listSize: 60,
  perPage: 9,
  maxResumes: 25,
  rateLimitResetInS: 1,
};

/** Walked by the soak: one per pagination style that can be resumed (scroll cannot; see README). */
const PAGINATED = [
  { path: "/contacts", init: {} },
  { path: "/contacts/search", init: { body: { query: { field: "id", operator: "!=", value: "0" } } } },
  { path: "/companies", init: {} },
  { path: "/events", init: { params: { query: { type: "user", filter: { user_id: "u1" } } } } },
] as const;

export interface SoakReport {
  options: SoakOptions;
  elapsedMs: number;
  operations: { reads: number; creates: number; walks: number };
  /** Calls: one per GET/POST and one per page fetch; attempts are what the client's fetch was asked for. */
  calls: number;
  attempts: number;
  retried: number;
  serverReceived: number;
  succeeded: number;
  /** Failed calls, by the error's class name; "untyped: …" would be a defect. */
  failedBy: Record<string, number>;
  faultsInjected: Record<FaultKind, number>;
  /** Successful reads or creates whose data was not the one asked for (a silently wrong result). */
  wrongData: number;
  creates: {
    attempted: number;
    /** The client got the created contact back. */
    clientConfirmed: number;
    /** Failed with mayHaveBeenApplied: true; split by what the server really did. */
    ambiguousApplied: number;
    ambiguousNotApplied: number;
    /** Failed with mayHaveBeenApplied: false. */
    failedNotApplied: number;
    serverCreated: number;
    /** Contacts the server stored more than once (same external_id). */
    duplicates: number;
    /** Confirmed to the client but absent on the server. */
    lostWrites: number;
    /** Reported as not applied, but the server had applied them: the error lied. */
    wronglyReportedNotApplied: number;
  };
  walks: {
    started: number;
    completed: number;
    abandoned: number;
    resumes: number;
    /** In completed walks: items seen more than once, and items never seen. */
    duplicateItems: number;
    lostItems: number;
  };
  unhandledRejections: number;
}

export async function runSoak(given: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const options: SoakOptions = { ...defaultSoakOptions, ...given };
  const fake = await new FakeIntercom().start();
  fake.recordRequests = false;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    return await soakAgainst(fake, options, unhandled);
  } finally {
    process.off("unhandledRejection", onUnhandled);
    await fake.close();
  }
}

async function soakAgainst(fake: FakeIntercom, options: SoakOptions, unhandled: unknown[]) {
  // The server side: contacts stored by external_id (to count duplicates), seeded contacts to read.
  const stored = new Map<string, number>();
  let nextId = 0;
  fake.on("POST", "/contacts", (request) => {
    const body = request.json as { external_id?: string };
    const externalId = String(body.external_id);
    stored.set(externalId, (stored.get(externalId) ?? 0) + 1);
    return { json: { type: "contact", id: `created-${++nextId}`, external_id: externalId } };
  });
  fake.on("GET", "/contacts/{id}", (request) => {
    const id = request.params["id"] ?? "";
    return id.startsWith("seed-")
      ? { json: { type: "contact", id, external_id: `ext-${id}` } }
      : errorReply(404, "not_found", "User Not Found");
  });
  installLists(fake, { count: options.listSize, defaultPerPage: options.perPage });
  const faults = randomFaults({
    seed: options.seed,
    rate: options.faultRate,
    stallMs: options.timeoutMs * 3,
    rateLimitResetInS: options.rateLimitResetInS,
    ...(options.faultKinds ? { kinds: options.faultKinds } : {}),
  });
  fake.faultSource = faults.source;

  let attempts = 0;
  const intercom = createIntercom({
    ...options.client,
    token: "soak-token",
    baseUrl: fake.url,
    timeoutMs: options.timeoutMs,
    fetch: (request) => {
      attempts++;
      return globalThis.fetch(request);
    },
  });

  const report: SoakReport = {
    options,
    elapsedMs: 0,
    operations: { reads: 0, creates: 0, walks: 0 },
    calls: 0,
    attempts: 0,
    retried: 0,
    serverReceived: 0,
    succeeded: 0,
    failedBy: {},
    faultsInjected: faults.injected,
    wrongData: 0,
    creates: {
      attempted: 0,
      clientConfirmed: 0,
      ambiguousApplied: 0,
      ambiguousNotApplied: 0,
      failedNotApplied: 0,
      serverCreated: 0,
      duplicates: 0,
      lostWrites: 0,
      wronglyReportedNotApplied: 0,
    },
    walks: { started: 0, completed: 0, abandoned: 0, resumes: 0, duplicateItems: 0, lostItems: 0 },
    unhandledRejections: 0,
  };
  const failed = (error: unknown) => {
    const name = error instanceof IntercomError ? error.name : `untyped: ${String(error)}`;
    report.failedBy[name] = (report.failedBy[name] ?? 0) + 1;
  };
  const createOutcomes = new Map<string, "confirmed" | "ambiguous" | "not-applied">();

  async function read(random: () => number) {
    report.operations.reads++;
    report.calls++;
    const id = `seed-${1 + Math.floor(random() * 50)}`;
    try {
      const data = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id } } }));
      report.succeeded++;
      if (data.id !== id) report.wrongData++;
    } catch (error) {
      failed(error);
    }
  }

  async function create(index: number) {
    report.operations.creates++;
    report.creates.attempted++;
    report.calls++;
    const externalId = `soak-${options.seed}-${index}`;
    try {
      const data = unwrap(await intercom.POST("/contacts", { body: { external_id: externalId } }));
      report.succeeded++;
      createOutcomes.set(externalId, "confirmed");
      if (data.external_id !== externalId) report.wrongData++;
    } catch (error) {
      failed(error);
      const applied = (error as { mayHaveBeenApplied?: unknown }).mayHaveBeenApplied === true;
      createOutcomes.set(externalId, applied ? "ambiguous" : "not-applied");
    }
  }

  async function walk(random: () => number) {
    report.operations.walks++;
    report.walks.started++;
    const { path, init } = PAGINATED[Math.floor(random() * PAGINATED.length)]!;
    const paginate = intercom.paginate as (
      path: string,
      init: unknown,
    ) => { pages(): AsyncIterable<{ items: { id: string }[] }> };
    const seen = new Map<string, number>();
    let cursor: PageCursor | undefined;
    for (let resumes = 0; resumes <= options.maxResumes; resumes++) {
      try {
        for await (const page of paginate(path, { ...init, ...(cursor ? { cursor } : {}) }).pages()) {
          report.calls++;
          report.succeeded++;
          for (const item of page.items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
        }
        report.walks.completed++;
        const operationId = PAGINATED_OPERATION_IDS[path];
        const expected = makeItems(options.listSize, operationId).map((item) => item.id);
        report.walks.lostItems += expected.filter((id) => !seen.has(id)).length;
        report.walks.duplicateItems += [...seen.values()].filter((n) => n > 1).length;
        return;
      } catch (error) {
        report.calls++;
        failed(error);
        const resumeAt = error instanceof IntercomError ? error.cursor : undefined;
        if (!resumeAt) break;
        cursor = resumeAt;
        report.walks.resumes++;
      }
    }
    report.walks.abandoned++;
  }

  const started = Date.now();
  const deadline = started + options.durationMs;
  let next = 0;
  async function worker(workerIndex: number) {
    const random = seededRandom(options.seed * 1000 + workerIndex);
    while (next < options.operations && Date.now() < deadline) {
      const index = next++;
      const pick = random();
      if (pick < 0.5) await read(random);
      else if (pick < 0.8) await create(index);
      else await walk(random);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  report.elapsedMs = Date.now() - started;

  report.attempts = attempts;
  report.retried = attempts - report.calls;
  report.serverReceived = fake.received;
  const creates = report.creates;
  for (const [externalId, outcome] of createOutcomes) {
    const onServer = stored.get(externalId) ?? 0;
    if (outcome === "confirmed") {
      creates.clientConfirmed++;
      if (onServer === 0) creates.lostWrites++;
    } else if (outcome === "ambiguous") {
      if (onServer > 0) creates.ambiguousApplied++;
      else creates.ambiguousNotApplied++;
    } else {
      creates.failedNotApplied++;
      if (onServer > 0) creates.wronglyReportedNotApplied++;
    }
  }
  creates.serverCreated = [...stored.values()].reduce((sum, n) => sum + n, 0);
  creates.duplicates = [...stored.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  // Let a stray rejection from the last requests surface before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  report.unhandledRejections = unhandled.length;
  return report;
}

const PAGINATED_OPERATION_IDS: Record<string, string> = {
  "/contacts": "ListContacts",
  "/contacts/search": "SearchContacts",
  "/companies": "retrieveCompany",
  "/events": "lisDataEvents",
};

/** The invariants a soak with default retry settings must keep; empty when all hold. */
export function soakViolations(report: SoakReport): string[] {
  const violations: string[] = [];
  const untyped = Object.keys(report.failedBy).filter((name) => name.startsWith("untyped"));
  if (untyped.length) violations.push(`untyped failures: ${untyped.join(", ")}`);
  if (report.creates.duplicates) violations.push(`${report.creates.duplicates} duplicate creates`);
  if (report.creates.lostWrites) violations.push(`${report.creates.lostWrites} confirmed creates lost`);
  if (report.creates.wronglyReportedNotApplied)
    violations.push(`${report.creates.wronglyReportedNotApplied} creates applied though the error said not`);
  if (report.walks.abandoned) violations.push(`${report.walks.abandoned} walks abandoned`);
  if (report.walks.lostItems) violations.push(`${report.walks.lostItems} items lost in completed walks`);
  if (report.walks.duplicateItems) violations.push(`${report.walks.duplicateItems} items seen twice`);
  if (report.wrongData) violations.push(`${report.wrongData} successes returned the wrong data`);
  if (report.unhandledRejections) violations.push(`${report.unhandledRejections} unhandled rejections`);
  return violations;
}

export function formatSoakReport(report: SoakReport): string {
  const o = report.options;
  const c = report.creates;
  const w = report.walks;
  const lines = [
    `soak: seed ${o.seed}, fault rate ${o.faultRate}, ${o.concurrency} workers, timeout ${o.timeoutMs} ms, ` +
      `${(report.elapsedMs / 1000).toFixed(1)} s`,
    `operations: ${report.operations.reads} reads, ${report.operations.creates} creates, ${report.operations.walks} paginated walks`,
    `calls (requests + page fetches): ${report.calls}; attempts sent by the client: ${report.attempts} ` +
      `(${report.retried} retries); received by the server: ${report.serverReceived}`,
    `succeeded: ${report.succeeded}; failed: ${Object.values(report.failedBy).reduce((a, b) => a + b, 0)}`,
    ...Object.entries(report.failedBy)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `  ${name}: ${n}`),
    `faults injected: ${Object.values(report.faultsInjected).reduce((a, b) => a + b, 0)}`,
    ...FAULT_KINDS.map((kind) => `  ${kind}: ${report.faultsInjected[kind]}`),
    `creates: ${c.attempted} attempted, ${c.clientConfirmed} confirmed to the client, ${c.serverCreated} stored by the server`,
    `  failed, "may have been applied": ${c.ambiguousApplied + c.ambiguousNotApplied} ` +
      `(${c.ambiguousApplied} were applied, ${c.ambiguousNotApplied} were not)`,
    `  failed, not applied: ${c.failedNotApplied} (of which applied anyway: ${c.wronglyReportedNotApplied})`,
    `  duplicates on the server: ${c.duplicates}; confirmed but lost: ${c.lostWrites}`,
    `paginated walks: ${w.started} started, ${w.completed} completed, ${w.abandoned} abandoned ` +
      `(a failure without a cursor, or more than ${o.maxResumes} resumes); ${w.resumes} resumes from a failed page's cursor`,
    `  in completed walks: ${w.lostItems} items lost, ${w.duplicateItems} items seen twice`,
    `successes with the wrong data: ${report.wrongData}; unhandled rejections: ${report.unhandledRejections}`,
  ];
  const violations = soakViolations(report);
  lines.push(violations.length ? `INVARIANTS BROKEN: ${violations.join("; ")}` : "invariants: all hold");
  return lines.join("\n");
}
