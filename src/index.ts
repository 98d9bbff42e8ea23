// The package's main entry point, `intercom-fetch`: the default API version (openapi/versions.json).
// `intercom-fetch/<version>` entry points are generated/<version>/entry.ts, the same API bound to another.
export * from "./common.js";
export * from "../generated/entry.js";
