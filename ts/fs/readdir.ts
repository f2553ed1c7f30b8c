// kemu: fs/readdir.c in dcache_readdir's order (".", "..", entries). Names only: d_ino and d_type
// come from looking each name up.
import { ENOENT, ENOTDIR } from "../include/errno.js";
import { Inode, dirNames, isDir } from "./inode.js";

export function doReaddir(dir: Inode): string[] | number {
  if (!isDir(dir)) return -ENOTDIR;
  // getdents on a removed directory sees nothing, not even "." (IS_DEADDIR)
  if (dir.nlink === 0) return -ENOENT;
  // a copy: list() may hand out an array its owner keeps
  return [".", "..", ...dirNames(dir)];
}
