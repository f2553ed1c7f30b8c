// docs/api.md is generated from the kernel's export table; a table change without regenerating
// the doc fails here.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const script = join(root, "scripts", "gen-api-doc.mjs");
const haveDist = existsSync(join(root, "dist", "kernel", "ksymtab.js"));

if (!haveDist) console.warn("test/docs/api-doc: dist/kernel/ksymtab.js is missing (run `npx tsc -p tsconfig.json`); skipping the docs/api.md check");

describe("docs/api.md", () => {
  it.skipIf(!haveDist)("matches what scripts/gen-api-doc.mjs generates from KSYMTAB", () => {
    const r = spawnSync(process.execPath, [script, "--check"], { cwd: root, encoding: "utf8" });
    expect(r.stderr, "run `npx tsc -p tsconfig.json && node scripts/gen-api-doc.mjs`").toBe("");
    expect(r.status).toBe(0);
  });

  it.skipIf(!haveDist)("lists every exported symbol once, in a table row of its Linux file's section", async () => {
    const { KSYMTAB } = (await import(join(root, "dist", "kernel", "ksymtab.js"))) as {
      KSYMTAB: { name: string; file: string }[];
    };
    const { render } = (await import(script)) as { render: (t: unknown) => string };
    const doc = render(KSYMTAB);
    const sections = doc.split(/^## /m).slice(1);
    for (const e of KSYMTAB) {
      const section = sections.find((s) => s.startsWith(`${e.file}\n`));
      expect(section, e.file).toBeDefined();
      const rows = section!.split("\n").filter((l) => l.startsWith(`| \`${e.name}\` |`));
      expect(rows, e.name).toHaveLength(1);
    }
  });
});
