// The evidence corpus (test/evidence/): recorded live responses and real request payloads from
// public sources, kept as our own fixtures. Responses are checked against the overlaid spec's
// response schema with Ajv, plus a walk for fields the response carries that the schema does not
// declare (the generated types give no way to read those). Requests are consumer code compiled
// with the TypeScript compiler against the client; each `// case:` block is one case.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import ts from "typescript";
import type { ErrorObject } from "ajv";
import { describeError, specValidator } from "./spec-examples.js";
import { listOperations, ROOT, type Spec } from "./spec.js";

const EVIDENCE_DIR = join(ROOT, "test", "evidence");
const RESPONSES_DIR = join(EVIDENCE_DIR, "responses");
const REQUESTS_DIR = join(EVIDENCE_DIR, "requests");
const KNOWN_FAILURES_FILE = join(EVIDENCE_DIR, "known-failures.json");

export interface ResponseCase {
  /** "responses/<operationId>/<file name without .json>" */
  id: string;
  operationId: string;
  source: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface RequestCase {
  /** "requests/<file name without .ts>#<case name>" */
  id: string;
  file: string;
  /** "POST /contacts", as written on the case line */
  operation: string;
  source: string;
  /** 1-based lines the case covers, [first, last] */
  lines: [number, number];
}

export interface CaseResult {
  id: string;
  /** "GET /contacts/{id}" */
  operation: string;
  /** What is wrong, for people (Ajv's messages, line numbers); empty when the case passes. */
  errors: string[];
  /**
   * The same failures normalised, as known-failures.json pins them: distinct, sorted, array indices
   * as "*", no line numbers, no Ajv prose. Empty exactly when `errors` is.
   */
  failures: string[];
}

// Array indices in a JSON pointer become "*": which element does not matter, the field does.
// "/conversations/3/ai_agent" -> "/conversations/*/ai_agent"
function normalisePointer(pointer: string): string {
  return (pointer || "/").replace(/\/\d+(?=\/|$)/g, "/*");
}

/** The Ajv parameter that says what failed, where the path and keyword alone do not. */
const AJV_DETAIL: Record<string, string> = {
  type: "type",
  format: "format",
  required: "missingProperty",
  additionalProperties: "additionalProperty",
  dependentRequired: "missingProperty",
};

/** "/pages/per_page: type integer" (Ajv's keyword, not its message; enum/const values left out). */
function ajvFailure(error: ErrorObject): string {
  const param = AJV_DETAIL[error.keyword];
  const detail = param ? (error.params as Record<string, unknown>)[param] : undefined;
  return `${normalisePointer(error.instancePath)}: ${error.keyword}${detail === undefined ? "" : ` ${String(detail)}`}`;
}

function distinctSorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

const RESPONSE_KEYS = ["source", "method", "path", "status", "body"];

/** Every response case; throws on a malformed file, so a typo cannot silently drop a case. */
export function loadResponseCases(dir = RESPONSES_DIR): ResponseCase[] {
  const cases: ResponseCase[] = [];
  for (const operationId of readdirSync(dir).sort()) {
    for (const file of readdirSync(join(dir, operationId)).sort()) {
      if (!file.endsWith(".json")) throw new Error(`${operationId}/${file}: evidence files are .json`);
      const raw = JSON.parse(readFileSync(join(dir, operationId, file), "utf8")) as Record<string, unknown>;
      const keys = Object.keys(raw).sort();
      if (keys.join() !== [...RESPONSE_KEYS].sort().join()) {
        throw new Error(`${operationId}/${file}: keys must be exactly ${RESPONSE_KEYS.join(", ")}`);
      }
      const { source, method, path, status, body } = raw;
      if (typeof source !== "string" || source.length < 20)
        throw new Error(`${file}: a source line is required`);
      if (typeof method !== "string" || typeof path !== "string" || typeof status !== "number") {
        throw new Error(`${operationId}/${file}: method and path are strings, status a number`);
      }
      cases.push({
        id: `responses/${operationId}/${basename(file, ".json")}`,
        operationId,
        source,
        method: method.toLowerCase(),
        path,
        status,
        body,
      });
    }
  }
  return cases;
}

type Schema = Record<string, unknown>;

/** Follows $refs into the spec's components. */
function resolve(spec: Spec, schema: unknown): Schema | undefined {
  let node = schema as Schema | undefined;
  for (let hops = 0; node && typeof node["$ref"] === "string" && hops < 20; hops++) {
    const name = (node["$ref"] as string).replace("#/components/schemas/", "");
    node = spec.components.schemas[name];
  }
  return node;
}

/** The schema and its allOf/anyOf/oneOf members, flattened, with $refs resolved. */
function leaves(spec: Spec, schema: unknown, seen = new Set<unknown>()): Schema[] {
  const node = resolve(spec, schema);
  if (!node || seen.has(node)) return [];
  seen.add(node);
  const out = [node];
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const member of (node[key] as unknown[] | undefined) ?? []) out.push(...leaves(spec, member, seen));
  }
  return out;
}

