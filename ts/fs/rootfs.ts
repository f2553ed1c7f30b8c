// kemu: init/noinitramfs.c's default_rootfs grown into a small distribution layout, with the
// mem devices drivers/char/mem.c registers. Everything is owned by root.
import { S_IFCHR } from "./types.js";
import type { Vfs } from "./vfs.js";
import {
  DEV_FULL, DEV_NULL, DEV_RANDOM, DEV_URANDOM, DEV_ZERO, fullOps, nullOps, randomOps, zeroOps,
} from "./mem.js";

const DIRS: readonly [string, number][] = [
  ["/bin", 0o755], ["/sbin", 0o755], ["/usr", 0o755], ["/usr/bin", 0o755], ["/usr/sbin", 0o755],
  ["/etc", 0o755], ["/tmp", 0o1777], ["/root", 0o700], ["/var", 0o755], ["/var/log", 0o755],
  ["/proc", 0o555], ["/sys", 0o555], ["/dev", 0o755], ["/lib", 0o755], ["/lib/modules", 0o755],
  ["/home", 0o755],
];

export function populateRootfs(vfs: Vfs, release: string): void {
  for (const [d, mode] of DIRS) vfs.mkdir(d, mode);
  vfs.mkdir(`/lib/modules/${release}`, 0o755);

  const random = randomOps();
  const devs: [string, number, typeof nullOps][] = [
    ["null", DEV_NULL, nullOps], ["zero", DEV_ZERO, zeroOps], ["full", DEV_FULL, fullOps],
    ["random", DEV_RANDOM, random], ["urandom", DEV_URANDOM, random],
  ];
  for (const [name, rdev, ops] of devs) {
    vfs.registerChrdev(rdev, ops);
    vfs.mknod(`/dev/${name}`, S_IFCHR | 0o666, rdev);
  }
  // what udev/systemd add, so scripts can use /dev/stdin once /proc/self exists
  vfs.symlink("/proc/self/fd", "/dev/fd");
  vfs.symlink("/proc/self/fd/0", "/dev/stdin");
  vfs.symlink("/proc/self/fd/1", "/dev/stdout");
  vfs.symlink("/proc/self/fd/2", "/dev/stderr");

  vfs.writeFile("/etc/hostname", "kemu\n", 0o644);
  vfs.writeFile("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0o644);
  vfs.writeFile("/etc/group", "root:x:0:\n", 0o644);
  vfs.writeFile("/var/log/messages", "", 0o640);
}
