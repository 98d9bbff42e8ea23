// A real redis-server for the tests and the bench: found on PATH, or installed from Debian's
// packages when running as root with apt-get (once, under a lock), started on 127.0.0.1 at a free
// port with no persistence, killed, restarted and paused on demand, stopped afterwards.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants, mkdirSync, rmSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const INSTALL_COMMAND = "apt-get update && apt-get install -y redis-server";
const LOCK = join(tmpdir(), "intercom-fetch-redis-install.lock");

function onPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter).concat("/usr/bin", "/usr/sbin")) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The redis-server binary, installed first if it is missing and we may. */
async function redisServerBinary(): Promise<string> {
  const found = onPath("redis-server");
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (!root || !onPath("apt-get")) {
    throw new Error(`redis-server is not installed; the Redis tests need it. Run: sudo ${INSTALL_COMMAND}`);
  }
  // One installer at a time: others wait for the lock (a stale one, over 10 minutes, is taken over).
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 600_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      await new Promise((r) => setTimeout(r, 500));
      const now = onPath("redis-server");
      if (now) return now;
    }
  }
  try {
    const again = onPath("redis-server");
    if (again) return again;
    // RUNLEVEL=1 keeps the package's postinst from starting a system-wide redis-server on 6379.
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" };
    execFileSync("sh", ["-c", INSTALL_COMMAND], { stdio: ["ignore", "ignore", "inherit"], env });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  const installed = onPath("redis-server");
  if (!installed) throw new Error(`redis-server is still missing after: ${INSTALL_COMMAND}`);
  return installed;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export interface RedisServer {
  port: number;
  url: string;
  /** SIGKILLs the server (nothing is saved: there is no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Sends a raw command (CLIENT PAUSE, FLUSHALL) over a connection of its own. */
  command(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = await redisServerBinary();
  const dir = await mkdtemp(join(tmpdir(), "intercom-fetch-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    args.push("--dir", dir, "--daemonize", "no", "--loglevel", "warning", "--logfile", "");
    const started = spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
    child = started;
    let stderr = "";
    started.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Ready when it answers PING (a restart may wait for the old socket to be released).
    for (let i = 0; ; i++) {
      if (started.exitCode !== null) throw new Error(`redis-server exited: ${stderr}`);
      try {
        if ((await command("PING")) === "+PONG") return;
      } catch {
        // not listening yet
      }
      if (i > 200) throw new Error(`redis-server did not start on ${port}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function kill(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, "exit");
    running.kill("SIGKILL");
    await exited;
  }

  function command(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      let reply = "";
      socket.setTimeout(2000, () => socket.destroy(new Error("redis command timed out")));
      socket.on("error", reject);
      socket.on("close", () =>
        reject(new Error(`redis closed the connection; got ${JSON.stringify(reply)}`)),
      );
      socket.on("data", (chunk) => {
        reply += chunk.toString();
        if (reply.endsWith("\r\n")) {
          socket.end();
          resolve(reply.trimEnd());
        }
      });
      socket.connect(port, "127.0.0.1", () => {
        socket.write(
          `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`,
        );
      });
    });
  }

  // A test process that exits (an error, a worker torn down) takes its redis-server with it.
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);
  async function stop(): Promise<void> {
    process.off("exit", killOnExit);
    await kill();
    await rm(dir, { recursive: true, force: true });
  }

  try {
    await start();
  } catch (error) {
    // A server that did not come up is not left running, nor its folder.
    await stop();
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    command,
    stop,
  };
}
