// Our fixes to Intercom's OpenAPI descriptions: one set for every version (openapi/fixes/*.yaml).
//
// A fix is anchored on what survives a version bump: an operationId (and a parameter name), or a
// component schema name; never a path string. It states when it applies (`while`, or by default
// "while applying it changes the spec") and cites its evidence. For each spec the fixes are
// applied in file order, and each gets a status:
//   applied         still needed: it changed the spec
//   fixed-upstream  the spec already says it (or its `while` no longer holds): dropped, reported
//   unlocated       its anchor or an update's target is gone: an error that names every one
//   not-yet         the fix's `since` is later than this description's info.version: the defect
//                   (and often what it patches) is not in this version yet; not applied, no error
// "undone upstream" (a fix that an earlier pinned version did not need, needed again) comes from
// comparing statuses across versions: see undoneUpstream().
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { openapiOverlay } from "openapi-format";
import { parse } from "yaml";
import { sha256 } from "./spec-source.js";

type Json = Record<string, unknown>;

interface FixAction {
  /** JSONPath relative to the anchor ("" is the anchor itself), e.g. `.schema` or `.properties`. */
  target: string;
  update?: unknown;
  remove?: true;
  /**
   * Property names to add to the `required` list of the anchor schema (target ""), each once: an
   * Overlay update would append to a list, duplicating names a later version already requires.
   * Every name must be a declared property, or the fix cannot be located.
   */
  require?: string[];
}

/** When a fix applies: the anchor node contains `matches` (a deep subset), or lacks a parameter. */
interface FixCondition {
  matches?: unknown;
  lacksParameter?: string;
}

/** Where a fix applies and what it does; a fix is one of these, or a list of them (`variants`). */
interface FixShape {
  /** An operationId; with `parameter`, one of its parameters by name. */
  operation?: string;
  parameter?: string;
  /** A component schema by name; a list when Intercom renamed it (the first one present is used). */
  schema?: string | string[];
  /** `schemas`: the components.schemas map itself (to add a schema the spec lacks). */
  component?: "schemas";
  while?: FixCondition;
  actions: FixAction[];
}

export interface Fix extends Partial<FixShape> {
  id: string;
  description: string;
  evidence: string;
  /**
   * Where the spec moved the thing between versions (2.14 moved a message's recipient into its own
   * schema): tried in order, the first one located whose condition holds applies. The fix cannot
   * be located only if no variant can.
   */
  variants?: FixShape[];
  /**
   * The first version whose description has the defect (`"2.16"`), for a defect that an earlier
   * version does not have, often because the schema it patches is new: in a description whose
   * info.version is earlier, the fix is `not-yet` (neither applied nor an error), so that it is
   * neither "cannot be located" there nor "fixed upstream" (which would make every later version
   * report it as undone upstream).
   */
  since?: string;
}

export interface FixFile {
  file: string;
  sha256: string;
  fixes: Fix[];
}

export type FixStatus = "applied" | "fixed-upstream" | "unlocated" | "not-yet";

export interface FixOutcome {
  id: string;
  file: string;
  status: FixStatus;
  /** Where the anchor was found (`GET /contacts/{contact_id}` parameter contact_id, schema contact). */
  located?: string;
  /** For fixed-upstream and unlocated: why. */
  reason?: string;
}

