// kemu: the TS side of fs/char_dev.c - sends opens of char nodes that have a cdev to the C
// chrdev_open (through the kernel-file bridge, ts/fs/kfile.ts), and the "Character devices:"
// text of /proc/devices. Differs: TS devices registered with vfs.registerChrdev (/dev/null...)
// are looked up first, as if their drivers had registered before any module.
import type { Kernel } from "../kernel/kernel.js";

const hooked = new WeakSet<Kernel>();

/** kemu_chrdev_hook(): a cdev was added; char nodes without TS ops now ask the C map */
export function chrdevHook(k: Kernel): void {
  const us = k.userspace;
  if (!us || hooked.has(k)) return;
  hooked.add(k);
  const vfs = us.vfs;
  const prev = vfs.chrdevOps;
  vfs.chrdevOps = (rdev: number) => {
    if (k.callCore("kemu_cdev_exists", rdev >>> 0) as number) return us.kfiles.fops;
    return prev?.(rdev);
  };
}

/**
 * The "Character devices:" part of /proc/devices (fs/proc/devices.c): one "%3d %s" line per
 * registered range, majors in order. For the procfs code to serve.
 */
export function procDevicesChar(k: Kernel): string {
  const size = 16384;
  const buf = k.mm.kzalloc(size);
  if (!buf) return "Character devices:\n";
  try {
    const n = k.callCore("kemu_chrdev_show", buf, size) as number;
    return Buffer.from(k.mem.u8().subarray(buf, buf + n)).toString("latin1");
  } finally {
    k.mm.kfree(buf);
  }
}

/** Whole /proc/devices as Linux prints it (no block devices in kemu). */
export function procDevices(k: Kernel): string {
  return `${procDevicesChar(k)}\nBlock devices:\n`;
}
