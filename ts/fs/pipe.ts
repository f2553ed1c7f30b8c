// kemu: fs/pipe.c for pipes and FIFOs: one 64 KiB ring instead of page buffers, a pending Promise
// instead of a wait queue. EPIPE is returned; sending SIGPIPE is the caller's job.
import { EAGAIN, EINTR, EINVAL, ENXIO, EPIPE } from "../include/errno.js";
import { O_ACCMODE, O_NONBLOCK, O_RDONLY, O_RDWR, O_WRONLY, S_IFIFO } from "./types.js";
import type { FileOps, OpenFile } from "./types.js";
import { Inode, SuperBlock } from "./inode.js";
import { File } from "./file.js";
import { MKDEV } from "./kdev_t.js";

export const PIPE_SIZE = 65536;
/** writes up to this size never interleave with other writers' data (POSIX) */
export const PIPE_BUF = 4096;

interface Waiter {
  readonly f: OpenFile;
  wake(): void;
  cancel(err: number): void;
}

function wakeAll(list: Waiter[]): void {
  for (const w of list) w.wake();
}

export class Pipe {
  /** allocated at the first write: most pipes in a shell pipeline carry little */
  private ring: Uint8Array | undefined = undefined;
  private head = 0;
  len = 0;
  readers = 0;
  writers = 0;
  /** opens so far of each side, for a FIFO open waiting for its partner (r_counter/w_counter) */
  rCounter = 0;
  wCounter = 0;
  private rwait: Waiter[] = [];
  private wwait: Waiter[] = [];
  private openWait: Waiter[] = [];

  private take(buf: Uint8Array): number {
    const ring = this.ring!;
    const n = this.len < buf.length ? this.len : buf.length;
    const first = Math.min(n, PIPE_SIZE - this.head);
    buf.set(ring.subarray(this.head, this.head + first));
    if (first < n) buf.set(ring.subarray(0, n - first), first);
    this.head = (this.head + n) % PIPE_SIZE;
    this.len -= n;
    if (this.len === 0) this.head = 0;
    this.wakeWriters();
    return n;
  }

  private put(data: Uint8Array, from: number, n: number): void {
    const ring = this.ring ?? (this.ring = new Uint8Array(PIPE_SIZE));
    const tail = (this.head + this.len) % PIPE_SIZE;
    const first = Math.min(n, PIPE_SIZE - tail);
    ring.set(data.subarray(from, from + first), tail);
    if (first < n) ring.set(data.subarray(from + first, from + n), 0);
    this.len += n;
  }

  private wakeReaders(): void {
    if (this.rwait.length === 0) return;
    const ws = this.rwait;
    this.rwait = [];
    wakeAll(ws);
  }

  private wakeWriters(): void {
    if (this.wwait.length === 0) return;
    const ws = this.wwait;
    this.wwait = [];
    wakeAll(ws);
  }

  read(f: OpenFile, buf: Uint8Array): number | Promise<number> {
    if (buf.length === 0) return 0;
    if (this.len > 0) return this.take(buf);
    if (this.writers === 0) return 0;
    if (f.flags & O_NONBLOCK) return -EAGAIN;
    return new Promise<number>((resolve) => {
      this.rwait.push({
        f,
        wake: () => {
          const r = this.read(f, buf);
          if (typeof r === "number") resolve(r);
          else void r.then(resolve);
        },
        cancel: resolve,
      });
    });
  }

  write(f: OpenFile, data: Uint8Array): number | Promise<number> {
    if (this.readers === 0) return -EPIPE;
    if (data.length === 0) return 0;
    return this.writeFrom(f, data, 0);
  }

  private writeFrom(f: OpenFile, data: Uint8Array, done: number): number | Promise<number> {
    const n = data.length;
    const atomic = n <= PIPE_BUF;
    // waking a reader may let it (and other writers) run at once, so look again after each wake
    for (;;) {
      if (this.readers === 0) return done > 0 ? done : -EPIPE;
      const rest = n - done;
      const space = PIPE_SIZE - this.len;
      if (space === 0 || (atomic && space < rest)) break;
      const k = space < rest ? space : rest;
      this.put(data, done, k);
      done += k;
      this.wakeReaders();
      if (done === n) return done;
    }
    if (f.flags & O_NONBLOCK) return done > 0 ? done : -EAGAIN;
    const sofar = done;
    return new Promise<number>((resolve) => {
      this.wwait.push({
        f,
        wake: () => {
          const r = this.writeFrom(f, data, sofar);
          if (typeof r === "number") resolve(r);
          else void r.then(resolve);
        },
        cancel: (err) => resolve(sofar > 0 ? sofar : err),
      });
    });
  }

