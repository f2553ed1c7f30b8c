// kemu: fs/read_write.c (vfs_read, vfs_write, pread/pwrite, default_llseek). ramfs files are
// served synchronously here; TS-backed files go to FileOps, which may return a Promise.
import { EBADF, EINVAL, EISDIR, ENXIO, ESPIPE } from "../include/errno.js";
import { O_ACCMODE, O_APPEND, O_RDONLY, O_WRONLY, SEEK_CUR, SEEK_END, SEEK_SET } from "./types.js";
import type { OpenFile } from "./types.js";
import { Inode, inodeSize, isDir, isFifo } from "./inode.js";
import { fileOps } from "./file.js";
import { ramfsRead, ramfsWrite } from "./ramfs.js";

/** simple_read_from_buffer() for TS-backed files: copy from `from` at pos; 0 past its end. */
export function readFromBuffer(buf: Uint8Array, pos: number, from: Uint8Array): number {
  if (pos >= from.length) return 0;
  const n = Math.min(buf.length, from.length - pos);
  buf.set(from.subarray(pos, pos + n));
  return n;
}

export const SEEK_DATA = 3;
export const SEEK_HOLE = 4;

function advance(f: OpenFile, p: number, r: number | Promise<number>): number | Promise<number> {
  if (typeof r === "number") {
    if (r > 0) f.pos = p + r;
    return r;
  }
  return r.then((n) => {
    if (n > 0) f.pos = p + n;
    return n;
  });
}

export function vfsRead(f: OpenFile, buf: Uint8Array, pos?: number): number | Promise<number> {
  const acc = f.flags & O_ACCMODE;
  if (acc === O_WRONLY || acc === O_ACCMODE) return -EBADF;
  const inode = f.inode as Inode;
  const fops = fileOps(f);
  const p = pos ?? f.pos;
  if (p < 0) return -EINVAL;
  if (fops === undefined) {
    if (isDir(inode)) return -EISDIR;
    const n = ramfsRead(inode, buf, p);
    if (pos === undefined) f.pos = p + n;
    return n;
  }
  if (fops.read === undefined) return isDir(inode) ? -EISDIR : -EINVAL;
  if (pos !== undefined && isFifo(inode)) return -ESPIPE;
  const r = fops.read(f, buf, p, pos !== undefined);
  if (pos !== undefined || fops.managesPos) return r;
  return advance(f, p, r);
}

/** O_APPEND writes at the end even for pwrite, as Linux does */
export function vfsWrite(f: OpenFile, data: Uint8Array, pos?: number): number | Promise<number> {
  const acc = f.flags & O_ACCMODE;
  if (acc === O_RDONLY || acc === O_ACCMODE) return -EBADF;
  const inode = f.inode as Inode;
  const fops = fileOps(f);
  const append = (f.flags & O_APPEND) !== 0;
  if (fops === undefined) {
    if (isDir(inode)) return -EISDIR;
    const p = append ? inode.size : pos ?? f.pos;
    if (p < 0) return -EINVAL;
    const n = ramfsWrite(inode, data, p);
    if (n > 0 && pos === undefined) f.pos = p + n;
    return n;
  }
  if (fops.write === undefined) return isDir(inode) ? -EISDIR : -EINVAL;
  if (pos !== undefined && isFifo(inode)) return -ESPIPE;
  const p = append && !isFifo(inode) ? inodeSize(inode) : pos ?? f.pos;
  if (p < 0) return -EINVAL;
  const r = fops.write(f, data, p, pos !== undefined);
  if (pos !== undefined || fops.managesPos) return r;
  return advance(f, p, r);
}

/** lseek(2): the file's own llseek, else default_llseek against the inode's size */
export function vfsLlseek(f: OpenFile, offset: number, whence: number): number | Promise<number> {
  const inode = f.inode as Inode;
  if (isFifo(inode)) return -ESPIPE;
  const fops = fileOps(f);
  if (fops?.llseek !== undefined) {
    const r = fops.llseek(f, offset, whence);
    if (typeof r !== "number") return r;
    if (r >= 0) f.pos = r;
    return r;
  }
  let np: number;
  switch (whence) {
    case SEEK_SET:
      np = offset;
      break;
    case SEEK_CUR:
      np = f.pos + offset;
      break;
    case SEEK_END:
      np = inodeSize(inode) + offset;
      break;
    case SEEK_DATA: {
      // a ramfs file has no holes: data everywhere before the end
      if (offset < 0 || offset >= inodeSize(inode)) return -ENXIO;
      np = offset;
      break;
    }
    case SEEK_HOLE: {
      const size = inodeSize(inode);
      if (offset < 0 || offset >= size) return -ENXIO;
      np = size;
      break;
    }
    default:
      return -EINVAL;
  }
  if (np < 0 || !Number.isSafeInteger(np)) return -EINVAL;
  f.pos = np;
  return np;
}
