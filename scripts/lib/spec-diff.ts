// Compares two OpenAPI 3.0 documents and gives every change a verdict for users of the generated
// client. Prose (description, summary, example) is not compared.
//
// Verdicts: "breaking-callers": code that sends requests may stop compiling or be refused;
// "breaking-readers": code that reads responses may stop compiling or meet data it does not
// expect; "additive": existing code keeps working. Request-side and response-side rules mirror
// each other (RULES below). A component schema used on both sides gets both sides' verdicts.
//
// Operations are matched by method and path with parameter names blanked, so /contacts/{id} →
// /contacts/{contact_id} is a rename; then by operationId (a path that moved). Path parameters are
// matched by position. Component schemas are compared once each, under `schema <name>`; an
// operation's inline schemas under the operation. Two different $refs at the same place are
// compared structurally. A schema removed and one added with the same content (prose aside), or
// the same property names, each the other's only match, is a rename. oneOf/anyOf branches are
// matched by content: a $ref by its name, an inline branch by its title, else by equal content,
// else by the most property names in common; never by position.

export type Verdict = "breaking-callers" | "breaking-readers" | "additive";
type Side = "request" | "response";

export type ChangeKind =
  | "operation-added"
  | "operation-removed"
  | "operation-renamed"
  | "path-renamed"
  | "param-added"
  | "required-param-added"
  | "param-removed"
  | "param-renamed"
  | "param-required"
  | "param-optional"
  | "request-body-added"
  | "request-body-removed"
  | "request-body-required"
  | "request-body-optional"
  | "response-added"
  | "response-removed"
  | "schema-added"
  | "schema-removed"
  | "schema-renamed"
  | "property-added"
  | "required-property-added"
  | "property-removed"
  | "property-required"
  | "property-optional"
  | "type-changed"
  | "nullable-added"
  | "nullable-removed"
  | "enum-values-added"
  | "enum-values-removed"
  | "variants-added"
  | "variants-removed"
  | "additional-properties-loosened"
  | "additional-properties-narrowed";

export interface Change {
  kind: ChangeKind;
  verdicts: Verdict[];
  /** `GET /contacts/{contact_id}` (the newer path), or `schema contact` for a component. */
  where: string;
  /** Inside `where`: `query per_page`, `request body › email`, `200 › data[] › id`; "" for the operation itself. */
  at: string;
  detail: string;
}

interface DiffSummary {
  operations: { before: number; after: number };
  /** Distinct path templates whose parameter names changed (one path can carry several operations). */
  renamedPaths: number;
  byKind: Partial<Record<ChangeKind, number>>;
  byVerdict: Record<Verdict, number>;
  total: number;
}

export interface SpecDiff {
  changes: Change[];
  summary: DiffSummary;
  /** For each changed component schema (`schema <name>`), the operations that use it, in the newer spec (the older one for a removed schema). */
  usedBy: Record<string, string[]>;
}

type Json = Record<string, unknown>;
interface Doc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}

