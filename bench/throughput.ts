// Part 1: per-request overhead. GET /contacts/{id} through each client, sequentially and with 16 in
// flight, in interleaved blocks: every round runs one block per client, in an order rotated each
// round, after a warm-up round that is not counted. The server counts what it received per block.
import { CLIENTS, makeClient, type ClientName } from "./clients.js";
import type { ServerProcess } from "./server-process.js";
import { median, percentile, rotate } from "./stats.js";

type Mode = "sequential" | "concurrency 16";

export interface ThroughputResult {
  client: ClientName;
  mode: Mode;
  /** Median over rounds of requests per second. */
  reqPerSecond: number;
  /** Median over rounds of this client's req/s divided by raw fetch's in the same round. */
  ratioToRaw: number;
  /** Latency percentiles over every request of the counted rounds, ms. */
  p50: number;
  p99: number;
  /** Requests the server received from this client in the counted rounds (should be rounds × block). */
  serverRequests: number;
  sentRequests: number;
}

export interface ThroughputOptions {
  rounds: number;
  sequentialBlock: number;
  concurrentBlock: number;
}

async function runBlock(get: (id: string) => Promise<{ id?: unknown }>, total: number, inFlight: number) {
  const latencies: number[] = new Array<number>(total);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < total) {
      const k = next++;
      const id = `c${k}`;
      const started = performance.now();
      const contact = await get(id);
      latencies[k] = performance.now() - started;
      if (contact.id !== id) throw new Error(`wrong contact: asked ${id}, got ${String(contact.id)}`);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
}

export async function measureThroughput(
  server: ServerProcess,
  options: ThroughputOptions,
  log: (line: string) => void,
): Promise<ThroughputResult[]> {
  const clients = new Map(CLIENTS.map((name) => [name, makeClient(name, server.url)]));
  const modes: { mode: Mode; inFlight: number; block: number }[] = [
    { mode: "sequential", inFlight: 1, block: options.sequentialBlock },
    { mode: "concurrency 16", inFlight: 16, block: options.concurrentBlock },
  ];
  const results: ThroughputResult[] = [];
  for (const { mode, inFlight, block } of modes) {
    const rates = new Map<ClientName, number[]>(CLIENTS.map((c) => [c, []]));
    const latencies = new Map<ClientName, number[]>(CLIENTS.map((c) => [c, []]));
    const served = new Map<ClientName, number>(CLIENTS.map((c) => [c, 0]));
    for (let round = 0; round <= options.rounds; round++) {
      const warmUp = round === 0;
      for (const name of rotate(CLIENTS, round)) {
        await server.count();
        const run = await runBlock(clients.get(name)!, block, inFlight);
        const { count, versions } = await server.count();
        if (versions.join() !== "2.10") throw new Error(`${name} sent Intercom-Version ${versions.join()}`);
        if (warmUp) continue;
        rates.get(name)!.push(block / run.seconds);
        latencies.get(name)!.push(...run.latencies);
        served.set(name, served.get(name)! + count);
      }
      log(`  ${mode}: ${warmUp ? "warm-up" : `round ${round}/${options.rounds}`} done`);
    }
    const raw = rates.get("raw fetch")!;
    for (const client of CLIENTS) {
      const own = rates.get(client)!;
      results.push({
        client,
        mode,
        reqPerSecond: median(own),
        ratioToRaw: median(own.map((rate, round) => rate / raw[round]!)),
        p50: percentile(latencies.get(client)!, 50),
        p99: percentile(latencies.get(client)!, 99),
        serverRequests: served.get(client)!,
        sentRequests: options.rounds * block,
      });
    }
  }
  return results;
}
