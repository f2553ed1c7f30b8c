// A driver that oopses in a system call: the calling process dies with SIGSEGV and its shell
// goes on, as in Linux.
import { describe, it, expect } from "vitest";
import { buildC } from "../helpers/kemu.js";
import { haveToolchain, bootWith } from "../helpers/procread.js";

const BOOM = `
#include <linux/module.h>
#include <linux/proc_fs.h>
MODULE_LICENSE("GPL");
static ssize_t boom_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	BUG();
	return 0;
}
static const struct proc_ops ops = { .proc_read = boom_read };
static int __init b_init(void) { return proc_create("boom", 0444, NULL, &ops) ? 0 : -ENOMEM; }
static void __exit b_exit(void) { remove_proc_entry("boom", NULL); }
module_init(b_init);
module_exit(b_exit);
`;

describe.skipIf(!haveToolchain)("an Oops in a system call", () => {
  // regression: the shell hung ("still running after the time limit (idle)") because the
  // child's death woke it only after the scheduler had already found the machine idle
  it("kills the calling program with SIGSEGV; the shell reports it and goes on", async () => {
    const sys = await bootWith(await buildC("boom", BOOM), "boom");
    const r = await sys.exec(["sh", "-c", "procread /proc/boom 100; echo rc=$?; echo still here"]);
    expect(r.stdout).toBe("rc=139\nstill here\n");
    expect(r.stderr).toMatch(/Segmentation fault +procread \/proc\/boom 100\n$/);
    expect(sys.dmesg({ notime: true })).toContain("kernel BUG at ");
  });
});
