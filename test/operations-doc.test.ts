// docs/operations.md is generated (scripts/operations-doc.ts) and must be current, like
// `npm run generate -- --check` for generated/: every operation, its summary, walk and retry class.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPERATIONS_DOC, operationsDoc } from "../scripts/operations-doc.js";
import { renderOperationsDoc } from "../scripts/lib/operations-doc.js";
import { operations, paginatedOperations, readOnlyOperations } from "../generated/metadata.js";

const committed = () => readFileSync(OPERATIONS_DOC, "utf8");
const rows = (text: string) => text.split("\n").filter((line) => line.startsWith("| `"));

describe("docs/operations.md", () => {
  it("is what scripts/operations-doc.ts writes today (run `npx tsx scripts/operations-doc.ts`)", async () => {
    expect(committed()).toBe(await operationsDoc());
  }, 60_000);

  it("lists every operation once, with its walk and its retry class", () => {
    const lines = rows(committed());
    expect(lines).toHaveLength(operations.length);
    for (const o of operations) {
      const line = lines.find((l) => l.startsWith(`| \`${o.operationId}\` `));
      expect(line, o.operationId).toBeDefined();
      const cells = line!.split(" | ").map((c) => c.trim());
      expect(cells[1]).toBe(o.method.toUpperCase());
      expect(cells[2]).toBe(`\`${o.path}\``);
      expect(cells[3], `${o.operationId} has a summary`).not.toBe("");
      const paged = (paginatedOperations as Record<string, { operationId: string }>)[o.path];
      expect(cells[4] !== "", o.operationId).toBe(paged?.operationId === o.operationId);
      const reads = (readOnlyOperations as readonly string[]).includes(`${o.method} ${o.path}`);
      const retried = ["get", "head", "put", "delete", "options"].includes(o.method) || reads;
      expect(cells[5]!.replace(/\s*\|$/, ""), o.operationId).toBe(
        retried ? (reads ? "yes (reads)" : "yes") : "429 only",
      );
    }
  });

  it("keeps a summary on one line and escapes a pipe (negative control of the renderer)", () => {
    const doc = {
      paths: {
        "/things": { post: { summary: "Make a\nthing | now", description: "Long prose. Not shown." } },
      },
    };
    const text = renderOperationsDoc(
      doc,
      [{ operationId: "createThing", method: "post", path: "/things", tags: [] }],
      "9.9",
    );
    expect(rows(text)).toEqual(["| `createThing` | POST | `/things` | Make a thing \\| now |  | 429 only |"]);
    expect(text).not.toContain("Long prose");
  });
});
