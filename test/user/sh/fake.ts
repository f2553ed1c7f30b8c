// A fake process runtime for the shell tests: an in-memory file system (Map of paths), pipes,
// a virtual clock, and children that are JS functions (or the shell itself for #! scripts).
import type { Stat, OpenFile } from "../../../ts/fs/types.js";
import {
  O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY,
  S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG,
} from "../../../ts/fs/types.js";
import type { SpawnOptions, UserProcess, ProgramMain } from "../../../ts/user/types.js";
import type { DirEntry, ExtSyscalls as ShellSyscalls } from "../../../ts/user/types.js";

const E = { ENOENT: 2, EBADF: 9, ECHILD: 10, EAGAIN: 11, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOEXEC: 8, EPIPE: 32, ENOTEMPTY: 39 };

export interface FNode {
  type: number;
  mode: number;
  ino: number;
  data: Uint8Array;
  target?: string;
  mtimeNs: bigint;
  uid: number;
  gid: number;
  rdev: number;
  /** a /proc-like file: writes call this instead of storing */
  onWrite?: (data: Uint8Array, pos: number) => number;
  onRead?: () => Uint8Array;
}

class Pipe {
  buf: number[] = [];
  capacity = 65536;
  readers = 1;
  writers = 1;
  waiters: (() => void)[] = [];
  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

interface FFile extends OpenFile {
  node?: FNode;
  pipe?: Pipe;
  end?: "r" | "w";
}

export interface LogEntry {
  op: string;
  path?: string;
  fd?: number;
  data?: string;
  pos?: number;
  flags?: number;
}

export type ChildFn = (p: FakeProcess) => Promise<number>;

/** thrown by a child program: it dies of this signal */
export class Killed {
  constructor(readonly signal: number) {}
}

const te = new TextEncoder();
const td = new TextDecoder();

export class FakeWorld {
  nodes = new Map<string, FNode>();
  nextIno = 10;
  clock = 1_700_000_000_000_000_000n;
  mono = 0n;
  log: LogEntry[] = [];
  programs = new Map<string, ChildFn>();
  /** give processes poll() (else the shell sweeps O_NONBLOCK fds) */
  withPoll = false;
  /** hide OpenFile access (then the shell cannot set O_NONBLOCK and serves pipes in turn) */
  noFileAccess = false;
  /** a read of this path throws (as the runtime does when the process is killed) */
  killOnRead?: string;
  nextPid = 100;
  procs = new Map<number, FakeProcess>();
  sh?: ProgramMain;

  constructor() {
    for (const d of ["/", "/bin", "/sbin", "/usr", "/usr/bin", "/tmp", "/proc", "/proc/sys", "/proc/sys/kernel", "/dev", "/etc"]) this.mkdir(d);
  }

  now(): bigint {
    return this.clock + this.mono;
  }

  mkdir(path: string, mode = 0o755): FNode {
    const n: FNode = { type: S_IFDIR, mode, ino: this.nextIno++, data: new Uint8Array(0), mtimeNs: this.now(), uid: 0, gid: 0, rdev: 0 };
    this.nodes.set(path, n);
    return n;
  }

  file(path: string, content: string | Uint8Array, mode = 0o644, extra: Partial<FNode> = {}): FNode {
    const n: FNode = {
      type: S_IFREG, mode, ino: this.nextIno++, data: typeof content === "string" ? te.encode(content) : content,
      mtimeNs: this.now(), uid: 0, gid: 0, rdev: 0, ...extra,
    };
    this.nodes.set(path, n);
    return n;
  }

  /** a built-in program file: spawning it runs fn */
  program(path: string, fn: ChildFn, mode = 0o755): void {
    this.file(path, "\x7fKEMU builtin\n", mode);
    this.programs.set(path, fn);
  }

  text(path: string): string | undefined {
    const n = this.nodes.get(path);
    return n ? td.decode(n.data) : undefined;
  }

  norm(path: string, cwd: string): string {
    const abs = path.startsWith("/") ? path : `${cwd}/${path}`;
    const out: string[] = [];
    for (const part of abs.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") out.pop();
      else out.push(part);
    }
    return "/" + out.join("/");
  }

