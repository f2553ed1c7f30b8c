// Usermode helper: return values of each wait mode, helpers seeing argv/envp at start, logger
// writing /var/log/messages (kernel/umh.c semantics, SEMANTICS.md).
import { describe, it, expect } from "vitest";
import { buildC, bootKernel, lines } from "../helpers/kemu.js";

const UMH = `
#include <linux/module.h>
#include <linux/kmod.h>
MODULE_LICENSE("GPL");
static char *envp[] = { "HOME=/", "TERM=linux", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
static int run(char *path, int wait)
{
	char *argv[] = { path, "hola AISO!", NULL };
	return call_usermodehelper(path, argv, envp, wait);
}
static int __init umh_init(void)
{
	pr_info("true proc %d\\n", run("/bin/true", UMH_WAIT_PROC));
	pr_info("false proc %d\\n", run("/bin/false", UMH_WAIT_PROC));
	pr_info("false exec %d\\n", run("/bin/false", UMH_WAIT_EXEC));
	pr_info("missing proc %d\\n", run("/no/such", UMH_WAIT_PROC));
	pr_info("missing exec %d\\n", run("/no/such", UMH_WAIT_EXEC));
	pr_info("missing nowait %d\\n", run("/no/such", UMH_NO_WAIT));
	pr_info("notexec proc %d\\n", run("/etc/passwd", UMH_WAIT_PROC));
	pr_info("empty %d\\n", run("", UMH_WAIT_PROC));
	pr_info("null %d\\n", call_usermodehelper(NULL, NULL, envp, UMH_WAIT_PROC));
	pr_info("logger %d\\n", run("/usr/bin/logger", UMH_WAIT_PROC | UMH_KILLABLE));
	usermodehelper_disable();
	pr_info("disabled %d\\n", run("/bin/true", UMH_WAIT_PROC));
	usermodehelper_enable();
	return 0;
}
static void __exit umh_exit(void) { }
module_init(umh_init);
module_exit(umh_exit);
`;

describe("call_usermodehelper", () => {
  it("returns what Linux returns for each wait mode", async () => {
    const ko = await buildC("umh", UMH);
    const sys = await bootKernel();
    const r = await sys.insmod(ko);
    expect(r.stderr).toBe("");
    expect(lines(sys).filter((l) => !l.includes("taint"))).toEqual([
      "true proc 0",
      "false proc 256",
      "false exec 0",
      "missing proc -2",
      "missing exec -2",
      "missing nowait 0",
      "notexec proc -13",
      "empty 0",
      "null -22",
      "logger 0",
      "disabled -16",
    ]);
    const messages = sys.userspace.vfs.readFile("/var/log/messages");
    expect(Buffer.from(messages as Uint8Array).toString()).toContain("Nov 22 10:00:00 kemu root: hola AISO!\n");
  });
});

describe("request_module", () => {
  it("loads a module by alias through modprobe; a missing one gives modprobe's status", async () => {
    const target = await buildC("kemu_target", `
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_ALIAS("kemu-test-alias");
static int __init t_init(void) { pr_info("target loaded by %s\\n", current->comm); return 0; }
static void __exit t_exit(void) { }
module_init(t_init);
module_exit(t_exit);
`);
    const req = await buildC("requester", `
#include <linux/module.h>
#include <linux/kmod.h>
MODULE_LICENSE("GPL");
static int __init r_init(void)
{
	pr_info("request_module: %d\\n", request_module("kemu-test-alias"));
	pr_info("again: %d\\n", request_module("kemu-%s", "test-alias"));
	pr_info("missing: %d\\n", request_module("no-such-module"));
	return 0;
}
static void __exit r_exit(void) { }
module_init(r_init);
module_exit(r_exit);
`);
    const sys = await bootKernel();
    expect(await sys.install(target)).toBe("/lib/modules/6.1.0/extra/kemu_target.ko");
    const dep = Buffer.from(sys.userspace.vfs.readFile("/lib/modules/6.1.0/modules.alias") as Uint8Array).toString();
    expect(dep).toContain("alias kemu-test-alias kemu_target\n");
    expect((await sys.insmod(req)).status).toBe(0);
    expect(lines(sys).filter((l) => !l.includes("taint"))).toEqual([
      "target loaded by modprobe",
      "request_module: 0",
      "again: 0",
      "missing: 256",
    ]);
    expect(sys.lsmod()).toMatch(/^kemu_target /m);
  });
});

