// Part 2: pagination of BENCH_LIST_ITEMS contacts, each client in its own process (bench/paginate.ts),
// alternating clients over rounds; the server counts the requests of each run.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ServerProcess } from "./server-process.js";
import { median, rotate } from "./stats.js";

const run = promisify(execFile);
const PAGINATING_CLIENTS = ["intercom-fetch", "intercom-client"] as const;

export interface PaginationResult {
  client: (typeof PAGINATING_CLIENTS)[number];
  items: number;
  /** Medians over rounds. */
  seconds: number;
  rssGrowth: number;
  heapGrowth: number;
  retained: number;
  rssBefore: number;
  /** Server-counted requests of every run (one value per round). */
  requests: number[];
}

interface RunFigures {
  items: number;
  seconds: number;
  rssBefore: number;
  rssGrowth: number;
  heapGrowth: number;
  retained: number;
}

export async function measurePagination(
  server: ServerProcess,
  items: number,
  rounds: number,
  log: (line: string) => void,
): Promise<PaginationResult[]> {
  const runs = new Map<string, { figures: RunFigures; requests: number }[]>();
  for (let round = 0; round < rounds; round++) {
    for (const client of rotate(PAGINATING_CLIENTS, round)) {
      await server.count();
      const { stdout } = await run(
        process.execPath,
        ["--expose-gc", "--import", "tsx", "bench/paginate.ts", client, server.url, String(items)],
        { maxBuffer: 1 << 20 },
      );
      const { count } = await server.count();
      const figures = JSON.parse(stdout.trim().split("\n").pop() ?? "") as RunFigures;
      // The warm-up call (GET /me) is not a page.
      runs.set(client, [...(runs.get(client) ?? []), { figures, requests: count - 1 }]);
      log(`  pagination: ${client} round ${round + 1}/${rounds}: ${figures.seconds.toFixed(1)} s`);
    }
  }
  return PAGINATING_CLIENTS.map((client) => {
    const own = runs.get(client) ?? [];
    const of = (key: keyof RunFigures) => median(own.map((r) => r.figures[key]));
    return {
      client,
      items: of("items"),
      seconds: of("seconds"),
      rssGrowth: of("rssGrowth"),
      heapGrowth: of("heapGrowth"),
      retained: of("retained"),
      rssBefore: of("rssBefore"),
      requests: own.map((r) => r.requests),
    };
  });
}