  /** path after following symlinks (the final one only when follow) */
  resolve(path: string, cwd: string, follow: boolean, depth = 0): string {
    const p = this.norm(path, cwd);
    if (depth > 8) return p;
    const parts = p.split("/").filter(Boolean);
    let cur = "";
    for (let i = 0; i < parts.length; i++) {
      cur += "/" + parts[i];
      const n = this.nodes.get(cur);
      if (n?.type === S_IFLNK && (follow || i < parts.length - 1)) {
        const t = this.resolve(n.target!, cur.slice(0, cur.lastIndexOf("/")) || "/", true, depth + 1);
        cur = t;
      }
    }
    return cur || "/";
  }

  statOf(n: FNode): Stat {
    const size = n.type === S_IFLNK ? n.target!.length : n.type === S_IFDIR ? 4096 : n.onRead ? 0 : n.data.length;
    return {
      dev: 1, ino: n.ino, mode: n.type | n.mode, nlink: n.type === S_IFDIR ? 2 : 1, uid: n.uid, gid: n.gid, rdev: n.rdev,
      size, blksize: 4096, blocks: Math.ceil(size / 4096) * 8, atimeNs: n.mtimeNs, mtimeNs: n.mtimeNs, ctimeNs: n.mtimeNs,
    };
  }

  children(dir: string): string[] {
    const pre = dir === "/" ? "/" : dir + "/";
    const out: string[] = [];
    for (const k of this.nodes.keys()) if (k !== "/" && k.startsWith(pre) && !k.slice(pre.length).includes("/")) out.push(k.slice(pre.length));
    return out;
  }

  /** run a process to completion: the process's program is `main` */
  async run(main: ProgramMain, argv: string[], opts: { envp?: string[]; cwd?: string; stdin?: string } = {}) {
    const p = new FakeProcess(this, null, argv, opts.envp ?? ["PATH=/usr/bin:/bin:/usr/sbin:/sbin", "HOME=/root"], opts.cwd ?? "/");
    // fds: 0 = a pipe holding stdin, 1 and 2 = capture pipes the test drains
    const mk = () => {
      const pipe = new Pipe();
      const r: FFile = { path: "pipe:", inode: null, flags: O_RDONLY, pos: 0, refs: 1, pipe, end: "r" };
      const w: FFile = { path: "pipe:", inode: null, flags: O_WRONLY, pos: 0, refs: 1, pipe, end: "w" };
      return [r, w] as const;
    };
    const [inR, inW] = mk();
    const [outR, outW] = mk();
    const [errR, errW] = mk();
    outR.pipe!.capacity = errR.pipe!.capacity = Infinity; // the test drains them at the end
    if (opts.stdin) inW.pipe!.buf.push(...te.encode(opts.stdin));
    await p.closeFile(inW);
    p.fds.set(0, inR);
    p.fds.set(1, outW);
    p.fds.set(2, errW);
    // every write to fd 1/2 in order, for interleaving checks
    const chunks: { fd: number; text: string }[] = [];
    p.tap = (fd, data) => chunks.push({ fd, text: td.decode(data) });
    const code = await main(p);
    await p.exit(code);
    const drain = (f: FFile) => td.decode(Uint8Array.from(f.pipe!.buf));
    return { code, stdout: drain(outR), stderr: drain(errR), chunks };
  }
}

export class FakeProcess implements UserProcess {
  readonly pid: number;
  fds = new Map<number, FFile>();
  cwd: string;
  status: number | null = null;
  exitWaiters: (() => void)[] = [];
  children = new Set<FakeProcess>();
  tap?: (fd: number, data: Uint8Array) => void;
  readonly sys: ShellSyscalls;

  constructor(
    readonly w: FakeWorld,
    readonly parent: FakeProcess | null,
    readonly argv: string[],
    readonly envp: string[],
    cwd: string,
  ) {
    this.pid = w.nextPid++;
    this.cwd = cwd;
    w.procs.set(this.pid, this);
    this.sys = makeSys(this);
  }

  install(f: FFile): number {
    for (let fd = 0; ; fd++) if (!this.fds.has(fd)) {
      this.fds.set(fd, f);
      return fd;
    }
  }