/**
 * Fields of `value` that no (sub)schema declares, as JSON pointers. A schema that lets any key in
 * (additionalProperties true or a schema, or no type at all) declares every key; an object schema
 * without properties or additionalProperties declares none (openapi-typescript types it
 * Record<string, never>).
 */
export function undeclaredFields(spec: Spec, schema: unknown, value: unknown, at = ""): string[] {
  const members = leaves(spec, schema);
  if (members.length === 0) return [];
  if (Array.isArray(value)) {
    const items = members.filter((m) => m["items"] !== undefined).map((m) => m["items"]);
    if (items.length === 0) return [];
    return value.flatMap((item, index) =>
      items.flatMap((itemSchema) => undeclaredFields(spec, itemSchema, item, `${at}/${index}`)),
    );
  }
  if (!value || typeof value !== "object") return [];
  const objectMembers = members.filter(
    (m) => m["type"] === "object" || m["properties"] !== undefined || m["additionalProperties"] !== undefined,
  );
  const untyped = members.every((m) => m["type"] === undefined && m["properties"] === undefined);
  if (objectMembers.length === 0 && untyped) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = objectMembers
      .map((m) => (m["properties"] as Record<string, unknown> | undefined)?.[key])
      .filter((s) => s !== undefined);
    const extra = objectMembers
      .map((m) => m["additionalProperties"])
      .filter((s) => s !== undefined && s !== false);
    const pointer = `${at}/${key}`;
    if (declared.length > 0) {
      // When several members declare the key, a nested field counts as undeclared only if no
      // member's schema for the key declares it.
      const perMember = declared.map((s) => new Set(undeclaredFields(spec, s, child, pointer)));
      found.push(...[...perMember[0]!].filter((p) => perMember.every((set) => set.has(p))));
    } else if (extra.length > 0) {
      if (extra[0] !== true) found.push(...undeclaredFields(spec, extra[0], child, pointer));
    } else {
      found.push(pointer);
    }
  }
  return found;
}

const blankParams = (path: string) => path.replace(/\{[^}]*\}/g, "{}");

