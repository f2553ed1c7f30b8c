// kemu: just-bash's IFileSystem over a process's system calls, so the shell's built-in commands
// (cat, ls, grep, redirections ...) see the kernel VFS: /proc, /sys, /dev and ramfs, with their
// side effects, owners and virtual-clock times.
//
// Redirections: just-bash opens a `>`/`>>` target by writing "" to it (a truncating
// writeFile) and writes the command's output later with a second writeFile/appendFile. Here the
// empty write is the open(2) itself: the fd stays open ("pending") and the later write goes
// through it, so `echo x > /proc/sys/kernel/foo` is exactly open(O_WRONLY|O_CREAT|O_TRUNC) +
// one write("x\n") at offset 0 + close, as with bash. A pending fd is closed when anything else
// touches its path, before the shell starts a child process and after every statement.
import type { BufferEncoding, FileContent, FsStat, IFileSystem } from "just-bash";
import type { Stat } from "../../fs/types.js";
import {
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_RDONLY,
  O_TRUNC,
  O_WRONLY,
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
} from "../../fs/types.js";
import { EEXIST, EIO, EISDIR, ELOOP, ENOENT, ENOSYS, ENOTDIR, EROFS, EXDEV } from "../../include/errno.js";
import { errname, strerror } from "../../include/errno.js";
import type { DirEntry, ExtSyscalls as ShellSyscalls } from "../types.js";
import { concatBytes } from "../../fs/vfs.js";

type ReadFileOptions = Parameters<IFileSystem["readFile"]>[1];
type WriteFileOptions = Parameters<IFileSystem["writeFile"]>[2];
type DirentEntry = Awaited<ReturnType<NonNullable<IFileSystem["readdirWithFileTypes"]>>>[number];
type MkdirOptions = Parameters<IFileSystem["mkdir"]>[1];
type RmOptions = Parameters<IFileSystem["rm"]>[1];
type CpOptions = Parameters<IFileSystem["cp"]>[2];

/** A failed system call, shaped like Node's fs errors ("ENOENT: no such file or directory, open '/x'"). */
export class SysError extends Error {
  readonly code: string;
  constructor(
    readonly errno: number,
    readonly syscall: string,
    readonly path: string,
  ) {
    const code = errname(errno) ?? `E${Math.abs(errno)}`;
    super(`${code}: ${strerror(errno).toLowerCase()}, ${syscall} '${path}'`);
    this.code = code;
    this.name = "SysError";
  }
}

/** The write of a redirection's data failed (bash: "echo: write error: Invalid argument"). */
export class WriteError extends SysError {}

/** FsStat plus the kernel's own struct stat (for ls -l, stat). */
export interface KemuFsStat extends FsStat {
  kstat: Stat;
}

/** last component of the paths `test -c FILE` and friends are rewritten to (shell.ts) */
export const TYPE_MARK = ".kemu-sh-is-";
const TYPE_BITS: Record<string, number> = { b: S_IFBLK, c: S_IFCHR, p: S_IFIFO, S: S_IFSOCK };

const CHUNK = 65536;
const MAX_PENDING = 16;
const enc = new TextEncoder();
const dec = new TextDecoder();

export function toBytes(content: FileContent, encoding?: BufferEncoding | null): Uint8Array {
  if (typeof content !== "string") return content;
  switch (encoding) {
    case "binary":
    case "latin1":
    case "ascii": {
      const b = new Uint8Array(content.length);
      for (let i = 0; i < content.length; i++) b[i] = content.charCodeAt(i);
      return b;
    }
    case "base64":
      return Uint8Array.from(Buffer.from(content, "base64"));
    case "hex":
      return Uint8Array.from(Buffer.from(content, "hex"));
    default:
      return enc.encode(content);
  }
}

