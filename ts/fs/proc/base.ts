// kemu: fs/proc/devices.c and fs/proc/version.c - read-only /proc files whose text the kernel
// makes when a reader opens them (single_open), served from that snapshot.
import type { Kernel } from "../../kernel/kernel.js";
import type { Vfs } from "../vfs.js";
import type { FileOps, OpenFile } from "../types.js";
import { procDevices } from "../char_dev.js";
import { readFromBuffer } from "../read_write.js";

/** A file whose text is made at open, as a single_open() seq_file is. */
export function snapshotFile(make: () => string): FileOps {
  const texts = new WeakMap<OpenFile, Uint8Array>();
  return {
    open(f) {
      texts.set(f, Buffer.from(make(), "utf8"));
      return 0;
    },
    read(f, buf, pos) {
      return readFromBuffer(buf, pos, texts.get(f) ?? new Uint8Array());
    },
    release(f) {
      texts.delete(f);
    },
    size: () => 0,
  };
}

/** /proc/devices and /proc/version. */
export function registerProcBase(k: Kernel, vfs: Vfs): void {
  vfs.createFile("/proc/devices", 0o444, snapshotFile(() => procDevices(k)));
  // the build date is the virtual clock's epoch (Sun Nov 22 10:00:00 UTC 2026)
  vfs.createFile("/proc/version", 0o444, snapshotFile(() =>
    `Linux version ${k.release} (kemu@kemu) (clang version 19, LLD 19) #1 PREEMPT Sun Nov 22 10:00:00 UTC 2026\n`));
}