describe("helper scripts", () => {
  it("a #! script started by a module reads its argv and environment", async () => {
    const ko = await buildC("umhscript", `
#include <linux/module.h>
#include <linux/kmod.h>
MODULE_LICENSE("GPL");
static int __init s_init(void)
{
	char *argv[] = { "/root/helper", "net", NULL };
	char *envp[] = { "HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", "troubled_ds=9527", NULL };
	pr_info("helper: %d\\n", call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC));
	return 0;
}
static void __exit s_exit(void) { }
module_init(s_init);
module_exit(s_exit);
`);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/root/helper", "#!/bin/bash\necho kernel Datastructure $troubled_ds is in trouble, arg $1 >> /var/log/messages\nexit 3\n", 0o755);
    expect((await sys.insmod(ko)).status).toBe(0);
    expect(lines(sys).filter((l) => !l.includes("taint"))).toEqual(["helper: 768"]);
    const log = Buffer.from(sys.userspace.vfs.readFile("/var/log/messages") as Uint8Array).toString();
    expect(log).toContain("kernel Datastructure 9527 is in trouble, arg net\n");
  });
});

describe("hotplug", () => {
  it("a device add runs the uevent helper, whose modprobe $MODALIAS loads the driver by alias", async () => {
    const drv = await buildC("kemu_usbdrv", `
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_ALIAS("usb:v1234p5678d*dc*dsc*dp*ic*isc*ip*in*");
static int __init d_init(void) { pr_info("kemu_usbdrv: probing\\n"); return 0; }
static void __exit d_exit(void) { }
module_init(d_init);
module_exit(d_exit);
`);
    const sys = await bootKernel();
    await sys.install(drv);
    sys.userspace.vfs.install("/sbin/hotplug", '#!/bin/sh\nlogger -t hotplug "$1 $ACTION $DEVPATH seq $SEQNUM"\n[ -n "$MODALIAS" ] && modprobe -q "$MODALIAS"\n', 0o755);
    expect((await sys.exec(["sh", "-c", "echo /sbin/hotplug > /proc/sys/kernel/hotplug; cat /sys/kernel/uevent_helper"])).stdout).toBe("/sbin/hotplug\n");
    const env = await sys.hotplug("add", "usb", "/devices/pci0000:00/usb1/1-1", { MODALIAS: "usb:v1234p5678d0100dc00dsc00dp00ic03isc01ip02in00" });
    expect(env).toEqual(["ACTION=add", "DEVPATH=/devices/pci0000:00/usb1/1-1", "SUBSYSTEM=usb", "MODALIAS=usb:v1234p5678d0100dc00dsc00dp00ic03isc01ip02in00", "SEQNUM=1"]);
    expect(lines(sys).filter((l) => !l.includes("taint"))).toEqual(["kemu_usbdrv: probing"]);
    const log = Buffer.from(sys.userspace.vfs.readFile("/var/log/messages") as Uint8Array).toString();
    expect(log).toContain("kemu hotplug: usb add /devices/pci0000:00/usb1/1-1 seq 1\n");
  });

  it("kernel.modprobe is the C modprobe_path; an empty one makes request_module fail with -ENOENT", async () => {
    const sys = await bootKernel();
    expect((await sys.exec(["sysctl", "kernel.modprobe"])).stdout).toBe("kernel.modprobe = /sbin/modprobe\n");
    expect((await sys.exec(["sh", "-c", "echo > /proc/sys/kernel/modprobe; cat /proc/sys/kernel/modprobe"])).stdout).toBe("\n");
  });
});
