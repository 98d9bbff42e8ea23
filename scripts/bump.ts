// A spec bump in one command: pin and hash the description, apply our fixes, regenerate into a
// scratch folder, and report every layer at once (Markdown), against the adopted version.
//
//   npm run bump -- 2.14                              ../shared/openapi/2.14/api.intercom.io.yaml
//   npm run bump -- 2.17 --spec preview.yaml          a description from elsewhere (a preview)
//   npm run bump -- 2.14 --against 2.11               compare with another pinned version
//   npm run bump -- 2.14 --out /tmp/gen-2.14 --report /tmp/bump-2.14.md
//   npm run bump -- 2.14 --adopt                      also write openapi/2.14.lock.json (only
//                                                     when nothing is left to fix or decide)
//   npm run bump -- 2.14 --rewrite                    rewrite moved paths in test/ and examples/
//
// Exit code 0 when nothing needs fixing or deciding, 1 otherwise (the report says what), 2 on
// bad input. It writes openapi/<v>/manifest.json (the pin) in every case, and nothing else in
// openapi/ unless --adopt.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { format } from "prettier";
import { parse } from "yaml";
import { buildLock, DEFAULT_VERSION, lockedFixHistory, render, ROOT, validationErrors } from "./generate.js";
import { type Decisions, loadDecisions, markReadOnly } from "./lib/decisions.js";
import {
  applyFixesTo,
  conditionText,
  fixAnchor,
  type FixFile,
  type FixOutcome,
  type FixStatus,
  loadFixes,
  undoneUpstream,
} from "./lib/fixes.js";
import { collectOperations, deriveServers, type OperationMeta } from "./lib/metadata.js";
import { renderMarkdown } from "./lib/spec-diff-report.js";
import { diffSpecs } from "./lib/spec-diff.js";
import { loadPinnedSpec, sha256, type SpecManifest } from "./lib/spec-source.js";

type Json = Record<string, unknown>;

export interface BumpOptions {
  version: string;
  root?: string;
  /** A description file; default ../shared/openapi/<version>/api.intercom.io.yaml. */
  specPath?: string | undefined;
  /** Where the published descriptions are; default ../shared/openapi beside the project. */
  sharedDir?: string | undefined;
  /** The pinned version to compare with; default the adopted one (DEFAULT_VERSION). */
  against?: string | undefined;
  /** Where to write the generated files; default a new temporary folder. */
  outDir?: string | undefined;
  adopt?: boolean;
  /** Rewrite the moved operations' path strings in test/ and examples/ (when making it the default). */
  rewrite?: boolean;
}

export interface BumpResult {
  markdown: string;
  /** Nothing to fix, nothing to decide. */
  ok: boolean;
  outDir: string;
  fixes: FixOutcome[];
  undone: { id: string; fixedIn: string[] }[];
  errors: { layer: string; message: string }[];
  decisionsNeeded: { kind: string; operationId: string; detail: string }[];
  operations: OperationMeta[];
  /** The change report (npm run spec:diff) against the compared version, in outDir. */
  changeReport?: string;
  /** Path strings of moved operations: old → new, and the files --rewrite changed (or would). */
  renamedPaths: Record<string, string>;
  rewritten: string[];
}

const SHARED_COMMIT_URL = (version: string, commit: string) =>
  `https://raw.githubusercontent.com/intercom/Intercom-OpenAPI/${commit}/descriptions/${version}/api.intercom.io.yaml`;

/** Writes or updates openapi/<v>/manifest.json for the bytes; returns what changed, in words. */
async function pin(
  root: string,
  version: string,
  bytes: Buffer,
  from: string,
  external: boolean,
): Promise<string> {
  const digest = sha256(bytes);
  const dir = join(root, "openapi", version);
  const file = join(dir, "manifest.json");
  const old = existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as SpecManifest) : undefined;
  if (old?.sha256 === digest) return `unchanged: sha256 ${digest} (${from})`;
  // The commit of the descriptions in ../shared (its README), as the other manifests pin it.
  const commit =
    old?.commit ??
    (
      JSON.parse(
        await readFile(join(root, "openapi", DEFAULT_VERSION, "manifest.json"), "utf8"),
      ) as SpecManifest
    ).commit;
  const manifest = {
    version,
    source: `intercom/Intercom-OpenAPI descriptions/${version}/api.intercom.io.yaml`,
    commit,
    url: old?.url ?? SHARED_COMMIT_URL(version, commit),
    sha256: digest,
    license: "MIT (see ../shared/openapi/LICENSE.md)",
    ...(external
      ? { note: `pinned from ${basename(from)} (--spec): check url and commit before committing` }
      : {}),
  };
  await mkdir(dir, { recursive: true });
  await writeFile(file, await format(JSON.stringify(manifest), { parser: "json" }));
  return old
    ? `re-pinned: sha256 ${old.sha256} → ${digest} (${from})`
    : `pinned: sha256 ${digest} (${from})${external ? "; the URL is a guess: check it" : ""}`;
}

