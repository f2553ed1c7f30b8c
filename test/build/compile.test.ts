import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectEntry } from "../../ts/build/cache.js";
import { BuildError, buildDir, buildModule, buildPath } from "../../ts/build/compile.js";
import { corePath } from "../../ts/build/core.js";
import { findToolchain } from "../../ts/build/toolchain.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-compile-"));
const env = { ...process.env, KEMU_CACHE_DIR: path.join(tmp, "cache") };
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let haveToolchain = true;
try {
  findToolchain(env);
} catch {
  haveToolchain = false;
}

// Minimal stand-ins for csrc/include, so these tests do not depend on the real headers' progress.
const inc = path.join(tmp, "include");
function header(rel: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(inc, rel)), { recursive: true });
  fs.writeFileSync(path.join(inc, rel), text);
}
header("linux/kconfig.h", "#define IS_ENABLED(x) 0\n");
header("linux/compiler_types.h", "#define __user\n");
header("linux/module.h", [
  "int printk(const char *fmt, ...);",
  "#define module_init(f) int init_module(void) { return f(); }",
  "#define module_exit(f) void cleanup_module(void) { f(); }",
  "",
].join("\n"));
header("linux/kemu_modpost.h", '__attribute__((used)) static const char __kemu_modinfo[] = "name=" KBUILD_MODNAME;\n');

const src = path.join(tmp, "src");
function file(rel: string, text: string): string {
  const f = path.join(src, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}
const HELLO = [
  "#include <linux/module.h>",
  '#include "hello.h"',
  "static int hello_init(void) { printk(GREETING \" %d\\n\", KEMU_LINUX_VERSION_CODE); return 0; }",
  "static void hello_exit(void) { printk(\"bye\\n\"); }",
  "module_init(hello_init);",
  "module_exit(hello_exit);",
  "",
].join("\n");

const base = { includeDir: inc, env, cwd: src };

/** Names of the custom sections of a wasm binary, in order. */
function customSections(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let p = 8;
  const leb = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[p++];
      v |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return v >>> 0;
      shift += 7;
    }
  };
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 0) {
      const n = leb();
      names.push(Buffer.from(bytes.subarray(p, p + n)).toString("utf8"));
    }
    p = end;
  }
  return names;
}