const RULES: Record<ChangeKind, Record<Side, Verdict>> = {
  "operation-added": { request: "additive", response: "additive" },
  "operation-removed": { request: "breaking-callers", response: "breaking-callers" },
  // The generated types key operations by operationId and paths by their template.
  "operation-renamed": { request: "breaking-callers", response: "breaking-callers" },
  "path-renamed": { request: "breaking-callers", response: "breaking-callers" },
  "param-added": { request: "additive", response: "additive" },
  "required-param-added": { request: "breaking-callers", response: "breaking-callers" },
  "param-removed": { request: "breaking-callers", response: "breaking-callers" },
  "param-renamed": { request: "breaking-callers", response: "breaking-callers" },
  "param-required": { request: "breaking-callers", response: "breaking-callers" },
  "param-optional": { request: "additive", response: "additive" },
  "request-body-added": { request: "additive", response: "additive" },
  "request-body-removed": { request: "breaking-callers", response: "breaking-callers" },
  "request-body-required": { request: "breaking-callers", response: "breaking-callers" },
  "request-body-optional": { request: "additive", response: "additive" },
  "response-added": { request: "additive", response: "additive" },
  "response-removed": { request: "breaking-readers", response: "breaking-readers" },
  "schema-added": { request: "additive", response: "additive" },
  "schema-removed": { request: "breaking-callers", response: "breaking-readers" },
  // Code that names the type (components["schemas"]["old"], the named type Old) stops compiling.
  "schema-renamed": { request: "breaking-callers", response: "breaking-readers" },
  "property-added": { request: "additive", response: "additive" },
  "required-property-added": { request: "breaking-callers", response: "additive" },
  "property-removed": { request: "breaking-callers", response: "breaking-readers" },
  "property-required": { request: "breaking-callers", response: "additive" },
  "property-optional": { request: "additive", response: "breaking-readers" },
  "type-changed": { request: "breaking-callers", response: "breaking-readers" },
  "nullable-added": { request: "additive", response: "breaking-readers" },
  "nullable-removed": { request: "breaking-callers", response: "additive" },
  "enum-values-added": { request: "additive", response: "breaking-readers" },
  "enum-values-removed": { request: "breaking-callers", response: "additive" },
  "variants-added": { request: "additive", response: "breaking-readers" },
  "variants-removed": { request: "breaking-callers", response: "additive" },
  // additionalProperties, from narrowest to widest: false, a schema, true (or absent).
  "additional-properties-loosened": { request: "additive", response: "breaking-readers" },
  "additional-properties-narrowed": { request: "breaking-callers", response: "additive" },
};

const VERDICT_ORDER: Verdict[] = ["breaking-callers", "breaking-readers", "additive"];

function verdictsFor(kind: ChangeKind, sides: Iterable<Side>): Verdict[] {
  const found = new Set<Verdict>();
  for (const side of sides) found.add(RULES[kind][side]);
  if (found.size === 0) found.add(RULES[kind].response);
  if (found.size > 1) found.delete("additive");
  return VERDICT_ORDER.filter((v) => found.has(v));
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const SCHEMA_REF = /^#\/components\/schemas\/(.+)$/;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const refOf = (value: unknown): string | undefined =>
  isObject(value) && typeof value["$ref"] === "string" ? value["$ref"] : undefined;
const schemaName = (ref: string | undefined) => (ref ? SCHEMA_REF.exec(ref)?.[1] : undefined);
const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

function resolvePointer(doc: Doc, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

/** Follows $refs (not cyclic ones) to the object they name; a dangling $ref is an empty object. */
function deref(doc: Doc, value: unknown): Json {
  const seen = new Set<string>();
  let node = value;
  for (let ref = refOf(node); ref && !seen.has(ref); ref = refOf(node)) {
    seen.add(ref);
    node = resolvePointer(doc, ref);
  }
  return isObject(node) ? node : {};
}

interface Operation {
  method: string;
  path: string;
  key: string;
  operationId: string | undefined;
  op: Json;
  params: Json[];
}

function operationsOf(doc: Doc): Operation[] {
  const list: Operation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    const shared = Array.isArray(item["parameters"]) ? item["parameters"] : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const own = Array.isArray(op["parameters"]) ? op["parameters"] : [];
      const byKey = new Map<string, Json>();
      for (const p of [...shared, ...own].map((p) => deref(doc, p))) byKey.set(`${p["in"]} ${p["name"]}`, p);
      list.push({
        method,
        path,
        key: `${method} ${path.replace(/\{[^}]*\}/g, "{}")}`,
        operationId: typeof op["operationId"] === "string" ? op["operationId"] : undefined,
        op,
        params: [...byKey.values()],
      });
    }
  }
  return list;
}

const pathParamNames = (path: string) => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
const label = (o: Operation) => `${o.method.toUpperCase()} ${o.path}`;

interface Usage {
  sides: Set<Side>;
  /** Operations that reach the schema, as `GET /path`. */
  operations: Set<string>;
}

