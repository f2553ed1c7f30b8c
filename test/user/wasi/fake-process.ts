// A UserProcess for the WASI runner's tests: files in a Map, an fd table, stdout/stderr collected,
// a virtual clock that only sleep() moves. Every call that the real one makes async is async here
// too (resolved promises), so every read/write goes through asyncify's unwind/rewind.
import {
  O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY, S_IFCHR, S_IFDIR, S_IFREG,
  SEEK_CUR, SEEK_END, SEEK_SET, type OpenFile, type Stat,
} from "../../../ts/fs/types.js";
import {
  EBADF, EEXIST, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, ESPIPE,
} from "../../../ts/include/errno.js";
import type { SysResult, UserProcess } from "../../../ts/user/types.js";
import type { DirEntry, ExtSyscalls as WasiSyscalls } from "../../../ts/user/types.js";

type Node = { kind: "file"; data: Uint8Array; ino: number; mtime: bigint } | { kind: "dir"; ino: number } | { kind: "dev"; ino: number; rdev: number; name: "null" | "tty" | "stdin" };

interface Fd {
  file: OpenFile;
  node: Node;
  /** "out"/"err" collect, "in" reads stdin */
  stream?: "out" | "err" | "in";
}

const EPOCH = 1_700_000_000n * 1_000_000_000n;

export interface FakeOptions {
  argv: string[];
  envp?: string[];
  cwd?: string;
  files?: Record<string, string | Uint8Array>;
  dirs?: string[];
  stdin?: string;
  /** stdout is a tty (character device, major 136) instead of a pipe-like file */
  ttyStdout?: boolean;
  /** extra fds open at start (inherited), e.g. {3: "/etc/motd"} */
  inherit?: Record<number, string>;
  pid?: number;
}

export class FakeProcess implements UserProcess {
  readonly pid: number;
  readonly argv: string[];
  readonly envp: string[];
  readonly sys: WasiSyscalls;
  readonly nodes = new Map<string, Node>();
  readonly fds = new Map<number, Fd>();
  stdout = "";
  stderr = "";
  /** every write's fd, in order (to check interleaving) */
  readonly writes: [number, string][] = [];
  stdinData: Uint8Array;
  stdinPos = 0;
  cwd: string;
  clock = 0n;
  nextIno = 10;
  syscalls = 0;

  constructor(o: FakeOptions) {
    this.pid = o.pid ?? 42;
    this.argv = o.argv;
    this.envp = o.envp ?? [];
    this.cwd = o.cwd ?? "/";
    this.stdinData = new TextEncoder().encode(o.stdin ?? "");
    this.nodes.set("/", { kind: "dir", ino: 2 });
    for (const d of ["/dev", "/tmp", ...(o.dirs ?? [])]) this.mkdirP(d);
    this.nodes.set("/dev/null", { kind: "dev", ino: this.nextIno++, rdev: (1 << 8) | 3, name: "null" });
    this.nodes.set("/dev/tty", { kind: "dev", ino: this.nextIno++, rdev: (5 << 8) | 0, name: "tty" });
    for (const [p, c] of Object.entries(o.files ?? {})) {
      this.mkdirP(p.slice(0, p.lastIndexOf("/")) || "/");
      this.nodes.set(p, { kind: "file", data: typeof c === "string" ? new TextEncoder().encode(c) : c, ino: this.nextIno++, mtime: EPOCH });
    }
    const tty: Node = { kind: "dev", ino: 3, rdev: (136 << 8) | 0, name: "tty" };
    const pipeish: Node = { kind: "dev", ino: 4, rdev: (1 << 8) | 3, name: "null" };
    const stdinNode: Node = { kind: "dev", ino: 5, rdev: (1 << 8) | 3, name: "stdin" };
    this.fds.set(0, { file: this.of("<stdin>", O_RDONLY), node: stdinNode, stream: "in" });
    this.fds.set(1, { file: this.of("<stdout>", O_WRONLY), node: o.ttyStdout ? tty : pipeish, stream: "out" });
    this.fds.set(2, { file: this.of("<stderr>", O_WRONLY), node: pipeish, stream: "err" });
    for (const [fd, p] of Object.entries(o.inherit ?? {})) {
      const node = this.nodes.get(p);
      if (node) this.fds.set(Number(fd), { file: this.of(p, O_RDONLY), node });
    }
    this.sys = this.makeSys();
  }

