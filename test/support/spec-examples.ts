// Every example in a spec, validated against its own schema with Ajv (JSON Schema draft-07 plus
// OpenAPI 3.0's `nullable`, which Ajv implements natively), resolving $refs into the spec's
// components. Used by the examples conformance test and to measure the spec's defects.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { listOperations, type Spec } from "./spec.js";

export interface SpecExample {
  /** e.g. "POST /contacts request application/json example_1" */
  id: string;
  schema: unknown;
  value: unknown;
}

export interface ExampleFailure {
  id: string;
  errors: string[];
}

/** Request-body and response examples (`examples` maps and single `example`s) with a schema. */
export function collectExamples(spec: Spec): SpecExample[] {
  const found: SpecExample[] = [];
  const take = (where: string, content: Record<string, MediaType> | undefined) => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      if (media.schema === undefined) continue;
      if (media.example !== undefined) {
        found.push({ id: `${where} ${mediaType} example`, schema: media.schema, value: media.example });
      }
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        found.push({ id: `${where} ${mediaType} ${name}`, schema: media.schema, value: example.value });
      }
    }
  };
  for (const { method, path, operation } of listOperations(spec)) {
    const label = `${method.toUpperCase()} ${path}`;
    take(`${label} request`, operation.requestBody?.content as Record<string, MediaType> | undefined);
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      take(`${label} ${status}`, response.content as Record<string, MediaType> | undefined);
    }
  }
  return found;
}

interface MediaType {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

const SPEC_ID = "openapi-spec";

/** An Ajv that knows the spec's components, so `#/components/...` refs resolve. */
export function specValidator(spec: Spec): (schema: unknown) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // Intercom's own format name for epoch seconds on integers; not a JSON Schema format.
  ajv.addFormat("timestamp", true);
  ajv.addSchema({ $id: SPEC_ID, components: rewriteRefs(spec.components) }, SPEC_ID);
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(rewriteRefs(schema) as object);
      cache.set(key, validate);
    }
    return validate;
  };
}

/** Local refs (`#/components/...`) point into the spec registered under SPEC_ID. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? [key, SPEC_ID + value]
        : // an `example` inside a schema is data, not a schema: leave its keys alone
          [key, key === "example" ? value : rewriteRefs(value)],
    ),
  );
}

export function describeError(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message ?? error.keyword}`;
}

/** Every example that does not validate, or whose schema does not compile, with the reasons. */
export function failingExamples(spec: Spec): { total: number; failures: ExampleFailure[] } {
  const compile = specValidator(spec);
  const examples = collectExamples(spec);
  const failures: ExampleFailure[] = [];
  for (const example of examples) {
    let validate: ValidateFunction;
    try {
      validate = compile(example.schema);
    } catch (error) {
      failures.push({ id: example.id, errors: [`schema does not compile: ${(error as Error).message}`] });
      continue;
    }
    if (!validate(example.value)) {
      failures.push({ id: example.id, errors: [...new Set((validate.errors ?? []).map(describeError))] });
    }
  }
  return { total: examples.length, failures };
}
