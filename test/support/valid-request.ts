// Builds a request that the spec says is valid, for any operation: path and required query
// parameters, and a body (the spec's first request example that validates against its schema,
// else a minimal value sampled from the schema: required properties only, first enum value,
// first branch of a oneOf/anyOf).
import type { ValidateFunction } from "ajv";
import type { Operation, Spec } from "./spec.js";

type Schema = Record<string, unknown>;

export interface RequestInit {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
}

export function validRequest(
  spec: Spec,
  path: string,
  operation: Operation,
  compile: (schema: unknown) => ValidateFunction,
): RequestInit {
  const pathParams: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters ?? []) {
    const value = parameterValue(spec, parameter as Schema, compile);
    if (parameter.in === "path") pathParams[String(parameter.name)] = value;
    if (parameter.in === "query" && parameter.required) query[String(parameter.name)] = value;
  }
  const init: RequestInit = {};
  if (Object.keys(pathParams).length || Object.keys(query).length) {
    init.params = {
      ...(Object.keys(pathParams).length ? { path: pathParams } : {}),
      ...(Object.keys(query).length ? { query } : {}),
    };
  }
  const json = operation.requestBody?.content?.["application/json"] as
    { schema?: unknown; examples?: Record<string, { value?: unknown }> } | undefined;
  if (json?.schema !== undefined) {
    const validate = compileOrUndefined(compile, json.schema);
    const example = Object.values(json.examples ?? {})
      .map((e) => e.value)
      .find((value) => value !== undefined && validate?.(value));
    init.body = example ?? sample(spec, json.schema);
  }
  // Path parameters that the spec forgets to declare still need a value.
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (name && !(name in pathParams)) {
      init.params = { ...init.params, path: { ...init.params?.path, [name]: "1" } };
    }
  }
  return init;
}

function parameterValue(spec: Spec, parameter: Schema, compile: (schema: unknown) => ValidateFunction) {
  const schema = parameter["schema"] ?? { type: "string" };
  const example = parameter["example"];
  if (example !== undefined && compileOrUndefined(compile, schema)?.(example)) return example;
  return sample(spec, schema);
}

/** A schema Ajv cannot compile (a spec defect the examples test reports) gets no validator. */
function compileOrUndefined(compile: (schema: unknown) => ValidateFunction, schema: unknown) {
  try {
    return compile(schema);
  } catch {
    return undefined;
  }
}

function resolve(spec: Spec, schema: unknown): Schema {
  let current = (schema ?? {}) as Schema;
  while (typeof current["$ref"] === "string") {
    current = spec.components.schemas[(current["$ref"] as string).replace("#/components/schemas/", "")] ?? {};
  }
  return current;
}

function sample(spec: Spec, schemaOrRef: unknown, depth = 0): unknown {
  const schema = resolve(spec, schemaOrRef);
  if (depth > 8) return null;
  if (Array.isArray(schema["enum"])) return schema["enum"][0];
  const parts = (schema["allOf"] as unknown[] | undefined)?.map((part) => resolve(spec, part)) ?? [];
  if (parts.length && !schema["properties"]) {
    return Object.assign({}, ...parts.map((part) => sample(spec, part, depth + 1)));
  }
  const branches = (schema["oneOf"] ?? schema["anyOf"]) as Schema[] | undefined;
  if (branches?.[0] && !schema["properties"]) return sample(spec, branches[0], depth + 1);
  const type = schema["type"] ?? (schema["properties"] ? "object" : undefined);
  switch (type) {
    case "object": {
      const properties = (schema["properties"] ?? {}) as Record<string, unknown>;
      // Properties beside `anyOf: [{required: [...]}, ...]`, directly or inside an allOf part:
      // satisfy the first branch, with the property schemas declared beside it.
      const firstBranch = (s: Schema) =>
        resolve(spec, ((s["anyOf"] ?? s["oneOf"]) as unknown[] | undefined)?.[0]);
      const required = new Set(
        [schema, firstBranch(schema), ...parts, ...parts.map(firstBranch)].flatMap(
          (s) => (s["required"] as string[] | undefined) ?? [],
        ),
      );
      return Object.fromEntries(
        [...required].map((name) => [name, sample(spec, properties[name] ?? {}, depth + 1)]),
      );
    }
    case "array": {
      const minItems = Number(schema["minItems"] ?? 0);
      return Array.from({ length: minItems }, () => sample(spec, schema["items"], depth + 1));
    }
    case "integer":
    case "number":
      return typeof schema["example"] === "number" ? schema["example"] : Number(schema["minimum"] ?? 1);
    case "boolean":
      return true;
    case "string":
      return sampleString(schema);
    default:
      return schema["nullable"] ? null : "x";
  }
}

function sampleString(schema: Schema): string {
  switch (schema["format"]) {
    case "date-time":
      return "2024-01-01T00:00:00Z";
    case "date":
      return "2024-01-01";
    case "email":
      return "jane@example.com";
    case "uri":
    case "url":
      return "https://example.com/";
    case "uuid":
      return "6f1f9b1e-8b9a-4c2a-9d65-1b3f4c5d6e7f";
  }
  if (typeof schema["example"] === "string") return schema["example"];
  const minLength = Number(schema["minLength"] ?? 1);
  return "x".repeat(Math.max(1, minLength));
}
