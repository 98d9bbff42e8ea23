// npm run build: the package's dist/, ESM and CommonJS, each with its own declarations.
//   dist/esm/   ES modules and .d.ts (the package is "type": "module")
//   dist/cjs/   CommonJS and .d.ts, marked CommonJS by dist/cjs/package.json
// The generated schema types (400 KB and more of interfaces per version) and the named types over
// them ship once, in dist/cjs/generated/[<version>/]; the ESM folder re-exports them, since ESM
// declarations may import CommonJS ones. Versions: openapi/versions.json.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const { entries } = JSON.parse(readFileSync("openapi/versions.json", "utf8"));
rmSync("dist", { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.build-cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
}
writeFileSync("dist/cjs/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);
// tsc does not copy .d.ts inputs into outDir.
for (const folder of ["generated", ...entries.map((version) => `generated/${version}`)]) {
  const up = "../".repeat(folder.split("/").length + 1);
  mkdirSync(`dist/cjs/${folder}`, { recursive: true });
  copyFileSync(`${folder}/schema.d.ts`, `dist/cjs/${folder}/schema.d.ts`);
  mkdirSync(`dist/esm/${folder}`, { recursive: true });
  writeFileSync(`dist/esm/${folder}/schema.d.ts`, `export type * from "${up}cjs/${folder}/schema.js";\n`);
  // The named schema types, and the metadata's declarations (long literal types), once too.
  writeFileSync(
    `dist/esm/${folder}/named-types.d.ts`,
    `export type * from "${up}cjs/${folder}/named-types.js";\n`,
  );
  writeFileSync(`dist/esm/${folder}/metadata.d.ts`, `export * from "${up}cjs/${folder}/metadata.js";\n`);
}
// For resolvers that read no "exports" (TypeScript's node10): <version>/package.json points at the
// entry, as redis/package.json does for intercom-fetch/redis.
for (const version of entries) {
  mkdirSync(version, { recursive: true });
  const stub = {
    private: true,
    main: `../dist/cjs/generated/${version}/entry.js`,
    types: `../dist/cjs/generated/${version}/entry.d.ts`,
  };
  writeFileSync(`${version}/package.json`, `${JSON.stringify(stub, null, 2)}\n`);
}
