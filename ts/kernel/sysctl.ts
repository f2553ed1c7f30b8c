// kemu: kernel/sysctl.c's kern_table entries kemu's own kernel has (kernel.modprobe,
// kernel.hotplug, kernel.hostname, kernel.osrelease, kernel.usermodehelper.*) as /proc/sys
// files, plus /sys/kernel/uevent_helper. Module-registered tables are issue-6 work.
import type { Kernel } from "./kernel.js";
import type { FileOps, OpenFile } from "../fs/types.js";
import type { Vfs } from "../fs/vfs.js";
import { EINVAL } from "../include/errno.js";
import { readFromBuffer } from "../fs/read_write.js";

/** proc_dostring() over a value held in TS or kernel memory: a write at offset 0 replaces it
 * (up to the first newline, cut to maxlen - 1), a read gives the value and a newline. */
export function stringEntry(get: () => string, set: ((v: string) => void) | null, maxlen: number): FileOps {
  return {
    read(_f: OpenFile, buf: Uint8Array, pos: number) {
      return readFromBuffer(buf, pos, Buffer.from(get() + "\n", "utf8"));
    },
    write(_f: OpenFile, data: Uint8Array, pos: number) {
      if (!set) return -EINVAL;
      // proc_dostring: writes past the start append (sysctl_writes_strict=1 ignores them)
      if (pos > 0) return data.length;
      let s = Buffer.from(data).toString("utf8");
      const nl = s.indexOf("\n");
      if (nl >= 0) s = s.slice(0, nl);
      set(s.slice(0, maxlen - 1));
      return data.length;
    },
    size: () => 0,
  };
}

/** Kernel-memory string (char modprobe_path[KMOD_PATH_LEN] ...). */
function cString(k: Kernel, addr: number, maxlen: number): FileOps {
  return stringEntry(() => k.mem.readCStringUtf8(addr, maxlen), (v) => {
    const b = Buffer.from(v, "utf8").subarray(0, maxlen - 1);
    k.mem.writeCString(addr, b);
  }, maxlen);
}

export interface KernelSysctls {
  ueventHelper: string;
  hostname: string;
}

/** Create kemu's own /proc/sys and /sys/kernel entries. */
export function registerKernelSysctls(k: Kernel, vfs: Vfs, state: KernelSysctls): void {
  vfs.mkdirp("/proc/sys/kernel/usermodehelper");
  vfs.mkdirp("/sys/kernel");
  const modprobe = k.symbols.get("modprobe_path")!.addr!;
  vfs.createFile("/proc/sys/kernel/modprobe", 0o644, cString(k, modprobe, 256));
  const helper = stringEntry(() => state.ueventHelper, (v) => (state.ueventHelper = v), 256);
  vfs.createFile("/proc/sys/kernel/hotplug", 0o644, helper);
  vfs.createFile("/sys/kernel/uevent_helper", 0o644, helper);
  vfs.createFile("/proc/sys/kernel/hostname", 0o644, stringEntry(() => state.hostname, (v) => (state.hostname = v), 65));
  vfs.createFile("/proc/sys/kernel/osrelease", 0o444, stringEntry(() => k.release, null, 65));
  vfs.createFile("/proc/sys/kernel/ostype", 0o444, stringEntry(() => "Linux", null, 65));
  // capability sets the helper may keep: all of them (two 32-bit words)
  const caps = stringEntry(() => "4294967295\t4294967295", null, 64);
  vfs.createFile("/proc/sys/kernel/usermodehelper/bset", 0o600, caps);
  vfs.createFile("/proc/sys/kernel/usermodehelper/inheritable", 0o600, caps);
  vfs.createFile("/proc/sys/kernel/printk", 0o644, stringEntry(() => `${k.printk.consoleLevel}\t4\t1\t7`, (v) => {
    const n = Number(v.trim().split(/\s+/)[0]);
    if (n >= 1 && n <= 8) k.printk.consoleLevel = n;
  }, 64));
}