/** Checks response cases against the spec; the result has an entry per case (errors empty if it passes). */
export function checkResponseCases(spec: Spec, cases: ResponseCase[]): CaseResult[] {
  const compile = specValidator(spec);
  return cases.map((c) => {
    // Found by operationId, so that a case recorded as /contacts/{id} checks 2.11's
    // /contacts/{contact_id} too: the evidence follows the version.
    const found = listOperations(spec).find(({ operation }) => operation.operationId === c.operationId);
    const operation = `${c.method.toUpperCase()} ${found?.path ?? c.path}`;
    const recorded = spec.paths[c.path]?.[c.method];
    // These say everything in one stable line: the human error is its own normalised form.
    const fails = (error: string): CaseResult => ({
      id: c.id,
      operation,
      errors: [error],
      failures: [error],
    });
    if (recorded && recorded.operationId !== c.operationId)
      return fails(`${operation} is ${String(recorded.operationId)}, not ${c.operationId}`);
    if (!found || found.method !== c.method || blankParams(found.path) !== blankParams(c.path))
      return fails(`${c.method.toUpperCase()} ${c.path} (${c.operationId}) is not an operation of the spec`);
    const op = found.operation;
    const response = op.responses?.[String(c.status)];
    const schema = response?.content?.["application/json"]?.schema;
    if (!schema) return fails(`no JSON response schema for status ${c.status}`);
    // A schema Ajv cannot compile (2.11+: `nullable` without `type`) fails its cases, not the suite.
    let validate: ReturnType<typeof compile>;
    try {
      validate = compile(schema);
    } catch (error) {
      return fails(`the response schema does not compile: ${(error as Error).message}`);
    }
    const errors: string[] = [];
    const failures: string[] = [];
    if (!validate(c.body)) {
      errors.push(...new Set((validate.errors ?? []).map(describeError)));
      failures.push(...(validate.errors ?? []).map(ajvFailure));
    }
    for (const pointer of undeclaredFields(spec, schema, c.body)) {
      errors.push(`${pointer} is not declared`);
      failures.push(`${normalisePointer(pointer)}: not declared`);
    }
    return { id: c.id, operation, errors, failures: distinctSorted(failures) };
  });
}

const CASE_LINE = /^\s*\/\/ case: ([a-z0-9-]+) \u2014 (GET|POST|PUT|DELETE|PATCH) (\/\S*)\s*$/;
const SOURCE_LINE = /^\/\/ source: .{20,}/;

/** Request cases: each `// case: <name> — <METHOD> <path>` line opens a case that runs to the next. */
export function loadRequestCases(dir = REQUESTS_DIR): RequestCase[] {
  const cases: RequestCase[] = [];
  for (const file of requestFiles(dir)) {
    const lines = readFileSync(file, "utf8").split("\n");
    const name = basename(file, ".ts");
    if (!SOURCE_LINE.test(lines[0] ?? ""))
      throw new Error(`${name}.ts must start with a "// source: ..." line`);
    const source = (lines[0] ?? "").replace("// source: ", "");
    const starts: { name: string; operation: string; line: number }[] = [];
    lines.forEach((text, index) => {
      const match = CASE_LINE.exec(text);
      if (match) starts.push({ name: match[1]!, operation: `${match[2]} ${match[3]}`, line: index + 1 });
      else if (text.includes("// case:")) throw new Error(`${name}.ts:${index + 1}: malformed case line`);
    });
    if (starts.length === 0) throw new Error(`${name}.ts has no case`);
    starts.forEach((start, index) => {
      const end = (starts[index + 1]?.line ?? lines.length + 1) - 1;
      cases.push({
        id: `requests/${name}#${start.name}`,
        file,
        operation: start.operation,
        source,
        lines: [start.line, end],
      });
    });
  }
  const ids = cases.map((c) => c.id);
  const twice = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (twice.length > 0) throw new Error(`duplicate request cases: ${twice.join(", ")}`);
  return cases;
}

function requestFiles(dir = REQUESTS_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => join(dir, file));
}

/** Compiler options of test/evidence/tsconfig.json (strict, "intercom-fetch" resolving to src/). */
function requestCompilerOptions(): ts.CompilerOptions {
  const configFile = join(EVIDENCE_DIR, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, EVIDENCE_DIR, undefined, configFile);
  return parsed.options;
}

/** The innermost node whose text (without leading trivia) covers `position`. */
function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child = node.forEachChild((c) =>
      c.getStart(sourceFile) <= position && position < c.getEnd() ? c : undefined,
    );
    if (!child) return node;
    node = child;
  }
}

