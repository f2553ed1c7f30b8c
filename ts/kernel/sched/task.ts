// kemu: struct task_struct's TS half (kernel/fork.c's copy_process for the fields that matter).
// The C-visible task_struct lives in kernel memory; this object holds what only TS needs: the
// task's C stack, its asyncify buffer, its entry point and its signal sets.

export type TaskKind = "idle" | "kthread" | "process";

/** What a task runs: the bottom wasm frame, called directly by the scheduler. */
export type TaskEntry = () => unknown;

/**
 * The user-space half of a process task. Its program is JS (built-in, shell, WASI runner) and
 * runs only when the async driver (ts/kernel/sched/user.ts) resumes it; system calls that
 * enter kernel code run as a wasm entry on the task's own kernel stack, like Linux's syscalls.
 */
export interface UserContext {
  /** running (or asleep in) a system call's kernel entry */
  inKernel: boolean;
  /** the kernel entry returned: back to user mode with its return value */
  kernelReturn(ret: unknown): void;
  /** set while a system call runs synchronously from the program (Scheduler.syscallSync) */
  syncCall?: boolean;
  /** let the program run until it blocks, enters the kernel or exits */
  resume(): Promise<void>;
}

export class Task {
  /** task_struct address in kernel memory */
  addr = 0;
  stackBase = 0;
  stackTop = 0;
  asyncBuf = 0;
  savedSp = 0;
  /** preempt_count and the irq flag are saved per task, as x86 switch_to() does */
  savedPreempt = 0;
  savedIrq = 0;
  started = false;
  exited = false;
  /** on the CPU right now */
  onCpu = false;
  /** in the run queue */
  queued = false;
  /** unwound to sleep: only a wake-up puts it back on the run queue */
  blocked = true;
  /** virtual ns when it last blocked (hung task detection) */
  blockedAt = 0n;
  /** what the sleeping import returns when the task is rewound */
  onResume: (() => unknown) | null = null;
  /** called with the entry's return value when it returns normally */
  onReturn: ((ret: unknown) => void) | null = null;
  /** called once when the task exits for any reason (exit, Oops, killed) */
  onExit: ((code: number, how: "exit" | "oops" | "killed") => void) | null = null;
  exitCode = 0;
  /** table slot of the thread function (kthreads): whose code the task runs */
  entrySlot: number | undefined;
  /** hung-task report already printed for this sleep */
  hungReported = false;
  /** CFS's se.vruntime: virtual ns run, weighted by nice (sched/core.ts) */
  vruntime = 0;
  /** load weight of its nice level (1024 at nice 0) */
  weight = 1024;
  /** ticks spent spinning where it cannot be preempted (soft lockup detection) */
  atomicTicks = 0;
  /** signals: pending set, and for kthreads the ones allow_signal() let through */
  readonly sigPending = new Set<number>();
  readonly sigAllowed = new Set<number>();
  /** kernel_thread() children take every signal until daemonize() blocks them */
  sigAll = false;
  /** TIF_NOTIFY_SIGNAL (kthread_stop since 5.11) */
  notifySignal = false;
  /** user processes: the program's side (null for kernel threads and kernel-only processes) */
  user: UserContext | null = null;

  constructor(
    readonly pid: number,
    public comm: string,
    readonly kind: TaskKind,
    public entry: TaskEntry | null,
    readonly parent: Task | null,
  ) {}

  get isKthread(): boolean {
    return this.kind === "kthread";
  }
}