describe.skipIf(!haveToolchain)("buildModule (real clang)", () => {
  beforeAll(() => {
    file("hello.c", HELLO);
    file("hello.h", '#define GREETING "hello"\n');
  });

  it("compiles a trivial module to a wasm side module, then hits the cache", async () => {
    const lines: string[] = [];
    const r = await buildModule({ ...base, sources: ["hello.c"], log: (l) => lines.push(l) });
    expect(r.cached).toBe(false);
    expect(r.name).toBe("hello");
    expect(lines).toEqual(["  CC [M]  hello.o", "  MODPOST hello.mod.c", "  CC [M]  hello.mod.o", "  LD [M]  hello.ko"]);
    const bytes = fs.readFileSync(r.ko);
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(await WebAssembly.validate(bytes)).toBe(true);
    const customs = customSections(bytes);
    expect(customs[0]).toBe("dylink.0");
    expect(customs).toContain("name");
    expect(bytes.includes(Buffer.from("name=hello"))).toBe(true);

    const t0 = performance.now();
    const again = await buildModule({ ...base, sources: ["hello.c"], log: (l) => lines.push(l) });
    const ms = performance.now() - t0;
    expect(again.cached).toBe(true);
    expect(again.ko).toBe(r.ko);
    expect(ms).toBeLessThan(50);
    expect(lines.length).toBe(4);
  });

  it("copies to `out`, and uses KBUILD_MODNAME with '-' -> '_'", async () => {
    file("hello-1.c", HELLO);
    const out = path.join(tmp, "out", "hello-1.ko");
    const r = await buildModule({ ...base, sources: ["hello-1.c"], out });
    expect(r.ko).toBe(out);
    expect(r.name).toBe("hello-1");
    expect(fs.readFileSync(out).includes(Buffer.from("name=hello_1"))).toBe(true);
  });

  it("invalidates the cache when an included header changes", async () => {
    file("inv.c", HELLO);
    const first = await buildModule({ ...base, sources: ["inv.c"] });
    const firstBytes = fs.readFileSync(first.ko);
    expect((await buildModule({ ...base, sources: ["inv.c"] })).cached).toBe(true);
    file("hello.h", '#define GREETING "changed"\n');
    try {
      const second = await buildModule({ ...base, sources: ["inv.c"] });
      expect(second.cached).toBe(false);
      expect(fs.readFileSync(second.ko).includes(Buffer.from("changed"))).toBe(true);
      expect(firstBytes.equals(fs.readFileSync(second.ko))).toBe(false);
    } finally {
      file("hello.h", '#define GREETING "hello"\n');
    }
    // Back to the old header content: the old entry is valid again.
    expect((await buildModule({ ...base, sources: ["inv.c"] })).cached).toBe(true);
  });

  it("finds an unchanged module by stat (direct mode), which an edited header still invalidates", async () => {
    const directDir = path.join(env.KEMU_CACHE_DIR, "v1", "direct");
    const entries = () => (fs.existsSync(directDir) ? fs.readdirSync(directDir, { recursive: true }).filter((f) => String(f).endsWith(".json")).length : 0);
    const text = HELLO.replace('"hello.h"', '"direct.h"');
    file("direct.h", '#define GREETING "old"\n');
    file("direct.c", text);
    // Just written: too recent to trust a stat, so no direct entry yet.
    const before = entries();
    expect((await buildModule({ ...base, sources: ["direct.c"] })).cached).toBe(false);
    expect(entries()).toBe(before);
    const saved = DirectEntry.racyMs;
    DirectEntry.racyMs = -1e9; // every file counts as old enough
    try {
      const first = await buildModule({ ...base, sources: ["direct.c"] });
      expect(first.cached).toBe(true);
      expect(entries()).toBe(before + 1);
      const again = await buildModule({ ...base, sources: ["direct.c"] });
      expect(again).toEqual(first);
      // Same size, new content: the stat signature (mtime, ctime) no longer matches. (With the
      // racy check off, wait out the file system's timestamp granularity first.)
      await new Promise((r) => setTimeout(r, 50));
      file("direct.h", '#define GREETING "new"\n');
      const edited = await buildModule({ ...base, sources: ["direct.c"] });
      expect(edited.cached).toBe(false);
      expect(fs.readFileSync(edited.ko).includes(Buffer.from("new"))).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      file("direct.c", text.replaceAll("hello_init", "hi_init"));
      expect((await buildModule({ ...base, sources: ["direct.c"] })).cached).toBe(false);
    } finally {
      DirectEntry.racyMs = saved;
    }
  });

  it("keys on the kernel version", async () => {
    const a = await buildModule({ ...base, sources: ["hello.c"], kernelVersion: "2.6.23" });
    expect(a.cached).toBe(false);
    expect((await buildModule({ ...base, sources: ["hello.c"], kernelVersion: "2.6.23" })).cached).toBe(true);
  });

  it("reports a syntax error with clang's own file:line:col diagnostic, as the user spelled the path", async () => {
    file("bad.c", "#include <linux/module.h>\nint f(void)\n{\n\treturn 1 +;\n}\n");
    let err: unknown;
    try {
      await buildModule({ ...base, sources: ["bad.c"] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BuildError);
    const msg = (err as BuildError).message;
    expect(msg).toMatch(/^bad\.c:4:\d+: error: expected expression$/m);
    expect(msg).not.toMatch(/\x1b\[/);
    expect((err as BuildError).kind).toBe("compile");
  });

  it("returns warnings without failing", async () => {
    file("warn.c", "#include <linux/module.h>\nint f(int x) { int unused; return x; }\nstatic int g(void) { return 0; }\nmodule_init(g);\n");
    const r = await buildModule({ ...base, sources: ["warn.c"], cflags: ["-Wall"] });
    expect(r.warnings).toMatch(/^warn\.c:2:\d+: warning: unused variable 'unused'/m);
  });

  it("links several files and reports duplicate symbols with wasm-ld's message", async () => {
    file("multi/a.c", "int shared(void) { return 1; }\n");
    file("multi/b.c", "int shared(void) { return 2; }\n");
    await expect(buildModule({ ...base, name: "dup", sources: ["multi/a.c", "multi/b.c"] })).rejects.toThrow(
      /duplicate symbol: shared[\s\S]*multi\/a\.o[\s\S]*multi\/b\.o/,
    );
  });

  it("passes cflags and per-file cflags", async () => {
    file("flags.c", "#ifndef ALL\n#error no ALL\n#endif\n#ifndef ONLY_ME\n#error no ONLY_ME\n#endif\n");
    const r = await buildModule({ ...base, sources: ["flags.c"], cflags: ["-DALL"], perFileCflags: { "flags.o": ["-DONLY_ME"] } });
    expect(r.cached).toBe(false);
  });

  it("runs the postLink hook, keyed by postLinkId", async () => {
    file("post.c", HELLO);
    let calls = 0;
    const postLink = async (w: Uint8Array) => {
      calls++;
      return w;
    };
    await buildModule({ ...base, sources: ["post.c"], postLink, postLinkId: "noop-1" });
    await buildModule({ ...base, sources: ["post.c"], postLink, postLinkId: "noop-1" });
    expect(calls).toBe(1);
    await buildModule({ ...base, sources: ["post.c"], postLink, postLinkId: "noop-2" });
    expect(calls).toBe(2);
  });

  it("builds every obj-m module of a Kbuild directory", async () => {
    file("kb/Makefile", "obj-m += one.o two.o\ntwo-objs := t1.o t2.o\nccflags-y := -I$(src)/inc\n");
    file("kb/inc/greet.h", '#define GREETING "kb"\n');
    file("kb/one.c", '#include <linux/module.h>\n#include <greet.h>\nstatic int i(void) { printk(GREETING); return 0; }\nmodule_init(i);\n');
    file("kb/t1.c", "int t2(void);\nint t1(void) { return t2(); }\n");
    file("kb/t2.c", "int t2(void) { return 2; }\n");
    const outDir = path.join(tmp, "kbout");
    const results = await buildDir("kb", { ...base, outDir });
    expect(results.map((r) => r.name)).toEqual(["one", "two"]);
    expect(fs.existsSync(path.join(outDir, "one.ko"))).toBe(true);
    expect(fs.existsSync(path.join(outDir, "two.ko"))).toBe(true);
  });

  it("buildPath accepts .c files, a directory and a .ko", async () => {
    const [r] = await buildPath("hello.c", base);
    expect(r.cached).toBe(true);
    const [k] = await buildPath(r.ko, base);
    expect(k.ko).toBe(r.ko);
    const dirResults = await buildPath("kb", base);
    expect(dirResults.length).toBe(2);
    await expect(buildPath("nope.c", base)).rejects.toThrow("kemu build: cannot access 'nope.c': No such file or directory");
  });
});

describe("core", () => {
  it("puts vmlinux.wasm under build/ at the repo root", () => {
    expect(corePath()).toBe(path.resolve(__dirname, "../../build/vmlinux.wasm"));
  });
});
