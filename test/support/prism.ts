// Stoplight Prism as a spec-driven mock: serves the overlaid spec (what the codegen generates
// from) on 127.0.0.1, validates every request against it, and answers with the spec's examples.
// A request Prism finds invalid comes back with an `sl-violations` header listing the request
// violations (and a 4xx, from the spec's own error response or Prism's 422 problem document).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadOverlaidSpec, ROOT, type Spec } from "./spec.js";
import { apiVersion } from "../../generated/metadata.js";

export interface PrismMock {
  url: string;
  spec: Spec;
  close(): Promise<void>;
}

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

const PRISM = join(ROOT, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
const STARTUP_MS = 60_000;

/** Starts Prism on a free loopback port with the overlaid spec of `version`. */
export async function startPrism(version: string = apiVersion): Promise<PrismMock> {
  const spec = await loadOverlaidSpec(version);
  const dir = await mkdtemp(join(tmpdir(), "intercom-fetch-prism-"));
  const specFile = join(dir, `overlaid-${version}.json`);
  await writeFile(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [PRISM, "mock", specFile, "--host", "127.0.0.1", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    // Not our environment (it may hold INTERCOM_ACCESS_TOKEN); and no analytics (Scarf).
    env: { PATH: process.env["PATH"] ?? "", SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1" },
  });
  // If the test process dies without afterAll, Prism must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const close = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(child);
    return { url, spec, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => fail(`Prism did not start within ${STARTUP_MS} ms`), STARTUP_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}:\n${output.slice(-4000)}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        // Keep draining the pipes so Prism's per-request log lines never block it.
        child.stdout?.removeListener("data", onData);
        child.stderr?.removeListener("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code, signal) => fail(`Prism exited (code ${code}, signal ${signal})`));
  });
}

/**
 * The request-side violations Prism reported (empty when it accepted the request). Prism puts
 * them in an `sl-violations` header when the spec has an error response to answer with, else in
 * the `validation` list of its own application/problem+json 4xx body.
 */
export function requestViolations(response: Response, body: string): Violation[] {
  const fromHeader = violations(response).filter((v) => v.location[0] === "request");
  if (!response.headers.get("content-type")?.includes("application/problem+json")) return fromHeader;
  const problem = JSON.parse(body) as { title?: string; detail?: string; validation?: Violation[] };
  const fromBody = (problem.validation ?? []).map((v) => ({ ...v, location: ["request", ...v.location] }));
  if (fromBody.length === 0) {
    // A Prism error without a validation list (unauthorised, no such route, ...).
    fromBody.push({
      location: ["request"],
      severity: "Error",
      message: `${problem.title}: ${problem.detail}`,
    });
  }
  return [...fromHeader, ...fromBody];
}

/** The response-side violations: the mocked answer (the spec's example) broke its own schema. */
export function responseViolations(response: Response): Violation[] {
  return violations(response).filter((v) => v.location[0] === "response");
}

function violations(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  if (header.startsWith("Too many violations!")) {
    return [{ location: ["request"], severity: "Error", message: header.slice(0, 200) }];
  }
  return JSON.parse(header) as Violation[];
}