export function fromBytes(bytes: Uint8Array, encoding?: BufferEncoding | null): string {
  switch (encoding) {
    case "binary":
    case "latin1":
      return latin1(bytes);
    case "ascii": {
      let s = "";
      for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...Array.from(bytes.subarray(i, i + CHUNK), (b) => b & 0x7f));
      return s;
    }
    case "base64":
      return Buffer.from(bytes).toString("base64");
    case "hex":
      return Buffer.from(bytes).toString("hex");
    default:
      return dec.decode(bytes);
  }
}

export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

function encodingOf(options: ReadFileOptions | WriteFileOptions): BufferEncoding | null | undefined {
  return typeof options === "string" ? options : options?.encoding;
}

/** Lexical normalisation of an absolute path: "//", "." and ".." removed. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

const isDirMode = (m: number) => (m & S_IFMT) === S_IFDIR;

export interface KemuFsOptions {
  /** paths whose writes go elsewhere (the shell's stdout/stderr sinks) */
  sinks?: Map<string, (data: Uint8Array) => Promise<void>>;
  /** names that exist as executables in /bin and /usr/bin even without a file (the shell's own commands) */
  commandStubs?: ReadonlySet<string>;
  /** the directory relative paths start from (default: the process's cwd) */
  cwd?: () => string;
}

export class KemuFs implements IFileSystem {
  /** path -> fd opened by a redirection, waiting for the redirection's data */
  private readonly pending = new Map<string, { fd: number; append: boolean }>();
  private readonly sinks: Map<string, (data: Uint8Array) => Promise<void>>;
  private readonly stubs: ReadonlySet<string>;
  private readonly cwdOf: () => string;
  /** the last open() a redirection made that failed (for bash's message) */
  lastOpenError: SysError | undefined;
  /** an exception (not an errno) from a system call: the process is being killed */
  fatal: unknown;

  constructor(
    readonly sys: ShellSyscalls,
    opts: KemuFsOptions = {},
  ) {
    this.sinks = opts.sinks ?? new Map();
    this.stubs = opts.commandStubs ?? new Set();
    this.cwdOf = opts.cwd ?? (() => sys.getcwd());
  }

  // ---- system call plumbing --------------------------------------------------------------

  private abs(path: string): string {
    return path.startsWith("/") ? path : this.resolvePath(this.cwdOf(), path);
  }

