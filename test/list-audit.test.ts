// Issue 23's list audit: every list response of the adopted version (a 2xx body holding an array
// of items), keyed by operationId, has a reviewed verdict in openapi/list-audit.json naming its
// shape (schema, items, what pages.next is); a shape that changes (a bump, a fix) fails here until
// the audit is redone. Every recorded 2xx response of a list in the evidence corpus must agree with
// the declared shape (its items where declared, a URL next only where declared), unless the case is
// a known failure.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeShape, listShapes, recordingDisagrees, type ListShape } from "../scripts/lib/list-audit.js";
import { loadKnownFailurePins } from "./support/evidence.js";
import { loadFixIds, loadOverlaidSpec, ROOT } from "./support/spec.js";
import { apiVersion } from "../generated/metadata.js";

const audit = JSON.parse(readFileSync(join(ROOT, "openapi", "list-audit.json"), "utf8")) as Record<
  string,
  { shape: string; verdict: string }
>;
const RESPONSES = join(ROOT, "test", "evidence", "responses");
let shapes: Map<string, ListShape>;
let fixIds: Set<string>;

beforeAll(async () => {
  shapes = listShapes((await loadOverlaidSpec(apiVersion)) as never);
  fixIds = await loadFixIds();
}, 120_000);

describe(`list responses of ${apiVersion}`, () => {
  it("each has a verdict on its current shape, and every verdict names a list and a real fix", () => {
    expect([...shapes.keys()].filter((id) => audit[id] === undefined)).toEqual([]);
    expect(Object.keys(audit).filter((id) => !shapes.has(id))).toEqual([]);
    const changed = [...shapes]
      .filter(([id, shape]) => audit[id] !== undefined && audit[id].shape !== describeShape(shape))
      .map(([id, shape]) => `${id}: now ${describeShape(shape)}, audited ${audit[id]?.shape ?? ""}`);
    expect(changed).toEqual([]);
    const unknownFixes = Object.entries(audit)
      .map(([id, v]) => [id, /^fixed: (\S+)/.exec(v.verdict)?.[1]] as const)
      .filter(([, fix]) => fix !== undefined && !fixIds.has(fix))
      .map(([id, fix]) => `${id}: ${String(fix)}`);
    expect(unknownFixes).toEqual([]);
    expect(Object.values(audit).filter((v) => !/^(fixed: \S|kept)/.test(v.verdict))).toEqual([]);
  });

  it("every recorded 2xx response of a list agrees with its declared shape (known failures aside)", () => {
    const known = loadKnownFailurePins();
    const disagreements: string[] = [];
    let checked = 0;
    for (const [id, shape] of shapes) {
      const dir = join(RESPONSES, id);
      if (!existsSync(dir)) continue; // no recording of this list
      const files = readdirSync(dir);
      for (const file of files) {
        const recorded = JSON.parse(readFileSync(join(RESPONSES, id, file), "utf8")) as {
          status: number;
          body: unknown;
        };
        const caseId = `responses/${id}/${file.replace(/\.json$/, "")}`;
        if (recorded.status >= 300 || known[caseId] !== undefined) continue;
        checked++;
        for (const problem of recordingDisagrees(shape, recorded.body))
          disagreements.push(`${caseId}: ${problem}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it("reports a recording that disagrees (negative control)", () => {
    const cursorList: ListShape = { schema: "thing_list", items: ["data"], next: "object" };
    expect(
      recordingDisagrees(cursorList, { data: [], pages: { next: "https://api.intercom.io/things?page=2" } }),
    ).toEqual(["pages.next is a URL string, declared object"]);
    expect(recordingDisagrees(cursorList, { things: [{ id: "1" }], pages: { next: null } })).toEqual([
      "items under things, declared data",
    ]);
    expect(recordingDisagrees(cursorList, { data: [{ id: "1" }], pages: { next: { page: 2 } } })).toEqual([]);
    const searchList: ListShape = { schema: "search", items: ["data.articles"], next: "-" };
    expect(recordingDisagrees(searchList, { data: { articles: [] } })).toEqual([]);
  });
});
