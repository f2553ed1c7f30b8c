// kemu: fs/stat.c (generic_fillattr, readlink). blocks count whole 4 KiB pages as tmpfs does;
// ramfs directories have size 0; st_dev/st_rdev use the user-space encoding.
import { EINVAL } from "../include/errno.js";
import type { Stat } from "./types.js";
import { Inode, inodeSize } from "./inode.js";
import { new_encode_dev } from "./kdev_t.js";

export function statInode(i: Inode): Stat {
  const size = inodeSize(i); // refreshes a host inode first
  return {
    dev: new_encode_dev(i.sb.dev),
    ino: i.ino,
    mode: i.mode,
    nlink: i.nlink,
    uid: i.uid,
    gid: i.gid,
    rdev: new_encode_dev(i.rdev),
    size,
    blksize: 4096,
    blocks: Math.ceil(size / 4096) * 8,
    atimeNs: i.atimeNs,
    mtimeNs: i.mtimeNs,
    ctimeNs: i.ctimeNs,
  };
}

export function doReadlink(i: Inode): string | number {
  return i.target ?? -EINVAL;
}
