// Two small readings of unknown values, shared by the client (no imports: the bottom of the graph).

/** The system error code of a fetch failure's cause (undici wraps it: TypeError → cause.code). */
export function innerCode(error: Error): string | undefined {
  const code = ((error as { cause?: unknown }).cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
