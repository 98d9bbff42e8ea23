// npm's prepack and postpack (`npm pack`, `npm publish`): what ships is built, and none of this
// repository's scripts ship with it.
//
//   node scripts/pack.mjs prepack    builds dist/ (the codegen first if generated/ is missing), then
//                                    saves package.json and rewrites it without "scripts"
//   node scripts/pack.mjs postpack   puts the saved package.json back, byte for byte
//
// Why rewrite package.json: `npm ci` must run the codegen (the `prepare` script), and npm packs
// package.json as it is on disk, so `prepare` would ship and npm would treat it as an install script
// in every project that installs the tarball. npm has no publishConfig for scripts (pnpm does), so
// the manifest is stripped for the length of the pack. npm 10 and 11 both read the manifest before
// prepack (so postpack still runs) and read it again from disk when they pack (so the `prepare` that
// would follow prepack is gone too, and the tarball's package.json has no scripts).
// A copy rather than `npm pkg delete` + `npm pkg set`: putting the key back would move it to the end
// of "scripts". If a pack dies between the two steps (npm then skips postpack), `git status` shows
// package.json changed and package.json.prepack beside it; `node scripts/pack.mjs postpack` puts it back.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const saved = "package.json.prepack";
const step = process.argv[2];

if (step === "prepack") {
  if (existsSync(saved))
    throw new Error(`${saved} exists: an earlier pack stopped midway (see scripts/pack.mjs)`);
  const npm = process.env.npm_execpath;
  const runScript = (name) =>
    npm
      ? execFileSync(process.execPath, [npm, "run", name], { stdio: "inherit" })
      : execFileSync("npm", ["run", name], { stdio: "inherit" });
  if (!existsSync("generated/schema.d.ts")) runScript("generate");
  runScript("build");
  copyFileSync("package.json", saved);
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  delete manifest.scripts;
  writeFileSync("package.json", `${JSON.stringify(manifest, null, 2)}\n`);
} else if (step === "postpack") {
  if (existsSync(saved)) {
    copyFileSync(saved, "package.json");
    rmSync(saved);
  }
} else {
  console.error("usage: node scripts/pack.mjs prepack|postpack");
  process.exit(2);
}
