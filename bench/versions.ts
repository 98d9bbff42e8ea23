// npm run bench:versions: what a consumer's type checker pays per entry point. The same program
// (bench/typecheck/intercom-fetch-version.ts) is type-checked against `intercom-fetch` and each
// `intercom-fetch/<version>` of openapi/versions.json, through the built package (package.json
// exports, dist/), strict, skipLibCheck false and true, in rounds with rotating order after a
// warm-up round. Prints the median wall time, types, files and memory, and which generated schemas
// the checker read (each entry must read its own only).
//   npm run bench:versions [-- --rounds 5]
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { median, rotate } from "./stats.js";

const run = promisify(execFile);
const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const rounds = Number(values.rounds);
const { entries } = JSON.parse(await readFile(join(root, "openapi", "versions.json"), "utf8")) as {
  entries: string[];
};
const specifiers = ["intercom-fetch", ...entries.map((version) => `intercom-fetch/${version}`)];
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const program = await readFile(join(root, "bench", "typecheck", "intercom-fetch-version.ts"), "utf8");
// Inside the package, so that "intercom-fetch" resolves to itself through its exports (dist/).
const dir = await mkdtemp(join(root, "bench", ".versions-"));
const figure = (output: string, label: string) =>
  Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1] ?? Number.NaN);
try {
  for (const [i, specifier] of specifiers.entries()) {
    await writeFile(join(dir, `p${i}.ts`), program.replace('from "intercom-fetch"', `from "${specifier}"`));
  }
  const walls = new Map<string, number[]>();
  const outputs = new Map<string, string>();
  for (let round = 0; round <= rounds; round++) {
    for (const skip of [false, true]) {
      for (const i of rotate([...specifiers.keys()], round)) {
        const args = [tsc, "--noEmit", "--strict", "--skipLibCheck", String(skip), "--module", "nodenext"];
        args.push("--target", "es2022", "--lib", "es2023,dom", "--extendedDiagnostics");
        args.push("--listFiles", join(dir, `p${i}.ts`));
        const started = performance.now();
        const { stdout } = await run(process.execPath, args, { cwd: root, maxBuffer: 16 << 20 });
        const key = `${i}.${skip}`;
        outputs.set(key, stdout);
        if (round > 0) walls.set(key, [...(walls.get(key) ?? []), (performance.now() - started) / 1000]);
      }
    }
    console.log(`  ${round === 0 ? "warm-up" : `round ${round}/${rounds}`} done`);
  }
  console.log("| entry point | skipLibCheck | wall (median) | types | files | memory | schemas read |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const skip of [false, true]) {
    for (const [i, specifier] of specifiers.entries()) {
      const out = outputs.get(`${i}.${skip}`) ?? "";
      const schemas = out
        .split("\n")
        .filter((line) => /dist\/cjs\/generated\/(\d+\.\d+\/)?schema\.d\.ts$/.test(line))
        .map((line) => /generated\/(\d+\.\d+)\//.exec(line)?.[1] ?? "default");
      const wall = median(walls.get(`${i}.${skip}`) ?? []).toFixed(2);
      const memory = (figure(out, "Memory used") / 1024).toFixed(1);
      console.log(
        `| ${specifier} | ${skip} | ${wall} s | ${figure(out, "Types")} | ${figure(out, "Files")} | ${memory} MB | ${schemas.join(", ")} |`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
