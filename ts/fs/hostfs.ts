// kemu: fs/hostfs (UML's view of a host directory) on node:fs sync calls, live: every lookup and
// stat asks the host. Owners show as root; mode, size and times are the host's (see hostfsRoot).
import * as nfs from "node:fs";
import * as npath from "node:path";
import { EIO, ENOENT, ENOTDIR, EPERM } from "../include/errno.js";
import { ERRNO_TABLE } from "../include/errno.js";
import {
  O_ACCMODE, O_RDWR, O_WRONLY, S_IFMT, S_IFDIR, S_IFREG, S_IFLNK, S_IFCHR, S_IFBLK,
} from "./types.js";
import type { FileOps, OpenFile } from "./types.js";
import { Inode } from "./inode.js";
import type { DirInodeOps, SetAttr, SuperBlock } from "./inode.js";
import { new_decode_dev } from "./kdev_t.js";

const ERRNO_BY_NAME = new Map<string, number>();
for (const [n, [name]] of ERRNO_TABLE) ERRNO_BY_NAME.set(name, n);

/** a node:fs exception as -errno */
export function hostErrno(e: unknown): number {
  const code = (e as { code?: unknown }).code;
  return -((typeof code === "string" ? ERRNO_BY_NAME.get(code) : undefined) ?? EIO);
}

