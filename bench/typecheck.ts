// Part 3: the same consumer program (bench/typecheck/<library>.ts) type-checked against each library
// installed in a consumer project: `tsc --noEmit --extendedDiagnostics`, strict, skipLibCheck false
// and true, in interleaved rounds with rotating order after a warm-up round.
import { execFile } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { median, rotate } from "./stats.js";

const run = promisify(execFile);
const TYPECHECKED = ["openapi-fetch", "intercom-fetch", "intercom-client"] as const;
type Library = (typeof TYPECHECKED)[number];

export interface TypecheckResult {
  library: Library;
  skipLibCheck: boolean;
  /** Median wall time of the tsc process, s. */
  wall: number;
  /** Median over rounds of this wall time divided by intercom-client's in the same round. */
  ratioToSdk: number;
  /** From --extendedDiagnostics (identical in every round). */
  types: number;
  instantiations: number;
  files: number;
  memoryKiB: number;
  checkTime: number;
}

function tsconfig(skipLibCheck: boolean, file: string): string {
  return JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2023", "DOM", "DOM.Iterable"],
      strict: true,
      skipLibCheck,
      types: [],
      noEmit: true,
    },
    files: [file],
  });
}

const figure = (output: string, label: string) =>
  Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1] ?? Number.NaN);

export async function measureTypecheck(
  root: string,
  dir: string,
  rounds: number,
  log: (line: string) => void,
): Promise<TypecheckResult[]> {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const library of TYPECHECKED) {
    await copyFile(join(root, "bench", "typecheck", `${library}.ts`), join(dir, `${library}.ts`));
    for (const skip of [false, true]) {
      await writeFile(join(dir, `tsconfig.${library}.${skip}.json`), tsconfig(skip, `${library}.ts`));
    }
  }
  const walls = new Map<string, number[]>();
  const diagnostics = new Map<string, string>();
  for (let round = 0; round <= rounds; round++) {
    for (const skip of [false, true]) {
      for (const library of rotate(TYPECHECKED, round)) {
        const key = `${library}.${skip}`;
        const started = performance.now();
        const result = await run(
          process.execPath,
          [tsc, "-p", `tsconfig.${key}.json`, "--extendedDiagnostics"],
          {
            cwd: dir,
          },
        ).catch((error: { stdout?: string }) => {
          throw new Error(`tsc failed on bench/typecheck/${library}.ts:\n${error.stdout ?? String(error)}`);
        });
        const seconds = (performance.now() - started) / 1000;
        diagnostics.set(key, result.stdout);
        if (round > 0) walls.set(key, [...(walls.get(key) ?? []), seconds]);
      }
    }
    log(`  typecheck: ${round === 0 ? "warm-up" : `round ${round}/${rounds}`} done`);
  }
  return TYPECHECKED.flatMap((library) =>
    [false, true].map((skip) => {
      const key = `${library}.${skip}`;
      const own = walls.get(key) ?? [];
      const sdk = walls.get(`intercom-client.${skip}`) ?? [];
      const output = diagnostics.get(key) ?? "";
      return {
        library,
        skipLibCheck: skip,
        wall: median(own),
        ratioToSdk: median(own.map((w, i) => w / sdk[i]!)),
        types: figure(output, "Types"),
        instantiations: figure(output, "Instantiations"),
        files: figure(output, "Files"),
        memoryKiB: figure(output, "Memory used"),
        checkTime: figure(output, "Check time"),
      };
    }),
  );
}
