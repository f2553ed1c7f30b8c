// CLI: `kemu lint` (output format, exit status) and `kemu build --explain` (auto era detection).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cmdBuild } from "../../ts/cli/build.js";
import { cmdLint } from "../../ts/cli/lint.js";

const root = path.resolve(__dirname, "../..");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  return { out: () => out.join(""), err: () => err.join("") };
}
afterEach(() => vi.restoreAllMocks());

describe("kemu lint (CLI)", () => {
  it("flags document 002 with file:line:col: warning: ... [kemu-lint-RULE] and exits 1", async () => {
    const c = capture();
    const file = path.relative(process.cwd(), path.join(root, "modules/seeds/002-kthread-umh/test.c"));
    expect(await cmdLint([file])).toBe(1);
    expect(c.out()).toMatch(new RegExp(`^${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: warning: call_usermodehelper\\(\\.\\.\\., 0\\): .* \\[kemu-lint-umh-wait-literal\\]\\n$`));
    const c2 = capture();
    expect(await cmdLint(["--kernel-version", "6.1.0", file])).toBe(1);
    expect(c2.out()).toMatch(/warning: buffer is in envp\[\] of the UMH_NO_WAIT helper .* \[kemu-lint-umh-nowait-free\]/);
  });

  it("is quiet (exit 0) on correct modules", async () => {
    const c = capture();
    expect(await cmdLint(["--each", path.join(root, "modules/hello-1.c"), path.join(root, "modules/params/hello-5.c")])).toBe(0);
    expect(c.out()).toBe("");
  });

  it("usage errors exit 2", async () => {
    const c = capture();
    expect(await cmdLint([])).toBe(2);
    expect(await cmdLint(["--kernel-version", "x", "a.c"])).toBe(2);
    expect(await cmdLint(["nosuch.c"])).toBe(2);
    expect(c.err()).toMatch(/no input files/);
  });
});

describe("kemu build --explain", () => {
  it("prints the detected version and the evidence, and builds for it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-era-"));
    const src = path.join(dir, "tl.c");
    fs.writeFileSync(src, `#include <linux/module.h>
#include <linux/interrupt.h>
MODULE_LICENSE("GPL");
static void fn(unsigned long data) { printk("%s\\n", (char *)data); }
static char msg[] = "tasklet";
DECLARE_TASKLET(tl, fn, (unsigned long)msg);
int init_module(void) { tasklet_schedule(&tl); return 0; }
void cleanup_module(void) { tasklet_kill(&tl); }
`);
    const c = capture();
    const status = await cmdBuild(["--explain", "-o", path.join(dir, "tl.ko"), src]);
    expect(c.err()).toBe("");
    expect(status).toBe(0);
    expect(c.out()).toMatch(/^kernel version 2\.6\.23 \(auto\): the APIs used existed together 2\.4\.10 <= v < 5\.9\.0/);
    expect(c.out()).toContain(`${src}:6:1: DECLARE_TASKLET(name, func, data)`);
    expect(fs.existsSync(path.join(dir, "tl.ko"))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says when the version was given", async () => {
    const c = capture();
    await cmdBuild(["--explain", "--kernel-version", "2.6.23", "nosuch.c"]);
    expect(c.out()).toBe("");
    expect(c.err()).toMatch(/cannot access 'nosuch.c'/);
  });
});
