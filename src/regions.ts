// Region → Intercom host (from the spec's `servers`), and validation of a custom baseUrl.
import { servers } from "../generated/metadata.js";
import { defaults } from "./defaults.js";
import { IntercomError } from "./errors.js";

export type Region = keyof typeof servers;
export const regions: Readonly<Record<Region, string>> = servers;

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The base URL all requests go to: the region's host, or a validated override. A baseUrl must be
 * https, except on loopback (tests, local proxies), and carry no credentials, query or fragment.
 */
export function resolveBaseUrl(region: string | undefined, baseUrl: string | undefined): string {
  if (region !== undefined && baseUrl !== undefined) {
    throw new IntercomError("Pass either region or baseUrl, not both: a baseUrl already names the host.");
  }
  if (baseUrl === undefined) {
    const chosen = region ?? defaults.region;
    if (!Object.hasOwn(regions, chosen)) {
      throw new IntercomError(
        `Unknown region ${JSON.stringify(chosen)}: expected one of ${Object.keys(regions).join(", ")}.`,
      );
    }
    return regions[chosen as Region];
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new IntercomError(`baseUrl is not an absolute URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname))) {
    throw new IntercomError(
      `baseUrl must use https (plain http is allowed only for loopback hosts), got ${url.protocol}//${url.host}`,
    );
  }
  if (url.username || url.password) throw new IntercomError("baseUrl must not contain credentials.");
  if (url.search || url.hash) throw new IntercomError("baseUrl must not have a query string or fragment.");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