  async closeFile(f: FFile): Promise<void> {
    if (--f.refs > 0) return;
    if (f.pipe) {
      if (f.end === "r") f.pipe.readers--;
      else f.pipe.writers--;
      f.pipe.wake();
    }
  }

  async exit(code: number, signal = 0): Promise<void> {
    if (this.status !== null) return;
    this.status = signal ? signal : (code & 0xff) << 8;
    for (const [fd, f] of [...this.fds]) {
      this.fds.delete(fd);
      await this.closeFile(f);
    }
    for (const w of this.exitWaiters.splice(0)) w();
  }
}

function makeSys(p: FakeProcess): ShellSyscalls {
  const w = p.w;
  const get = (fd: number) => p.fds.get(fd);
  const ready = (f: FFile, events: number): number => {
    const pipe = f.pipe!;
    let r = 0;
    if (events & 1 && (pipe.buf.length > 0 || pipe.writers === 0)) r |= pipe.buf.length > 0 ? 1 : 0x10;
    if (events & 4 && (pipe.readers === 0 ? true : pipe.buf.length < pipe.capacity)) r |= pipe.readers === 0 ? 8 : 4;
    return r;
  };
  const sys: ShellSyscalls = {
    getpid: () => p.pid,
    getppid: () => p.parent?.pid ?? 1,
    async open(path, flags, mode = 0o666) {
      const full = w.resolve(path, p.cwd, true);
      w.log.push({ op: "open", path: full, flags });
      let n = w.nodes.get(full);
      if (!n) {
        if (!(flags & O_CREAT)) return -E.ENOENT;
        const parent = w.nodes.get(full.slice(0, full.lastIndexOf("/")) || "/");
        if (!parent || parent.type !== S_IFDIR) return -E.ENOENT;
        if (full.startsWith("/proc")) return -E.EACCES;
        n = w.file(full, "", mode & 0o777 & ~0o022);
      } else if (flags & O_CREAT && flags & O_EXCL) return -E.EEXIST;
      if (flags & O_DIRECTORY && n.type !== S_IFDIR) return -E.ENOTDIR;
      const acc = flags & O_ACCMODE;
      if (acc !== O_RDONLY && n.type === S_IFDIR) return -E.EISDIR;
      if (acc !== O_RDONLY && !(n.mode & 0o222)) return -E.EACCES;
      if (flags & O_TRUNC && n.type === S_IFREG && !n.onWrite) {
        n.data = new Uint8Array(0);
        n.mtimeNs = w.now();
      }
      const f: FFile = { path: full, inode: n, node: n, flags, pos: 0, refs: 1 };
      return p.install(f);
    },
    async close(fd) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      p.fds.delete(fd);
      if (f.node) w.log.push({ op: "close", path: f.path, fd });
      await p.closeFile(f);
      return 0;
    },
    async read(fd, buf) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      if (f.pipe) {
        const pipe = f.pipe;
        for (;;) {
          if (pipe.buf.length) {
            const n = Math.min(buf.length, pipe.buf.length);
            buf.set(pipe.buf.splice(0, n));
            pipe.wake();
            return n;
          }
          if (pipe.writers === 0) return 0;
          if (f.flags & O_NONBLOCK) return -E.EAGAIN;
          await new Promise<void>((r) => pipe.waiters.push(r));
        }
      }
      const n = f.node!;
      if (n.type === S_IFDIR) return -E.EISDIR;
      if (w.killOnRead === f.path) throw new Killed(9);
      const data = n.onRead ? n.onRead() : n.data;
      const k = Math.max(0, Math.min(buf.length, data.length - f.pos));
      buf.set(data.subarray(f.pos, f.pos + k));
      f.pos += k;
      return k;
    },
    async write(fd, data) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      if (f.pipe) {
        const pipe = f.pipe;
        if (pipe.readers === 0) return -E.EPIPE;
        if (fd === 1 || fd === 2) p.tap?.(fd, data);
        // capacity: 64 KiB
        const room = pipe.capacity - pipe.buf.length;
        if (room <= 0) {
          if (f.flags & O_NONBLOCK) return -E.EAGAIN;
          await new Promise<void>((r) => pipe.waiters.push(r));
          return sys.write(fd, data);
        }
        const k = Math.min(room, data.length);
        for (let i = 0; i < k; i++) pipe.buf.push(data[i]);
        pipe.wake();
        return k;
      }
      const n = f.node!;
      w.log.push({ op: "write", path: f.path, fd, data: td.decode(data), pos: f.pos });
      if (n.onWrite) {
        const r = n.onWrite(data, f.pos);
        if (r > 0) f.pos += r;
        return r;
      }
      const pos = f.flags & O_APPEND ? n.data.length : f.pos;
      const size = Math.max(n.data.length, pos + data.length);
      const nd = new Uint8Array(size);
      nd.set(n.data);
      nd.set(data, pos);
      n.data = nd;
      n.mtimeNs = w.now();
      f.pos = pos + data.length;
      return data.length;
    },
    async pread() {
      return -E.EINVAL;
    },
    async pwrite() {
      return -E.EINVAL;
    },
    lseek: () => -E.EINVAL,
    dup(fd) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      f.refs++;
      return p.install(f);
    },
    dup2(fd, to) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      f.refs++;
      p.fds.set(to, f);
      return to;
    },
    pipe() {
      const pipe = new Pipe();
      const r = p.install({ path: "pipe:", inode: pipe, flags: O_RDONLY, pos: 0, refs: 1, pipe, end: "r" } as FFile);
      const wr = p.install({ path: "pipe:", inode: pipe, flags: O_WRONLY, pos: 0, refs: 1, pipe, end: "w" } as FFile);
      return [r, wr];
    },
    fstat(fd) {
      const f = get(fd);
      if (!f) return -E.EBADF;
      if (f.pipe) return { ...w.statOf(w.nodes.get("/")!), mode: S_IFIFO | 0o600, size: 0 };
      return w.statOf(f.node!);
    },
    stat(path) {
      const n = w.nodes.get(w.resolve(path, p.cwd, true));
      return n ? w.statOf(n) : -E.ENOENT;
    },
    lstat(path) {
      const n = w.nodes.get(w.resolve(path, p.cwd, false));
      return n ? w.statOf(n) : -E.ENOENT;
    },
    file: (fd) => (w.noFileAccess ? undefined : get(fd)),
    chdir(path) {
      const full = w.resolve(path, p.cwd, true);
      const n = w.nodes.get(full);
      if (!n) return -E.ENOENT;
      if (n.type !== S_IFDIR) return -E.ENOTDIR;
      p.cwd = full;
      return 0;
    },
    getcwd: () => p.cwd,
    async spawn(path: string, opts: SpawnOptions) {
      const full = w.resolve(path, opts.cwd ?? p.cwd, true);
      w.log.push({ op: "spawn", path: full });
      const n = w.nodes.get(full);
      if (!n) return -E.ENOENT;
      if (n.type !== S_IFREG || !(n.mode & 0o111)) return -E.EACCES;
      let fn: ChildFn | undefined = w.programs.get(full);
      let argv = opts.argv;
      const text = td.decode(n.data);
      if (!fn && text.startsWith("#!")) {
        const interp = text.slice(2).split("\n")[0].trim();
        const ip = w.resolve(interp, "/", true);
        const ifn = w.programs.get(ip);
        if (!ifn) return -E.ENOENT;
        fn = ifn;
        argv = [interp, path, ...opts.argv.slice(1)];
      }
      if (!fn) return -E.ENOEXEC;
      const child = new FakeProcess(w, p, argv, opts.envp, opts.cwd ?? p.cwd);
      for (const [cfd, pfd] of opts.fds ?? new Map([[0, 0], [1, 1], [2, 2]])) {
        const f = get(pfd);
        if (f) {
          f.refs++;
          child.fds.set(cfd, f);
        }
      }
      p.children.add(child);
      const body = fn;
      void (async () => {
        let code = 0;
        let signal = 0;
        try {
          code = await body(child);
        } catch (e) {
          if (e instanceof Killed) signal = e.signal;
          else {
            code = 99;
            if (child.fds.get(2)) await child.sys.write(2, te.encode(`child crashed: ${e}\n`));
          }
        }
        await child.exit(code, signal);
      })();
      return child.pid;
    },
    async waitpid(pid) {
      const c = [...p.children].find((x) => x.pid === pid);
      if (!c) return -E.ECHILD;
      if (c.status === null) await new Promise<void>((r) => c.exitWaiters.push(r));
      p.children.delete(c);
      return c.status!;
    },
    kill: () => 0,
    async poll(fds, timeoutMs) {
      w.log.push({ op: "poll" });
      if (!w.withPoll) return -38;
      for (;;) {
        let n = 0;
        for (const pf of fds) {
          const f = get(pf.fd);
          pf.revents = f?.pipe ? ready(f, pf.events) : 0x20;
          if (pf.revents) n++;
        }
        if (n || timeoutMs === 0) return n;
        await new Promise<void>((res) => {
          for (const pf of fds) get(pf.fd)?.pipe?.waiters.push(res);
        });
      }
    },
    async sleep(ns) {
      w.log.push({ op: "sleep", data: String(ns) });
      w.mono += ns;
      return 0;
    },
    clockRealtime: () => w.now(),
    clockMonotonic: () => w.mono,

    getdents(fd) {
      const f = get(fd);
      if (!f?.node) return -E.EBADF;
      if (f.node.type !== S_IFDIR) return -E.ENOTDIR;
      const out: DirEntry[] = [
        { name: ".", ino: f.node.ino, type: S_IFDIR >> 12 },
        { name: "..", ino: 1, type: S_IFDIR >> 12 },
      ];
      for (const name of w.children(f.path)) {
        const n = w.nodes.get(f.path === "/" ? `/${name}` : `${f.path}/${name}`)!;
        out.push({ name, ino: n.ino, type: n.type >> 12 });
      }
      return out;
    },
    mkdir(path, mode) {
      const full = w.norm(path, p.cwd);
      if (w.nodes.has(full)) return -E.EEXIST;
      const parent = w.nodes.get(full.slice(0, full.lastIndexOf("/")) || "/");
      if (!parent) return -E.ENOENT;
      w.mkdir(full, mode & ~0o022);
      return 0;
    },
    rmdir(path) {
      const full = w.norm(path, p.cwd);
      const n = w.nodes.get(full);
      if (!n) return -E.ENOENT;
      if (n.type !== S_IFDIR) return -E.ENOTDIR;
      if (w.children(full).length) return -E.ENOTEMPTY;
      w.nodes.delete(full);
      return 0;
    },
    unlink(path) {
      const full = w.resolve(path, p.cwd, false);
      const n = w.nodes.get(full);
      if (!n) return -E.ENOENT;
      if (n.type === S_IFDIR) return -E.EISDIR;
      w.nodes.delete(full);
      return 0;
    },
    rename(from, to) {
      const a = w.norm(from, p.cwd);
      const b = w.norm(to, p.cwd);
      const n = w.nodes.get(a);
      if (!n) return -E.ENOENT;
      for (const k of [...w.nodes.keys()]) {
        if (k === a || k.startsWith(a + "/")) {
          const v = w.nodes.get(k)!;
          w.nodes.delete(k);
          w.nodes.set(b + k.slice(a.length), v);
        }
      }
      return 0;
    },
    symlink(target, linkpath) {
      const full = w.norm(linkpath, p.cwd);
      if (w.nodes.has(full)) return -E.EEXIST;
      w.nodes.set(full, { type: S_IFLNK, mode: 0o777, ino: w.nextIno++, data: new Uint8Array(0), target, mtimeNs: w.now(), uid: 0, gid: 0, rdev: 0 });
      return 0;
    },
    link: () => -1,
    readlink(path) {
      const n = w.nodes.get(w.resolve(path, p.cwd, false));
      if (!n) return -E.ENOENT;
      if (n.type !== S_IFLNK) return -E.EINVAL;
      return n.target!;
    },
    chmod(path, mode) {
      const n = w.nodes.get(w.resolve(path, p.cwd, true));
      if (!n) return -E.ENOENT;
      n.mode = mode & 0o7777;
      return 0;
    },
    utimens(target, _a, m) {
      const n = w.nodes.get(w.resolve(String(target), p.cwd, true));
      if (!n) return -E.ENOENT;
      if (m !== null) n.mtimeNs = m === "now" ? w.now() : m;
      return 0;
    },
  };
  return sys;
}

export { S_IFCHR, S_IFMT };
