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

const shared = { testTimeout: 20_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "unit", include: unit } },
      { test: { ...shared, name: "full", include: ["test/**/*.test.ts"], exclude: unit } },
    ],
  },
});
