// kemu: fs/proc/proc_sysctl.c's /proc/sys tree for module-registered tables. The C half
// (csrc/fs/proc/proc_sysctl.c) walks the tables; these make and remove the files and the
// directories a table needs (a directory goes when its last registered entry does).
import type { Kernel } from "../../kernel/kernel.js";
import { EEXIST, ENOENT } from "../../include/errno.js";
import { S_IFDIR } from "../types.js";

/** directories under /proc/sys made for registered tables, with their entry counts */
const madeDirs = new WeakMap<Kernel, Map<string, number>>();

function dirsOf(k: Kernel): Map<string, number> {
  let m = madeDirs.get(k);
  if (!m) madeDirs.set(k, (m = new Map()));
  return m;
}

/** kemu_sysctl_add(path, inode, mode): /proc/sys/<path> backed by the C inode; -EEXIST if taken */
export function sysctlAdd(k: Kernel, pathPtr: number, cInode: number, mode: number): number {
  const us = k.userspace;
  if (!us) return 0;
  const rel = k.mem.readCString(pathPtr, 4096);
  const parts = rel.split("/");
  const vfs = us.vfs;
  const dirs = dirsOf(k);
  let dir = "/proc/sys";
  const made: string[] = [];
  for (const name of parts.slice(0, -1)) {
    dir += "/" + name;
    const st = vfs.stat(dir);
    if (typeof st === "number") {
      vfs.mkdir(dir, 0o555);
      dirs.set(dir, 0);
      made.push(dir);
    } else if ((st.mode & S_IFDIR) === 0) {
      return -EEXIST;
    }
  }
  const path = `/proc/sys/${rel}`;
  const inode = us.kfiles.createAt(vfs, path, mode & 0o777, cInode);
  if (typeof inode === "number") {
    for (const d of made.reverse()) {
      vfs.rmdir(d);
      dirs.delete(d);
    }
    return inode;
  }
  for (let d = dir; d !== "/proc/sys"; d = d.slice(0, d.lastIndexOf("/"))) {
    const n = dirs.get(d);
    if (n !== undefined) dirs.set(d, n + 1);
  }
  return 0;
}

/** kemu_sysctl_del(path): remove the file, then directories no table needs any more */
export function sysctlDel(k: Kernel, pathPtr: number): void {
  const us = k.userspace;
  if (!us) return;
  const rel = k.mem.readCString(pathPtr, 4096);
  const vfs = us.vfs;
  const r = vfs.unlink(`/proc/sys/${rel}`);
  if (r < 0 && r !== -ENOENT) return;
  const dirs = dirsOf(k);
  let d = `/proc/sys/${rel}`;
  for (d = d.slice(0, d.lastIndexOf("/")); d !== "/proc/sys"; d = d.slice(0, d.lastIndexOf("/"))) {
    const n = dirs.get(d);
    if (n === undefined) continue;
    if (n <= 1) {
      dirs.delete(d);
      vfs.rmdir(d);
    } else {
      dirs.set(d, n - 1);
    }
  }
}
