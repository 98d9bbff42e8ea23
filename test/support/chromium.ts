// Which Chromium the browser test drives. The README's two commands are the whole set-up, so the
// browser comes from an npm package that ships one: @sparticuz/chromium carries a Linux x64 build
// inside its tarball (nothing is downloaded at install or at run time) and inflates it into the temp
// folder on first use. CHROMIUM_PATH picks another build; Debian's /usr/bin/chromium is the fallback
// where the packaged build does not run (other architectures).
import { existsSync } from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export async function chromiumExecutable(): Promise<string> {
  const chosen = process.env["CHROMIUM_PATH"];
  if (chosen) {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH=${chosen} does not exist`);
    return chosen;
  }
  if (process.platform === "linux" && process.arch === "x64") {
    const { default: packaged } = await import("@sparticuz/chromium");
    return packaged.executablePath();
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(
    `no Chromium for ${process.platform}/${process.arch}: the packaged build is Linux x64 only. ` +
      "Install one (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH to its executable.",
  );
}

/** What to tell the user when the browser will not start (a missing shared library, mostly). */
export function chromiumLaunchHelp(executable: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message.split("\n").slice(0, 6).join("\n") : String(error);
  return new Error(
    `Chromium at ${executable} did not start. If it names a missing shared library, install it ` +
      "(Debian: `apt-get install -y libnss3`), or set CHROMIUM_PATH to a working Chromium.\n" +
      reason,
  );
}
