// Part 2, one client per process: iterate every contact of GET /contacts, 50 per page, through
// intercom-fetch's paginate or intercom-client's pager, and print one JSON line of figures.
// Run as: node --expose-gc --import tsx bench/paginate.ts <intercom-fetch|intercom-client> <url> <items>
import { IntercomClient } from "intercom-client";
// The built package (as users run it), not src/: tsconfig.json maps "intercom-fetch" to src/ for tsx.
import { createIntercom } from "../dist/esm/src/index.js";

const [name, baseUrl, expected] = process.argv.slice(2) as [string, string, string];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const PER_PAGE = 50;

async function* contacts(): AsyncGenerator<{ id?: unknown }> {
  if (name === "intercom-fetch") {
    const intercom = createIntercom({ token: "bench-token", baseUrl });
    await intercom.GET("/me"); // connection and fetch machinery loaded before the baseline
    yield* intercom.paginate("/contacts", { params: { query: { per_page: PER_PAGE } } });
  } else if (name === "intercom-client") {
    const client = new IntercomClient({ token: "bench-token", baseUrl, version: "2.10" });
    await client.admins.identify();
    yield* await client.contacts.list({ per_page: PER_PAGE });
  } else {
    throw new Error(`unknown client ${name}`);
  }
}

const iterator = contacts();
let step = await iterator.next(); // runs the warm-up call and fetches page 1
gc();
const rssBefore = process.memoryUsage().rss;
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = heapBefore;
let items = 0;
const started = performance.now();
for (; !step.done; step = await iterator.next()) {
  items++;
  if (typeof step.value.id !== "string") throw new Error("an item without an id");
  if (items % PER_PAGE === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const seconds = (performance.now() - started) / 1000;
// Twice, with a turn of the event loop between: FinalizationRegistry callbacks (undici registers
// each request that has a signal) run only after a GC found their targets dead.
gc();
await new Promise((resolve) => setTimeout(resolve, 10));
gc();
const retained = process.memoryUsage().heapUsed - heapBefore;
if (items !== Number(expected)) throw new Error(`expected ${expected} items, got ${items}`);
console.log(
  JSON.stringify({
    client: name,
    items,
    seconds,
    rssBefore,
    rssGrowth: process.resourceUsage().maxRSS * 1024 - rssBefore,
    heapGrowth: peakHeap - heapBefore,
    retained,
  }),
);
