// kemu: the library's file system calls (KemuSystem.open/read/write/lseek/ioctl/close): a
// process of its own ("kemu-api", a child of nobody) holds the fds, so a test can keep a char
// device or /proc file open across calls, and the driver sees an ordinary process (current,
// its pid, -ERESTARTSYS on a signal) exactly as for a program's call. No Linux counterpart.
import type { Kernel } from "../kernel/kernel.js";
import type { UserSpace } from "./userspace.js";
import type { Process } from "./process.js";
import type { ExtSyscalls } from "./types.js";
import { runUntilAsync } from "../kernel/sched/user.js";
import { K } from "../generated/layout.js";
import { O_RDONLY } from "../fs/types.js";

type Job = (s: ExtSyscalls) => Promise<void>;

export class FileApi {
  private p: Process | null = null;
  private readonly jobs: Job[] = [];
  private wake: (() => void) | null = null;

  constructor(
    private readonly us: UserSpace,
    private readonly k: Kernel,
    /** how long one call may take in virtual time */
    private readonly limitNs: () => bigint,
  ) {}

  private process(): Process {
    if (this.p && !this.p.exited) return this.p;
    const p = this.us.createProcess(null, "kemu-api", ["kemu-api"], ["PATH=/sbin:/bin:/usr/sbin:/usr/bin"], "/");
    this.p = p;
    this.us.start(p, async () => {
      for (;;) {
        const job = this.jobs.shift();
        if (job) {
          await job(p.sys as ExtSyscalls);
          continue;
        }
        await p.sleepOn(K.TASK_INTERRUPTIBLE, (wakeUp) => {
          this.wake = wakeUp;
          return () => (this.wake = null);
        });
      }
    });
    return p;
  }

  /** Run `op` as a system call of the API process; resolves with its result. */
  async call<T>(op: (s: ExtSyscalls) => T | Promise<T>): Promise<T> {
    const p = this.process();
    let done = false;
    let value: T | undefined;
    let error: unknown;
    this.jobs.push(async (s) => {
      try {
        value = await op(s);
      } catch (e) {
        error = e;
      } finally {
        done = true;
      }
    });
    this.wake?.();
    await runUntilAsync(this.k.sched, () => done || p.exited, this.k.clock.now() + this.limitNs());
    if (error !== undefined) throw error;
    if (!done) throw new Error(p.exited ? `kemu: kemu-api was killed (status ${p.status})` : "kemu: the call did not finish within the time limit");
    return value as T;
  }

  open(path: string, flags = O_RDONLY, mode = 0o666): Promise<number> {
    return this.call((s) => s.open(path, flags, mode));
  }

  /** up to count bytes, or -errno */
  read(fd: number, count: number): Promise<Uint8Array | number> {
    return this.call(async (s) => {
      const buf = new Uint8Array(count);
      const n = await s.read(fd, buf);
      return n < 0 ? n : buf.slice(0, n);
    });
  }

  write(fd: number, data: string | Uint8Array): Promise<number> {
    return this.call((s) => s.write(fd, typeof data === "string" ? Buffer.from(data, "utf8") : data));
  }

  lseek(fd: number, offset: number, whence: number): Promise<number> {
    return this.call((s) => s.lseek(fd, offset, whence));
  }

  /** `arg`: a number, or a buffer the driver reads and writes through its pointer (_IOR/_IOW/_IOWR) */
  ioctl(fd: number, cmd: number, arg?: number | Uint8Array): Promise<number> {
    return this.call(async (s) => (s.ioctl ? s.ioctl(fd, cmd, arg) : -25 /* ENOTTY */));
  }

  close(fd: number): Promise<number> {
    return this.call((s) => s.close(fd));
  }
}