  private mkdirP(d: string): void {
    let cur = "";
    for (const part of d.split("/").filter(Boolean)) {
      cur += `/${part}`;
      if (!this.nodes.has(cur)) this.nodes.set(cur, { kind: "dir", ino: this.nextIno++ });
    }
  }

  private of(path: string, flags: number): OpenFile {
    return { path, inode: null, flags, pos: 0, refs: 1 };
  }

  /** Absolute, normalized ("." and ".." handled). */
  norm(p: string): string {
    const parts: string[] = [];
    for (const s of (p.startsWith("/") ? p : `${this.cwd}/${p}`).split("/")) {
      if (!s || s === ".") continue;
      if (s === "..") parts.pop();
      else parts.push(s);
    }
    return `/${parts.join("/")}`;
  }

  private lowestFd(): number {
    let fd = 0;
    while (this.fds.has(fd)) fd++;
    return fd;
  }

  private statOf(node: Node): Stat {
    const mode = node.kind === "dir" ? S_IFDIR | 0o755 : node.kind === "file" ? S_IFREG | 0o644 : S_IFCHR | 0o666;
    const t = node.kind === "file" ? node.mtime : EPOCH;
    return {
      dev: 1, ino: node.ino, mode, nlink: 1, uid: 0, gid: 0, rdev: node.kind === "dev" ? node.rdev : 0,
      size: node.kind === "file" ? node.data.length : 0, blksize: 4096, blocks: 0, atimeNs: t, mtimeNs: t, ctimeNs: t,
    };
  }

  private children(dir: string): string[] {
    const prefix = dir === "/" ? "/" : `${dir}/`;
    return [...this.nodes.keys()].filter((k) => k !== "/" && k.startsWith(prefix) && !k.slice(prefix.length).includes("/")).map((k) => k.slice(prefix.length));
  }