export class FixError extends Error {
  override name = "FixError";
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export async function loadFixes(dir: string): Promise<FixFile[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files: FixFile[] = [];
  const ids = new Set<string>();
  const problems: string[] = [];
  for (const file of names) {
    const text = await readFile(join(dir, file), "utf8");
    const document = parse(text) as { fixes?: Fix[] } | null;
    if (!document || !Array.isArray(document.fixes) || document.fixes.length === 0) {
      throw new FixError(`${file}: expected a non-empty \`fixes:\` list`);
    }
    for (const fix of document.fixes) {
      const where = `${file}: fix ${fix.id ?? "(no id)"}`;
      if (typeof fix.id !== "string" || !fix.id) problems.push(`${where}: needs an id`);
      else if (ids.has(fix.id)) problems.push(`${where}: duplicate id`);
      ids.add(fix.id);
      if (typeof fix.evidence !== "string" || !fix.evidence.trim()) problems.push(`${where}: needs evidence`);
      if (fix.since !== undefined && (typeof fix.since !== "string" || !/^\d+\.\d+$/.test(fix.since)))
        problems.push(`${where}: since is a quoted version string such as "2.16"`);
      if (fix.variants !== undefined && (fix.actions !== undefined || !fix.variants.length)) {
        problems.push(`${where}: variants replace the fix's own anchor and actions, and are not empty`);
      }
      for (const shape of fix.variants ?? [fix as Partial<FixShape>])
        problems.push(...shapeProblems(shape, where));
    }
    files.push({ file, sha256: sha256(text), fixes: document.fixes });
  }
  if (problems.length) throw new FixError(problems.join("\n"));
  return files;
}

function shapeProblems(shape: Partial<FixShape>, where: string): string[] {
  const problems: string[] = [];
  const anchors = [shape.operation, shape.schema, shape.component].filter((a) => a !== undefined);
  if (anchors.length !== 1) problems.push(`${where}: needs exactly one of operation, schema, component`);
  if (shape.parameter !== undefined && shape.operation === undefined) {
    problems.push(`${where}: a parameter needs its operation`);
  }
  if (!Array.isArray(shape.actions) || shape.actions.length === 0) problems.push(`${where}: has no actions`);
  for (const action of shape.actions ?? []) {
    if (typeof action.target !== "string" || action.target.startsWith("$")) {
      problems.push(`${where}: an action target is relative to the anchor (".properties"), not "$…"`);
    }
    if (action.require !== undefined) {
      if (action.target !== "" || action.update !== undefined || action.remove !== undefined)
        problems.push(`${where}: a require action targets the anchor ("") and does nothing else`);
      if (!Array.isArray(action.require) || !action.require.every((n) => typeof n === "string"))
        problems.push(`${where}: require is a list of property names`);
    } else if (action.update === undefined && action.remove !== true) {
      problems.push(`${where}: an action needs update, remove: true or require`);
    }
  }
  return problems;
}

interface Anchor {
  node: unknown;
  located: string;
  /** Puts a replacement node back where the anchor was (undefined removes it). */
  replace: (node: unknown) => void;
}

function findOperation(
  doc: Json,
  operationId: string,
): { path: string; method: string; item: Json } | undefined {
  for (const [path, item] of Object.entries((doc["paths"] ?? {}) as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (operation?.["operationId"] === operationId) return { path, method, item };
    }
  }
  return undefined;
}

function locate(doc: Json, fix: FixShape): Anchor | string {
  if (fix.component === "schemas") {
    const components = (doc["components"] ??= {}) as Json;
    return {
      node: (components["schemas"] ??= {}),
      located: "components.schemas",
      replace: (node: unknown) => void (components["schemas"] = node),
    };
  }
  if (fix.schema !== undefined) {
    const schemas = ((doc["components"] as Json | undefined)?.["schemas"] ?? {}) as Json;
    const names = Array.isArray(fix.schema) ? fix.schema : [fix.schema];
    const name = names.find((n) => n in schemas);
    if (name === undefined) return `no schema ${names.join(" or ")}`;
    return {
      node: schemas[name],
      located: `schema ${name}`,
      replace: (node: unknown) => {
        if (node === undefined) delete schemas[name];
        else schemas[name] = node;
      },
    };
  }
  const found = findOperation(doc, fix.operation!);
  if (!found) return `no operation ${fix.operation!}`;
  const { path, method, item } = found;
  const where = `${method.toUpperCase()} ${path}`;
  if (fix.parameter === undefined) {
    return { node: item[method], located: where, replace: (node: unknown) => void (item[method] = node) };
  }
  const parameters = ((item[method] as Json)["parameters"] ?? []) as Json[];
  let index = parameters.findIndex((p) => p["name"] === fix.parameter);
  if (index < 0) {
    // A path parameter renamed with its path (/contacts/{id} → /contacts/{contact_id}) is still
    // the operation's only path parameter.
    const inPath = parameters.flatMap((p, i) => (p["in"] === "path" ? [i] : []));
    const template = [...path.matchAll(/\{([^}]+)\}/g)];
    if (inPath.length === 1 && template.length === 1) index = inPath[0]!;
    else return `${where} has no parameter ${fix.parameter}`;
  }
  return {
    node: parameters[index],
    located: `${where} parameter ${String(parameters[index]!["name"])}`,
    replace: (node: unknown) => {
      if (node === undefined) parameters.splice(index, 1);
      else parameters[index] = node as Json;
    },
  };
}

