// kemu: drivers/base/devtmpfs.c - /dev nodes for devices with a dev_t, made and removed when
// device_add/device_del run (csrc/drivers/base/core.c calls kemu_devtmpfs_node). Differs: /dev
// is the rootfs's own directory (no separate devtmpfs mount) and the work is done at once, not
// by a kdevtmpfs thread; parent directories a node needed are removed with it when empty.
import type { Kernel } from "../../kernel/kernel.js";
import { S_IFCHR, S_IFMT } from "../../fs/types.js";
import { ENOENT } from "../../include/errno.js";

/** kemu_devtmpfs_node(name, mode, devt): mode != 0 creates /dev/name (S_IFCHR|perm, root:root), 0 removes it */
export function devtmpfsNode(k: Kernel, namePtr: number, mode: number, devt: number): number {
  const us = k.userspace;
  if (!us) return 0;
  const name = k.mem.readCString(namePtr, 256);
  const path = `/dev/${name}`;
  const vfs = us.vfs;
  if (mode !== 0) {
    const slash = path.lastIndexOf("/");
    if (slash > 4) {
      const r = vfs.mkdirp(path.slice(0, slash), 0o755);
      if (r < 0) return r;
    }
    // devtmpfs_create_node: an existing node is left alone (handle_create's -EEXIST)
    const r = vfs.mknod(path, S_IFCHR | (mode & 0o7777), devt >>> 0);
    if (r < 0) return r;
    vfs.chown(path, 0, 0);
    return 0;
  }
  // handle_remove: only a char node with this device number goes
  const node = vfs.lookup(path, "/", false);
  if (typeof node === "number") return node === -ENOENT ? 0 : node;
  if ((node.mode & S_IFMT) !== S_IFCHR || node.rdev >>> 0 !== devt >>> 0) return 0;
  const r = vfs.unlink(path);
  if (r < 0) return r;
  // delete_path: empty parent directories under /dev go too
  for (let d = path.slice(0, path.lastIndexOf("/")); d.length > 4; d = d.slice(0, d.lastIndexOf("/"))) {
    if (vfs.rmdir(d) < 0) break;
  }
  return 0;
}