/** For each component schema: the sides (request parts, responses) and operations that reach it. */
function usage(doc: Doc): Map<string, Usage> {
  const result = new Map<string, Usage>();
  const schemas = doc.components?.schemas ?? {};
  const mark = (node: unknown, side: Side, operation: string, seen: Set<unknown>): void => {
    if (Array.isArray(node)) return node.forEach((n) => mark(n, side, operation, seen));
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    const ref = refOf(node);
    if (!ref) {
      for (const value of Object.values(node)) mark(value, side, operation, seen);
      return;
    }
    const name = schemaName(ref);
    if (!name) return mark(resolvePointer(doc, ref), side, operation, seen);
    const entry = result.get(name) ?? { sides: new Set<Side>(), operations: new Set<string>() };
    result.set(name, entry);
    entry.sides.add(side);
    entry.operations.add(operation);
    mark(schemas[name], side, operation, seen);
  };
  for (const o of operationsOf(doc)) {
    const requestSeen = new Set<unknown>();
    mark(o.params, "request", label(o), requestSeen);
    mark(o.op["requestBody"], "request", label(o), requestSeen);
    mark(o.op["responses"], "response", label(o), new Set());
  }
  return result;
}

class Differ {
  readonly changes: Change[] = [];
  readonly renamedPaths = new Set<string>();
  readonly usageBefore: Map<string, Usage>;
  readonly usageAfter: Map<string, Usage>;

  constructor(
    private readonly before: Doc,
    private readonly after: Doc,
  ) {
    this.usageBefore = usage(before);
    this.usageAfter = usage(after);
  }

  private emit(kind: ChangeKind, sides: Iterable<Side>, where: string, at: string, detail: string) {
    this.changes.push({ kind, verdicts: verdictsFor(kind, sides), where, at, detail });
  }

  /** Component schemas renamed (old name → new name), found before anything is compared. */
  private renames = new Map<string, string>();

  run(): void {
    const a = this.before.components?.schemas ?? {};
    const b = this.after.components?.schemas ?? {};
    this.renames = new Map(
      matchRenames(
        Object.keys(a)
          .filter((name) => !(name in b))
          .map((name) => [name, deref(this.before, a[name])]),
        Object.keys(b)
          .filter((name) => !(name in a))
          .map((name) => [name, deref(this.after, b[name])]),
      ),
    );
    this.operations();
    this.components();
  }

  private operations(): void {
    const before = operationsOf(this.before);
    const after = operationsOf(this.after);
    const afterByKey = new Map(after.map((o) => [o.key, o]));
    const afterById = new Map(after.filter((o) => o.operationId).map((o) => [o.operationId, o]));
    const matched = new Set<Operation>();
    const unmatched: Operation[] = [];
    for (const a of before) {
      const b = afterByKey.get(a.key);
      if (b && !matched.has(b)) {
        matched.add(b);
        this.operation(a, b);
      } else unmatched.push(a);
    }
    for (const a of unmatched) {
      const b = a.operationId ? afterById.get(a.operationId) : undefined;
      if (b && !matched.has(b) && b.method === a.method) {
        matched.add(b);
        this.operation(a, b);
      } else this.emit("operation-removed", ["request"], label(a), "", `${a.operationId ?? ""} removed`);
    }
    for (const b of after) {
      if (!matched.has(b))
        this.emit("operation-added", ["request"], label(b), "", `${b.operationId ?? ""} added`);
    }
  }