  /** the end `f` was opened as is gone for good: readers see EOF, writers EPIPE */
  release(f: OpenFile): void {
    const acc = f.flags & O_ACCMODE;
    if (acc === O_RDONLY || acc === O_RDWR) this.readers--;
    if (acc === O_WRONLY || acc === O_RDWR) this.writers--;
    this.wakeReaders();
    this.wakeWriters();
  }

  /** a signal for the task blocked on f: its pending read/write ends with -EINTR */
  interrupt(f: OpenFile): boolean {
    let found = false;
    for (const list of [this.rwait, this.wwait, this.openWait]) {
      for (let i = list.length - 1; i >= 0; i--) {
        const w = list[i];
        if (w.f !== f) continue;
        list.splice(i, 1);
        w.cancel(-EINTR);
        found = true;
      }
    }
    return found;
  }

  /** wait_for_partner: until the other side's open counter moves past `seen` */
  waitPartner(f: OpenFile, counter: "rCounter" | "wCounter"): Promise<number> {
    const seen = this[counter];
    return new Promise<number>((resolve) => {
      const w: Waiter = {
        f,
        wake: () => {
          if (this[counter] !== seen) resolve(0);
          else this.openWait.push(w);
        },
        cancel: resolve,
      };
      this.openWait.push(w);
    });
  }

  wakeOpeners(): void {
    if (this.openWait.length === 0) return;
    const ws = this.openWait;
    this.openWait = [];
    wakeAll(ws);
  }
}

function pipeOf(f: OpenFile): Pipe {
  return (f.inode as Inode).pipe!;
}

/** pipefifo_fops: pipes have no position, so the VFS leaves f.pos alone */
export const PIPE_FOPS: FileOps = {
  managesPos: true,
  read: (f, buf) => pipeOf(f).read(f, buf),
  write: (f, data) => pipeOf(f).write(f, data),
  release: (f) => {
    const inode = f.inode as Inode;
    const p = inode.pipe!;
    p.release(f);
    // a FIFO's buffer goes with its last opener, as free_pipe_info does
    if (p.readers === 0 && p.writers === 0 && inode.pipe === p) inode.pipe = undefined;
  },
};

/** fifo_open: a reader waits for a writer and the other way round, unless O_NONBLOCK/O_RDWR. */
export function fifoOpen(f: File): number | Promise<number> {
  const inode = f.inode;
  const p = inode.pipe ?? (inode.pipe = new Pipe());
  const nonblock = (f.flags & O_NONBLOCK) !== 0;
  switch (f.flags & O_ACCMODE) {
    case O_RDONLY:
      p.rCounter++;
      p.readers++;
      p.wakeOpeners();
      if (p.writers === 0 && !nonblock) return p.waitPartner(f, "wCounter").then((r) => undo(f, p, r));
      return 0;
    case O_WRONLY:
      if (p.readers === 0 && nonblock) {
        if (p.writers === 0) inode.pipe = undefined;
        return -ENXIO;
      }
      p.wCounter++;
      p.writers++;
      p.wakeOpeners();
      if (p.readers === 0) return p.waitPartner(f, "rCounter").then((r) => undo(f, p, r));
      return 0;
    case O_RDWR:
      p.rCounter++;
      p.wCounter++;
      p.readers++;
      p.writers++;
      p.wakeOpeners();
      return 0;
    default:
      if (p.readers === 0 && p.writers === 0) inode.pipe = undefined;
      return -EINVAL;
  }
}

/** an interrupted FIFO open takes its side back */
function undo(f: File, p: Pipe, r: number): number {
  if (r < 0) PIPE_FOPS.release!(f);
  return r;
}

let defaultPipefs: SuperBlock | undefined;

/**
 * pipe2(): [read end, write end]. flags may hold O_NONBLOCK (O_CLOEXEC belongs to the fd
 * table). sb is the pipefs superblock that numbers the inodes (each Vfs has its own).
 */
export function createPipe(flags = 0, sb?: SuperBlock): [OpenFile, OpenFile] {
  sb ??= defaultPipefs ??= { name: "pipefs", dev: MKDEV(0, 0xfff), readonly: false, nextIno: 1, clock: () => 0n };
  const inode = new Inode(sb, S_IFIFO | 0o600);
  const p = new Pipe();
  inode.pipe = p;
  p.readers = 1;
  p.writers = 1;
  const name = `pipe:[${inode.ino}]`;
  const nb = flags & O_NONBLOCK;
  return [new File(name, inode, O_RDONLY | nb, PIPE_FOPS), new File(name, inode, O_WRONLY | nb, PIPE_FOPS)];
}