  private makeSys(): WasiSyscalls {
    const self = this;
    const count = <T>(v: T): T => {
      self.syscalls++;
      return v;
    };
    const sys: WasiSyscalls = {
      getpid: () => self.pid,
      getppid: () => 1,
      async open(path, flags, _mode) {
        count(0);
        const p = self.norm(path);
        let node = self.nodes.get(p);
        if (node && flags & O_CREAT && flags & O_EXCL) return -EEXIST;
        if (!node) {
          if (!(flags & O_CREAT)) return -ENOENT;
          const parent = self.nodes.get(self.norm(`${p}/..`));
          if (!parent) return -ENOENT;
          if (parent.kind !== "dir") return -ENOTDIR;
          node = { kind: "file", data: new Uint8Array(0), ino: self.nextIno++, mtime: EPOCH + self.clock };
          self.nodes.set(p, node);
        }
        if (flags & O_DIRECTORY && node.kind !== "dir") return -ENOTDIR;
        if (node.kind === "dir" && (flags & O_ACCMODE) !== O_RDONLY) return -EISDIR;
        if (node.kind === "file" && flags & O_TRUNC) node.data = new Uint8Array(0);
        const fd = self.lowestFd();
        self.fds.set(fd, { file: self.of(p, flags), node });
        return fd;
      },
      async close(fd) {
        count(0);
        return self.fds.delete(fd) ? 0 : -EBADF;
      },
      async read(fd, buf) {
        count(0);
        const f = self.fds.get(fd);
        if (!f || (f.file.flags & O_ACCMODE) === O_WRONLY) return -EBADF;
        if (f.stream === "in") {
          const n = Math.min(buf.length, self.stdinData.length - self.stdinPos);
          buf.set(self.stdinData.subarray(self.stdinPos, self.stdinPos + n));
          self.stdinPos += n;
          return n;
        }
        if (f.node.kind === "dir") return -EISDIR;
        if (f.node.kind === "dev") return 0;
        const n = Math.max(0, Math.min(buf.length, f.node.data.length - f.file.pos));
        buf.set(f.node.data.subarray(f.file.pos, f.file.pos + n));
        f.file.pos += n;
        return n;
      },
      async write(fd, data) {
        count(0);
        const f = self.fds.get(fd);
        if (!f || (f.file.flags & O_ACCMODE) === O_RDONLY) return -EBADF;
        const text = new TextDecoder().decode(data);
        if (f.stream === "out" || f.stream === "err") {
          if (f.stream === "out") self.stdout += text;
          else self.stderr += text;
          self.writes.push([fd, text]);
          return data.length;
        }
        if (f.node.kind === "dev") return data.length;
        if (f.node.kind !== "file") return -EISDIR;
        const pos = f.file.flags & O_APPEND ? f.node.data.length : f.file.pos;
        const grown = new Uint8Array(Math.max(f.node.data.length, pos + data.length));
        grown.set(f.node.data);
        grown.set(data, pos);
        f.node.data = grown;
        f.file.pos = pos + data.length;
        return data.length;
      },
      async pread(fd, buf, pos) {
        const f = self.fds.get(fd);
        if (!f) return -EBADF;
        if (f.node.kind !== "file") return -ESPIPE;
        const n = Math.max(0, Math.min(buf.length, f.node.data.length - pos));
        buf.set(f.node.data.subarray(pos, pos + n));
        return n;
      },
      async pwrite() {
        return -EINVAL;
      },
      lseek(fd, offset, whence) {
        const f = self.fds.get(fd);
        if (!f) return -EBADF;
        if (f.stream) return -ESPIPE;
        const size = f.node.kind === "file" ? f.node.data.length : 0;
        const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? f.file.pos : whence === SEEK_END ? size : NaN;
        const pos = base + offset;
        if (!(pos >= 0)) return -EINVAL;
        f.file.pos = pos;
        return pos;
      },
      dup(fd) {
        const f = self.fds.get(fd);
        if (!f) return -EBADF;
        const n = self.lowestFd();
        self.fds.set(n, f);
        return n;
      },
      dup2(fd, to) {
        const f = self.fds.get(fd);
        if (!f) return -EBADF;
        self.fds.set(to, f);
        return to;
      },
      pipe: () => -EINVAL,
      fstat(fd): SysResult<Stat> {
        const f = self.fds.get(fd);
        return f ? self.statOf(f.node) : -EBADF;
      },
      stat(path): SysResult<Stat> {
        const node = self.nodes.get(self.norm(path));
        return node ? self.statOf(node) : -ENOENT;
      },
      lstat(path): SysResult<Stat> {
        return sys.stat(path);
      },
      file: (fd) => self.fds.get(fd)?.file,
      chdir(path) {
        const p = self.norm(path);
        const node = self.nodes.get(p);
        if (!node) return -ENOENT;
        if (node.kind !== "dir") return -ENOTDIR;
        self.cwd = p;
        return 0;
      },
      getcwd: () => self.cwd,
      spawn: async () => -EINVAL,
      waitpid: async () => -EINVAL,
      kill: () => 0,
      async sleep(ns) {
        self.clock += ns;
        return 0;
      },
      clockRealtime: () => EPOCH + self.clock,
      clockMonotonic: () => self.clock,

      getdents(fd): SysResult<DirEntry[]> {
        const f = self.fds.get(fd);
        if (!f) return -EBADF;
        if (f.node.kind !== "dir") return -ENOTDIR;
        const dir = f.file.path;
        const names = self.children(dir).sort();
        return [
          { name: ".", ino: f.node.ino, type: S_IFDIR },
          { name: "..", ino: 2, type: S_IFDIR },
          ...names.map((n) => {
            const node = self.nodes.get(dir === "/" ? `/${n}` : `${dir}/${n}`)!;
            return { name: n, ino: node.ino, type: self.statOf(node).mode & 0o170000 };
          }),
        ];
      },
      async mkdir(path) {
        const p = self.norm(path);
        if (self.nodes.has(p)) return -EEXIST;
        if (self.nodes.get(self.norm(`${p}/..`))?.kind !== "dir") return -ENOENT;
        self.nodes.set(p, { kind: "dir", ino: self.nextIno++ });
        return 0;
      },
      async unlink(path) {
        const p = self.norm(path);
        const node = self.nodes.get(p);
        if (!node) return -ENOENT;
        if (node.kind === "dir") return -EISDIR;
        self.nodes.delete(p);
        return 0;
      },
      async rmdir(path) {
        const p = self.norm(path);
        const node = self.nodes.get(p);
        if (!node) return -ENOENT;
        if (node.kind !== "dir") return -ENOTDIR;
        if (self.children(p).length) return -ENOTEMPTY;
        self.nodes.delete(p);
        return 0;
      },
    };
    return sys;
  }
}