  private operation(a: Operation, b: Operation): void {
    const where = label(b);
    if (a.path !== b.path) {
      this.renamedPaths.add(a.path);
      const namesA = pathParamNames(a.path);
      const namesB = pathParamNames(b.path);
      const renames = namesA.flatMap((n, i) =>
        namesB[i] !== undefined && namesB[i] !== n ? [`{${n}} → {${namesB[i]}}`] : [],
      );
      const detail =
        a.key === b.key ? `path parameter ${renames.join(", ")} (was ${a.path})` : `was ${a.path}`;
      this.emit("path-renamed", ["request"], where, "", detail);
    }
    if (a.operationId !== b.operationId) {
      this.emit(
        "operation-renamed",
        ["request"],
        where,
        "",
        `operationId ${a.operationId ?? "(none)"} → ${b.operationId ?? "(none)"}`,
      );
    }
    this.parameters(a, b, where);
    this.requestBody(a.op["requestBody"], b.op["requestBody"], where);
    this.responses(a.op["responses"], b.op["responses"], where);
  }

  private parameters(a: Operation, b: Operation, where: string): void {
    // Path parameters by position (their names are the rename), the others by location and name.
    const namesA = pathParamNames(a.path);
    const namesB = pathParamNames(b.path);
    const identity = (p: Json, names: string[]) =>
      p["in"] === "path" && names.includes(String(p["name"]))
        ? `path #${names.indexOf(String(p["name"]))}`
        : `${p["in"]} ${p["name"]}`;
    const before = new Map(a.params.map((p) => [identity(p, namesA), p]));
    const after = new Map(b.params.map((p) => [identity(p, namesB), p]));
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const added = [...after.keys()].filter((k) => !before.has(k));
    // A query, header or cookie parameter out and one in, at the same location with the same
    // schema, each the other's only match: a rename.
    const schemaKey = (doc: Doc, p: Json) => `${p["in"]} ${JSON.stringify(deref(doc, p["schema"]))}`;
    const outKeys = removed.filter((k) => !k.startsWith("path "));
    const inKeys = added.filter((k) => !k.startsWith("path "));
    for (const out of outKeys) {
      const pOut = before.get(out)!;
      const shape = schemaKey(this.before, pOut);
      const candidates = inKeys.filter((k) => schemaKey(this.after, after.get(k)!) === shape);
      const rivals = outKeys.filter((k) => schemaKey(this.before, before.get(k)!) === shape);
      if (candidates.length !== 1 || rivals.length !== 1) continue;
      const pIn = after.get(candidates[0]!)!;
      this.emit("param-renamed", ["request"], where, paramLabel(pIn), `was ${pOut["name"]}`);
      removed.splice(removed.indexOf(out), 1);
      added.splice(added.indexOf(candidates[0]!), 1);
      this.parameter(pOut, pIn, where);
    }
    for (const k of removed)
      this.emit("param-removed", ["request"], where, paramLabel(before.get(k)!), "removed");
    for (const k of added) {
      const p = after.get(k)!;
      const required = p["required"] === true;
      this.emit(
        required ? "required-param-added" : "param-added",
        ["request"],
        where,
        paramLabel(p),
        required ? "added, required" : "added, optional",
      );
    }
    for (const [k, pa] of before) {
      const pb = after.get(k);
      if (pb) this.parameter(pa, pb, where);
    }
  }

  private parameter(a: Json, b: Json, where: string): void {
    const at = paramLabel(b);
    const reqA = a["required"] === true;
    const reqB = b["required"] === true;
    if (!reqA && reqB) this.emit("param-required", ["request"], where, at, "became required");
    if (reqA && !reqB) this.emit("param-optional", ["request"], where, at, "became optional");
    this.schema(a["schema"], b["schema"], new Set(["request"]), where, at);
  }

  private requestBody(rawA: unknown, rawB: unknown, where: string): void {
    if (rawA === undefined && rawB === undefined) return;
    const a = deref(this.before, rawA);
    const b = deref(this.after, rawB);
    if (rawA === undefined) {
      const required = b["required"] === true;
      this.emit(
        required ? "request-body-required" : "request-body-added",
        ["request"],
        where,
        "request body",
        required ? "added, required" : "added, optional",
      );
      return;
    }
    if (rawB === undefined)
      return this.emit("request-body-removed", ["request"], where, "request body", "removed");
    if (a["required"] !== true && b["required"] === true)
      this.emit("request-body-required", ["request"], where, "request body", "became required");
    if (a["required"] === true && b["required"] !== true)
      this.emit("request-body-optional", ["request"], where, "request body", "became optional");
    this.content(a["content"], b["content"], new Set(["request"]), where, "request body");
  }

