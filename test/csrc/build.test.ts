// The C library compiles warning-free with the contract flags, its headers stand alone in a
// module, and memcpy/memmove/memset are single bulk-memory instructions (no self-recursion).
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  HARNESS, REPO, buildTestWasm, compile, coreFlags, findToolchain, libSources, moduleFlags, withTempDir,
} from "./cc.js";

const tc = findToolchain();
const HEADERS = ["string.h", "ctype.h", "kstrtox.h", "sprintf.h", "hex.h"];

describe.skipIf(!tc)("csrc/lib build", () => {
  it("compiles every file warning-free with the vmlinux core flags (-fPIC included)", async () => {
    const results = await withTempDir((dir) => Promise.all(libSources().map((src) =>
      compile(tc!, src, join(dir, basename(src, ".c") + ".o"), [...coreFlags(src), "-fPIC"]))));
    results.forEach((r, i) => expect({ file: libSources()[i], ...r }).toEqual({ file: libSources()[i], ok: true, stderr: "" }));
  });

  it("the headers compile alone and together in a module, warning-free", () => withTempDir(async (dir) => {
    const units = HEADERS.map((h) => {
      const src = join(dir, `only-${h.replace(".h", "")}.c`);
      writeFileSync(src, `#include <linux/${h}>\n`);
      return src;
    });
    const all = join(dir, "all-headers.c");
    const withKernel = existsSync(join(REPO, "csrc/include/linux/kernel.h"));
    writeFileSync(all, [
      ...(withKernel ? ["#include <linux/kernel.h>", "#include <linux/slab.h>", "#include <linux/printk.h>"] : []),
      ...HEADERS.map((h) => `#include <linux/${h}>`),
      "int use(const char *s) { bool b; return strlen(s) + isdigit(*s) + kstrtobool(s, &b) + hex_to_bin(*s); }",
      "",
    ].join("\n"));
    const results = await Promise.all([...units, all, HARNESS].map((src) =>
      compile(tc!, src, join(dir, basename(src, ".c") + ".mod.o"), moduleFlags(src, "hdrcheck"))));
    results.forEach((r) => expect(r).toEqual({ ok: true, stderr: "" }));
  }));

  it.skipIf(!tc?.objdump)("memcpy, memmove and memset do not call anything", () => withTempDir(async (dir) => {
    const src = join(REPO, "csrc/lib/string.c");
    const obj = join(dir, "string-objdump.o");
    expect((await compile(tc!, src, obj, [...coreFlags(src), "-fPIC"])).ok).toBe(true);
    const dis = spawnSync(tc!.objdump!, ["-d", obj], { encoding: "utf8" }).stdout;
    const body = (name: string) => {
      const m = new RegExp(`<${name}>:\\n([\\s\\S]*?)\\n\\n`).exec(dis + "\n\n");
      if (!m) throw new Error(`${name} not found in objdump output`);
      return m[1]!;
    };
    for (const [name, insn] of [["memcpy", "memory.copy"], ["memmove", "memory.copy"], ["memset", "memory.fill"]]) {
      const text = body(name!);
      expect(text).toContain(insn);
      expect(text).not.toMatch(/\bcall/);
    }
  }));

  it("the linked library imports only kemu_sprint_symbol from the kernel", async () => {
    const mod = await buildTestWasm(tc!);
    // __kmalloc and kfree come from the test harness here; the kernel provides them otherwise.
    expect(WebAssembly.Module.imports(mod)).toEqual([{ module: "env", name: "kemu_sprint_symbol", kind: "function" }]);
  });
});
