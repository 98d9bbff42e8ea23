// A static file server on 127.0.0.1 for browser tests: serves `pages` (path → HTML) and the files
// under the allowed directories of `root`, nothing else.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
};

export interface StaticFiles {
  url: string;
  close(): Promise<void>;
}

export async function serveStaticFiles(
  root: string,
  allowed: string[],
  pages: Record<string, string>,
): Promise<StaticFiles> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const page = pages[path];
    if (page !== undefined) {
      res.writeHead(200, { "Content-Type": TYPES[".html"] });
      res.end(page);
      return;
    }
    const relative = normalize(decodeURIComponent(path)).replace(/^\/+/, "");
    if (!allowed.some((dir) => relative.startsWith(`${dir}/`))) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, relative)).then(
      (bytes) => {
        res.writeHead(200, { "Content-Type": TYPES[extname(relative)] ?? "application/octet-stream" });
        res.end(bytes);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