  private responses(rawA: unknown, rawB: unknown, where: string): void {
    const a = isObject(rawA) ? rawA : {};
    const b = isObject(rawB) ? rawB : {};
    for (const code of Object.keys(a))
      if (!(code in b)) this.emit("response-removed", ["response"], where, code, "removed");
    for (const code of Object.keys(b))
      if (!(code in a)) this.emit("response-added", ["response"], where, code, "added");
    for (const code of Object.keys(a)) {
      if (code in b)
        this.content(
          deref(this.before, a[code])["content"],
          deref(this.after, b[code])["content"],
          new Set(["response"]),
          where,
          code,
        );
    }
  }

  private content(rawA: unknown, rawB: unknown, sides: Set<Side>, where: string, at: string): void {
    const a = isObject(rawA) ? rawA : {};
    const b = isObject(rawB) ? rawB : {};
    for (const type of Object.keys(a)) {
      if (!(type in b)) this.emit("variants-removed", sides, where, at, `content type ${type} removed`);
    }
    for (const type of Object.keys(b)) {
      if (!(type in a)) this.emit("variants-added", sides, where, at, `content type ${type} added`);
    }
    for (const type of Object.keys(a)) {
      if (!(type in b)) continue;
      const sub = Object.keys(a).length > 1 ? `${at} (${type})` : at;
      this.schema(
        deref(this.before, a[type])["schema"],
        deref(this.after, b[type])["schema"],
        sides,
        where,
        sub,
      );
    }
  }

  private components(): void {
    const a = this.before.components?.schemas ?? {};
    const b = this.after.components?.schemas ?? {};
    const gone = Object.keys(a).filter((name) => !(name in b));
    const fresh = Object.keys(b).filter((name) => !(name in a));
    const renamedTo = this.renames;
    const renamedFrom = new Set(renamedTo.values());
    for (const name of gone) {
      const to = renamedTo.get(name);
      const sides = new Set<Side>([
        ...(this.usageBefore.get(name)?.sides ?? []),
        ...(to ? (this.usageAfter.get(to)?.sides ?? []) : []),
      ]);
      if (to) {
        this.emit("schema-renamed", sides, `schema ${to}`, "", `was ${name}`);
        this.schema(a[name], b[to], sides, `schema ${to}`, "", new Set(), true);
      } else this.emit("schema-removed", sides, `schema ${name}`, "", "removed");
    }
    for (const name of fresh) {
      if (!renamedFrom.has(name)) this.emit("schema-added", ["response"], `schema ${name}`, "", "added");
    }
    for (const name of Object.keys(a)) {
      if (!(name in b)) continue;
      const sides = new Set<Side>([
        ...(this.usageBefore.get(name)?.sides ?? []),
        ...(this.usageAfter.get(name)?.sides ?? []),
      ]);
      this.schema(a[name], b[name], sides, `schema ${name}`, "", new Set(), true);
    }
  }

