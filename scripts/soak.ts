// npm run soak [-- --seed 7 --rate 0.3 --operations 5000 --duration 120 --concurrency 8 --timeout-ms 400
//                  --retry-non-idempotent --json]
// Runs the fault-injection soak on 127.0.0.1 and prints its report; exits 1 if an invariant broke.
import { parseArgs } from "node:util";
import { defaultSoakOptions, formatSoakReport, runSoak, soakViolations } from "../test/support/soak.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string" },
    rate: { type: "string" },
    operations: { type: "string" },
    duration: { type: "string" },
    concurrency: { type: "string" },
    "timeout-ms": { type: "string" },
    "retry-non-idempotent": { type: "boolean" },
    json: { type: "boolean" },
  },
});

function number(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`--${flag} must be a number in [${min}, ${max}], got ${raw}`);
    process.exit(2);
  }
  return value;
}

const d = defaultSoakOptions;
const report = await runSoak({
  seed: number("seed", values.seed, d.seed, 0, 2 ** 32 - 1),
  faultRate: number("rate", values.rate, d.faultRate, 0, 1),
  operations: number("operations", values.operations, d.operations, 1, 10_000_000),
  durationMs: number("duration", values.duration, d.durationMs / 1000, 1, 24 * 3600) * 1000,
  concurrency: number("concurrency", values.concurrency, d.concurrency, 1, 256),
  timeoutMs: number("timeout-ms", values["timeout-ms"], d.timeoutMs, 10, 60_000),
  ...(values["retry-non-idempotent"] ? { client: { retry: { retryNonIdempotent: true } } } : {}),
});
console.log(values.json ? JSON.stringify(report, null, 2) : formatSoakReport(report));
if (soakViolations(report).length > 0) process.exitCode = 1;