  private async call<T>(f: () => T | Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      this.fatal ??= e;
      throw e;
    }
  }

  private ext<K extends keyof ShellSyscalls>(name: K, path: string): NonNullable<ShellSyscalls[K]> {
    const fn = this.sys[name];
    if (typeof fn !== "function") throw new SysError(-ENOSYS, String(name), path);
    return (fn as (...a: unknown[]) => unknown).bind(this.sys) as NonNullable<ShellSyscalls[K]>;
  }

  private async open(path: string, flags: number, mode = 0o666): Promise<number> {
    const fd = await this.call(() => this.sys.open(path, flags, mode));
    if (fd < 0) throw new SysError(fd, "open", path);
    return fd;
  }

  private async close(fd: number): Promise<void> {
    await this.call(() => this.sys.close(fd));
  }

  /** write all of `data` to fd */
  async writeFd(fd: number, data: Uint8Array, path: string): Promise<void> {
    let off = 0;
    while (off < data.length) {
      const n = await this.call(() => this.sys.write(fd, off === 0 ? data : data.subarray(off)));
      if (n < 0) throw new WriteError(n, "write", path);
      if (n === 0) throw new WriteError(-EIO, "write", path);
      off += n;
    }
  }

  async readFd(fd: number, path: string): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(CHUNK);
      const n = await this.call(() => this.sys.read(fd, buf));
      if (n < 0) throw new SysError(n, "read", path);
      if (n === 0) break;
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
      total += n;
    }
    return concatBytes(chunks, total);
  }

  /** stat(2)/lstat(2) as the kernel answers (no command stubs) */
  kstat(path: string, follow = true): Stat | number {
    const p = this.abs(path);
    return follow ? this.sys.stat(p) : this.sys.lstat(p);
  }

  private stubStat(path: string): KemuFsStat | undefined {
    const i = path.lastIndexOf("/");
    const dir = path.slice(0, i);
    if ((dir !== "/bin" && dir !== "/usr/bin") || !this.stubs.has(path.slice(i + 1))) return undefined;
    const kstat: Stat = {
      dev: 0, ino: 0, mode: S_IFREG | 0o755, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0, blksize: 4096, blocks: 0,
      atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
    return toFsStat(kstat);
  }

  // ---- pending redirection opens ---------------------------------------------------------

  /** close the fd a redirection left open on `path` */
  async settle(path: string): Promise<void> {
    const p = this.pending.get(path);
    if (!p) return;
    this.pending.delete(path);
    await this.close(p.fd);
  }

  /** close every fd redirections left open */
  async settleAll(): Promise<void> {
    for (const path of [...this.pending.keys()]) await this.settle(path);
  }

  private async put(path: string, content: FileContent, options: WriteFileOptions, append: boolean): Promise<void> {
    const sink = this.sinks.get(path);
    const data = toBytes(content, encodingOf(options));
    if (sink) {
      if (data.length) await sink(data);
      return;
    }
    path = this.abs(path);
    if (path.startsWith("/dev/fd/")) throw new SysError(-EROFS, "open", path); // just-bash then mounts its own
    const flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC);
    if (data.length === 0) {
      // a redirection opening its target: open now, write later through the same fd
      await this.settle(path);
      let fd: number;
      try {
        fd = await this.open(path, flags);
      } catch (e) {
        if (e instanceof SysError) this.lastOpenError = e;
        throw e;
      }
      this.pending.set(path, { fd, append });
      if (this.pending.size > MAX_PENDING) await this.settle(this.pending.keys().next().value!);
      return;
    }
    const p = this.pending.get(path);
    let fd: number;
    if (p && (append || !p.append)) {
      this.pending.delete(path);
      fd = p.fd;
    } else {
      await this.settle(path);
      fd = await this.open(path, flags);
    }
    try {
      await this.writeFd(fd, data, path);
    } finally {
      await this.close(fd);
    }
  }

  // ---- IFileSystem -------------------------------------------------------------------------

  async readFileBuffer(path: string): Promise<Uint8Array> {
    path = this.abs(path);
    await this.settle(path);
    const fd = await this.open(path, O_RDONLY);
    try {
      return await this.readFd(fd, path);
    } finally {
      await this.close(fd);
    }
  }

  async readFile(path: string, options?: ReadFileOptions): Promise<string> {
    return fromBytes(await this.readFileBuffer(path), encodingOf(options));
  }

  // just-bash's ByteString: a latin1 string, one char per byte
  async readFileBytes(path: string): Promise<never> {
    return latin1(await this.readFileBuffer(path)) as never;
  }

  writeFile(path: string, content: FileContent, options?: WriteFileOptions): Promise<void> {
    return this.put(path, content, options, false);
  }

  appendFile(path: string, content: FileContent, options?: WriteFileOptions): Promise<void> {
    return this.put(path, content, options, true);
  }

  async exists(path: string): Promise<boolean> {
    if (this.sinks.has(path)) return false;
    path = this.abs(path);
    const i = path.lastIndexOf("/");
    if (path.startsWith(TYPE_MARK, i + 1)) {
      const st = this.sys.stat(path.slice(0, i) || "/");
      return typeof st !== "number" && (st.mode & S_IFMT) === TYPE_BITS[path.slice(i + 1 + TYPE_MARK.length)];
    }
    return typeof this.sys.stat(path) !== "number" || this.stubStat(path) !== undefined;
  }

  async stat(path: string): Promise<KemuFsStat> {
    path = this.abs(path);
    const st = this.sys.stat(path);
    if (typeof st === "number") {
      const stub = this.stubStat(path);
      if (stub) return stub;
      throw new SysError(st, "stat", path);
    }
    return toFsStat(st);
  }

  async lstat(path: string): Promise<KemuFsStat> {
    path = this.abs(path);
    const st = this.sys.lstat(path);
    if (typeof st === "number") {
      const stub = this.stubStat(path);
      if (stub) return stub;
      throw new SysError(st, "lstat", path);
    }
    return toFsStat(st);
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    path = this.abs(path);
    const mkdir = this.ext("mkdir", path);
    if (!options?.recursive) {
      const r = await this.call(() => mkdir(path, 0o777));
      if (r < 0) throw new SysError(r, "mkdir", path);
      return;
    }
    let cur = "";
    for (const part of normalizePath(path).split("/").filter(Boolean)) {
      cur += "/" + part;
      const st = this.sys.stat(cur);
      if (typeof st !== "number") {
        if (!isDirMode(st.mode)) throw new SysError(-ENOTDIR, "mkdir", path);
        continue;
      }
      const r = await this.call(() => mkdir(cur, 0o777));
      if (r < 0 && r !== -EEXIST) throw new SysError(r, "mkdir", path);
    }
  }

  /** getdents64() of a directory, "." and ".." left out */
  async dirEntries(path: string): Promise<DirEntry[]> {
    path = this.abs(path);
    const getdents = this.ext("getdents", path);
    const fd = await this.open(path, O_RDONLY | O_DIRECTORY).catch((e: unknown) => {
      if (e instanceof SysError) throw new SysError(e.errno, "scandir", path);
      throw e;
    });
    try {
      const ents = await this.call(() => getdents(fd));
      if (typeof ents === "number") throw new SysError(ents, "scandir", path);
      return ents.filter((e) => e.name !== "." && e.name !== "..");
    } finally {
      await this.close(fd);
    }
  }

  async readdir(path: string): Promise<string[]> {
    return (await this.dirEntries(path)).map((e) => e.name);
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    const dir = this.abs(path);
    const out: DirentEntry[] = [];
    for (const e of await this.dirEntries(dir)) {
      // DT_* (S_IFMT >> 12, as getdents64's d_type) or the S_IF* bits themselves
      let type = e.type > 0xf ? e.type & S_IFMT : e.type << 12;
      if (!type) {
        const st = this.sys.lstat(dir === "/" ? "/" + e.name : `${dir}/${e.name}`);
        type = typeof st === "number" ? 0 : st.mode & S_IFMT;
      }
      out.push({ name: e.name, isFile: type === S_IFREG, isDirectory: type === S_IFDIR, isSymbolicLink: type === S_IFLNK });
    }
    return out;
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    path = this.abs(path);
    await this.settle(path);
    const st = this.sys.lstat(path);
    if (typeof st === "number") {
      if (options?.force && st === -ENOENT) return;
      throw new SysError(st, "rm", path);
    }
    if (isDirMode(st.mode)) {
      if (options?.recursive) {
        for (const name of await this.readdir(path)) await this.rm(path === "/" ? "/" + name : `${path}/${name}`, options);
      }
      const rmdir = this.ext("rmdir", path);
      const r = await this.call(() => rmdir(path));
      if (r < 0) throw new SysError(r, "rm", path);
      return;
    }
    const unlink = this.ext("unlink", path);
    const r = await this.call(() => unlink(path));
    if (r < 0) throw new SysError(r, "rm", path);
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    src = this.abs(src);
    dest = this.abs(dest);
    await this.settle(src);
    await this.settle(dest);
    const st = options?.recursive ? this.sys.lstat(src) : this.sys.stat(src);
    if (typeof st === "number") throw new SysError(st, "cp", src);
    const type = st.mode & S_IFMT;
    if (type === S_IFLNK) {
      const target = await this.readlink(src);
      await this.symlink(target, dest);
      return;
    }
    if (type === S_IFDIR) {
      if (!options?.recursive) throw new SysError(-EISDIR, "cp", src);
      const d = this.sys.stat(dest);
      if (typeof d === "number") await this.mkdir(dest);
      else if (!isDirMode(d.mode)) throw new SysError(-ENOTDIR, "cp", dest);
      for (const name of await this.readdir(src)) await this.cp(`${src}/${name}`, `${dest}/${name}`, options);
      return;
    }
    const data = await this.readFileBuffer(src);
    const fd = await this.open(dest, O_WRONLY | O_CREAT | O_TRUNC, st.mode & 0o777);
    try {
      await this.writeFd(fd, data, dest);
    } finally {
      await this.close(fd);
    }
  }

  async mv(src: string, dest: string): Promise<void> {
    src = this.abs(src);
    dest = this.abs(dest);
    await this.settle(src);
    await this.settle(dest);
    const rename = this.ext("rename", src);
    const r = await this.call(() => rename(src, dest));
    if (r === -EXDEV) {
      await this.cp(src, dest, { recursive: true });
      await this.rm(src, { recursive: true });
      return;
    }
    if (r < 0) throw new SysError(r, "mv", src);
  }

  resolvePath(base: string, path: string): string {
    if (path.startsWith("/")) return normalizePath(path);
    if (path === "") return normalizePath(base);
    return normalizePath(`${base}/${path}`);
  }

  getAllPaths(): string[] {
    return [];
  }

  async chmod(path: string, mode: number): Promise<void> {
    path = this.abs(path);
    const chmod = this.ext("chmod", path);
    const r = await this.call(() => chmod(path, mode & 0o7777));
    if (r < 0) throw new SysError(r, "chmod", path);
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    linkPath = this.abs(linkPath);
    const symlink = this.ext("symlink", linkPath);
    const r = await this.call(() => symlink(target, linkPath));
    if (r < 0) throw new SysError(r, "symlink", linkPath);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    existingPath = this.abs(existingPath);
    newPath = this.abs(newPath);
    const link = this.ext("link", newPath);
    const r = await this.call(() => link(existingPath, newPath, false));
    if (r < 0) throw new SysError(r, "link", existingPath);
  }

  async readlink(path: string): Promise<string> {
    path = this.abs(path);
    const readlink = this.ext("readlink", path);
    const r = await this.call(() => readlink(path));
    if (typeof r === "number") throw new SysError(r, "readlink", path);
    return r;
  }

  async realpath(path: string): Promise<string> {
    path = this.abs(path);
    const todo = path.split("/").filter((p) => p !== "" && p !== ".");
    let resolved: string[] = [];
    let links = 0;
    while (todo.length) {
      const name = todo.shift()!;
      if (name === "..") {
        resolved.pop();
        continue;
      }
      if (name === ".") continue;
      const cand = "/" + [...resolved, name].join("/");
      const st = this.sys.lstat(cand);
      if (typeof st === "number") throw new SysError(st, "realpath", path);
      if ((st.mode & S_IFMT) === S_IFLNK) {
        if (++links > 40) throw new SysError(-ELOOP, "realpath", path);
        const target = await this.readlink(cand);
        if (target.startsWith("/")) resolved = [];
        todo.unshift(...target.split("/").filter((p) => p !== ""));
        continue;
      }
      resolved.push(name);
    }
    return "/" + resolved.join("/");
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    path = this.abs(path);
    await this.settle(path);
    const utimens = this.ext("utimens", path);
    const ns = (d: Date) => BigInt(d.getTime()) * 1_000_000n;
    const r = await this.call(() => utimens(path, ns(atime), ns(mtime), true));
    if (r < 0) throw new SysError(r, "utimes", path);
  }
}

export function toFsStat(st: Stat): KemuFsStat {
  const type = st.mode & S_IFMT;
  return {
    isFile: type === S_IFREG,
    isDirectory: type === S_IFDIR,
    isSymbolicLink: type === S_IFLNK,
    mode: st.mode & 0o7777,
    size: st.size,
    mtime: new Date(Number(st.mtimeNs / 1_000_000n)),
    dev: st.dev,
    ino: st.ino,
    kstat: st,
  };
}