  /**
   * Compares two schemas at one place. The same $ref on both sides stops here (that component is
   * compared once, in components()), unless `top` says this is that component itself.
   */
  private schema(
    rawA: unknown,
    rawB: unknown,
    sides: Set<Side>,
    where: string,
    at: string,
    seen = new Set<string>(),
    top = false,
  ): void {
    if (rawA === undefined || rawB === undefined) return;
    const refA = refOf(rawA);
    const refB = refOf(rawB);
    if (!top && refA && refA === refB) return;
    // A renamed component is compared once, under its new name.
    const nameA = schemaName(refA);
    if (!top && nameA !== undefined && this.renames.get(nameA) === schemaName(refB)) return;
    const pair = `${refA ?? "inline"}|${refB ?? "inline"}`;
    if (refA || refB) {
      if (seen.has(pair)) return;
      seen = new Set(seen).add(pair);
    }
    const a = deref(this.before, rawA);
    const b = deref(this.after, rawB);
    const here = (more: string) => (at ? `${at} › ${more}` : more);

    // allOf lists of different shape are compared as their merged properties.
    const allOfA = Array.isArray(a["allOf"]) ? a["allOf"] : undefined;
    const allOfB = Array.isArray(b["allOf"]) ? b["allOf"] : undefined;
    if ((allOfA || allOfB) && !(allOfA && allOfB && allOfA.length === allOfB.length)) {
      return this.objectParts(flatten(this.before, a), flatten(this.after, b), sides, where, at, here, seen);
    }
    if (allOfA && allOfB) {
      allOfA.forEach((part, i) => this.schema(part, allOfB[i], sides, where, at, seen));
    }

    const typeA = a["type"];
    const typeB = b["type"];
    if (typeA !== undefined && typeB !== undefined && typeA !== typeB) {
      return this.emit("type-changed", sides, where, at || "(schema)", `${show(typeA)} → ${show(typeB)}`);
    }
    if (a["nullable"] !== true && b["nullable"] === true)
      this.emit("nullable-added", sides, where, at || "(schema)", "now nullable");
    if (a["nullable"] === true && b["nullable"] !== true)
      this.emit("nullable-removed", sides, where, at || "(schema)", "no longer nullable");

    const enumA = Array.isArray(a["enum"]) ? a["enum"].map(show) : undefined;
    const enumB = Array.isArray(b["enum"]) ? b["enum"].map(show) : undefined;
    if (enumA && !enumB)
      this.emit("enum-values-added", sides, where, at || "(schema)", "enum dropped: any value");
    if (!enumA && enumB)
      this.emit("enum-values-removed", sides, where, at || "(schema)", `now limited to ${enumB.join(", ")}`);
    if (enumA && enumB) {
      const added = enumB.filter((v) => !enumA.includes(v));
      const removed = enumA.filter((v) => !enumB.includes(v));
      if (added.length) this.emit("enum-values-added", sides, where, at || "(schema)", added.join(", "));
      if (removed.length)
        this.emit("enum-values-removed", sides, where, at || "(schema)", removed.join(", "));
    }

    for (const key of ["oneOf", "anyOf"]) {
      const va = Array.isArray(a[key]) ? a[key] : [];
      const vb = Array.isArray(b[key]) ? b[key] : [];
      if (!va.length && !vb.length) continue;
      const pairs = matchBranches(this.before, va, this.after, vb);
      const matchedA = new Set(pairs.map(([i]) => i));
      const matchedB = new Set(pairs.map(([, j]) => j));
      const added = vb.flatMap((v, j) => (matchedB.has(j) ? [] : [branchLabel(v, j)]));
      const removed = va.flatMap((v, i) => (matchedA.has(i) ? [] : [branchLabel(v, i)]));
      if (added.length)
        this.emit("variants-added", sides, where, at || "(schema)", `${key} + ${added.join(", ")}`);
      if (removed.length)
        this.emit("variants-removed", sides, where, at || "(schema)", `${key} − ${removed.join(", ")}`);
      for (const [i, j] of pairs) {
        this.schema(va[i], vb[j], sides, where, here(`${key} ${branchLabel(vb[j], j)}`), seen);
      }
    }

    this.additionalProperties(a, b, sides, where, at, here, seen);

    if (a["items"] !== undefined || b["items"] !== undefined) {
      this.schema(a["items"], b["items"], sides, where, at ? `${at}[]` : "[]", seen);
    }
    this.objectParts(a, b, sides, where, at, here, seen);
  }

