// Region → Intercom host (from the spec's `servers`), and validation of a custom baseUrl.
import { servers } from "../generated/metadata.js";
import { defaults } from "./defaults.js";
import { IntercomError } from "./errors.js";

export type Region = keyof typeof servers;
export const regions: Readonly<Record<Region, string>> = servers;

/** The hosts a plain-http baseUrl may name (tests, local proxies). */
const LOOPBACK = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/** The region's host, or a checked baseUrl (https or loopback http; no credentials, query or fragment). */
export function resolveBaseUrl(region: string | undefined, baseUrl: string | undefined): string {
  if (region !== undefined && baseUrl !== undefined) {
    throw new IntercomError("Pass either region or baseUrl, not both: a baseUrl already names the host.");
  }
  if (baseUrl === undefined) {
    const chosen = region ?? defaults.region;
    if (Object.hasOwn(regions, chosen)) return regions[chosen as Region];
    throw new IntercomError(
      `Unknown region ${JSON.stringify(chosen)}: expected one of ${Object.keys(regions).join(", ")}.`,
    );
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new IntercomError(`baseUrl is not an absolute URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw new IntercomError(
      `baseUrl must use https (plain http is allowed only for loopback hosts), got ${url.protocol}//${url.host}`,
    );
  }
  if (url.username || url.password) throw new IntercomError("baseUrl must not contain credentials.");
  if (url.search || url.hash) throw new IntercomError("baseUrl must not have a query string or fragment.");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