/** A property name as a JSON pointer token ("~" and "/" escaped). */
function pointerToken(name: ts.PropertyName, sourceFile: ts.SourceFile): string {
  const text =
    ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)
      ? name.text
      : name.getText(sourceFile);
  return text.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Where in the call's object literal a diagnostic sits, as a JSON pointer: "/body/created_at" in
 * `intercom.POST("/events", { body: { created_at: "1" } })`; array elements are "*". Empty when the
 * diagnostic is not inside an object literal. An unused @ts-expect-error is placed at the code it
 * stands above (the directive is a comment, outside every node).
 */
function propertyPointer(sourceFile: ts.SourceFile, start: number, length: number, code: number): string {
  let position = start;
  if (code === 2578) {
    const scanner = ts.createScanner(
      ts.ScriptTarget.Latest,
      true,
      ts.LanguageVariant.Standard,
      sourceFile.text,
    );
    scanner.resetTokenState(start + length);
    scanner.scan();
    position = scanner.getTokenStart();
  }
  const tokens: string[] = [];
  let inner: ts.Node | undefined;
  for (let node: ts.Node | undefined = nodeAt(sourceFile, position); node; node = node.parent) {
    if (ts.isCallExpression(node) || ts.isStatement(node) || ts.isSourceFile(node)) break;
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      tokens.unshift(pointerToken(node.name, sourceFile));
    } else if (ts.isArrayLiteralExpression(node) && inner !== undefined) {
      tokens.unshift("*"); // the diagnostic is in one of its elements
    }
    inner = node;
  }
  return tokens.length > 0 ? `/${tokens.join("/")}` : "";
}

/**
 * A diagnostic as known-failures.json pins it: "/body/created_at: TS2322 Type 'string' is not
 * assignable to type 'number'." The code, where, and the first line of the message only (the
 * elaboration below it follows the generated types' layout); object types spelled out in the
 * message are shortened to '{…}', so adding an unrelated field to a type does not change the pin.
 */
function diagnosticFailure(d: ts.Diagnostic): string {
  const shorten = (text: string) => text.replace(/'[^']*\{[^']*'/g, "'{\u2026}'");
  const head = typeof d.messageText === "string" ? d.messageText : d.messageText.messageText;
  const where =
    d.file && d.start !== undefined ? propertyPointer(d.file, d.start, d.length ?? 0, d.code) : "";
  if (where || typeof d.messageText === "string")
    return `${where ? `${where}: ` : ""}TS${d.code} ${shorten(head)}`;
  // No property to point at (an error on the call itself, "No overload matches this call"): the
  // deepest line of the message chain as well, which names what did not fit.
  let leaf = d.messageText;
  while (leaf.next?.[0]) leaf = leaf.next[0];
  return `TS${d.code} ${shorten(head)} \u2026 ${shorten(leaf.messageText)}`;
}

/**
 * Type-checks the given files in one program and returns diagnostics per file and 1-based line,
 * each also in its normalised form (`failure`, see diagnosticFailure).
 * Diagnostics in files other than the given ones (src/, generated/) are returned under "".
 */
function compileRequests(
  files: string[],
): { file: string; line: number; message: string; failure: string }[] {
  const program = ts.createProgram(files, requestCompilerOptions());
  const wanted = new Set(files.map((f) => ts.sys.resolvePath(f)));
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const fileName = d.file ? ts.sys.resolvePath(d.file.fileName) : "";
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ").slice(0, 400)}`;
    return { file: wanted.has(fileName) ? fileName : "", line, message, failure: diagnosticFailure(d) };
  });
}

