// Renders one benchmark run: the side-by-side table (printed), the targets, and for --out the full
// markdown with the machine, the detail of each part and what each number means.
import type { CodegenResult } from "./codegen.js";
import type { PaginationResult } from "./pagination.js";
import type { BundleResult, InstallResult } from "./sizes.js";
import type { ThroughputResult } from "./throughput.js";
import type { TypecheckResult } from "./typecheck.js";

export interface RunResults {
  throughput: ThroughputResult[];
  pagination: PaginationResult[];
  typecheck: TypecheckResult[];
  bundles: BundleResult[];
  installs: InstallResult[];
  pack: { files: number; unpackedSize: number };
  codegen: CodegenResult;
  parameters: Record<string, number>;
  machine: { cpu: string; cores: number; memory: number; os: string; node: string };
  load: { start: number[]; end: number[] };
  startedAt: string;
  seconds: number;
}

const COLUMNS = ["raw fetch", "openapi-fetch", "intercom-fetch", "intercom-client"] as const;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} kB`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const x = (ratio: number) => `${ratio.toFixed(2)}×`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function sideBySide(r: RunResults): string {
  const cell = (column: string, render: (c: string) => string | undefined) => render(column) ?? "—";
  const tp = (mode: string, client: string) =>
    r.throughput.find((t) => t.mode === mode && t.client === client);
  const pg = (client: string) => r.pagination.find((p) => p.client === client);
  const tc = (library: string, skip: boolean) =>
    r.typecheck.find((t) => t.library === library && t.skipLibCheck === skip);
  const bundle = (library: string) => r.bundles.find((b) => b.library === library);
  const install = (name: string) => r.installs.find((i) => i.package === name);
  const row = (label: string, render: (c: string) => string | undefined) => [
    label,
    ...COLUMNS.map((c) => cell(c, render)),
  ];
  const rows = [
    ...(["sequential", "concurrency 16"] as const).flatMap((mode) => [
      row(`GET /contacts/{id} ${mode}: req/s (ratio to raw fetch)`, (c) => {
        const t = tp(mode, c);
        return t && `${int(t.reqPerSecond)} (${x(t.ratioToRaw)})`;
      }),
      row(`… ${mode}: p50 / p99 latency`, (c) => {
        const t = tp(mode, c);
        return t && `${t.p50.toFixed(2)} / ${t.p99.toFixed(2)} ms`;
      }),
      row(`… ${mode}: requests the server counted / sent`, (c) => {
        const t = tp(mode, c);
        return t && `${int(t.serverRequests)} / ${int(t.sentRequests)}`;
      }),
    ]),
    row(
      `paginate ${int(r.parameters["paginationItems"] ?? 0)} contacts, 50 per page: wall, requests`,
      (c) => {
        const p = pg(c);
        return p && `${p.seconds.toFixed(2)} s, ${p.requests.map(int).join(" / ")} req`;
      },
    ),
    row("… RSS growth / heap growth / retained after GC", (c) => {
      const p = pg(c);
      return p && `${mb(p.rssGrowth)} / ${mb(p.heapGrowth)} / ${mb(p.retained)}`;
    }),
    ...[false, true].map((skip) =>
      row(`consumer tsc, skipLibCheck ${skip}: wall (ratio to SDK), types, memory`, (c) => {
        const t = tc(c, skip);
        return (
          t && `${t.wall.toFixed(2)} s (${x(t.ratioToSdk)}), ${int(t.types)} types, ${mb(t.memoryKiB * 1024)}`
        );
      }),
    ),
    row("one-call browser bundle, minified: raw / gzip", (c) => {
      const b = bundle(c);
      return b && `${kb(b.raw)} / ${kb(b.gzip)}`;
    }),
    row("installed with dependencies: files, bytes (of which .d.ts)", (c) => {
      const i = install(c);
      return i && `${int(i.files)} files, ${mb(i.bytes)} (${mb(i.declarationBytes)})`;
    }),
    row("codegen of the 2.10 spec, cold (median)", (c) =>
      c === "intercom-fetch" ? `${r.codegen.median.toFixed(2)} s` : undefined,
    ),
  ];
  return table(["metric", ...COLUMNS], rows);
}

interface Verdict {
  target: string;
  figure: string;
  met: boolean;
}

function verdicts(r: RunResults): Verdict[] {
  const out: Verdict[] = [];
  for (const mode of ["sequential", "concurrency 16"] as const) {
    const ours = r.throughput.find((t) => t.mode === mode && t.client === "intercom-fetch");
    const bare = r.throughput.find((t) => t.mode === mode && t.client === "openapi-fetch");
    const sdk = r.throughput.find((t) => t.mode === mode && t.client === "intercom-client");
    if (!ours || !bare || !sdk) continue;
    const vsBare = ours.ratioToRaw / bare.ratioToRaw;
    out.push({
      target: `${mode}: intercom-fetch within 3% of bare openapi-fetch`,
      figure: `${x(vsBare)} of openapi-fetch`,
      met: vsBare >= 0.97,
    });
    const vsSdk = ours.ratioToRaw / sdk.ratioToRaw;
    out.push({
      target: `${mode}: intercom-fetch at least 1.25× intercom-client`,
      figure: `${x(vsSdk)} of intercom-client`,
      met: vsSdk >= 1.25,
    });
  }
  const p = r.pagination.find((q) => q.client === "intercom-fetch");
  if (p) {
    const items = r.parameters["paginationItems"] ?? 0;
    out.push({
      target: "pagination: RSS growth under 40 MB",
      figure: mb(p.rssGrowth),
      met: p.rssGrowth < 40e6,
    });
    out.push({
      target: "pagination: retained heap near zero (< 2 MB)",
      figure: mb(p.retained),
      met: p.retained < 2e6,
    });
    out.push({
      target: `pagination: exactly ${int(items / 50)} requests`,
      figure: p.requests.map(int).join(" / "),
      met: p.requests.every((n) => n === items / 50),
    });
  }
  for (const skip of [false, true]) {
    const t = r.typecheck.find((q) => q.library === "intercom-fetch" && q.skipLibCheck === skip);
    if (t)
      out.push({
        target: `consumer tsc, skipLibCheck ${skip}: at most 0.8× intercom-client's wall time`,
        figure: `${x(t.ratioToSdk)} (${t.wall.toFixed(2)} s)`,
        met: t.ratioToSdk <= 0.8,
      });
  }
  const ours = r.bundles.find((b) => b.library === "intercom-fetch");
  const sdk = r.bundles.find((b) => b.library === "intercom-client");
  if (ours && sdk)
    out.push({
      target: "one-call browser bundle under 6 kB gzip and at least 5× smaller than intercom-client's",
      figure: `${kb(ours.gzip)} gzip, ${(sdk.gzip / ours.gzip).toFixed(1)}× smaller`,
      met: ours.gzip < 6000 && sdk.gzip / ours.gzip >= 5,
    });
  return out;
}

