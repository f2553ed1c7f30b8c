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
});