  /** additionalProperties: false < a schema < true (or absent); two schemas are compared. */
  private additionalProperties(
    a: Json,
    b: Json,
    sides: Set<Side>,
    where: string,
    at: string,
    here: (more: string) => string,
    seen: Set<string>,
  ): void {
    const apA = a["additionalProperties"];
    const apB = b["additionalProperties"];
    if (apA === undefined && apB === undefined) return;
    const rank = (ap: unknown) => (ap === false ? 0 : isObject(ap) && Object.keys(ap).length ? 1 : 2);
    const words = ["no other keys", "other keys of a schema", "any other keys"];
    const [ra, rb] = [rank(apA), rank(apB)];
    const place = at || "(schema)";
    if (rb > ra)
      this.emit("additional-properties-loosened", sides, where, place, `${words[ra]} → ${words[rb]}`);
    else if (rb < ra)
      this.emit("additional-properties-narrowed", sides, where, place, `${words[ra]} → ${words[rb]}`);
    else if (ra === 1) this.schema(apA, apB, sides, where, here("{key}"), seen);
  }

  private objectParts(
    a: Json,
    b: Json,
    sides: Set<Side>,
    where: string,
    at: string,
    here: (more: string) => string,
    seen: Set<string>,
  ): void {
    const propsA = isObject(a["properties"]) ? a["properties"] : {};
    const propsB = isObject(b["properties"]) ? b["properties"] : {};
    const reqA = new Set(Array.isArray(a["required"]) ? a["required"].map(String) : []);
    const reqB = new Set(Array.isArray(b["required"]) ? b["required"].map(String) : []);
    for (const key of Object.keys(propsA)) {
      if (!(key in propsB)) this.emit("property-removed", sides, where, here(key), "removed");
    }
    for (const key of Object.keys(propsB)) {
      if (key in propsA) continue;
      if (reqB.has(key)) this.emit("required-property-added", sides, where, here(key), "added, required");
      else this.emit("property-added", sides, where, here(key), "added, optional");
    }
    for (const key of Object.keys(propsA)) {
      if (!(key in propsB)) continue;
      if (!reqA.has(key) && reqB.has(key))
        this.emit("property-required", sides, where, here(key), "became required");
      if (reqA.has(key) && !reqB.has(key))
        this.emit("property-optional", sides, where, here(key), "became optional");
      this.schema(propsA[key], propsB[key], sides, where, here(key), seen);
    }
  }
}

const paramLabel = (p: Json) => `${p["in"]} ${p["name"]}`;

/** An allOf merged into one object schema: properties and required from every part. */
function flatten(doc: Doc, schema: Json, seen = new Set<unknown>()): Json {
  if (seen.has(schema)) return {};
  seen.add(schema);
  const properties: Json = { ...(isObject(schema["properties"]) ? schema["properties"] : {}) };
  const required = new Set(Array.isArray(schema["required"]) ? schema["required"].map(String) : []);
  for (const part of Array.isArray(schema["allOf"]) ? schema["allOf"] : []) {
    const flat = flatten(doc, deref(doc, part), seen);
    Object.assign(properties, flat["properties"]);
    for (const r of flat["required"] as string[]) required.add(r);
  }
  return { properties, required: [...required] };
}

const PROSE = new Set(["description", "summary", "example", "examples", "title", "externalDocs"]);

/** A schema without its prose, keys sorted: two schemas that say the same have the same key. */
function contentKey(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) =>
    PROSE.has(key)
      ? undefined
      : isObject(v)
        ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
        : v,
  );
}

const propertyNames = (schema: Json) =>
  new Set(Object.keys(isObject(schema["properties"]) ? schema["properties"] : {}));

/** Shared property names over all property names (Jaccard); 0 when either has none. */
function overlap(a: Json, b: Json): number {
  const [pa, pb] = [propertyNames(a), propertyNames(b)];
  const shared = [...pa].filter((k) => pb.has(k)).length;
  const all = new Set([...pa, ...pb]).size;
  return all ? shared / all : 0;
}

/**
 * Removed and added schemas that are one renamed schema: the same content (prose aside), or at
 * least 80% of property names in common, each the other's only candidate.
 */