export function verdictList(r: RunResults): string {
  return verdicts(r)
    .map((v) => `- ${v.met ? "met" : "MISSED"}: ${v.target}: ${v.figure}`)
    .join("\n");
}

const MEANINGS = `## What each number means

- **req/s** is the median, over the counted rounds, of requests completed per second in one block;
  **ratio to raw fetch** is the median of the per-round ratios (each client's block against raw
  fetch's block in the same round, so slow moments of the machine cancel out). Ratios between two
  clients in the targets are the quotient of their ratios to raw fetch.
- **p50 / p99** are latency percentiles over every request of the counted rounds, from the call to
  the parsed body. With 16 in flight, latency includes queueing behind the other 15.
- **requests the server counted** is what the fake Intercom received; equal to what was sent means no
  client retried or dropped anything. Every request also had to carry \`Intercom-Version: 2.10\`.
- **paginate**: one fresh process per client and round (\`bench/paginate.ts\`), the server in another.
  The baseline is taken after the client made one request (\`GET /me\`), fetched the first page and a
  forced GC. **RSS growth** is the process's peak RSS (\`resourceUsage().maxRSS\`) minus the RSS at the
  baseline; **heap growth** is the largest \`heapUsed\` sampled after each page (no forced GC, so it
  includes garbage not yet collected) minus the baseline; **retained** is \`heapUsed\` after the walk,
  a forced GC, a turn of the event loop (so that pending finalizers run) and another GC, minus the
  baseline. Wall time and memory are medians over the rounds; **requests**
  are server-counted pages for each round (the warm-up \`GET /me\` is not counted).
- **consumer tsc**: \`tsc --noEmit --extendedDiagnostics\` on the same program written against each
  library (\`bench/typecheck/*.ts\`), strict, lib ES2023 + DOM, no \`@types\`, in a project where the
  packed \`intercom-fetch\` and \`intercom-client\` were installed. Wall time is the median over rounds
  of the whole tsc process; the ratio is the median of per-round ratios to intercom-client; types and
  memory are tsc's own counts.
- **bundle**: \`bench/bundle/*.ts\` (create a client, one \`GET /contacts/{id}\`), bundled by esbuild for
  the browser, ESM, minified, ES2022; gzip at level 9. kB = 1,000 bytes, MB = 1,000,000 bytes.
- **installed**: files and bytes (apparent size) of the package and its dependencies in
  \`node_modules\` after \`npm install\` of the packed tarball (intercom-fetch) or the registry package.
- **codegen**: \`scripts/generate.ts\` in a fresh process into a temp dir (spec read, overlays,
  validation, openapi-typescript, prettier), median of the runs.
`;

export function markdown(r: RunResults): string {
  const m = r.machine;
  const params = Object.entries(r.parameters)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(", ");
  return `# Benchmark results

One run of \`npm run bench\`, started ${r.startedAt}, ${r.seconds.toFixed(0)} s in all.

Machine: ${m.cpu}, ${m.cores} cores, ${(m.memory / 2 ** 30).toFixed(1)} GiB RAM, ${m.os}, Node ${m.node}.
Load average (1, 5, 15 min) at the start: ${r.load.start.map((l) => l.toFixed(2)).join(", ")}; at the end:
${r.load.end.map((l) => l.toFixed(2)).join(", ")}. Parameters: ${params}.

${sideBySide(r)}

## Targets

${verdictList(r)}

${MEANINGS}`;
}
