// npm run bench:throughput: part 1 of `npm run bench` alone (per-request overhead against bare
// openapi-fetch, raw fetch and intercom-client), for a quick before/after of a request-path change.
//   npm run bench:throughput -- [--rounds 7] [--sequential 1000] [--concurrent 3000]
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startServerProcess } from "./server-process.js";
import { measureThroughput } from "./throughput.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "7" },
    sequential: { type: "string", default: "1000" },
    concurrent: { type: "string", default: "3000" },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const load = loadavg()[0]!.toFixed(2);
const server = await startServerProcess(10);
try {
  const results = await measureThroughput(
    server,
    {
      rounds: Number(values.rounds),
      sequentialBlock: Number(values.sequential),
      concurrentBlock: Number(values.concurrent),
    },
    log,
  );
  const byMode = (mode: string, client: string) =>
    results.find((r) => r.mode === mode && r.client === client)!.reqPerSecond;
  console.log(`load average at start ${load}, at end ${loadavg()[0]!.toFixed(2)}`);
  console.log("| client | mode | req/s | × raw fetch | p50 ms | p99 ms |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const r of results) {
    console.log(
      `| ${r.client} | ${r.mode} | ${r.reqPerSecond.toFixed(0)} | ${r.ratioToRaw.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`,
    );
  }
  for (const mode of ["sequential", "concurrency 16"]) {
    const ratio = byMode(mode, "intercom-fetch") / byMode(mode, "openapi-fetch");
    console.log(`intercom-fetch / openapi-fetch, ${mode}: ${ratio.toFixed(2)}x`);
  }
} finally {
  await server.stop();
}
