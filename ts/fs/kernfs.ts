// kemu: the directory half of fs/kernfs for sysfs and debugfs: the C core names absolute VFS
// paths (/sys/..., /sys/kernel/debug/...) and these make and remove the directories and the
// kernel-backed files (KernelFiles) there. Without user space (a bare kernel) they do nothing.
import type { Kernel } from "../kernel/kernel.js";
import { EEXIST } from "../include/errno.js";
import { S_IFDIR, S_IFMT } from "./types.js";

/** kemu_kernfs_mkdir(path, mode): 0, or -EEXIST when the name is taken */
export function kernfsMkdir(k: Kernel, pathPtr: number, mode: number): number {
  const vfs = k.userspace?.vfs;
  if (!vfs) return 0;
  const r = vfs.mkdir(k.mem.readCString(pathPtr, 4096), mode & 0o7777);
  return r === -EEXIST ? -EEXIST : r < 0 ? r : 0;
}

/** kemu_kernfs_rmdir(path): the directory and whatever is left in it */
export function kernfsRmdir(k: Kernel, pathPtr: number): void {
  const vfs = k.userspace?.vfs;
  if (!vfs) return;
  const remove = (path: string): void => {
    const names = vfs.readdir(path);
    if (typeof names !== "number") {
      for (const n of names) {
        if (n === "." || n === "..") continue;
        const st = vfs.lstat(`${path}/${n}`);
        if (typeof st !== "number" && (st.mode & S_IFMT) === S_IFDIR) remove(`${path}/${n}`);
        else vfs.unlink(`${path}/${n}`);
      }
    }
    vfs.rmdir(path);
  };
  remove(k.mem.readCString(pathPtr, 4096));
}

/** kemu_kernfs_add(path, inode, mode): a file whose operations are the C inode's i_fop */
export function kernfsAdd(k: Kernel, pathPtr: number, cInode: number, mode: number): number {
  const us = k.userspace;
  if (!us) return 0;
  const inode = us.kfiles.createAt(us.vfs, k.mem.readCString(pathPtr, 4096), mode & 0o7777, cInode);
  return typeof inode === "number" ? inode : 0;
}

/** kemu_kernfs_del(path) */
export function kernfsDel(k: Kernel, pathPtr: number): void {
  k.userspace?.vfs.unlink(k.mem.readCString(pathPtr, 4096));
}
