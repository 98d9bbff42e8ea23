// A spec-driven mock: every operation of the (overlaid) spec answers with its first success
// status and its first example, or {} where the spec gives none.
import type { FakeIntercom } from "./fake-intercom.js";
import { listOperations, type Operation, type Spec } from "./spec.js";

export function successOf(operation: Operation): { status: number; example: unknown } {
  const entry = Object.entries(operation.responses ?? {}).find(([code]) => /^2\d\d$/.test(code));
  if (!entry) return { status: 200, example: {} };
  const [code, response] = entry;
  const json = response.content?.["application/json"];
  const example = json?.examples ? Object.values(json.examples)[0]?.value : undefined;
  return { status: Number(code), example: example ?? {} };
}

export function installSpecMock(fake: FakeIntercom, spec: Spec): void {
  for (const { method, path, operation } of listOperations(spec)) {
    const { status, example } = successOf(operation);
    fake.on(method, path, () => (status === 204 ? { status } : { status, json: example }));
  }
}

/** A minimal valid-looking init for an operation: path ids, required query values, a body. */
export function minimalInit(path: string, operation: Operation): Record<string, unknown> {
  const pathParams = Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, "x1"]));
  const query: Record<string, unknown> = {};
  // Intercom's descriptions declare every parameter inline (no #/components/parameters).
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "query" || !parameter.required) continue;
    const type = (parameter.schema as { type?: string } | undefined)?.type;
    query[String(parameter.name)] =
      type === "integer" || type === "number"
        ? 1
        : type === "boolean"
          ? true
          : type === "object"
            ? { user_id: "u1" }
            : "x";
  }
  const init: Record<string, unknown> = {};
  if (Object.keys(pathParams).length || Object.keys(query).length) {
    init["params"] = {
      ...(Object.keys(pathParams).length ? { path: pathParams } : {}),
      ...(Object.keys(query).length ? { query } : {}),
    };
  }
  if (operation.requestBody) init["body"] = {};
  return init;
}
