// kemu: fs/utimes.c (utimensat). "now" is UTIME_NOW and "omit" UTIME_OMIT; ctime always moves
// to the virtual clock's now.
import { EROFS } from "../include/errno.js";
import type { Inode } from "./inode.js";

export type TimeSpec = bigint | "now" | "omit";

export function doUtimens(inode: Inode, atime: TimeSpec, mtime: TimeSpec): number {
  if (inode.sb.readonly) return -EROFS;
  const now = inode.sb.clock();
  const a = atime === "now" ? now : atime === "omit" ? undefined : atime;
  const m = mtime === "now" ? now : mtime === "omit" ? undefined : mtime;
  if (inode.sb.setattr !== undefined && (a !== undefined || m !== undefined)) {
    const r = inode.sb.setattr(inode, { atimeNs: a ?? inode.atimeNs, mtimeNs: m ?? inode.mtimeNs });
    if (r < 0) return r;
  }
  if (a !== undefined) inode.atimeNs = a;
  if (m !== undefined) inode.mtimeNs = m;
  inode.ctimeNs = now;
  return 0;
}
