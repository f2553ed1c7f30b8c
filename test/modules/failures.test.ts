// Module tests: failing init, missing exit, license taint, traps that Oops, BUG(), WARN().
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { bootKernel, buildC, lines, repo } from "../helpers/kemu.js";

describe("bad modules", () => {
  it("init returning -ENODEV fails the load with Linux's message and leaves nothing", async () => {
    const sys = await bootKernel();
    const ko = await buildC("failinit", `
#include <linux/module.h>
static int __init f_init(void) { pr_info("trying\\n"); return -ENODEV; }
module_init(f_init);
MODULE_LICENSE("GPL");
`);
    const r = await sys.insmod(ko, undefined, "failinit.ko");
    expect(r.stderr).toBe("insmod: ERROR: could not insert module failinit.ko: No such device\n");
    expect(sys.lsmod()).not.toMatch(/failinit/);
    expect(sys.reports).toBe(0);
  });

  it("a module without an exit function cannot be removed", async () => {
    const sys = await bootKernel();
    const ko = await buildC("noexit", `
#include <linux/module.h>
static int __init n_init(void) { return 0; }
module_init(n_init);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).status).toBe(0);
    expect((await sys.rmmod("noexit")).stderr).toBe("rmmod: ERROR: could not remove module noexit: Device or resource busy\n");
  });

  it("no MODULE_LICENSE taints the kernel as 'unspecified'", async () => {
    const sys = await bootKernel();
    const ko = await buildC("nolicense", `
#include <linux/module.h>
static int __init n_init(void) { return 0; }
static void __exit n_exit(void) { }
module_init(n_init);
module_exit(n_exit);
`);
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(lines(sys)).toEqual([
      "nolicense: loading out-of-tree module taints kernel.",
      "nolicense: module license 'unspecified' taints kernel.",
      "Disabling lock debugging due to kernel taint",
    ]);
  });

  it("a NULL function pointer call in init is an Oops with a backtrace; the kernel keeps running", async () => {
    const sys = await bootKernel();
    const ko = await buildC("nullcall", `
#include <linux/module.h>
void (*hook)(void);
static noinline int call_hook(void) { hook(); return 0; }
static int __init n_init(void) { return call_hook(); }
module_init(n_init);
MODULE_LICENSE("GPL");
`);
    const r = await sys.insmod(ko);
    expect(r.killed).toBe(true);
    expect(r.stderr).toBe("Segmentation fault\n");
    const log = sys.dmesg({ notime: true });
    expect(log).toContain("BUG: kernel NULL pointer dereference, address: 00000000");
    expect(log).toMatch(/Oops: 0010 \[#1\] PREEMPT/);
    expect(log).toMatch(/CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}O {6}6\.1\.0 #1/);
    expect(log).toMatch(/Call Trace:\n call_hook\+0x[0-9a-f]+\/0x[0-9a-f]+ \[nullcall\]\n n_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[nullcall\]/);
    expect(log).toContain("Modules linked in: nullcall(O+)");
    expect(sys.reports).toBe(1);
    // The module stays, unusable; other modules still load.
    expect((await sys.rmmod("nullcall")).status).toBe(1);
    const { ko: hello } = await buildModule({ sources: [join(repo, "modules/hello-1.c")] });
    expect((await sys.insmod(hello)).status).toBe(0);
    expect(lines(sys)).toContain("Hello world 1.");
  });

  it("BUG() prints kernel BUG at file:line and an invalid opcode Oops", async () => {
    const sys = await bootKernel();
    const ko = await buildC("bugon", `
#include <linux/module.h>
static int __init b_init(void) { BUG_ON(1 + 1 == 2); return 0; }
module_init(b_init);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).killed).toBe(true);
    const log = sys.dmesg({ notime: true });
    expect(log).toMatch(/kernel BUG at \S*bugon\.c:3!\ninvalid opcode: 0000 \[#1\] PREEMPT/);
    expect(log).toMatch(/EIP: b_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[bugon\]/);
  });

  it("WARN_ON prints a WARNING with the location and the module continues", async () => {
    const sys = await bootKernel();
    const ko = await buildC("warner", `
#include <linux/module.h>
static int __init w_init(void) { WARN_ON(1); WARN(1, "value %d\\n", 7); pr_info("still here\\n"); return 0; }
static void __exit w_exit(void) { }
module_init(w_init);
module_exit(w_exit);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).status).toBe(0);
    const log = sys.dmesg({ notime: true });
    expect(log).toMatch(/------------\[ cut here \]------------\nWARNING: CPU: 0 PID: \d+ at \S*warner\.c:3 w_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[warner\]/);
    expect(log).toMatch(/------------\[ cut here \]------------\nvalue 7\nWARNING: CPU: 0 PID/);
    expect(log).toContain("still here");
    expect(sys.reports).toBe(2);
  });

  it("an out-of-bounds access oopses", async () => {
    const sys = await bootKernel();
    const ko = await buildC("oob", `
#include <linux/module.h>
static int __init o_init(void) { volatile int *p = (int *)0xfffffff0; return *p; }
module_init(o_init);
MODULE_LICENSE("GPL");
`);
    expect((await sys.insmod(ko)).killed).toBe(true);
    expect(sys.dmesg()).toContain("BUG: unable to handle page fault");
  });

  it("a file that is not a module: Invalid module format", async () => {
    const sys = await bootKernel();
    const r = await sys.insmod(new TextEncoder().encode("not a module at all"), undefined, "junk.ko");
    expect(r.stderr).toBe("insmod: ERROR: could not insert module junk.ko: Invalid module format\n");
  });

  it("panic() stops the machine with Linux's lines", async () => {
    const sys = await bootKernel();
    const ko = await buildC("panicker", `
#include <linux/module.h>
static int __init p_init(void) { panic("giving up: %d", 3); return 0; }
module_init(p_init);
MODULE_LICENSE("GPL");
`);
    await expect(sys.insmod(ko)).rejects.toThrow(/Kernel panic - not syncing: giving up: 3/);
    expect(sys.dmesg({ notime: true })).toContain("---[ end Kernel panic - not syncing: giving up: 3 ]---");
  });
});
