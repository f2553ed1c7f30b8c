// debugfs (fs/debugfs/, fs/libfs.c simple_attr): a directory with value files, a
// DEFINE_DEBUGFS_ATTRIBUTE file and a file with the module's own file_operations.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";

const MOD = `
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
MODULE_LICENSE("GPL");
static struct dentry *dir;
static u32 count = 5;
static u8 flags = 0x1f;
static bool on = true;
static u64 big;
static char text[] = "hello debugfs\\n";
static struct debugfs_blob_wrapper blob = { .data = text, .size = sizeof(text) - 1 };
static int twice_get(void *data, u64 *val) { *val = 2 * *(u32 *)data; return 0; }
static int twice_set(void *data, u64 val) { if (val & 1) return -EINVAL; *(u32 *)data = val / 2; return 0; }
DEFINE_DEBUGFS_ATTRIBUTE(twice_fops, twice_get, twice_set, "%llu\\n");
static ssize_t hi_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	return simple_read_from_buffer(buf, n, pos, f->private_data, 3);
}
static const struct file_operations hi_fops = { .owner = THIS_MODULE, .open = simple_open, .read = hi_read };
static int __init d_init(void)
{
	dir = debugfs_create_dir("kemu", NULL);
	debugfs_create_u32("count", 0644, dir, &count);
	debugfs_create_x8("flags", 0444, dir, &flags);
	debugfs_create_bool("on", 0644, dir, &on);
	debugfs_create_u64("big", 0600, dir, &big);
	debugfs_create_blob("text", 0444, dir, &blob);
	debugfs_create_file("twice", 0644, dir, &count, &twice_fops);
	debugfs_create_file("hi", 0444, dir, "hi\\n", &hi_fops);
	pr_info("dup %ld\\n", PTR_ERR(debugfs_create_dir("kemu", NULL)));
	return 0;
}
static void __exit d_exit(void)
{
	debugfs_remove_recursive(dir);
	pr_info("count=%u on=%d big=%llu\\n", count, on, big);
}
module_init(d_init);
module_exit(d_exit);
`;

describe("debugfs", () => {
  it("value files, simple attributes and module file_operations under /sys/kernel/debug", async () => {
    const ko = await buildC("dbg", MOD);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/root/dbg.ko", readFileSync(ko));
    const r = await sys.exec(["sh", "-c", [
      "insmod /root/dbg.ko",
      "ls /sys/kernel/debug/kemu",
      "cd /sys/kernel/debug/kemu; cat count flags on big text twice hi",
      "echo 12 > count; echo N > on; echo 0x10 > big; cat count on big twice",
      "echo 7 > twice || echo odd",
      "echo 40 > twice; cat count",
      "echo 1 > flags || echo ro",
      "cd /; rmmod dbg; ls /sys/kernel/debug",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "big", "count", "flags", "hi", "on", "text", "twice",
      "5", "0x1f", "Y", "0", "hello debugfs", "10", "hi",
      "12", "N", "16", "24",
      "odd",
      "20",
      "ro",
      "",
    ].join("\n"));
    const l = lines(sys);
    expect(l).toContain("Directory 'kemu' with parent '/' already present!");
    expect(l).toContain("dup -17");
    expect(l.at(-1)).toBe("count=20 on=0 big=16");
  });
});
