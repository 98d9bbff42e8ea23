// Every id-like field a request carries (issue 23's request-id audit): path and query parameters
// named `id`, `*_id` or `*_ids`, and every such property of a JSON request body, found by walking
// the body schema through `$ref`, `allOf`/`anyOf`/`oneOf` and `items`. Each field is keyed by what
// survives a version bump: the operationId, and for a body field the component schema that
// declares it (or `(inline)` for the operation's own body schema) with the property's pointer
// inside that schema. Never a path string.

type Json = Record<string, unknown>;

const ID_NAME = /^(id|.+_id|.+_ids)$/;
const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

export interface RequestIdField {
  /** `<operationId> path:<name>`, `<operationId> query:<name>` or `<operationId> body:<schema><pointer>`. */
  key: string;
  operationId: string;
  /** The JSON types the fixed spec accepts for the field, sorted and joined by `|` (`null` if nullable). */
  accepts: string;
}

function refName(ref: string): string {
  return ref.replace("#/components/schemas/", "");
}

/** The JSON types a schema accepts (through `$ref` and unions), e.g. `integer|string`. */
function acceptedTypes(schemas: Json, schema: unknown, seen: Set<string> = new Set()): Set<string> {
  const out = new Set<string>();
  if (schema === null || typeof schema !== "object") return out;
  const s = schema as Json;
  if (typeof s["$ref"] === "string") {
    const name = refName(s["$ref"]);
    if (seen.has(name)) return out;
    return acceptedTypes(schemas, schemas[name], new Set([...seen, name]));
  }
  const branches = [...((s["anyOf"] ?? []) as unknown[]), ...((s["oneOf"] ?? []) as unknown[])];
  for (const branch of branches) for (const t of acceptedTypes(schemas, branch, seen)) out.add(t);
  if (typeof s["type"] === "string") {
    out.add(
      s["type"] === "array"
        ? `${[...acceptedTypes(schemas, s["items"], seen)].sort().join("|")}[]`
        : s["type"],
    );
  }
  if (s["nullable"] === true) out.add("null");
  if (Array.isArray(s["enum"]) && s["enum"].includes(null)) out.add("null");
  return out;
}

/** Walks a body schema; `where` is the component schema the current properties belong to. */
function walkBody(
  schemas: Json,
  schema: unknown,
  where: string,
  pointer: string,
  seen: Set<string>,
  found: Map<string, unknown[]>,
): void {
  if (schema === null || typeof schema !== "object") return;
  const s = schema as Json;
  if (typeof s["$ref"] === "string") {
    const name = refName(s["$ref"]);
    if (seen.has(name)) return;
    walkBody(schemas, schemas[name], name, "", new Set([...seen, name]), found);
    return;
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const branch of (s[key] ?? []) as unknown[]) walkBody(schemas, branch, where, pointer, seen, found);
  }
  if (s["items"] !== undefined) walkBody(schemas, s["items"], where, `${pointer}/*`, seen, found);
  const properties = (s["properties"] ?? {}) as Json;
  for (const [name, property] of Object.entries(properties)) {
    const at = `${pointer}/${name}`;
    if (ID_NAME.test(name)) {
      const key = `${where}${at}`;
      found.set(key, [...(found.get(key) ?? []), property]);
    }
    walkBody(schemas, property, where, at, seen, found);
  }
}

/** Every id-like request field of every operation, sorted by key. */
export function requestIdFields(spec: Json): RequestIdField[] {
  const schemas = ((spec["components"] as Json | undefined)?.["schemas"] ?? {}) as Json;
  const fields = new Map<string, RequestIdField>();
  const add = (operationId: string, where: string, schemaList: unknown[]) => {
    const types = new Set<string>();
    for (const schema of schemaList) for (const t of acceptedTypes(schemas, schema)) types.add(t);
    const key = `${operationId} ${where}`;
    const previous = fields.get(key);
    if (previous) for (const t of previous.accepts.split("|")) types.add(t);
    fields.set(key, { key, operationId, accepts: [...types].sort().join("|") });
  };
  for (const item of Object.values((spec["paths"] ?? {}) as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (!METHODS.has(method)) continue;
      const operation = op as Json;
      const operationId = String(operation["operationId"]);
      for (const parameter of (operation["parameters"] ?? []) as Json[]) {
        const name = String(parameter["name"]);
        if ((parameter["in"] === "path" || parameter["in"] === "query") && ID_NAME.test(name)) {
          add(operationId, `${String(parameter["in"])}:${name}`, [parameter["schema"]]);
        }
      }
      const content = ((operation["requestBody"] as Json | undefined)?.["content"] ?? {}) as Json;
      const body = (content["application/json"] as Json | undefined)?.["schema"];
      if (body === undefined) continue;
      const found = new Map<string, unknown[]>();
      walkBody(schemas, body, "(inline)", "", new Set(), found);
      for (const [where, schemaList] of found) add(operationId, `body:${where}`, schemaList);
    }
  }
  return [...fields.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A reviewed verdict on one field (openapi/request-ids.json). */
export interface RequestIdVerdict {
  /** The JSON types the field accepts after our fixes, as `RequestIdField.accepts`. */
  accepts: string;
  /** `fixed: <fix id>` or `kept: <why>`, with the evidence. */
  verdict: string;
}

export interface RequestIdDrift {
  /** Fields the spec has and the audit has no verdict on (a bump added them): audit them. */
  unaudited: RequestIdField[];
  /** Verdicts on fields this spec does not have. */
  stale: string[];
  /** Fields whose accepted types are not what the audit says. */
  changed: { key: string; accepts: string; audited: string }[];
  /** `fixed:` verdicts naming a fix that is not among `fixIds`. */
  unknownFixes: string[];
}

/** Compares a spec's id-like request fields with the reviewed verdicts. */
export function compareRequestIds(
  fields: RequestIdField[],
  verdicts: Record<string, RequestIdVerdict>,
  fixIds: ReadonlySet<string>,
): RequestIdDrift {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const unknownFixes = Object.entries(verdicts)
    .map(([key, v]) => [key, /^fixed: (\S+)/.exec(v.verdict)?.[1]] as const)
    .filter(([, fix]) => fix !== undefined && !fixIds.has(fix))
    .map(([key, fix]) => `${key}: ${String(fix)}`);
  return {
    unaudited: fields.filter((f) => verdicts[f.key] === undefined),
    stale: Object.keys(verdicts).filter((key) => !byKey.has(key)),
    changed: fields
      .filter((f) => verdicts[f.key] !== undefined && verdicts[f.key]?.accepts !== f.accepts)
      .map((f) => ({ key: f.key, accepts: f.accepts, audited: verdicts[f.key]?.accepts ?? "" })),
    unknownFixes,
  };
}