/** `subset` is contained in `value`: same scalars, every key of an object, arrays element-wise. */
function contains(value: unknown, subset: unknown): boolean {
  if (subset === null || typeof subset !== "object") return value === subset;
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(subset)) {
    return (
      Array.isArray(value) && value.length === subset.length && subset.every((s, i) => contains(value[i], s))
    );
  }
  return Object.entries(subset).every(([k, v]) => contains((value as Json)[k], v));
}

/** JSON with sorted keys: two nodes that differ only in key order are the same fix. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** The `while` of a fix in words, for reports. */
export function conditionText(fix: Fix): string {
  if (fix.variants)
    return fix.variants.map((v) => `${anchorText(v)}: ${conditionText(v as Fix)}`).join("; or ");
  const parts: string[] = [];
  if (fix.while?.matches !== undefined) parts.push(`while it says ${JSON.stringify(fix.while.matches)}`);
  if (fix.while?.lacksParameter !== undefined)
    parts.push(`while it lacks parameter ${fix.while.lacksParameter}`);
  const text = parts.join(" and ") || "while applying it changes the spec";
  return fix.since === undefined ? text : `from ${fix.since}, ${text}`;
}

function anchorText(fix: Partial<FixShape> & { variants?: FixShape[] }): string {
  if (fix.variants) return fix.variants.map(anchorText).join(" or ");
  if (fix.component) return "components.schemas";
  if (fix.schema !== undefined) return `schema ${[fix.schema].flat().join(" | ")}`;
  return fix.parameter === undefined
    ? `operation ${fix.operation!}`
    : `${fix.operation!} parameter ${fix.parameter}`;
}

/** The anchor of a fix in words (operationId, parameter or schema). */
export const fixAnchor = anchorText;

async function applyOne(doc: Json, fix: Fix, file: string): Promise<FixOutcome> {
  const version = (doc["info"] as Json | undefined)?.["version"];
  if (fix.since !== undefined && typeof version === "string" && /^\d+\.\d+$/.test(version)) {
    if (compareVersions(version, fix.since) < 0) {
      return { id: fix.id, file, status: "not-yet", reason: `the defect appears in ${fix.since}` };
    }
  }
  if (!fix.variants) return applyShape(doc, fix as Fix & FixShape, file);
  const outcomes: FixOutcome[] = [];
  for (const variant of fix.variants) {
    const outcome = await applyShape(doc, { ...fix, ...variant }, file);
    if (outcome.status === "applied") return outcome;
    outcomes.push(outcome);
  }
  const upstream = outcomes.find((o) => o.status === "fixed-upstream");
  return (
    upstream ?? { id: fix.id, file, status: "unlocated", reason: outcomes.map((o) => o.reason).join("; ") }
  );
}

