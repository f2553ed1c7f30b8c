// /proc/sys and /sys files read by a user C program in small pieces: Linux's offset rules
// (proc_dointvec serves only a read at offset 0; proc_dostring continues; a sysfs show() runs
// once at offset 0 and later reads come from its page).
import { describe, it, expect } from "vitest";
import { buildC, moduleLines } from "../helpers/kemu.js";
import { haveToolchain, bootWith } from "../helpers/procread.js";

const MOD = `
#include <linux/module.h>
#include <linux/sysctl.h>
#include <linux/kobject.h>
#include <linux/debugfs.h>
MODULE_LICENSE("GPL");
static int vec[3] = { 11, -22, 33 };
static char text[32] = "a longer string value";
static struct ctl_table table[] = {
	{ .procname = "vec", .data = vec, .maxlen = sizeof(vec), .mode = 0644, .proc_handler = proc_dointvec },
	{ .procname = "text", .data = text, .maxlen = sizeof(text), .mode = 0644, .proc_handler = proc_dostring },
	{ }
};
static struct ctl_table_header *hdr;
static struct kobject *kobj;
static int shows;
static ssize_t info_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	shows++;
	return sysfs_emit(buf, "show number %d\\n", shows);
}
static struct kobj_attribute info = __ATTR_RO(info);
static struct dentry *dbg;
static u32 counter = 123456;
static int __init u_init(void)
{
	hdr = register_sysctl("kernel/kemu", table);
	kobj = kobject_create_and_add("kemu_user", kernel_kobj);
	dbg = debugfs_create_dir("kemu_user", NULL);
	debugfs_create_u32("counter", 0644, dbg, &counter);
	return hdr && kobj && !sysfs_create_file(kobj, &info.attr) ? 0 : -ENOMEM;
}
static void __exit u_exit(void)
{
	kobject_put(kobj);
	debugfs_remove(dbg);
	unregister_sysctl_table(hdr);
	pr_info("shows=%d\\n", shows);
}
module_init(u_init);
module_exit(u_exit);
`;

describe.skipIf(!haveToolchain)("sysctl, sysfs and debugfs files from a user C program", () => {
  it("small reads follow Linux's offset rules", async () => {
    const sys = await bootWith(await buildC("sysuser", MOD), "sysuser");
    const r = await sys.exec(["sh", "-c", [
      "procread /proc/sys/kernel/kemu/vec 3",
      "procread /proc/sys/kernel/kemu/text 5",
      "procread /sys/kernel/kemu_user/info 4",
      "procread -w /proc/sys/kernel/kemu/vec '7 8'; procread /proc/sys/kernel/kemu/vec 100",
      "procread /sys/kernel/debug/kemu_user/counter 2",
    ].join("\n")]);
    // vec: only the first 3 bytes ("11\t"); text: 22 bytes in 5 reads; info: one show()
    expect(r.stdout).toBe("11\ta longer string value\nshow number 1\nwrote 3\n7\t8\t33\n123456\n");
    expect(r.stderr).toBe("1 reads\n5 reads\n4 reads\n1 reads\n4 reads\n");
    await sys.rmmod("sysuser");
    expect(moduleLines(sys).at(-1)).toBe("shows=1");
  });
});
