// npm run build: the package's dist/, ESM and CommonJS, each with its own declarations.
//   dist/esm/   ES modules and .d.ts (the package is "type": "module")
//   dist/cjs/   CommonJS and .d.ts, marked CommonJS by dist/cjs/package.json
// The generated schema types (400 KB of interfaces) ship once, in dist/cjs/generated/schema.d.ts;
// dist/esm/generated/schema.d.ts re-exports them, since ESM declarations may import CommonJS ones.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.build-cjs.json"]) {
  execFileSync(process.execPath, [tsc, "-p", project], { stdio: "inherit" });
}
writeFileSync("dist/cjs/package.json", `${JSON.stringify({ type: "commonjs" })}\n`);
// tsc does not copy .d.ts inputs into outDir.
mkdirSync("dist/cjs/generated", { recursive: true });
copyFileSync("generated/schema.d.ts", "dist/cjs/generated/schema.d.ts");
mkdirSync("dist/esm/generated", { recursive: true });
writeFileSync("dist/esm/generated/schema.d.ts", 'export type * from "../../cjs/generated/schema.js";\n');
