// The library's file calls (sys.open/read/write/lseek/ioctl/close): a char device and a /proc
// file driven from a test, the driver seeing an ordinary process.
import { describe, it, expect } from "vitest";
import { buildC, bootKernel, moduleLines } from "../helpers/kemu.js";
import { O_RDWR } from "../../ts/fs/types.js";

const DEV = `
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/ioctl.h>
#include <linux/sched.h>
MODULE_LICENSE("GPL");
#define API_GET _IOR('k', 1, int)
static char msg[32] = "hello";
static int major, value = 42;
static ssize_t d_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return simple_read_from_buffer(buf, n, pos, msg, strlen(msg));
}
static ssize_t d_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	if (n >= sizeof(msg))
		return -EINVAL;
	if (copy_from_user(msg, buf, n))
		return -EFAULT;
	msg[n] = 0;
	pr_info("%s[%d] wrote %zu\\n", current->comm, current->pid > 0, n);
	return n;
}
static long d_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd != API_GET)
		return -ENOTTY;
	return put_user(value, (int __user *)arg);
}
static const struct file_operations fops = {
	.owner = THIS_MODULE, .read = d_read, .write = d_write, .unlocked_ioctl = d_ioctl, .llseek = default_llseek,
};
static int __init d_init(void) { major = register_chrdev(0, "apidev", &fops); return major < 0 ? major : 0; }
static void __exit d_exit(void) { unregister_chrdev(major, "apidev"); }
module_init(d_init);
module_exit(d_exit);
`;

describe("library file calls", () => {
  it("open, read, write, lseek, ioctl and close a char device; the open file holds the module", async () => {
    const sys = await bootKernel();
    expect((await sys.insmod(await buildC("apidev", DEV))).status).toBe(0);
    expect(sys.userspace.vfs.mknod("/dev/apidev", 0o20600, sys.userspace.vfs.mkdev(254, 0))).toBe(0);
    const fd = await sys.open("/dev/apidev", O_RDWR);
    expect(fd).toBeGreaterThanOrEqual(0);
    expect(Buffer.from((await sys.read(fd, 100)) as Uint8Array).toString()).toBe("hello");
    expect(await sys.write(fd, "bye")).toBe(3);
    expect(await sys.lseek(fd, 0, 0)).toBe(0);
    expect(Buffer.from((await sys.read(fd, 100)) as Uint8Array).toString()).toBe("bye");
    const out = new Uint8Array(4);
    expect(await sys.ioctl(fd, 0x80046b01 /* _IOR('k', 1, int) */, out)).toBe(0);
    expect(new DataView(out.buffer).getInt32(0, true)).toBe(42);
    expect(await sys.ioctl(fd, 0x6b02)).toBe(-25);
    expect((await sys.rmmod("apidev")).stderr).toBe("rmmod: ERROR: Module apidev is in use\n");
    expect(await sys.close(fd)).toBe(0);
    expect((await sys.rmmod("apidev")).status).toBe(0);
    expect(moduleLines(sys)).toContain("kemu-api[1] wrote 3");
    expect(await sys.open("/nope")).toBe(-2);
  });
});