function matchRenames(gone: [string, Json][], fresh: [string, Json][]): [string, string][] {
  const pairs: [string, string][] = [];
  const taken = new Set<string>();
  const candidates = (test: (x: Json, y: Json) => boolean) => {
    for (const [name, schema] of gone) {
      if (pairs.some(([from]) => from === name)) continue;
      const mine = fresh.filter(([to, other]) => !taken.has(to) && test(schema, other));
      if (mine.length !== 1) continue;
      const [to, other] = mine[0]!;
      const rivals = gone.filter(([n, s]) => !pairs.some(([from]) => from === n) && test(s, other));
      if (rivals.length !== 1) continue;
      pairs.push([name, to]);
      taken.add(to);
    }
  };
  candidates((x, y) => contentKey(x) === contentKey(y));
  candidates((x, y) => overlap(x, y) >= 0.8);
  return pairs;
}

/** How a oneOf/anyOf branch is named in the report: its $ref's schema, its title, or #n. */
function branchLabel(branch: unknown, index: number): string {
  const name = schemaName(refOf(branch));
  if (name) return name;
  const title = isObject(branch) ? branch["title"] : undefined;
  return typeof title === "string" ? JSON.stringify(title) : `#${index + 1}`;
}

/** Pairs the branches of two oneOf/anyOf lists by content (never by position), as [i, j]. */
function matchBranches(docA: Doc, va: unknown[], docB: Doc, vb: unknown[]): [number, number][] {
  const pairs: [number, number][] = [];
  const freeA = new Set(va.keys());
  const freeB = new Set(vb.keys());
  const pass = (key: (doc: Doc, branch: unknown) => string | undefined) => {
    for (const i of [...freeA]) {
      const k = key(docA, va[i]);
      if (k === undefined) continue;
      const j = [...freeB].find((j) => key(docB, vb[j]) === k);
      if (j === undefined) continue;
      pairs.push([i, j]);
      freeA.delete(i);
      freeB.delete(j);
    }
  };
  pass((_doc, v) => schemaName(refOf(v)));
  pass((_doc, v) => (isObject(v) && !refOf(v) && typeof v["title"] === "string" ? v["title"] : undefined));
  pass((_doc, v) => (refOf(v) ? undefined : contentKey(v)));
  // What is left: the pairs with the most property names in common (at least half).
  const scored = [...freeA]
    .flatMap((i) => [...freeB].map((j) => [overlap(deref(docA, va[i]), deref(docB, vb[j])), i, j] as const))
    .filter(([score]) => score >= 0.5)
    .sort((x, y) => y[0] - x[0]);
  for (const [, i, j] of scored) {
    if (!freeA.has(i) || !freeB.has(j)) continue;
    pairs.push([i, j]);
    freeA.delete(i);
    freeB.delete(j);
  }
  return pairs.sort((x, y) => x[0] - y[0]);
}

export function diffSpecs(before: Doc, after: Doc): SpecDiff {
  const differ = new Differ(before, after);
  differ.run();
  const changes = differ.changes;
  const byKind: Partial<Record<ChangeKind, number>> = {};
  const byVerdict: Record<Verdict, number> = { "breaking-callers": 0, "breaking-readers": 0, additive: 0 };
  for (const c of changes) {
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    for (const v of c.verdicts) byVerdict[v]++;
  }
  const usedBy: Record<string, string[]> = {};
  for (const where of new Set(changes.map((c) => c.where).filter((w) => w.startsWith("schema ")))) {
    const name = where.slice("schema ".length);
    const ops = differ.usageAfter.get(name)?.operations ?? differ.usageBefore.get(name)?.operations;
    usedBy[where] = [...(ops ?? [])].sort();
  }
  return {
    changes,
    summary: {
      operations: { before: operationsOf(before).length, after: operationsOf(after).length },
      renamedPaths: differ.renamedPaths.size,
      byKind,
      byVerdict,
      total: changes.length,
    },
    usedBy,
  };
}
