// Change report between two Intercom OpenAPI descriptions, each a pinned version or a file.
//
//   npm run spec:diff -- 2.10 2.11                 fixed specs (what the client is generated from)
//   npm run spec:diff -- 2.10 2.11 --raw           the published files, without our fixes
//   npm run spec:diff -- old.yaml new.yaml         two revisions of one version, as they are
//   npm run spec:diff -- old.yaml new.yaml --fixes both with our fixes (openapi/fixes/) applied
//   ... --json                                     machine-readable (the SpecDiff object)
//
// Exit code: 0 when the report was written (whatever it says), 1 on bad input.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { ROOT } from "./generate.js";
import { applyFixesTo, loadFixes } from "./lib/fixes.js";
import { diffSpecs } from "./lib/spec-diff.js";
import { renderMarkdown } from "./lib/spec-diff-report.js";
import { loadPinnedSpec } from "./lib/spec-source.js";

export interface SpecInput {
  /** A version with openapi/<v>/manifest.json, or a path to a YAML or JSON file. */
  source: string;
  /** Our fixes (openapi/fixes/) are applied. */
  fixes?: boolean | undefined;
}

export interface LoadedSpec {
  doc: Record<string, unknown>;
  description: string;
}

export const isPinnedVersion = (source: string, root = ROOT) =>
  existsSync(join(root, "openapi", source, "manifest.json"));

export async function loadSpec(input: SpecInput, root = ROOT): Promise<LoadedSpec> {
  let raw: Record<string, unknown>;
  let description: string;
  if (isPinnedVersion(input.source, root)) {
    const { source, spec } = await loadPinnedSpec(root, input.source);
    raw = spec;
    description = `${input.source} (sha256 ${source.sha256.slice(0, 12)})`;
  } else if (existsSync(input.source)) {
    raw = parse(await readFile(input.source, "utf8")) as Record<string, unknown>;
    description = input.source;
  } else {
    throw new Error(`${input.source} is neither a pinned version (openapi/<v>/manifest.json) nor a file`);
  }
  if (!input.fixes) return { doc: raw, description: `${description}, without fixes` };
  // A description that some fixes cannot be located in (a bump in progress) is still compared.
  const { outcomes, doc } = await applyFixesTo(raw, await loadFixes(join(root, "openapi", "fixes")));
  const applied = outcomes.filter((o) => o.status === "applied").length;
  const lost = outcomes.filter((o) => o.status === "unlocated").length;
  return {
    doc,
    description:
      `${description} with our fixes (${applied} of ${outcomes.length} apply` +
      `${lost ? `, ${lost} cannot be located: see npm run bump` : ""})`,
  };
}

async function main(): Promise<void> {
  // `npm run spec:diff -- … | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      raw: { type: "boolean", default: false },
      fixes: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 2) {
    throw new Error("usage: npm run spec:diff -- <before> <after> [--raw] [--fixes] [--json]");
  }
  const inputs = positionals.map((source) => ({
    source,
    fixes: !values.raw && (values.fixes || isPinnedVersion(source)),
  }));
  const [before, after] = await Promise.all(inputs.map((input) => loadSpec(input)));
  const diff = diffSpecs(before!.doc, after!.doc);
  if (values.json) {
    process.stdout.write(
      JSON.stringify({ before: before!.description, after: after!.description, ...diff }, null, 2) + "\n",
    );
    return;
  }
  const notes = [
    `before: ${before!.description}`,
    `after: ${after!.description}`,
    "Verdicts: breaking for callers (request code may stop compiling or be refused), breaking for readers " +
      "(response-reading code may stop compiling or meet unexpected data), additive (existing code keeps working).",
  ];
  process.stdout.write(
    renderMarkdown(diff, `Spec change report: ${positionals[0]} → ${positionals[1]}`, notes),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(
      `[spec:diff] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    process.exit(1);
  });
}
