// Applies our OpenAPI Overlay 1.0 documents, in file-name order, with openapi-format's applier.
// An action that changes nothing is an error: it means the spec moved and the overlay is stale.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { openapiOverlay } from "openapi-format";
import { parse } from "yaml";
import { sha256 } from "./spec-source.js";

interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface OverlayFile {
  file: string;
  sha256: string;
  actions: OverlayAction[];
  document: { overlay: string; actions: OverlayAction[] };
}

export class OverlayError extends Error {
  override name = "OverlayError";
}

async function loadOverlays(dir: string): Promise<OverlayFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort();
  const overlays: OverlayFile[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), "utf8");
    const document = parse(text) as OverlayFile["document"] | null;
    if (!document || typeof document.overlay !== "string" || !/^1\.0\.\d+$/.test(document.overlay)) {
      throw new OverlayError(`${file}: not an OpenAPI Overlay 1.0.x document (overlay: 1.0.0)`);
    }
    if (!Array.isArray(document.actions) || document.actions.length === 0) {
      throw new OverlayError(`${file}: has no actions`);
    }
    overlays.push({ file, sha256: sha256(text), actions: document.actions, document });
  }
  return overlays;
}

/**
 * Applies every overlay in order. Stale actions do not stop the run: all of them, in every file,
 * are reported together in one OverlayError, so a spec bump shows the whole list at once.
 */
async function applyOverlays(
  spec: Record<string, unknown>,
  overlays: OverlayFile[],
): Promise<Record<string, unknown>> {
  let current = spec;
  const stale: string[] = [];
  for (const overlay of overlays) {
    // openapi-format reports malformed actions on console.error and skips them; keep those
    // messages for our own error instead of letting them scroll by.
    const complaints: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void complaints.push(args.map(String).join(" "));
    let result;
    try {
      result = await openapiOverlay(current as never, { overlaySet: overlay.document as never });
    } finally {
      console.error = consoleError;
    }
    const unused = result.resultData.unusedActions as OverlayAction[];
    if (unused.length > 0) {
      const lines = unused.map((action) => {
        const index = overlay.actions.indexOf(action) + 1;
        const what = action.description ? ` (${action.description})` : "";
        return `  action #${index}${what}: target ${action.target} matched nothing`;
      });
      stale.push(
        `Overlay ${overlay.file} is stale for this spec:\n${lines.join("\n")}` +
          (complaints.length ? `\n  ${complaints.join("\n  ")}` : ""),
      );
    }
    current = result.data as Record<string, unknown>;
  }
  if (stale.length) throw new OverlayError(stale.join("\n"));
  return current;
}

/** A version's own overlays (openapi/overlays/<version>/), applied to its spec. */
export async function applyVersionOverlays(
  root: string,
  version: string,
  spec: Record<string, unknown>,
): Promise<{ overlays: OverlayFile[]; doc: Record<string, unknown> }> {
  const overlays = await loadOverlays(join(root, "openapi", "overlays", version));
  return { overlays, doc: await applyOverlays(spec, overlays) };
}
