// tsc does not copy .d.ts inputs into outDir; the built declarations import ../generated/schema.js.
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync("dist/generated", { recursive: true });
copyFileSync("generated/schema.d.ts", "dist/generated/schema.d.ts");
