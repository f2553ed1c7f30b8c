// The in-system `kemu` program: `kemu install` puts a module where modprobe finds it, and
// `kemu hotplug add` sends a uevent whose helper loads the driver by its alias.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { buildC, bootKernel } from "../helpers/kemu.js";

const DRIVER = `
#include <linux/module.h>
MODULE_LICENSE("GPL");
MODULE_ALIAS("usb:v1234p5678d*");
static int __init d_init(void) { pr_info("usbdrv: bound\\n"); return 0; }
static void __exit d_exit(void) { }
module_init(d_init);
module_exit(d_exit);
`;

describe("kemu (the program inside the system)", () => {
  it("install + hotplug add loads the driver by MODALIAS through the uevent helper", async () => {
    const ko = await buildC("usbdrv", DRIVER);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/root/usbdrv.ko", readFileSync(ko));
    sys.userspace.vfs.install("/sbin/hotplug", '#!/bin/sh\n[ "$ACTION" = add ] && [ -n "$MODALIAS" ] && exec /sbin/modprobe -q "$MODALIAS"\n', 0o755);
    const r = await sys.exec(["sh", "-c", [
      "kemu install /root/usbdrv.ko",
      "grep usbdrv /lib/modules/6.1.0/modules.alias",
      "echo /sbin/hotplug > /proc/sys/kernel/hotplug",
      "kemu hotplug add usb /devices/pci0000:00/usb1/1-1 MODALIAS=usb:v1234p5678d0100",
      "sleep 1",
      "lsmod",
      "kemu hotplug bogus x y; echo $?",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "/lib/modules/6.1.0/extra/usbdrv.ko",
      "alias usb:v1234p5678d* usbdrv",
      "KERNEL add /devices/pci0000:00/usb1/1-1 (usb)",
      "ACTION=add",
      "DEVPATH=/devices/pci0000:00/usb1/1-1",
      "SUBSYSTEM=usb",
      "MODALIAS=usb:v1234p5678d0100",
      "SEQNUM=1",
      "Module                  Size  Used by",
      "usbdrv                  4096  0",
      "2",
      "",
    ].join("\n"));
    expect(r.stderr).toContain("Usage: kemu hotplug");
    expect(sys.dmesg({ notime: true })).toContain("usbdrv: bound");
  });

  it("MODULE_DEVICE_TABLE(usb, ...) gives modpost's aliases; a hotplug add loads the driver by one", async () => {
    const ko = await buildC("usbtable", `
#include <linux/module.h>
#include <linux/usb.h>
MODULE_LICENSE("GPL");
static const struct usb_device_id ids[] = {
	{ USB_DEVICE(0x046d, 0x0a0b) },
	{ USB_INTERFACE_INFO(3, 1, 2) },
	{ }
};
MODULE_DEVICE_TABLE(usb, ids);
static const struct of_device_id of_ids[] = { { .compatible = "kemu,widget" }, { } };
MODULE_DEVICE_TABLE(of, of_ids);
static int __init t_init(void) { pr_info("usbtable: loaded\\n"); return 0; }
static void __exit t_exit(void) { }
module_init(t_init);
module_exit(t_exit);
`);
    const sys = await bootKernel();
    sys.userspace.vfs.install("/root/usbtable.ko", readFileSync(ko));
    sys.userspace.vfs.install("/sbin/hotplug", '#!/bin/sh\n[ -n "$MODALIAS" ] && exec /sbin/modprobe -q "$MODALIAS"\n', 0o755);
    const r = await sys.exec(["sh", "-c", [
      "kemu install /root/usbtable.ko > /dev/null",
      "grep usbtable /lib/modules/6.1.0/modules.alias",
      "echo /sbin/hotplug > /proc/sys/kernel/hotplug",
      "kemu hotplug add usb /devices/pci0000:00/usb1/1-2/1-2:1.0 MODALIAS=usb:v046Dp0A0Bd0100dc00dsc00dp00ic0Eisc01ip00in00 > /dev/null",
      "sleep 1",
      "lsmod | grep -c usbtable",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "alias usb:v046Dp0A0Bd*dc*dsc*dp*ic*isc*ip*in* usbtable",
      "alias usb:v*p*d*dc*dsc*dp*ic03isc01ip02in* usbtable",
      "alias of:N*T*Ckemu,widget usbtable",
      "alias of:N*T*Ckemu,widgetC* usbtable",
      "1",
      "",
    ].join("\n"));
    expect(sys.dmesg({ notime: true })).toContain("usbtable: loaded");
  });
});
