// sysfs (lib/kobject.c, fs/sysfs/file.c, kernel/module/sysfs.c): a module's kobject with
// kobj_attribute files under /sys/kernel, an attribute group, and /sys/module/NAME/parameters.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";

const MOD = `
#include <linux/module.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/string.h>
MODULE_LICENSE("GPL");
static int foo = 3;
module_param(foo, int, 0644);
static char *who = "world";
module_param(who, charp, 0444);
static int hidden;
module_param(hidden, int, 0);
static int bar;
static struct kobject *kobj;
static ssize_t foo_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\\n", foo);
}
static ssize_t foo_store(struct kobject *k, struct kobj_attribute *a, const char *buf, size_t count)
{
	int ret = kstrtoint(buf, 10, &foo);
	pr_info("foo_store count=%zu\\n", count);
	return ret < 0 ? ret : count;
}
static ssize_t bar_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sprintf(buf, "bar %d\\n", bar);
}
static struct kobj_attribute foo_attr = __ATTR(foo, 0664, foo_show, foo_store);
static struct kobj_attribute bar_attr = __ATTR_RO(bar);
static struct attribute *attrs[] = { &bar_attr.attr, NULL };
static struct attribute_group group = { .name = "grp", .attrs = attrs };
static int __init s_init(void)
{
	int err;

	kobj = kobject_create_and_add("kemu_example", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	err = sysfs_create_file(kobj, &foo_attr.attr);
	if (!err)
		err = sysfs_create_group(kobj, &group);
	if (err)
		kobject_put(kobj);
	pr_info("dup %d\\n", sysfs_create_file(kobj, &foo_attr.attr));
	return err;
}
static void __exit s_exit(void)
{
	kobject_put(kobj);
	pr_info("foo=%d\\n", foo);
}
module_init(s_init);
module_exit(s_exit);
`;

describe("sysfs", () => {
  it("kobject attributes, a group and module parameters, from the shell", async () => {
    const ko = await buildC("sysfs_mod", MOD);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/root/sysfs_mod.ko", readFileSync(ko));
    const r = await sys.exec(["sh", "-c", [
      "insmod /root/sysfs_mod.ko",
      "ls /sys/kernel/kemu_example /sys/kernel/kemu_example/grp",
      "cat /sys/kernel/kemu_example/foo /sys/kernel/kemu_example/grp/bar",
      "echo 42 > /sys/kernel/kemu_example/foo; cat /sys/kernel/kemu_example/foo",
      "echo x > /sys/kernel/kemu_example/grp/bar || echo denied",
      "ls /sys/module/sysfs_mod /sys/module/sysfs_mod/parameters",
      "cat /sys/module/sysfs_mod/initstate /sys/module/sysfs_mod/refcnt /sys/module/sysfs_mod/parameters/foo /sys/module/sysfs_mod/parameters/who",
      "echo 7 > /sys/module/sysfs_mod/parameters/foo; cat /sys/kernel/kemu_example/foo",
      "echo abc > /sys/module/sysfs_mod/parameters/foo || echo einval",
      "rmmod sysfs_mod; ls /sys/kernel/kemu_example /sys/module/sysfs_mod 2>&1 | sed 's/^ls: //'",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "/sys/kernel/kemu_example:", "foo", "grp", "", "/sys/kernel/kemu_example/grp:", "bar",
      "3", "bar 0",
      "42",
      "denied",
      "/sys/module/sysfs_mod:", "initstate", "parameters", "refcnt", "", "/sys/module/sysfs_mod/parameters:", "foo", "who",
      "live", "0", "42", "world",
      "7",
      "einval",
      "cannot access '/sys/kernel/kemu_example': No such file or directory",
      "cannot access '/sys/module/sysfs_mod': No such file or directory",
      "",
    ].join("\n"));
    expect(r.stderr).toContain("Permission denied");
    expect(r.stderr).toContain("Invalid argument");
    const l = lines(sys);
    expect(l).toContain("sysfs: cannot create duplicate filename '/kernel/kemu_example/foo'");
    expect(l).toContain("dup -17");
    expect(l).toContain("foo_store count=3");
    expect(l.at(-1)).toBe("foo=7");
  });
});
