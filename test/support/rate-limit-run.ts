// Fan-out runs of GET /contacts/{id} for the rate-limit tests and bench: in this process, or in
// worker processes started together (test/support/rate-limit-worker.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { ROOT } from "./spec.js";

export type WorkerClient = "paced" | "redis" | "unpaced" | "intercom-client";

export interface WorkerConfig {
  client: WorkerClient;
  from: "src" | "dist";
  baseUrl: string;
  redisUrl?: string;
  /** Wait for the Redis connection before saying ready. */
  redisReady?: boolean;
  token: string;
  count: number;
  concurrency: number;
  progressEvery: number;
  /** After `count`, keep calling (up to this many more) while the store is down and not back. */
  untilRecovered?: number;
  /**
   * Each worker starts at a random moment in [0, this) ms after "go" (and its client is created
   * then), as processes of a real deployment start: not all at a window's start.
   */
  randomStartMs?: number;
}

export type WorkerMessage =
  | { type: "ready" }
  | { type: "progress"; done: number }
  | { type: "event"; event: string }
  | ({ type: "done" } & RunResult);

export interface RunResult {
  failed: number;
  succeeded: number;
  /** The first few failures' messages. */
  errors: string[];
  /** When the last call ended (epoch ms; the workers run on this machine, on its clock). */
  endedAt: number;
}

/** `count` calls, `concurrency` at a time; a call fails if it throws or returns the wrong contact. */
export async function runCalls(
  get: (id: string) => Promise<{ id?: unknown }>,
  count: number,
  concurrency: number,
  onDone: (done: number) => void = () => undefined,
): Promise<RunResult> {
  const result: RunResult = { failed: 0, succeeded: 0, errors: [], endedAt: 0 };
  let next = 0;
  let done = 0;
  async function lane(): Promise<void> {
    while (next < count) {
      const id = `c${next++}`;
      try {
        const contact = await get(id);
        if (contact.id !== id) throw new Error(`asked ${id}, got ${String(contact.id)}`);
        result.succeeded++;
      } catch (error) {
        result.failed++;
        if (result.errors.length < 5)
          result.errors.push(error instanceof Error ? error.message : String(error));
      }
      onDone(++done);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  result.endedAt = Date.now();
  return result;
}

export interface WorkerRun {
  /** When the workers were told to go (epoch ms). */
  started: Promise<number>;
  /** Resolves when every worker is done: their results, and the events each reported in order. */
  finished: Promise<{ results: RunResult[]; events: string[][] }>;
  /** Calls done so far, over all workers. */
  progress(): number;
  /** Resolves once the workers have done at least `done` calls between them. */
  reached(done: number): Promise<void>;
}

/**
 * Starts `workers` processes, lets them all go at once (once ready, at the time `startAt` picks,
 * epoch ms, if given), and collects what they report.
 */
export async function startWorkers(
  workers: number,
  config: WorkerConfig,
  startAt?: (readyAt: number) => number,
): Promise<WorkerRun> {
  const children: ChildProcess[] = [];
  const events: string[][] = [];
  const results: RunResult[] = [];
  const progress: number[] = [];
  const waiting: { done: number; resolve: () => void }[] = [];
  const total = () => progress.reduce((a, b) => a + b, 0);
  const exits: Promise<unknown>[] = [];
  for (let i = 0; i < workers; i++) {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/support/rate-limit-worker.ts", JSON.stringify(config)],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] },
    );
    children.push(child);
    events.push([]);
    progress.push(0);
    exits.push(once(child, "exit"));
    child.on("message", (message: WorkerMessage) => {
      if (message.type === "event") events[i]!.push(message.event);
      if (message.type === "progress") {
        progress[i] = message.done;
        for (const w of waiting.filter((w) => total() >= w.done)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve();
        }
      }
      if (message.type === "done") {
        const { type: _type, ...result } = message;
        results[i] = result;
      }
    });
  }
  const ready = Promise.all(
    children.map(async (child) => {
      const [message] = (await once(child, "message")) as [WorkerMessage];
      if (message.type !== "ready") throw new Error(`worker said ${message.type} before ready`);
    }),
  );
  const started = ready.then(async () => {
    const at = startAt?.(Date.now());
    if (at !== undefined) await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
    for (const child of children) child.send("go");
    return Date.now();
  });
  await started;
  const finished = Promise.all(exits).then(() => {
    if (results.length !== workers || results.includes(undefined as never)) {
      throw new Error("a worker exited without its result");
    }
    return { results, events };
  });
  return {
    started,
    finished,
    progress: total,
    // Rejects, instead of waiting forever, when the workers finish (or one crashes) short of `done`.
    reached: (done) =>
      total() >= done
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiting.push({ done, resolve })),
            finished.then(() => {
              if (total() < done) throw new Error(`the workers finished at ${total()} calls, before ${done}`);
            }),
          ]),
  };
}
