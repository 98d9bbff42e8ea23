// Issue 23's list audit: the shape of every list response (a 2xx JSON body with an array of items),
// keyed by operationId: the component schema, the property holding the items, and what `pages.next`
// is (a cursor object, a URL string, or absent). Compared across descriptions and with recorded
// responses, it shows where a later description or a recording disagrees with the types.

type Json = Record<string, unknown>;

export interface ListShape {
  /** The response schema's component name, `anyOf(a|b)` for a union, or `(inline)`. */
  schema: string;
  /** Array-valued properties of the body (the items; a union contributes every branch's). */
  items: string[];
  /** `object`, `string` (a URL), `object|string`, or `-` (no `pages.next`), nulls left out. */
  next: string;
}

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

function deref(schemas: Json, schema: unknown): Json {
  const s = (schema ?? {}) as Json;
  const ref = s["$ref"];
  return typeof ref === "string" ? ((schemas[ref.replace("#/components/schemas/", "")] ?? {}) as Json) : s;
}

function nameOf(schema: unknown): string {
  const s = (schema ?? {}) as Json;
  if (typeof s["$ref"] === "string") return s["$ref"].replace("#/components/schemas/", "");
  const union = (s["anyOf"] ?? s["oneOf"]) as unknown[] | undefined;
  if (union) return `anyOf(${union.map(nameOf).join("|")})`;
  return "(inline)";
}

/** The non-null JSON types a schema takes (through `$ref` and unions). */
function kinds(schemas: Json, schema: unknown): string[] {
  const s = deref(schemas, schema);
  const union = [...((s["anyOf"] ?? []) as unknown[]), ...((s["oneOf"] ?? []) as unknown[])];
  const own =
    typeof s["type"] === "string" && !(Array.isArray(s["enum"]) && s["enum"].every((v) => v === null))
      ? [s["type"]]
      : [];
  return [...new Set([...own, ...union.flatMap((b) => kinds(schemas, b))])].sort();
}

/** Every operation whose 2xx JSON body carries an array of items, by operationId. */
export function listShapes(spec: Json): Map<string, ListShape> {
  const schemas = ((spec["components"] as Json | undefined)?.["schemas"] ?? {}) as Json;
  const out = new Map<string, ListShape>();
  for (const item of Object.values((spec["paths"] ?? {}) as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (!METHODS.has(method)) continue;
      const operation = op as Json;
      const responses = (operation["responses"] ?? {}) as Json;
      const ok = (responses["200"] ?? responses["201"]) as Json | undefined;
      const schema = ((ok?.["content"] as Json | undefined)?.["application/json"] as Json | undefined)?.[
        "schema"
      ];
      if (schema === undefined) continue;
      const body = deref(schemas, schema);
      const branches = [
        body,
        ...((body["anyOf"] ?? []) as unknown[]),
        ...((body["oneOf"] ?? []) as unknown[]),
      ].map((b) => deref(schemas, b));
      const properties = Object.assign({}, ...branches.map((b) => (b["properties"] ?? {}) as Json)) as Json;
      // The items: an array property, or one level down (article search: `data.articles`).
      const items = Object.keys(properties)
        .flatMap((k) => {
          const property = deref(schemas, properties[k]);
          if (property["type"] === "array") return [k];
          const inner = (property["properties"] ?? {}) as Json;
          return Object.keys(inner)
            .filter((i) => deref(schemas, inner[i])["type"] === "array")
            .map((i) => `${k}.${i}`);
        })
        .sort();
      // A resource with a list inside it (an admin's team_ids) is not a list response: a list
      // response carries `pages`, or says it is one (a `*_list` schema, `type: list`).
      const typeOf = deref(schemas, properties["type"]);
      const says = [typeOf["example"], ...((typeOf["enum"] ?? []) as unknown[])].map(String);
      const isList =
        "pages" in properties ||
        nameOf(schema).endsWith("_list") ||
        says.some((t) => t === "list" || t.endsWith(".list"));
      if (items.length === 0 || !isList) continue;
      const pages = deref(schemas, properties["pages"]);
      const nextSchema = ((pages["properties"] ?? {}) as Json)["next"];
      out.set(String(operation["operationId"]), {
        schema: nameOf(schema),
        items,
        next: nextSchema === undefined ? "-" : kinds(schemas, nextSchema).join("|") || "-",
      });
    }
  }
  return out;
}

/** What a recorded body shows: its array-valued keys and the kind of `pages.next`. */
function recordedShape(body: unknown): { items: string[]; next: string } {
  const b = (body ?? {}) as Json;
  const items = Object.keys(b)
    .flatMap((k) => {
      const value = b[k];
      if (Array.isArray(value)) return [k];
      if (value === null || typeof value !== "object") return [];
      return Object.keys(value)
        .filter((i) => Array.isArray((value as Json)[i]))
        .map((i) => `${k}.${i}`);
    })
    .sort();
  const next = ((b["pages"] ?? {}) as Json)["next"];
  const kind = next === undefined || next === null ? "-" : typeof next === "string" ? "string" : "object";
  return { items, next: kind };
}

/** `schema [items] next <kind>`: one line that changes when any part of the shape does. */
export function describeShape(shape: ListShape): string {
  return `${shape.schema} [${shape.items.join(", ")}] next ${shape.next}`;
}

/** What a recording shows that the declared shape does not allow (none: it agrees). */
export function recordingDisagrees(shape: ListShape, body: unknown): string[] {
  const recorded = recordedShape(body);
  const problems = recorded.items
    .filter((key) => !shape.items.includes(key) && !shape.items.some((item) => item.startsWith(`${key}.`)))
    .map((key) => `items under ${key}, declared ${shape.items.join(", ") || "none"}`);
  if (recorded.next !== "-" && !shape.next.split("|").includes(recorded.next)) {
    problems.push(
      `pages.next is a${recorded.next === "object" ? "n object" : " URL string"}, declared ${shape.next}`,
    );
  }
  return problems;
}
