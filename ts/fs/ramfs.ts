// kemu: fs/ramfs with the libfs.c simple_* dir ops it uses and the page cache reduced to one
// growable Uint8Array per file; entries list in creation order (ramfs lists newest first).
import { EFBIG } from "../include/errno.js";
import { Inode, isDir } from "./inode.js";

/** s_maxbytes: a JS typed array cannot grow without bound; 1 GiB is plenty for a RAM disk */
export const RAMFS_MAX_FILE_SIZE = 1 << 30;

function grow(i: Inode, need: number): void {
  let cap = i.data.length * 2;
  if (cap < need) cap = need;
  if (cap < 64) cap = 64;
  if (cap > RAMFS_MAX_FILE_SIZE) cap = RAMFS_MAX_FILE_SIZE;
  const d = new Uint8Array(cap);
  d.set(i.data.subarray(0, i.size));
  i.data = d;
}

export function ramfsRead(i: Inode, buf: Uint8Array, pos: number): number {
  const size = i.size;
  if (pos >= size || buf.length === 0) return 0;
  let n = size - pos;
  if (n > buf.length) n = buf.length;
  buf.set(i.data.subarray(pos, pos + n));
  // relatime: only the first read after a change moves atime
  if (i.atimeNs <= i.mtimeNs || i.atimeNs <= i.ctimeNs) i.atimeNs = i.sb.clock();
  return n;
}

export function ramfsWrite(i: Inode, data: Uint8Array, pos: number): number {
  const n = data.length;
  if (n === 0) return 0;
  const end = pos + n;
  if (end > RAMFS_MAX_FILE_SIZE) return -EFBIG;
  if (end > i.data.length) grow(i, end);
  i.data.set(data, pos);
  if (end > i.size) i.size = end;
  const now = i.sb.clock();
  i.mtimeNs = now;
  i.ctimeNs = now;
  return n;
}

export function ramfsTruncate(i: Inode, len: number): number {
  if (len > RAMFS_MAX_FILE_SIZE) return -EFBIG;
  if (len < i.size) i.data.fill(0, len, i.size);
  else if (len > i.data.length) grow(i, len);
  i.size = len;
  const now = i.sb.clock();
  i.mtimeNs = now;
  i.ctimeNs = now;
  return 0;
}

function touchDir(dir: Inode): void {
  const now = dir.sb.clock();
  dir.mtimeNs = now;
  dir.ctimeNs = now;
}

/** d_instantiate of a new inode (ramfs_mknod, ramfs_symlink). */
export function ramfsAdd(dir: Inode, name: string, child: Inode): void {
  dir.children!.set(name, child);
  if (isDir(child)) {
    child.parent = dir;
    dir.nlink++;
  }
  touchDir(dir);
}

/** simple_link */
export function ramfsLink(dir: Inode, name: string, inode: Inode): void {
  dir.children!.set(name, inode);
  inode.nlink++;
  inode.ctimeNs = inode.sb.clock();
  touchDir(dir);
}

/** simple_unlink: the inode lives on while open files refer to it */
export function ramfsUnlink(dir: Inode, name: string, inode: Inode): void {
  dir.children!.delete(name);
  inode.nlink--;
  inode.ctimeNs = inode.sb.clock();
  touchDir(dir);
}

/** simple_rmdir (emptiness already checked) */
export function ramfsRmdir(dir: Inode, name: string, inode: Inode): void {
  dir.children!.delete(name);
  inode.nlink = 0;
  inode.ctimeNs = inode.sb.clock();
  dir.nlink--;
  touchDir(dir);
}

/** simple_rename: dst, when given, is replaced (type and emptiness already checked) */
export function ramfsRename(oldDir: Inode, oldName: string, newDir: Inode, newName: string, src: Inode,
  dst: Inode | undefined): void {
  const now = src.sb.clock();
  if (dst !== undefined) {
    if (isDir(dst)) {
      dst.nlink = 0;
      newDir.nlink--;
    } else {
      dst.nlink--;
    }
    dst.ctimeNs = now;
  }
  oldDir.children!.delete(oldName);
  newDir.children!.set(newName, src);
  if (isDir(src)) {
    src.parent = newDir;
    oldDir.nlink--;
    newDir.nlink++;
  }
  src.ctimeNs = now;
  oldDir.mtimeNs = oldDir.ctimeNs = now;
  newDir.mtimeNs = newDir.ctimeNs = now;
}
