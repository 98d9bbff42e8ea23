// The documentation holds together: the README stays a user's manual (at most 25 kB), and every
// relative link in the project's Markdown points at a file that exists and, with a #fragment, at a
// heading of that file (GitHub's anchor rules).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

const README_LIMIT = 25_000;

function markdownFiles(): string[] {
  const top = ["README.md", "CONTRIBUTING.md", "bench/README.md"].map((file) => join(ROOT, file));
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => join(ROOT, "docs", file));
  return [...top, ...docs];
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const base = anchorOf(match[1] ?? "");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

function links(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of links(file)) {
    if (/^[a-z]+:/i.test(link)) continue;
    const [path = "", fragment] = link.split("#");
    const target = path === "" ? file : join(dirname(file), path);
    const where = `${relative(ROOT, file)} → ${link}`;
    if (!existsSync(target)) broken.push(`${where}: no such file`);
    else if (fragment && target.endsWith(".md") && !anchors(target).has(fragment))
      broken.push(`${where}: no such heading`);
  }
  return broken;
}

describe("documentation", () => {
  it(`the README is a user's manual of at most ${README_LIMIT} bytes`, () => {
    const size = readFileSync(join(ROOT, "README.md")).byteLength;
    expect(size).toBeLessThanOrEqual(README_LIMIT);
  });

  it("every relative link points at an existing file and heading", () => {
    expect(markdownFiles().flatMap(brokenLinks)).toEqual([]);
  });

  it("the anchor rule matches GitHub's on the headings this project uses", () => {
    expect(anchorOf("Custom fetch and middleware")).toBe("custom-fetch-and-middleware");
    expect(anchorOf("Compared with `intercom-client`")).toBe("compared-with-intercom-client");
    expect(anchorOf("Defaults, and what they replace")).toBe("defaults-and-what-they-replace");
  });

  it("reports a link to a missing file and to a missing heading (negative control)", () => {
    const dir = mkdtempSync(join(tmpdir(), "intercom-fetch-docs-"));
    try {
      const file = join(dir, "probe.md");
      writeFileSync(file, "# Probe\n\n[ok](#probe) [gone](missing.md) [nohead](probe.md#nope)\n");
      expect(brokenLinks(file).map((line) => line.split(": ").pop())).toEqual([
        "no such file",
        "no such heading",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