function lstat(path: string): nfs.BigIntStats | undefined {
  try {
    return nfs.lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function fill(i: Inode, st: nfs.BigIntStats): void {
  const mode = Number(st.mode);
  i.mode = (mode & S_IFMT) | (mode & 0o7777);
  i.nlink = Number(st.nlink);
  i.size = Number(st.size);
  i.atimeNs = st.atimeNs;
  i.mtimeNs = st.mtimeNs;
  i.ctimeNs = st.ctimeNs;
  if ((mode & S_IFMT) === S_IFLNK) {
    try {
      i.target = nfs.readlinkSync(i.hostPath!);
    } catch {
      i.target = "";
    }
  }
}

function fd(f: OpenFile): number {
  return f.privateData as number;
}

/** hostfs_file_fops: each open file is a host fd; reads and writes are positional */
export const HOST_FILE_OPS: FileOps = {
  open(f) {
    const acc = f.flags & O_ACCMODE;
    const c = nfs.constants;
    const flags = acc === O_WRONLY ? c.O_WRONLY : acc === O_RDWR ? c.O_RDWR : c.O_RDONLY;
    try {
      f.privateData = nfs.openSync((f.inode as Inode).hostPath!, flags);
    } catch (e) {
      return hostErrno(e);
    }
    return 0;
  },
  read(f, buf, pos) {
    try {
      return nfs.readSync(fd(f), buf, 0, buf.length, pos);
    } catch (e) {
      return hostErrno(e);
    }
  },
  write(f, data, pos) {
    try {
      return nfs.writeSync(fd(f), data, 0, data.length, pos);
    } catch (e) {
      return hostErrno(e);
    }
  },
  release(f) {
    try {
      nfs.closeSync(fd(f));
    } catch {
      // already gone on the host side: nothing to give back
    }
  },
};

class HostFs {
  /** host path -> inode, so a file keeps one inode (and one ino) while it exists */
  readonly cache = new Map<string, Inode>();
  readonly sb: SuperBlock;

  constructor(sb: SuperBlock) {
    this.sb = sb;
    sb.getattr = (i) => {
      const st = lstat(i.hostPath!);
      if (st !== undefined) fill(i, st);
    };
    sb.setattr = (i, a) => this.setattr(i, a);
  }

  inodeFor(path: string, st: nfs.BigIntStats, parent: Inode | undefined): Inode {
    const type = Number(st.mode) & S_IFMT;
    let i = this.cache.get(path);
    if (i === undefined || (i.mode & S_IFMT) !== type) {
      const dev = type === S_IFCHR || type === S_IFBLK ? new_decode_dev(Number(st.rdev) >>> 0) : 0;
      i = new Inode(this.sb, type, dev);
      i.hostPath = path;
      if (type === S_IFDIR) i.dirOps = new HostDir(this, i);
      else if (type === S_IFREG) i.ops = HOST_FILE_OPS;
      this.cache.set(path, i);
    }
    fill(i, st);
    if (parent !== undefined) i.parent = parent;
    return i;
  }

  /** the host entry is gone (or replaced): forget it and everything below it */
  forget(path: string): void {
    const prefix = path + "/";
    for (const k of this.cache.keys()) if (k === path || k.startsWith(prefix)) this.cache.delete(k);
  }

  /** after a host rename, cached inodes below the old name live under the new one */
  moved(from: string, to: string): void {
    this.forget(to);
    const prefix = from + "/";
    const moves: [string, Inode][] = [];
    for (const [k, i] of this.cache) if (k === from || k.startsWith(prefix)) moves.push([k, i]);
    for (const [k, i] of moves) {
      this.cache.delete(k);
      const nk = to + k.slice(from.length);
      i.hostPath = nk;
      this.cache.set(nk, i);
    }
  }

  private setattr(i: Inode, a: SetAttr): number {
    const p = i.hostPath!;
    try {
      if (a.size !== undefined) nfs.truncateSync(p, a.size);
      if (a.mode !== undefined) nfs.chmodSync(p, a.mode);
      if (a.atimeNs !== undefined || a.mtimeNs !== undefined) {
        const at = Number(a.atimeNs ?? i.atimeNs) / 1e9;
        const mt = Number(a.mtimeNs ?? i.mtimeNs) / 1e9;
        nfs.utimesSync(p, at, mt);
      }
    } catch (e) {
      return hostErrno(e);
    }
    const st = lstat(p);
    if (st !== undefined) fill(i, st);
    return 0;
  }
}

class HostDir implements DirInodeOps {
  constructor(private readonly fs: HostFs, private readonly dir: Inode) {}

  private path(name: string): string {
    return this.dir.hostPath + "/" + name;
  }

  lookup(name: string): Inode | undefined {
    const p = this.path(name);
    const st = lstat(p);
    if (st === undefined) {
      this.fs.forget(p);
      return undefined;
    }
    return this.fs.inodeFor(p, st, this.dir);
  }

  list(): string[] {
    try {
      return nfs.readdirSync(this.dir.hostPath!).sort();
    } catch {
      return [];
    }
  }

  private done(name: string): Inode | number {
    return this.lookup(name) ?? -ENOENT;
  }

  create(name: string, mode: number, _rdev: number): Inode | number {
    const p = this.path(name);
    const type = mode & S_IFMT;
    const perm = mode & 0o7777;
    try {
      if (type === S_IFREG) {
        const c = nfs.constants;
        nfs.closeSync(nfs.openSync(p, c.O_CREAT | c.O_EXCL | c.O_WRONLY, perm));
      } else if (type === S_IFDIR) {
        nfs.mkdirSync(p, { mode: perm });
      } else {
        // device nodes and FIFOs would need host privileges or mkfifo, which node:fs lacks
        return -EPERM;
      }
      nfs.chmodSync(p, perm); // the host's umask is not the guest's
    } catch (e) {
      return hostErrno(e);
    }
    return this.done(name);
  }

  symlink(name: string, target: string): Inode | number {
    try {
      nfs.symlinkSync(target, this.path(name));
    } catch (e) {
      return hostErrno(e);
    }
    return this.done(name);
  }

  link(name: string, inode: Inode): number {
    try {
      nfs.linkSync(inode.hostPath!, this.path(name));
    } catch (e) {
      return hostErrno(e);
    }
    return 0;
  }

  unlink(name: string): number {
    const p = this.path(name);
    try {
      nfs.unlinkSync(p);
    } catch (e) {
      return hostErrno(e);
    }
    this.fs.forget(p);
    return 0;
  }

  rmdir(name: string, inode: Inode): number {
    const p = this.path(name);
    try {
      nfs.rmdirSync(p);
    } catch (e) {
      return hostErrno(e);
    }
    this.fs.forget(p);
    inode.nlink = 0;
    return 0;
  }

  rename(oldName: string, newDir: Inode, newName: string): number {
    const from = this.path(oldName);
    const to = newDir.hostPath + "/" + newName;
    try {
      nfs.renameSync(from, to);
    } catch (e) {
      return hostErrno(e);
    }
    this.fs.moved(from, to);
    const moved = this.fs.cache.get(to);
    if (moved !== undefined) moved.parent = newDir;
    return 0;
  }
}

/**
 * The root inode showing hostDir, on superblock sb (which gets hostfs's getattr/setattr).
 * Unlike the rest of the VFS, times are the host's (not virtual). chown is kept in memory only,
 * inode numbers are handed out in lookup order, readdir is sorted by name (host order varies),
 * host FIFOs and devices are not connected to anything, and host symlinks resolve inside the
 * guest, so nothing outside the mount is reachable.
 */
export function hostfsRoot(hostDir: string, sb: SuperBlock): Inode | number {
  let abs: string;
  try {
    abs = nfs.realpathSync(npath.resolve(hostDir));
  } catch (e) {
    return hostErrno(e);
  }
  const st = lstat(abs);
  if (st === undefined) return -ENOENT;
  if ((Number(st.mode) & S_IFMT) !== S_IFDIR) return -ENOTDIR;
  return new HostFs(sb).inodeFor(abs, st, undefined);
}
