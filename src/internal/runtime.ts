// The only place that looks at Node's `process`, and only through globalThis, so that the same build
// runs in browsers, Deno, Bun and workers, where `process` may not exist.
interface ProcessLike {
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
}

function processLike(): ProcessLike | undefined {
  const candidate: unknown = (globalThis as { process?: unknown }).process;
  return typeof candidate === "object" && candidate !== null ? (candidate as ProcessLike) : undefined;
}

/** An environment variable where the runtime has them (Node, Bun, Deno's Node mode), else undefined. */
export function environmentVariable(name: string): string | undefined {
  const value = processLike()?.env?.[name];
  return typeof value === "string" ? value : undefined;
}

/** Node's version, when running on Node. */
export function nodeVersion(): string | undefined {
  const version = processLike()?.versions?.node;
  return typeof version === "string" ? version : undefined;
}

/** Whether fetch is undici's (Node), which is when openapi-fetch passes `requestInitExt` to it. */
export function hasUndiciFetch(): boolean {
  const versions = processLike()?.versions as { undici?: string } | undefined;
  return typeof versions?.undici === "string";
}