async function applyShape(doc: Json, fix: Fix & FixShape, file: string): Promise<FixOutcome> {
  const anchor = locate(doc, fix);
  if (typeof anchor === "string") return { id: fix.id, file, status: "unlocated", reason: anchor };
  const base = { id: fix.id, file, located: anchor.located };
  const condition = fix.while;
  if (condition?.matches !== undefined && !contains(anchor.node, condition.matches)) {
    return { ...base, status: "fixed-upstream", reason: `no longer ${JSON.stringify(condition.matches)}` };
  }
  if (condition?.lacksParameter !== undefined) {
    // A parameter may be a $ref to components.parameters: its name is there.
    const parameters = (((anchor.node as Json)["parameters"] ?? []) as Json[]).map((p) => {
      const ref = typeof p["$ref"] === "string" ? /^#\/components\/parameters\/(.+)$/.exec(p["$ref"]) : null;
      const shared = (doc["components"] as Json | undefined)?.["parameters"] as
        Record<string, Json> | undefined;
      return ref ? (shared?.[ref[1]!] ?? p) : p;
    });
    if (parameters.some((p) => p["name"] === condition.lacksParameter)) {
      return { ...base, status: "fixed-upstream", reason: `declares ${condition.lacksParameter} itself` };
    }
  }
  // The actions run on a copy of the anchor alone (cheap), which replaces it if it changed.
  const mini: Json = { node: structuredClone(anchor.node) };
  const before = canonical(mini["node"]);
  const unlocated: string[] = [];
  for (const action of fix.actions) {
    if (action.require) {
      const node = mini["node"] as Json;
      const properties = (node["properties"] ?? {}) as Json;
      const missing = action.require.filter((name) => !(name in properties));
      if (missing.length) {
        unlocated.push(`${anchor.located}: requires ${missing.join(", ")}, which it does not declare`);
        continue;
      }
      const required = Array.isArray(node["required"]) ? (node["required"] as string[]) : [];
      const added = action.require.filter((name) => !required.includes(name));
      if (added.length) node["required"] = [...required, ...added];
      continue;
    }
    const target = `$.node${action.target}`;
    const { update, remove } = action;
    const step = { target, ...(update !== undefined ? { update } : {}), ...(remove ? { remove } : {}) };
    const complaints: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void complaints.push(args.map(String).join(" "));
    let result;
    try {
      result = await openapiOverlay(mini as never, {
        overlaySet: { overlay: "1.0.0", actions: [step] } as never,
      });
    } finally {
      console.error = consoleError;
    }
    if (complaints.length) throw new FixError(`fix ${fix.id}: ${complaints.join("; ")}`);
    // A removal whose target is gone has nothing to do; an update whose target is gone is lost.
    if ((result.resultData.unusedActions as unknown[]).length && update !== undefined) {
      unlocated.push(`${anchor.located}: ${action.target || "(the anchor)"} matched nothing`);
    }
    Object.assign(mini, result.data as Json);
  }
  if (unlocated.length) return { ...base, status: "unlocated", reason: unlocated.join("; ") };
  if (canonical(mini["node"]) === before) {
    return { ...base, status: "fixed-upstream", reason: "the spec already says it" };
  }
  anchor.replace(mini["node"]);
  return { ...base, status: "applied" };
}

export interface AppliedFixes {
  files: FixFile[];
  outcomes: FixOutcome[];
  doc: Json;
}

/**
 * Applies every fix, in file order, to a copy of the spec and computes each one's status. Does
 * not throw on unlocated fixes (the bump report lists them with everything else); assertLocated
 * does.
 */
export async function applyFixesTo(spec: Json, files: FixFile[]): Promise<AppliedFixes> {
  const doc = structuredClone(spec);
  const outcomes: FixOutcome[] = [];
  for (const { file, fixes } of files) {
    for (const fix of fixes) outcomes.push(await applyOne(doc, fix, file));
  }
  return { files, outcomes, doc };
}

function assertLocated(outcomes: FixOutcome[]): void {
  const lost = outcomes.filter((o) => o.status === "unlocated");
  if (lost.length) {
    throw new FixError(
      `${lost.length} fix(es) cannot be located in this spec (openapi/fixes/):\n` +
        lost.map((o) => `  ${o.file} ${o.id}: ${o.reason ?? ""}`).join("\n") +
        "\nPoint the fix at the renamed operation, parameter or schema, or delete it if the API changed.",
    );
  }
}

/** The project's fixes (openapi/fixes/), applied to a spec; throws if any cannot be located. */
export async function applyFixes(root: string, spec: Json): Promise<AppliedFixes> {
  const result = await applyFixesTo(spec, await loadFixes(join(root, "openapi", "fixes")));
  assertLocated(result.outcomes);
  return result;
}

/** Versions compare as numbers per dot part: 2.9 < 2.10 < 2.16. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * Fixes applied in `version` that an earlier version did not need (fixed upstream there): Intercom
 * undid its own fix, and ours is kept. `history` maps versions to their fix statuses.
 */
export function undoneUpstream(
  version: string,
  statuses: Record<string, FixStatus>,
  history: Record<string, Record<string, FixStatus>>,
): { id: string; fixedIn: string[] }[] {
  const earlier = Object.keys(history)
    .filter((v) => compareVersions(v, version) < 0)
    .sort(compareVersions);
  return Object.entries(statuses)
    .filter(([, status]) => status === "applied")
    .map(([id]) => ({ id, fixedIn: earlier.filter((v) => history[v]![id] === "fixed-upstream") }))
    .filter(({ fixedIn }) => fixedIn.length > 0);
}
