// Every option a user can pass is documented with its default (a JSDoc @default tag), so that an
// editor's hover and the API reference say what leaving it out means.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

const OPTION_INTERFACES: [file: string, name: string][] = [
  ["src/options.ts", "IntercomOptions"],
  ["src/options.ts", "RequestPolicyOptions"],
  ["src/retry.ts", "RetryOptions"],
  ["src/pagination.ts", "PaginateOptions"],
  ["src/rate-limit/pacer.ts", "RateLimitOptions"],
  ["src/redis.ts", "RedisRateLimitStoreOptions"],
];

async function membersWithoutDefault(file: string, name: string): Promise<string[] | undefined> {
  const text = await readFile(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!declaration) return undefined;
  return declaration.members
    .filter((member) => !ts.getJSDocTags(member).some((tag) => tag.tagName.text === "default"))
    .map((member) => member.name?.getText(source) ?? "(unnamed)");
}

describe("option documentation", () => {
  it.each(OPTION_INTERFACES)("%s: every member of %s has an @default tag", async (file, name) => {
    const missing = await membersWithoutDefault(file, name);
    expect(missing, `${name} not found in ${file}`).toBeDefined();
    expect(missing).toEqual([]);
  });

  it("the check sees a member without one (negative control)", async () => {
    const source = ts.createSourceFile(
      "probe.ts",
      "interface P {\n  /** documented\n   * @default 1 */\n  a?: number;\n  /** no default */\n  b?: number;\n}",
      ts.ScriptTarget.Latest,
      true,
    );
    const members = (source.statements[0] as ts.InterfaceDeclaration).members;
    expect(members.map((m) => ts.getJSDocTags(m).some((t) => t.tagName.text === "default"))).toEqual([
      true,
      false,
    ]);
  });
});
