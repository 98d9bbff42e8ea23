// Starts bench/fake-server.ts in a child process, and asks it how many requests it received.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

export interface ServerProcess {
  url: string;
  /** Requests received since the previous call, and the Intercom-Version values they carried. */
  count(): Promise<{ count: number; versions: string[] }>;
  stop(): Promise<void>;
}

export async function startServerProcess(listItems: number): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bench/fake-server.ts"], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    env: { ...process.env, BENCH_LIST_ITEMS: String(listItems) },
  });
  const [url] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return {
    url,
    async count() {
      const reply = once(child, "message");
      child.send("count");
      const [message] = (await reply) as [{ count: number; versions: string[] }];
      return message;
    },
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