/** Compiles every component schema with Ajv (draft-07 plus OpenAPI 3.0 `nullable`). */
export function ajvErrors(doc: Json): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addFormat("timestamp", true);
  const id = "spec";
  const rewrite = (node: unknown, inExample = false): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, inExample));
    if (!node || typeof node !== "object" || inExample) return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) =>
        key === "$ref" && typeof value === "string" && value.startsWith("#/")
          ? [key, id + value]
          : [key, rewrite(value, key === "example" || key === "examples")],
      ),
    );
  };
  const components = rewrite((doc["components"] ?? {}) as Json) as Json;
  ajv.addSchema({ $id: id, components }, id);
  const errors: string[] = [];
  for (const name of Object.keys((components["schemas"] ?? {}) as Json)) {
    try {
      ajv.getSchema(`${id}#/components/schemas/${name}`);
    } catch (error) {
      errors.push(`schema ${name}: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  return errors;
}

/** A POST that, by its name or path, looks like it only reads (a search, a list, a lookup). */
function looksLikeRead(operation: { operationId: string; path: string }): boolean {
  return (
    /\/(search|list|find|lookup|query)$/.test(operation.path) ||
    /^(search|list|find|lookup|query|get|retrieve|show)/i.test(operation.operationId)
  );
}

/** Webhook topic names in the description (`contact.user.created`), from every string enum. */
function topicsIn(doc: Json): Set<string> {
  const topics = new Set<string>();
  // A topic is object.…(.verb): `contact.user.created`, `admin.logged_in` (not `company.list`).
  const topicLike =
    /^(admin|company|contact|conversation|conversation_part|event|ticket|visitor|content_stat|call|job)(\.[a-z_]+)*\.[a-z_]*(ed|_in|_out|_up)$/;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "enum" && Array.isArray(value)) {
        for (const v of value) if (typeof v === "string" && topicLike.test(v)) topics.add(v);
      } else if (key !== "example" && key !== "examples") walk(value);
    }
  };
  walk(doc);
  return topics;
}

/** The operations of a pinned version as the codegen derives them (fixes and decisions applied). */
async function operationsOf(
  root: string,
  version: string,
  fixFiles: FixFile[],
  decisions: Decisions,
  sharedDir: string,
) {
  const { spec, source } = await loadPinnedSpec(root, version, { sharedDir });
  const { doc } = await applyFixesTo(spec, fixFiles);
  markReadOnly(doc, decisions);
  return {
    doc,
    operations: collectOperations(doc, decisions.notPaginated).operations,
    sha256: source.sha256,
  };
}

/** How a list is walked, in words: "page data.articles (next is a URL)". */
const walkOf = (o: OperationMeta | undefined) =>
  o?.pagination
    ? `${o.pagination.style} ${o.pagination.items.join(".")}${o.pagination.nextUrl ? " (next is a URL)" : ""}`
    : "none";

export async function bump(options: BumpOptions): Promise<BumpResult> {
  const root = options.root ?? ROOT;
  const { version } = options;
  const against = options.against ?? DEFAULT_VERSION;
  const errors: BumpResult["errors"] = [];
  const decisionsNeeded: BumpResult["decisionsNeeded"] = [];
  const started = performance.now();

  // 1. Pin and hash.
  const sharedDir = resolve(options.sharedDir ?? join(root, "..", "shared", "openapi"));
  const from = resolve(options.specPath ?? join(sharedDir, version, "api.intercom.io.yaml"));
  if (!existsSync(from)) throw new Error(`No description at ${from}: pass --spec <file>`);
  const bytes = await readFile(from);
  const pinned = await pin(root, version, bytes, from, options.specPath !== undefined);
  const spec = parse(bytes.toString("utf8")) as Json;

  // 2. Our fixes, each with its status, and the ones undone upstream since an earlier version.
  const fixFiles = await loadFixes(join(root, "openapi", "fixes"));
  const { outcomes, doc } = await applyFixesTo(spec, fixFiles);
  const statuses = Object.fromEntries(outcomes.map((o) => [o.id, o.status])) as Record<string, FixStatus>;
  const history = await lockedFixHistory(root);
  delete history[version];
  const undone = undoneUpstream(version, statuses, history);
  for (const o of outcomes.filter((o) => o.status === "unlocated")) {
    errors.push({ layer: "fixes", message: `${o.id} cannot be located: ${o.reason ?? ""}` });
  }

  // 3. Decisions that feed the codegen (read-only POSTs).
  const decisions: Decisions = await loadDecisions(root);
  markReadOnly(doc, decisions);

  // 4. Spec validation and an Ajv compile of every schema.
  for (const message of await validationErrors(doc)) errors.push({ layer: "validation", message });
  for (const message of ajvErrors(doc)) errors.push({ layer: "ajv", message });

  // 5. Pagination metadata, servers.
  const { operations, problems } = collectOperations(doc, decisions.notPaginated);
  for (const message of problems) errors.push({ layer: "metadata", message });
  let servers: Record<string, string> = {};
  try {
    servers = deriveServers(doc);
  } catch (error) {
    errors.push({ layer: "metadata", message: (error as Error).message });
  }

  // 6. Regenerate into the scratch folder (or where --out says).
  const outDir = resolve(
    options.outDir ?? (await mkdtemp(join(tmpdir(), `intercom-fetch-bump-${version}-`))),
  );
  let generated = false;
  // A preview: written even when metadata has problems (those lists generate as unpaginated).
  if (!errors.some((e) => e.layer === "validation")) {
    try {
      const files = await render(doc, version, operations, servers, decisions.webhookTopics);
      await mkdir(outDir, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(join(outDir, name), text);
      generated = true;
    } catch (error) {
      errors.push({ layer: "render", message: (error as Error).message });
    }
  }

  // 7. Against the adopted version: operations, walk styles, retry classes.
  const base = existsSync(join(root, "openapi", against, "manifest.json"))
    ? await operationsOf(root, against, fixFiles, decisions, sharedDir)
    : undefined;
  const before = new Map((base?.operations ?? []).map((o) => [o.operationId, o]));
  const after = new Map(operations.map((o) => [o.operationId, o]));
  const added = operations.filter((o) => !before.has(o.operationId));
  const removed = [...before.values()].filter((o) => !after.has(o.operationId));
  const moved = operations.filter((o) => {
    const b = before.get(o.operationId);
    return b && (b.path !== o.path || b.method !== o.method);
  });
  // The change report between the two fixed specs, beside the generated files.
  let changeReport: string | undefined;
  let changeSummary = "";
  if (base) {
    const diff = diffSpecs(base.doc, doc);
    changeReport = join(outDir, `changes-${against}-${version}.md`);
    await mkdir(outDir, { recursive: true });
    await writeFile(
      changeReport,
      renderMarkdown(diff, `Spec change report: ${against} → ${version}`, [
        `before: ${against} with our fixes`,
        `after: ${version} with our fixes`,
      ]),
    );
    const v = diff.summary.byVerdict;
    changeSummary = `${changeReport}: ${diff.summary.total} changes (${v["breaking-callers"]} breaking for callers, ${v["breaking-readers"]} for readers, ${v.additive} additive)`;
  }

  // Path strings our tests and examples use, from the operations that moved (one new path per old).
  const targets = new Map<string, Set<string>>();
  for (const o of moved) {
    const b = before.get(o.operationId)!;
    if (b.path !== o.path) targets.set(b.path, (targets.get(b.path) ?? new Set()).add(o.path));
  }
  const renamedPaths = Object.fromEntries(
    [...targets]
      .filter(([old, to]) => to.size === 1 && ![...after.values()].some((o) => o.path === old))
      .map(([old, to]) => [old, [...to][0]!]),
  );
  const rewritten = await rewritePaths(root, renamedPaths, options.rewrite === true);

  const walkChanges: { operationId: string; from: string; to: string }[] = [];
  for (const o of operations) {
    const b = before.get(o.operationId);
    const now = walkOf(o);
    if (b && walkOf(b) !== now) walkChanges.push({ operationId: o.operationId, from: walkOf(b), to: now });
    if (o.pagination && decisions.pagination[o.operationId] !== o.pagination.style) {
      const decided = decisions.pagination[o.operationId];
      decisionsNeeded.push({
        kind: "pagination",
        operationId: o.operationId,
        detail:
          `${o.method.toUpperCase()} ${o.path} walks as ${now}` +
          (decided ? `; decisions.json says ${decided}` : "; no decision yet"),
      });
    }
    if (
      o.method === "post" &&
      !o.readOnly &&
      !(o.operationId in decisions.writePosts) &&
      (o.pagination || looksLikeRead(o))
    ) {
      decisionsNeeded.push({
        kind: "retry",
        operationId: o.operationId,
        detail: `POST ${o.path} looks like a read${o.pagination ? " (it pages)" : ""}: readOnlyPosts (retried like a GET) or writePosts (never retried)?`,
      });
    }
  }
  const known = new Set(Object.keys(decisions.webhookTopics));
  for (const topic of [...topicsIn(doc)].filter((t) => !known.has(t)).sort()) {
    decisionsNeeded.push({
      kind: "webhook",
      operationId: "-",
      detail: `topic ${topic}: add it to webhookTopics with its data.item (a schema name or a src/webhooks.ts shape)`,
    });
  }

  const ok = errors.length === 0 && decisionsNeeded.length === 0;
  if (options.adopt && ok && generated) {
    const manifest = JSON.parse(
      await readFile(join(root, "openapi", version, "manifest.json"), "utf8"),
    ) as SpecManifest;
    const lock = buildLock(
      version,
      { url: manifest.url, sha256: sha256(bytes) },
      fixFiles,
      outcomes,
      operations,
    );
    await writeFile(
      join(root, "openapi", `${version}.lock.json`),
      await format(JSON.stringify(lock), { parser: "json" }),
    );
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const fixesById = new Map(fixFiles.flatMap((f) => f.fixes.map((x) => [x.id, x] as const)));
  const undoneIds = new Map(undone.map((u) => [u.id, u.fixedIn]));
  const count = (s: FixStatus) => outcomes.filter((o) => o.status === s).length;
  const lines: string[] = [];
  const md = (...more: string[]) => lines.push(...more);
  md(
    `# Bump to ${version}${options.adopt ? " (adopt)" : ""}: ${ok ? "nothing to fix or decide" : `${errors.length} error(s), ${decisionsNeeded.length} decision(s) needed`}`,
    "",
    `- description: ${pinned}`,
    `- compared with: ${base ? `${against} (sha256 ${base.sha256.slice(0, 12)}, ${base.operations.length} operations, fixes applied)` : `${against}: not pinned`}`,
    `- generated: ${generated ? `${outDir} (${operations.length} operations)` : "nothing (see the errors)"}`,
    `- change report: ${changeSummary || "none (nothing pinned to compare with)"}`,
    `- path strings in test/ and examples/: ${Object.keys(renamedPaths).length} renamed paths, ${rewritten.length} file(s) ${options.rewrite ? "rewritten" : "to rewrite with --rewrite"}${rewritten.length ? ` (${rewritten.join(", ")})` : ""}`,
    `- fixes: ${count("applied")} applied (${undone.length} of them undone upstream, kept), ${count("fixed-upstream")} fixed upstream (dropped), ${count("unlocated")} cannot be located, ${count("not-yet")} not in ${version} yet (their \`since\`)`,
    `- wall time: ${seconds} s`,
    "",
    "## Errors",
    "",
  );
  if (!errors.length) md("None.", "");
  for (const layer of ["fixes", "validation", "ajv", "metadata", "render"]) {
    const mine = errors.filter((e) => e.layer === layer);
    if (!mine.length) continue;
    md(`### ${layer} (${mine.length})`, "");
    for (const e of mine) md(`- ${e.message.replace(/\n/g, " ")}`);
    md("");
  }
  md("## Decisions needed (openapi/decisions.json)", "");
  if (!decisionsNeeded.length) md("None.", "");
  else {
    md("| kind | operation | what to decide |", "| --- | --- | --- |");
    for (const d of decisionsNeeded)
      md(`| ${d.kind} | ${d.operationId} | ${d.detail.replace(/\|/g, "\\|")} |`);
    md("");
  }
  md(`## Operations against ${against}`, "");
  md(
    `${added.length} added, ${removed.length} removed, ${moved.length} moved (same operationId, new path or method).`,
    "",
  );
  if (moved.length) {
    md("| operation | was | now |", "| --- | --- | --- |");
    for (const o of moved) {
      const b = before.get(o.operationId)!;
      md(`| ${o.operationId} | ${b.method.toUpperCase()} ${b.path} | ${o.method.toUpperCase()} ${o.path} |`);
    }
    md("");
  }
  if (removed.length) md(`Removed: ${removed.map((o) => o.operationId).join(", ")}`, "");
  if (added.length) md(`Added: ${added.map((o) => o.operationId).join(", ")}`, "");
  md("### Walk-style changes", "");
  if (!walkChanges.length) md("None.", "");
  else {
    md("| operation | was | now |", "| --- | --- | --- |");
    for (const w of walkChanges) md(`| ${w.operationId} | ${w.from} | ${w.to} |`);
    md("");
  }
  md("### Pagination and retry classes", "");
  md("| operation | method path | walk | retried like GET |", "| --- | --- | --- | --- |");
  for (const o of operations.filter((o) => o.pagination || o.readOnly)) {
    md(
      `| ${o.operationId} | ${o.method.toUpperCase()} ${o.path} | ${o.pagination ? `${o.pagination.style} ${o.pagination.items.join(".")}` : "-"} | ${o.readOnly ? "yes" : "no"} |`,
    );
  }
  md("");
  md("## Fixes", "");
  md("| fix | anchor | applies | status here | located |", "| --- | --- | --- | --- | --- |");
  for (const o of outcomes) {
    const fix = fixesById.get(o.id)!;
    const fixedIn = undoneIds.get(o.id);
    const status =
      o.status === "applied"
        ? fixedIn
          ? `**undone upstream** (fixed in ${fixedIn.join(", ")}): kept`
          : "still needed"
        : o.status === "fixed-upstream"
          ? `fixed upstream (${o.reason ?? ""}): dropped`
          : o.status === "not-yet"
            ? `not in this version (${o.reason ?? ""})`
            : `**cannot be located**: ${o.reason ?? ""}`;
    md(
      `| ${o.id} | ${fixAnchor(fix)} | ${conditionText(fix).replace(/\|/g, "\\|")} | ${status.replace(/\|/g, "\\|")} | ${o.located ?? "-"} |`,
    );
  }
  md("");
  return {
    markdown: lines.join("\n"),
    ok,
    outDir,
    fixes: outcomes,
    undone,
    errors,
    decisionsNeeded,
    operations,
    ...(changeReport ? { changeReport } : {}),
    renamedPaths,
    rewritten,
  };
}

/** Files that name old and new paths on purpose: the tests of the bump itself and of its reports. */
const KEEP_PATHS = [
  "test/types/bump/",
  "test/types-bump.test.ts",
  "test/bump.test.ts",
  "test/spec-diff.test.ts",
  "test/codegen.test.ts",
  "test/fixes.test.ts",
];

/**
 * Replaces each old path template, as a whole string literal ("/contacts/{id}", or the start of
 * a template literal), with the new one in test/ and examples/ (.ts files). The parameter names
 * in `params.path` are left to the compiler, which points at each. Returns the files that change.
 */
async function rewritePaths(
  root: string,
  renames: Record<string, string>,
  write: boolean,
): Promise<string[]> {
  const olds = Object.keys(renames).sort((a, b) => b.length - a.length);
  if (!olds.length) return [];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(["'\`])(${olds.map(escape).join("|")})(?=["'\`?])`, "g");
  const changed: string[] = [];
  for (const dir of ["test", "examples"]) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const entry of await readdir(base, { recursive: true })) {
      const file = join(base, entry);
      if (!file.endsWith(".ts") || KEEP_PATHS.some((keep) => relative(root, file).startsWith(keep))) continue;
      const text = await readFile(file, "utf8");
      const next = text.replace(pattern, (_all, quote: string, old: string) => `${quote}${renames[old]!}`);
      if (next === text) continue;
      changed.push(relative(root, file));
      if (write) await writeFile(file, next);
    }
  }
  return changed.sort();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      spec: { type: "string" },
      against: { type: "string" },
      out: { type: "string" },
      report: { type: "string" },
      adopt: { type: "boolean", default: false },
      rewrite: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1 || !/^\d+\.\d+$/.test(positionals[0]!)) {
    console.error(
      "usage: npm run bump -- <version> [--spec <file>] [--against <v>] [--out <dir>] [--report <file>] [--adopt] [--rewrite]",
    );
    process.exit(2);
  }
  const result = await bump({
    version: positionals[0]!,
    specPath: values.spec,
    against: values.against,
    outDir: values.out,
    adopt: values.adopt,
    rewrite: values.rewrite,
  });
  if (values.report) await writeFile(values.report, result.markdown);
  process.stdout.write(result.markdown);
  if (!result.ok) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`[bump] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(2);
  });
}
