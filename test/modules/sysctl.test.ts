// Module sysctl tables (kernel/sysctl.c, fs/proc/proc_sysctl.c): registration in each era's
// form, /proc/sys reads and writes from the shell with Linux's parsing, checks and errors.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";

const MODERN = `
#include <linux/module.h>
#include <linux/sysctl.h>
MODULE_LICENSE("GPL");
static char name[16] = "hello";
static int num = 7, vec[3] = { 1, -2, 3 }, lim = 5;
static unsigned int u = 4000000000U;
static unsigned long ul = 10;
static int five = 5, ten = 10;
static int custom_calls;
static int custom(struct ctl_table *t, int write, void *buf, size_t *lenp, loff_t *ppos)
{
	custom_calls++;
	pr_info("custom %s len %zu pos %lld\\n", write ? "write" : "read", *lenp, *ppos);
	return proc_dointvec(t, write, buf, lenp, ppos);
}
static struct ctl_table table[] = {
	{ .procname = "name", .data = name, .maxlen = sizeof(name), .mode = 0644, .proc_handler = proc_dostring },
	{ .procname = "num", .data = &num, .maxlen = sizeof(int), .mode = 0644, .proc_handler = proc_dointvec },
	{ .procname = "vec", .data = vec, .maxlen = sizeof(vec), .mode = 0644, .proc_handler = proc_dointvec },
	{ .procname = "lim", .data = &lim, .maxlen = sizeof(int), .mode = 0644, .proc_handler = proc_dointvec_minmax,
	  .extra1 = &five, .extra2 = &ten },
	{ .procname = "u", .data = &u, .maxlen = sizeof(u), .mode = 0644, .proc_handler = proc_douintvec },
	{ .procname = "ul", .data = &ul, .maxlen = sizeof(ul), .mode = 0444, .proc_handler = proc_doulongvec_minmax },
	{ .procname = "calls", .data = &custom_calls, .maxlen = sizeof(int), .mode = 0644, .proc_handler = custom },
	{ }
};
static struct ctl_table_header *hdr;
static int __init s_init(void)
{
	hdr = register_sysctl("dev/kemu", table);
	return hdr ? 0 : -ENOMEM;
}
static void __exit s_exit(void)
{
	unregister_sysctl_table(hdr);
	pr_info("name=%s num=%d vec=%d,%d,%d lim=%d u=%u\\n", name, num, vec[0], vec[1], vec[2], lim, u);
}
module_init(s_init);
module_exit(s_exit);
`;

const SH = [
  "cat /proc/sys/dev/kemu/name /proc/sys/dev/kemu/num /proc/sys/dev/kemu/vec /proc/sys/dev/kemu/u /proc/sys/dev/kemu/ul",
  "echo world > /proc/sys/dev/kemu/name; cat /proc/sys/dev/kemu/name",
  "echo '  42 ' > /proc/sys/dev/kemu/num; cat /proc/sys/dev/kemu/num",
  "echo '4 5' > /proc/sys/dev/kemu/vec; cat /proc/sys/dev/kemu/vec",
  "echo 0x10 > /proc/sys/dev/kemu/num; cat /proc/sys/dev/kemu/num",
  "echo 12abc > /proc/sys/dev/kemu/num || echo bad $?",
  "echo 11 > /proc/sys/dev/kemu/lim || echo range $?",
  "echo 6 > /proc/sys/dev/kemu/lim; cat /proc/sys/dev/kemu/lim",
  "echo -1 > /proc/sys/dev/kemu/u || echo neg $?",
  "echo 1 > /proc/sys/dev/kemu/ul || echo ro $?",
  "sysctl dev.kemu.num",
  "sysctl -w dev.kemu.num=9",
  "ls /proc/sys/dev/kemu",
].join("\n");

describe("module sysctl tables", () => {
  it("register_sysctl: reads and writes from the shell as in Linux 6.1", async () => {
    const ko = await buildC("sysctl_mod", MODERN);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/tmp/sysctl_mod.ko", readFileSync(ko));
    const r = await sys.exec(["sh", "-c", `insmod /tmp/sysctl_mod.ko\n${SH}`]);
    expect(r.stderr.replace(/sh: line \d+: /g, "")).toBe([
      "echo: write error: Invalid argument",
      "echo: write error: Invalid argument",
      "echo: write error: Invalid argument",
      "/proc/sys/dev/kemu/ul: Permission denied",
      "",
    ].join("\n"));
    expect(r.stdout).toBe([
      "hello", "7", "1\t-2\t3", "4000000000", "10",
      "world", "42", "4\t5\t3", "16",
      "bad 1", "range 1", "6", "neg 1", "ro 1",
      "dev.kemu.num = 16", "dev.kemu.num = 9", "calls", "lim", "name", "num", "u", "ul", "vec", "",
    ].join("\n"));
    await sys.rmmod("sysctl_mod");
    expect(lines(sys).at(-1)).toBe("name=world num=9 vec=4,5,3 lim=6 u=4000000000");
    expect(sys.userspace.vfs.stat("/proc/sys/dev/kemu")).toBeLessThan(0);
    expect(typeof sys.userspace.vfs.stat("/proc/sys/dev")).toBe("number");
  });
});
