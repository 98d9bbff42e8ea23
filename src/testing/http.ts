/// <reference types="node" />
// The fake on a loopback port: each fake listens on 127.0.0.1 on a port of its own, so its origin
// (and with it the client's rate-limit window, keyed by origin and token) is its own.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Exchange, FakeEngine } from "./engine.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exchangeOf(req: IncomingMessage, res: ServerResponse): Exchange {
  return {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    headers: req.headers,
    async body() {
      const chunks: Uint8Array[] = [];
      for await (const chunk of req) chunks.push(chunk as Uint8Array);
      return Buffer.concat(chunks);
    },
    gone: () => res.destroyed,
    reset: () => req.socket.destroy(),
    async answer(status, headers, body, spoil) {
      if (spoil?.kind === "truncate") {
        res.writeHead(status, { ...headers, "Content-Length": String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
        return;
      }
      if (spoil?.kind === "stall-body") {
        // The first byte now, the rest (and a trailing space, so that the length is never 0) later.
        res.writeHead(status, { ...headers, "Content-Length": String(body.length + 1) });
        res.write(body.subarray(0, 1));
        await sleep(spoil.ms);
        if (!res.destroyed) res.end(Buffer.concat([body.subarray(1), Buffer.from(" ")]));
        return;
      }
      res.writeHead(status, headers);
      res.end(body);
    },
  };
}

/** Serves the engine on 127.0.0.1 (a random port); sets and returns its URL. */
export async function listen(engine: FakeEngine): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    engine.dispatch(exchangeOf(req, res)).catch((error: unknown) => {
      // A handler that throws: a 500, as a server would, and the error on the request's log.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`fake Intercom: the handler threw: ${String(error)}`);
      } else req.socket.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  engine.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: engine.url,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
