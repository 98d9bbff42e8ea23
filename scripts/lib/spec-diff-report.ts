// Renders a SpecDiff as Markdown for a reviewer: a summary, then one table per section.
import type { Change, ChangeKind, SpecDiff, Verdict } from "./spec-diff.js";

const VERDICT_WORDS: Record<Verdict, string> = {
  "breaking-callers": "breaking for callers",
  "breaking-readers": "breaking for readers",
  additive: "additive",
};

const SECTIONS: { title: string; kinds: ChangeKind[] }[] = [
  {
    title: "Operations",
    kinds: ["operation-added", "operation-removed", "operation-renamed", "path-renamed"],
  },
  {
    title: "Parameters",
    kinds: [
      "param-added",
      "required-param-added",
      "param-removed",
      "param-renamed",
      "param-required",
      "param-optional",
    ],
  },
  {
    title: "Request bodies and responses",
    kinds: [
      "request-body-added",
      "request-body-removed",
      "request-body-required",
      "request-body-optional",
      "response-added",
      "response-removed",
    ],
  },
  { title: "Schemas added, removed or renamed", kinds: ["schema-added", "schema-removed", "schema-renamed"] },
  {
    title: "Properties that became required or optional",
    kinds: ["property-required", "property-optional"],
  },
  {
    title: "Properties added or removed",
    kinds: ["property-added", "required-property-added", "property-removed"],
  },
  {
    title: "Types, nullability, enums and variants",
    kinds: [
      "type-changed",
      "nullable-added",
      "nullable-removed",
      "enum-values-added",
      "enum-values-removed",
      "variants-added",
      "variants-removed",
      "additional-properties-loosened",
      "additional-properties-narrowed",
    ],
  },
];

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const verdictText = (c: Change) => c.verdicts.map((v) => VERDICT_WORDS[v]).join(", ");

export function renderMarkdown(diff: SpecDiff, title: string, notes: string[]): string {
  const { summary } = diff;
  const lines = [`# ${title}`, "", ...notes.map((n) => `> ${n}`), ""];
  lines.push("## Summary", "");
  lines.push(
    `Operations: ${summary.operations.before} → ${summary.operations.after}; ` +
      `paths renamed: ${summary.renamedPaths}. ` +
      `Changes: ${summary.total} (breaking for callers ${summary.byVerdict["breaking-callers"]}, ` +
      `breaking for readers ${summary.byVerdict["breaking-readers"]}, additive ${summary.byVerdict.additive}; ` +
      `a change to a schema used in requests and responses counts under both of its verdicts).`,
    "",
    "| change | count | breaking for callers | breaking for readers | additive |",
    "| --- | ---: | ---: | ---: | ---: |",
  );
  for (const { kinds } of SECTIONS) {
    for (const kind of kinds) {
      const of = diff.changes.filter((c) => c.kind === kind);
      if (!of.length) continue;
      const n = (v: Verdict) => of.filter((c) => c.verdicts.includes(v)).length;
      lines.push(
        `| ${kind} | ${of.length} | ${n("breaking-callers")} | ${n("breaking-readers")} | ${n("additive")} |`,
      );
    }
  }
  lines.push("");
  for (const { title: section, kinds } of SECTIONS) {
    const of = diff.changes
      .filter((c) => kinds.includes(c.kind))
      .sort(
        (x, y) => x.where.localeCompare(y.where) || x.at.localeCompare(y.at) || x.kind.localeCompare(y.kind),
      );
    if (!of.length) continue;
    lines.push(
      `## ${section} (${of.length})`,
      "",
      "| where | at | change | detail | verdict |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const c of of) {
      lines.push(`| ${cell(c.where)} | ${cell(c.at)} | ${c.kind} | ${cell(c.detail)} | ${verdictText(c)} |`);
    }
    lines.push("");
  }
  const used = Object.entries(diff.usedBy);
  if (used.length) {
    lines.push(
      `## Operations using each changed schema (${used.length})`,
      "",
      "| schema | operations |",
      "| --- | --- |",
      ...used.map(([where, ops]) => `| ${cell(where)} | ${ops.length ? cell(ops.join(", ")) : "(none)"} |`),
      "",
    );
  }
  if (!diff.changes.length) lines.push("No changes.", "");
  return lines.join("\n");
}
