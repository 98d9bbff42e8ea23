import { defineConfig } from "vitest/config";

// Two tiers. `npm run test:unit` runs the fast one for the inner loop: the facade, pagination, retry
// policy, errors, webhooks, bad input, token hygiene and openapi-fetch's semantics over loopback
// HTTP, with no browser, Prism, packing or codegen. `npm test` runs both. A new test file lands in the full tier unless it is
// listed here.
const unit = [
  "test/facade.test.ts",
  "test/pagination.test.ts",
  "test/webhooks.test.ts",
  "test/bad-input.test.ts",
  "test/token-hygiene.test.ts",
  "test/bench-stats.test.ts",
  "test/request-path.test.ts",
];

// Timeouts are backstops for a hang, not a measure of speed: sized for a loaded 2-core machine (load
// 9: `npm test` beside 8 CPU-bound processes, docs/testing.md), where a codegen run or a tsc check
// takes five times as long as on an idle one. No test asserts how fast something ran.
const shared = { testTimeout: 120_000, hookTimeout: 300_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "unit", include: unit } },
      { test: { ...shared, name: "full", include: ["test/**/*.test.ts"], exclude: unit } },
    ],
  },
});
