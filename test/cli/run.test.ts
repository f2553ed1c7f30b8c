// End-to-end CLI tests: the commands a student types.
import { describe, it, expect, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "../helpers/kemu.js";

const kemu = (...args: string[]) => spawnSync("node", [join(repo, "bin/kemu.js"), ...args], { cwd: repo, encoding: "utf8" });

describe("kemu CLI", () => {
  beforeAll(() => {
    if (!existsSync(join(repo, "dist/cli/main.js"))) throw new Error("run ./build.sh (or npx tsc) first: dist/ is missing");
  });

  it("kemu run hello-1.c prints the init and exit lines in dmesg format", () => {
    const r = kemu("run", "modules/hello-1.c");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      "[    0.000000] hello_1: loading out-of-tree module taints kernel.\n" +
        "[    0.000000] Hello world 1.\n" +
        "[    0.000000] Goodbye world 1.\n",
    );
  });

  it("parameters follow the module; -x shows levels like dmesg -x", () => {
    const r = kemu("run", "-x", "modules/params/hello-5.c", "myint=7");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("kern  :info  : [    0.000000] myint is an integer: 7\n");
    expect(r.stdout).toContain("kern  :warn  : [    0.000000] hello_5: loading out-of-tree module taints kernel.\n");
  });

  it("a Kbuild directory with two modules: exporter then user", () => {
    const r = kemu("run", "modules/exporter");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("consumer: 2 + 3 = 5");
  });

  it("a compile error shows clang's file:line:col diagnostic and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "kemu-cli-"));
    const f = join(dir, "broken.c");
    writeFileSync(f, "#include <linux/module.h>\nint init_module(void) { return 0 }\n");
    const r = kemu("run", f);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f}:2:33: error: expected ';' after return statement`);
  });

  it("a missing header is clang's fatal error", () => {
    const dir = mkdtempSync(join(tmpdir(), "kemu-cli-"));
    const f = join(dir, "nohdr.c");
    writeFileSync(f, "#include <linux/no_such_header.h>\n");
    const r = kemu("run", f);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("nohdr.c:1:10: fatal error: 'linux/no_such_header.h' file not found");
  });

  it("a missing file", () => {
    const r = kemu("run", "nope.c");
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("kemu run: cannot access 'nope.c': No such file or directory\n");
  });

  it("an Oops makes the exit status non-zero", () => {
    const dir = mkdtempSync(join(tmpdir(), "kemu-cli-"));
    const f = join(dir, "crash.c");
    writeFileSync(f, "#include <linux/module.h>\nstatic int __init c_init(void) { BUG(); return 0; }\nmodule_init(c_init);\nMODULE_LICENSE(\"GPL\");\n");
    const r = kemu("run", f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("kernel BUG at");
    expect(r.stderr).toBe("Segmentation fault\n");
  });

  it("kemu modinfo shows the .modinfo fields", () => {
    const r = kemu("modinfo", "modules/params/hello-5.c");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^filename: {7}\S+hello-5\.ko\n/);
    expect(r.stdout).toContain("license:        GPL\n");
    expect(r.stdout).toContain("parm:           myint:An integer (int)\n");
    expect(r.stdout).toContain("name:           hello_5\n");
    expect(r.stdout).toContain("vermagic:       6.1.0 preempt mod_unload \n");
  });

  it("--help on every command", () => {
    for (const c of ["run", "build", "modinfo"]) {
      const r = kemu(c, "--help");
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: kemu /);
    }
  });

  it("--json gives a machine-readable report", () => {
    const r = kemu("run", "--json", "modules/hello-2.c");
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe(0);
    expect(j.log.map((l: { text: string }) => l.text)).toContain("Hello, world 2");
  });
});
