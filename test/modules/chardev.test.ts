// Char devices (fs/char_dev.c, drivers/base, drivers/char/misc.c, fs/ioctl.c, fs/select.c):
// modules/chardev/kq.c driven from the shell and from a user C program (modules/user/kqclient.c).
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { buildUserProgram } from "../../ts/build/user.js";
import { buildC, bootKernel, lines, repo } from "../helpers/kemu.js";
import type { KemuSystem } from "../../ts/system.js";
import { procDevices } from "../../ts/fs/char_dev.js";

let kq: Uint8Array;
let client: Uint8Array;

beforeAll(async () => {
  kq = readFileSync((await buildModule({ sources: [join(repo, "modules/chardev/kq.c")] })).ko);
  client = readFileSync((await buildUserProgram({ sources: [join(repo, "modules/user/kqclient.c")] })).path);
}, 120_000);

async function withKq(): Promise<KemuSystem> {
  const sys = await bootKernel();
  sys.userspace.vfs.install("/root/kq.ko", kq);
  sys.userspace.vfs.install("/usr/bin/kqclient", client, 0o755);
  return sys;
}

describe("char devices", () => {
  it("register_chrdev + class_create/device_create: /dev nodes, reads and writes from the shell, mknod", async () => {
    const sys = await withKq();
    const r = await sys.exec(["sh", "-c", [
      "insmod /root/kq.ko",
      "ls -l /dev/kq /dev/kqtick",
      "cat /dev/kq",
      "echo new message > /dev/kq; cat /dev/kq",
      "mknod /root/node c 254 0; cat /root/node",
      "mknod /root/none c 200 0; kqclient nonblock /root/none",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "crw------- 1 root root 254, 0 Nov 22 10:00 /dev/kq",
      "crw------- 1 root root 254, 1 Nov 22 10:00 /dev/kqtick",
      "hello from kq", "new message", "new message", "/root/none: No such device or address", "",
    ].join("\n"));
    expect(r.stderr).toBe("");
    expect(procDevices(sys.kernel)).toBe("Character devices:\n  1 mem\n 10 misc\n254 kq\n\nBlock devices:\n");
    expect((await sys.exec(["sh", "-c", "cat /proc/devices"])).stdout).toBe(procDevices(sys.kernel));
    expect(lines(sys)).toContain("kq: major 254");
    await sys.rmmod("kq");
    expect(sys.userspace.vfs.stat("/dev/kq")).toBeLessThan(0);
    expect(sys.userspace.vfs.stat("/dev/kqtick")).toBeLessThan(0);
    expect(procDevices(sys.kernel)).not.toMatch(/kq/);
    // the node mknod made stays, and opens nothing now
    const again = await sys.exec(["kqclient", "nonblock", "/root/node"]);
    expect(again.stdout).toBe("/root/node: No such device or address\n");
  }, 60_000);

  it("ioctl, poll, O_NONBLOCK and blocking reads woken by a kthread, from a user C program", async () => {
    const sys = await withKq();
    const r = await sys.exec(["sh", "-c", [
      "insmod /root/kq.ko",
      "kqclient ioctl /dev/kq",
      "kqclient nonblock /dev/kqtick",
      "kqclient poll /dev/kqtick",
      "kqclient read /dev/kqtick 3",
    ].join("\n")]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe([
      "KQ_SET 42 -> 0",
      "KQ_GET -> 0 value 42",
      "KQ_ADD 2+3 -> 0 sum 5",
      "KQ_TWICE 21 -> 42",
      "KQ_MSG -> 13",
      "read: set by ioctl",
      "unknown -> -1 (Not a tty)",
      "KQ_GET NULL -> -1 (Bad address)",
      "KQ_SET bad pointer -> -1 (Bad address)",
      "nonblocking read -> -1 (Resource temporarily unavailable)",
      "poll 100ms -> 0 revents 0",
      "poll -> 1 revents 0x1",
      "read: tick 1",
      "tick 2", "tick 3", "tick 4", "",
    ].join("\n"));
    // each open got its own private_data; O_NONBLOCK was visible in f_flags
    expect(lines(sys)).toContain("kq: open minor 1 flags 04000");
    await sys.rmmod("kq");
    // a failed get_user zeroes its destination, as in Linux
    expect(lines(sys).at(-1)).toMatch(/^kq: value 0, \d+ ticks$/);
  }, 60_000);

  it("an open file holds the module; a signal to the blocked reader gives -ERESTARTSYS", async () => {
    const sys = await withKq();
    expect((await sys.exec(["insmod", "/root/kq.ko"])).status).toBe(0);
    const reader = await sys.userspace.spawn("/usr/bin/kqclient", { argv: ["kqclient", "read", "/dev/kqtick", "1000"], envp: [] }, null);
    if (typeof reader === "number") throw new Error(`spawn: ${reader}`);
    const r = await sys.exec(["sh", "-c", [
      "sleep 1",
      "lsmod | grep kq",
      "rmmod kq; echo rmmod $?",
      `kill ${reader.pid}`,
      "sleep 1",
      "lsmod | grep -c kq",
      "rmmod kq; echo rmmod $?",
    ].join("\n")]);
    expect(r.stdout).toBe("kq                      8192  2\nrmmod 1\n1\nrmmod 0\n");
    expect(r.stderr).toBe("rmmod: ERROR: Module kq is in use\n");
    expect(reader.status).toBe(15);
    const l = lines(sys);
    expect(l).toContain("kq: read interrupted: -512");
    expect(l.indexOf("kq: release minor 1")).toBeGreaterThan(l.indexOf("kq: read interrupted: -512"));
  }, 60_000);

  it("a driver that oopses in ioctl: the caller dies with SIGSEGV, the machine goes on", async () => {
    const sys = await withKq();
    await sys.exec(["insmod", "/root/kq.ko"]);
    const oops = await buildUserProgram({ sources: [join(repo, "test/modules/chardev_oops.c")], flags: [`-I${join(repo, "modules/chardev")}`] });
    sys.userspace.vfs.install("/usr/bin/kqoops", readFileSync(oops.path), 0o755);
    const r = await sys.exec(["kqoops", "/dev/kq"]);
    expect(r.status).toBe(139);
    const l = lines(sys);
    expect(l).toContain("BUG: kernel NULL pointer dereference, address: 00000000");
    expect(l.some((x) => /kq_ioctl\+0x[0-9a-f]+\/0x[0-9a-f]+ \[kq\]/.test(x))).toBe(true);
    await sys.settle();
    // the file was released by a kworker (delayed fput): the module can go
    expect(lines(sys)).toContain("kq: release minor 0");
    const after = await sys.exec(["sh", "-c", "cat /dev/kq; rmmod kq; echo $?"]);
    expect(after.stdout).toBe("hello from kq\n0\n");
  }, 60_000);

  it("cdev_alloc/cdev_add with alloc_chrdev_region, misc_register, nonseekable_open, iminor", async () => {
    const ko = await buildC("cdevs", `
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/miscdevice.h>
#include <linux/uaccess.h>
MODULE_LICENSE("GPL");
static dev_t base;
static struct cdev cd;
static struct class *cls;
static int c_open(struct inode *i, struct file *f)
{
	struct cdev *p = i->i_cdev;
	pr_info("cdevs: open %u:%u cdev %s\\n", imajor(i), iminor(i), p == &cd ? "ok" : "wrong");
	return nonseekable_open(i, f);
}
static ssize_t c_read(struct file *f, char __user *b, size_t n, loff_t *pos)
{
	char s[16];
	int len = snprintf(s, sizeof s, "minor %u\\n", iminor(file_inode(f)));
	return simple_read_from_buffer(b, n, pos, s, len);
}
static const struct file_operations c_fops = { .owner = THIS_MODULE, .open = c_open, .read = c_read };
static int m_open(struct inode *i, struct file *f)
{
	struct miscdevice *m = f->private_data;
	pr_info("cdevs: misc open %s minor %d\\n", m->name, m->minor);
	return stream_open(i, f);
}
static ssize_t m_read(struct file *f, char __user *b, size_t n, loff_t *pos)
{
	return simple_read_from_buffer(b, n, pos, "misc\\n", 5);
}
static const struct file_operations m_fops = { .owner = THIS_MODULE, .open = m_open, .read = m_read };
static struct miscdevice m1 = { .minor = MISC_DYNAMIC_MINOR, .name = "kemu_misc", .fops = &m_fops, .mode = 0666 };
static struct miscdevice m2 = { .minor = MISC_DYNAMIC_MINOR, .name = "kemu_misc2", .fops = &m_fops };
static int __init c_init(void)
{
	int err = alloc_chrdev_region(&base, 3, 2, "cdevs");
	if (err)
		return err;
	cdev_init(&cd, &c_fops);
	cd.owner = THIS_MODULE;
	err = cdev_add(&cd, base, 2);
	cls = class_create(THIS_MODULE, "cdevs");
	device_create(cls, NULL, base, NULL, "cdevs%d", 0);
	device_create(cls, NULL, base + 1, NULL, "cdevs!sub%d", 1);
	pr_info("cdevs: %d:%d, dup %ld\\n", MAJOR(base), MINOR(base),
		PTR_ERR(device_create(cls, NULL, base, NULL, "cdevs0")));
	pr_info("cdevs: busy %d\\n", register_chrdev_region(base, 1, "again"));
	misc_register(&m1);
	misc_register(&m2);
	pr_info("cdevs: misc minors %d %d\\n", m1.minor, m2.minor);
	return err;
}
static void __exit c_exit(void)
{
	misc_deregister(&m2);
	misc_deregister(&m1);
	device_destroy(cls, base + 1);
	device_destroy(cls, base);
	class_destroy(cls);
	cdev_del(&cd);
	unregister_chrdev_region(base, 2);
}
module_init(c_init);
module_exit(c_exit);
`);
    const sys = await withKq();
    sys.userspace.vfs.install("/root/cdevs.ko", readFileSync(ko));
    const r = await sys.exec(["sh", "-c", [
      "insmod /root/cdevs.ko",
      "ls -l /dev/cdevs0 /dev/cdevs/sub1 /dev/kemu_misc /dev/kemu_misc2",
      "cat /dev/cdevs0 /dev/cdevs/sub1; kqclient nonblock /dev/kemu_misc",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "crw------- 1 root root 254,   4 Nov 22 10:00 /dev/cdevs/sub1",
      "crw------- 1 root root 254,   3 Nov 22 10:00 /dev/cdevs0",
      "crw-rw-rw- 1 root root  10, 127 Nov 22 10:00 /dev/kemu_misc",
      "crw------- 1 root root  10, 126 Nov 22 10:00 /dev/kemu_misc2",
      "minor 3", "minor 4", "nonblocking read -> 5 ()", "",
    ].join("\n"));
    expect(r.stderr).toBe("");
    const l = lines(sys);
    expect(l).toContain("cdevs: 254:3, dup -17");
    expect(l).toContain("sysfs: cannot create duplicate filename '/class/cdevs/cdevs0'");
    expect(l).toContain("cdevs: busy -16");
    expect(l).toContain("cdevs: misc minors 127 126");
    expect(l).toContain("cdevs: open 254:3 cdev ok");
    expect(l).toContain("cdevs: misc open kemu_misc minor 127");
    expect(procDevices(sys.kernel)).toBe("Character devices:\n  1 mem\n 10 misc\n254 cdevs\n\nBlock devices:\n");
    await sys.rmmod("cdevs");
    for (const p of ["/dev/cdevs0", "/dev/cdevs", "/dev/kemu_misc", "/dev/kemu_misc2"]) expect(sys.userspace.vfs.stat(p)).toBeLessThan(0);
    expect(lines(sys).some((x) => /WARNING|BUG|Oops/.test(x))).toBe(false);
  }, 60_000);
});