/** Checks request cases: a case fails on any diagnostic within its lines (unused @ts-expect-error included). */
export function checkRequestCases(cases: RequestCase[]): { results: CaseResult[]; stray: string[] } {
  const files = [...new Set(cases.map((c) => c.file))];
  const diagnostics = compileRequests(files);
  const results: CaseResult[] = cases.map((c) => ({
    id: c.id,
    operation: c.operation,
    errors: [],
    failures: [],
  }));
  const stray: string[] = [];
  for (const d of diagnostics) {
    const index = cases.findIndex(
      (c) => ts.sys.resolvePath(c.file) === d.file && d.line >= c.lines[0] && d.line <= c.lines[1],
    );
    if (index >= 0) {
      results[index]!.errors.push(`line ${d.line}: ${d.message}`);
      results[index]!.failures.push(d.failure);
    } else stray.push(`${d.file ? relative(ROOT, d.file) : "(outside the corpus)"}:${d.line} ${d.message}`);
  }
  for (const r of results) r.failures = distinctSorted(r.failures);
  return { results, stray };
}

/** A case failing today: why (its defect class, for people) and how (its pinned failures). */
export interface KnownFailure {
  reason: string;
  /** Exactly the case's CaseResult.failures, in any order. */
  failures: string[];
}

/** known-failures.json; throws on a malformed entry, so a typo cannot unpin a case. */
export function loadKnownFailurePins(file = KNOWN_FAILURES_FILE): Record<string, KnownFailure> {
  const raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const pins: Record<string, KnownFailure> = {};
  for (const [id, entry] of Object.entries(raw)) {
    const { reason, failures, ...rest } = (entry ?? {}) as Record<string, unknown>;
    const strings = Array.isArray(failures) && failures.every((f) => typeof f === "string");
    if (typeof reason !== "string" || !strings || failures.length === 0 || Object.keys(rest).length > 0) {
      throw new Error(`known-failures.json: ${id} must be { "reason": "...", "failures": ["...", ...] }`);
    }
    if (new Set(failures).size !== failures.length)
      throw new Error(`known-failures.json: ${id} pins a failure twice`);
    pins[id] = { reason, failures: failures as string[] };
  }
  return pins;
}

/** Case id -> reason, for every case failing today (scripts/evidence-report.ts prints these). */
export function loadKnownFailures(file = KNOWN_FAILURES_FILE): Record<string, string> {
  return Object.fromEntries(Object.entries(loadKnownFailurePins(file)).map(([id, k]) => [id, k.reason]));
}

/** Where the results and known-failures.json disagree; every list empty when they agree. */
export interface KnownFailureDrift {
  /** Failing, not listed: a new defect or a broken case. */
  unexpected: string[];
  /** Listed, passing now: remove them from the list. */
  fixed: string[];
  /** Listed, but no case has that id. */
  missing: string[];
  /** Listed and failing, but not as pinned: failures not pinned (`extra`), pinned ones no longer seen (`gone`). */
  changed: { id: string; extra: string[]; gone: string[] }[];
}

export function compareKnownFailures(
  results: CaseResult[],
  known: Record<string, KnownFailure>,
): KnownFailureDrift {
  const byId = new Map(results.map((r) => [r.id, r]));
  const drift: KnownFailureDrift = { unexpected: [], fixed: [], missing: [], changed: [] };
  for (const r of results) if (r.failures.length > 0 && !(r.id in known)) drift.unexpected.push(r.id);
  for (const [id, pin] of Object.entries(known)) {
    const result = byId.get(id);
    if (!result) drift.missing.push(id);
    else if (result.failures.length === 0) drift.fixed.push(id);
    else {
      const extra = result.failures.filter((f) => !pin.failures.includes(f));
      const gone = pin.failures.filter((f) => !result.failures.includes(f));
      if (extra.length > 0 || gone.length > 0) drift.changed.push({ id, extra, gone });
    }
  }
  return drift;
}

/** Case counts per operation, passing and failing. */
export function tally(results: CaseResult[]): Map<string, { cases: number; failing: number }> {
  const byOperation = new Map<string, { cases: number; failing: number }>();
  for (const r of results) {
    const entry = byOperation.get(r.operation) ?? { cases: 0, failing: 0 };
    entry.cases += 1;
    if (r.errors.length > 0) entry.failing += 1;
    byOperation.set(r.operation, entry);
  }
  return new Map([...byOperation].sort(([a], [b]) => a.localeCompare(b)));
}
