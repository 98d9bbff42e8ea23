// npm run bench — peak memory and throughput of iterating 100,000 items with paginate().
//
// The fake Intercom runs in a child process; this process only runs the client. Reported:
// peak RSS (process.resourceUsage().maxRSS), and the largest heapUsed seen after a forced GC
// (sampled every 20 pages), for streaming with `for await` and, for comparison, for collecting
// every item into an array. Run with: node --expose-gc --import tsx bench/paginate-memory.ts
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createIntercom } from "../src/index.js";

const ITEMS = Number(process.env["BENCH_ITEMS"] ?? 100_000);
const PER_PAGE = 150;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench does)");

const server = spawn(process.execPath, ["--import", "tsx", "bench/fake-server.ts", String(ITEMS)], {
  stdio: ["ignore", "pipe", "inherit"],
});
const [url] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const intercom = createIntercom({ token: "bench", baseUrl: url });

async function measure(label: string, collect: boolean): Promise<void> {
  gc!();
  const baseline = process.memoryUsage().heapUsed;
  let peakHeap = baseline;
  let count = 0;
  let pages = 0;
  const kept: unknown[] = [];
  const started = performance.now();
  for await (const page of intercom
    .paginate("/contacts", { params: { query: { per_page: PER_PAGE } } })
    .pages()) {
    count += page.items.length;
    if (collect) kept.push(...page.items);
    if (++pages % 20 === 0) {
      gc!();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  gc!();
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (count !== ITEMS) throw new Error(`expected ${ITEMS} items, got ${count}`);
  console.log(
    `${label.padEnd(22)} ${count} items, ${pages} pages, ${seconds.toFixed(2)} s ` +
      `(${Math.round(count / seconds)} items/s); live heap above baseline at peak: ${mib(peakHeap - baseline)}` +
      (collect ? ` (holding ${kept.length} items)` : ""),
  );
}

try {
  console.log(
    `node ${process.version}, ${ITEMS} contacts at ${PER_PAGE} per page, fake Intercom in a child process`,
  );
  console.log(`RSS before iterating (node + tsx + client loaded): ${mib(process.memoryUsage().rss)}`);
  await measure("for await (streaming)", false);
  console.log(`peak RSS after streaming: ${mib(process.resourceUsage().maxRSS * 1024)}`);
  await measure("collect into an array", true);
  console.log(`peak RSS after collecting: ${mib(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  server.kill("SIGTERM");
}
