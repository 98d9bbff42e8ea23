// npm run bench: every comparison of issue 9 in one run, printed as one table.
//   npm run bench                       # full run (under 5 minutes on 2 cores)
//   npm run bench -- --quick            # small blocks and one round, to try the harness
//   npm run bench -- --out bench/RESULTS.md   # also write the markdown report
// The package is built first (npm run bench does it); every client is imported as users get it.
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { parseArgs } from "node:util";
import { measureCodegen } from "./codegen.js";
import { createConsumerProject } from "./consumer-project.js";
import { measurePagination } from "./pagination.js";
import { markdown, sideBySide, verdictList, type RunResults } from "./report.js";
import { startServerProcess } from "./server-process.js";
import { measureBundles, measureInstalls } from "./sizes.js";
import { measureThroughput } from "./throughput.js";
import { measureTypecheck } from "./typecheck.js";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, out: { type: "string" } } });
const quick = values.quick === true;
const parameters = {
  throughputRounds: quick ? 1 : 7,
  sequentialBlock: quick ? 200 : 1000,
  concurrentBlock: quick ? 400 : 3000,
  paginationItems: quick ? 10_000 : 100_000,
  paginationRounds: quick ? 1 : 3,
  typecheckRounds: quick ? 1 : 4,
  codegenRuns: quick ? 1 : 3,
};
const root = process.cwd();
const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
const startedAt = new Date()
  .toISOString()
  .replace(/\.\d+Z$/, " UTC")
  .replace("T", " ");
const loadAtStart = loadavg();

const server = await startServerProcess(parameters.paginationItems);
let throughput, pagination;
try {
  log("1/5 per-request overhead");
  throughput = await measureThroughput(
    server,
    {
      rounds: parameters.throughputRounds,
      sequentialBlock: parameters.sequentialBlock,
      concurrentBlock: parameters.concurrentBlock,
    },
    log,
  );
  log("2/5 pagination");
  pagination = await measurePagination(server, parameters.paginationItems, parameters.paginationRounds, log);
} finally {
  await server.stop();
}

log("3/5 consumer type-check (packing and installing a consumer project)");
const project = await createConsumerProject(root);
let typecheck, bundles, installs;
try {
  typecheck = await measureTypecheck(root, project.dir, parameters.typecheckRounds, log);
  log("4/5 bundle and install size");
  bundles = await measureBundles(root, project.dir);
  installs = await measureInstalls(project.dir);
} finally {
  await project.remove();
}
log("5/5 codegen, cold");
const codegen = await measureCodegen(root, parameters.codegenRuns);

const cpu = cpus();
const results: RunResults = {
  throughput,
  pagination,
  typecheck,
  bundles,
  installs,
  pack: { files: project.pack.entryCount, unpackedSize: project.pack.unpackedSize },
  codegen,
  parameters,
  machine: {
    cpu: cpu[0]?.model.trim() ?? "unknown CPU",
    cores: cpu.length,
    memory: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
  },
  load: { start: loadAtStart, end: loadavg() },
  startedAt,
  seconds: (performance.now() - started) / 1000,
};

console.log(sideBySide(results));
console.log(`\n${verdictList(results)}`);
console.log(
  `\n${results.seconds.toFixed(0)} s; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(", ")}`,
);
if (values.out) {
  await writeFile(values.out, markdown(results));
  log(`wrote ${values.out}`);
}
