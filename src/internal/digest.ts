// Web Crypto, in one place: the SHA digests (the rate-limit window's key, the Redis script's
// SHA-1) and the hex that webhook signatures are written in.

/** globalThis.crypto.subtle, or undefined where the runtime has none (an insecure browser origin). */
export const subtleCrypto = (): SubtleCrypto | undefined => globalThis.crypto?.subtle;

/** Bytes as lower-case hex. */
export const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The hex digest of `text` (UTF-8), cut to its first `bytes` bytes when given. */
export async function hexDigest(
  subtle: SubtleCrypto,
  algorithm: "SHA-1" | "SHA-256",
  text: string,
  bytes?: number,
): Promise<string> {
  const digest = await subtle.digest(algorithm, new TextEncoder().encode(text));
  return hex(new Uint8Array(digest).slice(0, bytes));
}
