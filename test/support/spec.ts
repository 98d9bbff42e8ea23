// The spec as the codegen sees it (pinned bytes + our fixes), for tests and the spec-driven mock.
import { join, resolve } from "node:path";
import { applyFixes, loadFixes } from "../../scripts/lib/fixes.js";
import { loadPinnedSpec } from "../../scripts/lib/spec-source.js";

export const ROOT = resolve(import.meta.dirname, "../..");

/** The id of every fix in openapi/fixes/ (an audit's verdict may name one). */
export async function loadFixIds(): Promise<Set<string>> {
  const files = await loadFixes(join(ROOT, "openapi", "fixes"));
  return new Set(files.flatMap((file) => file.fixes.map((fix) => fix.id)));
}

export interface Operation {
  operationId?: string;
  parameters?: { name?: string; in?: string; required?: boolean; schema?: unknown }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    { content?: Record<string, { schema?: unknown; examples?: Record<string, { value?: unknown }> }> }
  >;
  [key: string]: unknown;
}

export interface Spec {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

export async function loadRawSpec(version: string): Promise<Spec> {
  return (await loadPinnedSpec(ROOT, version)).spec as unknown as Spec;
}

export async function loadOverlaidSpec(version: string): Promise<Spec> {
  const raw = await loadRawSpec(version);
  return (await applyFixes(ROOT, raw as never)).doc as unknown as Spec;
}

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);

export function listOperations(spec: Spec): { method: string; path: string; operation: Operation }[] {
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

export function deref(spec: Spec, schema: unknown): Record<string, unknown> | undefined {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (!ref) return schema as Record<string, unknown> | undefined;
  return spec.components.schemas[ref.replace("#/components/schemas/", "")];
}

/** The top-level properties of the 200/201 JSON response schema, if any. */
export function successSchemaProperties(
  spec: Spec,
  operation: Operation,
): Record<string, unknown> | undefined {
  const ok = operation.responses?.["200"] ?? operation.responses?.["201"];
  const schema = deref(spec, ok?.content?.["application/json"]?.schema);
  // One of several shapes (GET /events: event.list or event.summary): the properties of all.
  const branches = [...((schema?.["anyOf"] ?? []) as unknown[]), ...((schema?.["oneOf"] ?? []) as unknown[])];
  if (branches.length === 0) return schema?.["properties"] as Record<string, unknown> | undefined;
  return Object.assign({}, ...branches.map((branch) => deref(spec, branch)?.["properties"] ?? {})) as Record<
    string,
    unknown
  >;
}
