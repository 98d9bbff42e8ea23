// ESLint (flat config) with typescript-eslint, beside prettier (which owns formatting).
// src/ is the library: it must run in browsers and other runtimes, so it may not import Node's
// modules or use Node's globals (src/internal/runtime.ts reads `process` through globalThis, guarded).
import { builtinModules } from "node:module";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const nodeModules = builtinModules.filter((name) => !name.startsWith("_"));

export const nodeOnlyRules = {
  "no-restricted-imports": [
    "error",
    {
      paths: nodeModules.map((name) => ({ name, message: "src/ must not depend on Node-only modules." })),
      patterns: [{ group: ["node:*"], message: "src/ must not depend on Node-only modules." }],
    },
  ],
  "no-restricted-globals": [
    "error",
    ...["process", "Buffer", "require", "module", "__dirname", "__filename", "global", "setImmediate"].map(
      (name) => ({ name, message: "src/ must not use Node-only globals (see src/internal/runtime.ts)." }),
    ),
  ],
};

export default tseslint.config(
  { ignores: ["dist/", "generated/", "generated.*/", "docs/api/", "coverage/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...nodeOnlyRules, "@typescript-eslint/no-explicit-any": "error" },
  },
  {
    // intercom-fetch/testing is the one Node-only entry point (it listens on 127.0.0.1); the main
    // entry never imports it.
    files: ["src/testing/**/*.ts"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "no-restricted-imports": "off", "no-restricted-globals": "off" },
  },
  {
    // Type-level tests bind values only to inspect their types.
    files: ["test/types/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off" },
  },
);
