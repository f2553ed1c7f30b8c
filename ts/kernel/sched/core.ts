// kemu: kernel/sched/core.c - one CPU, CONFIG_PREEMPT. Tasks are asyncify coroutines: a task
// that sleeps unwinds its wasm stack into its own buffer and is rewound when it runs again.
// Policy is CFS's placement (kernel/sched/fair.c) without its accounting precision: the task
// with the least virtual runtime runs next; a woken sleeper is placed up to half a latency
// period before min_vruntime, a new task one slice after it; a running task is preempted at
// the next tick-carrying preemption point (no wake-up preemption).
import { K, hrtimer, task_struct, timer_list } from "../../generated/layout.js";
import type { Kernel } from "../kernel.js";
import { KernelOops, KernelPanic } from "../panic.js";
import { HZ, TICK_NSEC, INITIAL_JIFFIES } from "../time/clock.js";

const TICK_NS = Number(TICK_NSEC);
const INITIAL_JIFFIES_NUM = Number(INITIAL_JIFFIES);
import { TimerBase } from "../time/timer_base.js";
import { Task, type TaskEntry, type TaskKind } from "./task.js";
import { switchGlobals, type SwitchGlobals } from "./globals.js";

const NORMAL = 0;
const UNWINDING = 1;
const REWINDING = 2;

const STACK_SIZE = 32 * 1024;
const ASYNCIFY_BUF_SIZE = 16 * 1024;
/**
 * Virtual runtime charged for running at all (a context switch and the work of one slice):
 * user programs are JS and take no virtual time, so without it a task that runs often would
 * look as idle as one that never runs.
 */
const SLICE_COST = 100_000;
/** sysctl_sched_latency (6 ms on one CPU); a woken sleeper gets half of it (GENTLE_FAIR_SLEEPERS) */
const SCHED_LATENCY = 6_000_000;
/** sysctl_sched_min_granularity: the START_DEBIT slice a new task is placed after min_vruntime */
const MIN_GRANULARITY = 750_000;
/** sched_prio_to_weight[] for nice -20..19 (kernel/sched/core.c) */
const PRIO_TO_WEIGHT = [
  88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
  110, 87, 70, 56, 45, 36, 29, 23, 18, 15,
];
const NICE_0_LOAD = 1024;

/** Loop back-edges per timer tick: the emulated CPU's speed (~16M iterations per virtual s). */
export const PREEMPT_QUANTUM = 65536;
/** watchdog_thresh * 2 (kernel/watchdog.c), reported at the first check past it */
const SOFTLOCKUP_TICKS = 22 * HZ;
/** hung_task_timeout_secs */
export const HUNG_TASK_TIMEOUT_NS = 120n * 1_000_000_000n;
export const MAX_SCHEDULE_TIMEOUT = 0x7fffffff;

/** do_exit(): unwinds the exiting task's wasm frames through JS, never caught by C. */
export class TaskExit extends Error {
  constructor(readonly code: number) {
    super("do_exit");
  }
}

/** A task was killed by kemu (soft lockup, runaway): unwinds like an Oops. */
export class TaskKilled extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/** "user": a user-mode task is next; only the async driver (sched/user.ts) can run it */
export type RunResult = "done" | "idle" | "deadline" | "stalled" | "user";

export class Scheduler {
  readonly asyncState = new WebAssembly.Global({ value: "i32", mutable: true }, NORMAL);
  readonly asyncData = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
  readonly preemptBudget = new WebAssembly.Global({ value: "i32", mutable: true }, PREEMPT_QUANTUM);
  /** setters of the globals a switch writes (WebAssembly.Global.value is slow) */
  private g!: SwitchGlobals;
  /** JS mirror of __asyncify_state: only TS changes it, and Global.value is slow to read */
  private state = NORMAL;
  readonly timers = new TimerBase();
  readonly idle: Task;
  current: Task;
  /** every task that has not been reaped, by pid */
  readonly tasks = new Map<number, Task>();
  private readonly byAddr = new Map<number, Task>();
  /** runnable tasks, ordered by vruntime (ties: first queued first) */
  private runQueue: Task[] = [];
  /** cfs_rq->min_vruntime: only moves forward */
  private minVruntime = 0;
  /** when the task now on the CPU was charged last, and whether its slice cost is paid */
  private sliceStart = 0;
  private slicePaid = true;
  private nextPid = 100;
  /** TS frames between the running task's bottom frame and the wasm code now running */
  tsDepth = 0;
  needResched = false;
  /** stop the current task at the next preemption point (runUntil's deadline passed) */
  private deadline: bigint | null = null;
  private preemptAddr = 0;
  private irqAddr = 0;
  private currentAddr = 0;
  private lastMightSleepReport = -1n;
  /** back-edges run since the last tick, and the budget the preemption counter was last given */
  private edges = 0;
  private lastBudget = PREEMPT_QUANTUM;
  /** --seed: xorshift32 state perturbing scheduling decisions; 0 = plain FIFO round robin */
  private rng = 0;

  constructor(private readonly k: Kernel) {
    this.idle = new Task(0, "swapper/0", "idle", null, null);
    this.idle.started = true;
    this.idle.blocked = false;
    this.current = this.idle;
  }

  /**
   * Perturb scheduling with a seed: which runnable task goes next, and where preemption points
   * yield. The same seed gives the same run; seed 0 is the default policy.
   */
  setSeed(seed: number): void {
    this.rng = seed >>> 0;
  }

  private random(n: number): number {
    let x = this.rng;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0 || 0x9e3779b9;
    return this.rng % n;
  }

  /** Called once the C core is loaded: where current_task, __preempt_count and the irq flag live. */
  attach(addrs: { current: number; preempt: number; irq: number }): void {
    this.g = switchGlobals(this.asyncState, this.asyncData, this.k.stackPointer);
    this.currentAddr = addrs.current;
    this.preemptAddr = addrs.preempt;
    this.irqAddr = addrs.irq;
    this.idle.addr = this.allocTaskStruct(this.idle, 0);
    this.k.mem.writeU32(this.currentAddr, this.idle.addr);
  }

  // ---- task creation ------------------------------------------------------------------

  /** copy_process(): a new task that runs `entry` when first scheduled. Not yet runnable. */
  createTask(comm: string, kind: TaskKind, entry: TaskEntry, opts: { pid?: number; flags?: number } = {}): Task {
    const pid = opts.pid ?? this.allocPid();
    const parent = this.current === this.idle ? null : this.current;
    const t = new Task(pid, comm, kind, entry, kind === "kthread" ? null : parent);
    t.vruntime = this.current.vruntime;
    t.addr = this.allocTaskStruct(t, opts.flags ?? 0);
    const stack = this.k.mm.pageAlloc(STACK_SIZE + ASYNCIFY_BUF_SIZE);
    if (!stack) throw new Error("kemu: out of memory for a task stack");
    t.stackBase = stack;
    t.stackTop = stack + STACK_SIZE;
    t.asyncBuf = stack + STACK_SIZE;
    this.k.mem.writeU32(t.asyncBuf, t.asyncBuf + 8);
    this.k.mem.writeU32(t.asyncBuf + 4, t.asyncBuf + ASYNCIFY_BUF_SIZE);
    this.k.mem.writeU32(t.addr + task_struct.stack, stack);
    this.writeState(t, K.TASK_UNINTERRUPTIBLE);
    this.tasks.set(pid, t);
    this.byAddr.set(t.addr, t);
    return t;
  }

  allocPid(): number {
    return this.booting ? this.nextBootPid++ : this.nextPid++;
  }
  /** set while the kernel boots: its threads get pids from 10 up, user processes from 100 */
  booting = false;
  private nextBootPid = 10;

  private allocTaskStruct(t: Task, flags: number): number {
    const mem = this.k.mem;
    const addr = this.k.mm.kzalloc(task_struct.SIZE);
    mem.writeU32(addr + task_struct.pid, t.pid);
    mem.writeU32(addr + task_struct.tgid, t.pid);
    mem.writeU32(addr + task_struct.flags, flags | (t.kind === "kthread" ? K.PF_KTHREAD : 0) | (t.kind === "idle" ? 2 : 0));
    mem.writeU32(addr + task_struct.prio, 120);
    mem.writeU32(addr + task_struct.static_prio, 120);
    mem.writeU32(addr + task_struct.normal_prio, 120);
    mem.writeU32(addr + task_struct.usage, 1);
    mem.writeU32(addr + task_struct.kemu_id, t.pid);
    for (const off of [task_struct.children, task_struct.sibling, task_struct.tasks]) {
      mem.writeU32(addr + off, addr + off);
      mem.writeU32(addr + off + 4, addr + off);
    }
    const parent = t.parent?.addr ?? 0;
    mem.writeU32(addr + task_struct.real_parent, parent);
    mem.writeU32(addr + task_struct.parent, parent);
    this.writeComm(addr, t.comm);
    return addr;
  }

  writeComm(addr: number, comm: string): void {
    const bytes = Buffer.from(comm, "latin1").subarray(0, K.TASK_COMM_LEN - 1);
    const mem = this.k.mem.u8();
    mem.fill(0, addr + task_struct.comm, addr + task_struct.comm + K.TASK_COMM_LEN);
    mem.set(bytes, addr + task_struct.comm);
  }

  setComm(t: Task, comm: string): void {
    t.comm = Buffer.from(comm, "latin1").subarray(0, K.TASK_COMM_LEN - 1).toString("latin1");
    this.writeComm(t.addr, t.comm);
  }

  taskAt(addr: number): Task | undefined {
    return this.byAddr.get(addr >>> 0);
  }

  // ---- state --------------------------------------------------------------------------

  readState(t: Task): number {
    return this.k.mem.i32()[(t.addr + task_struct.__state) >> 2] >>> 0;
  }

  writeState(t: Task, state: number): void {
    this.k.mem.i32()[(t.addr + task_struct.__state) >> 2] = state;
  }

  preemptCount(): number {
    return this.k.mem.i32()[this.preemptAddr >> 2];
  }

  setPreemptCount(v: number): void {
    this.k.mem.i32()[this.preemptAddr >> 2] = v;
  }

  irqsDisabled(): boolean {
    return this.k.mem.i32()[this.irqAddr >> 2] !== 0;
  }

  /** Where module code may be switched away from right now. */
  canUnwind(): boolean {
    return this.tsDepth === 0 && this.current !== this.idle;
  }

  /** enqueue_task_fair(): into the run queue by vruntime, after the tasks it ties with. */
  enqueue(t: Task): void {
    if (t.queued || t.exited) return;
    if (t === this.current) this.updateCurr();
    t.queued = true;
    const q = this.runQueue;
    let i = q.length;
    while (i > 0 && q[i - 1].vruntime > t.vruntime) i--;
    if (i === q.length) q.push(t);
    else q.splice(i, 0, t);
  }

  /** At the head of the run queue whatever its vruntime (a paused task, yield's opposite). */
  private enqueueFirst(t: Task): void {
    if (t.queued || t.exited) return;
    if (t === this.current) this.updateCurr();
    if (this.runQueue.length > 0 && this.runQueue[0].vruntime < t.vruntime) t.vruntime = this.runQueue[0].vruntime;
    t.queued = true;
    this.runQueue.unshift(t);
  }

  /** sched_yield(): behind every runnable task (CFS's skip buddy, made absolute). */
  private enqueueLast(t: Task): void {
    if (t.queued || t.exited) return;
    if (t === this.current) this.updateCurr();
    const last = this.runQueue[this.runQueue.length - 1];
    if (last && last.vruntime > t.vruntime) t.vruntime = last.vruntime;
    t.queued = true;
    this.runQueue.push(t);
  }

  /** A task starts a slice on the CPU (it was picked from the run queue). */
  beginSlice(t: Task): void {
    if (t.vruntime > this.minVruntime) this.minVruntime = t.vruntime;
    this.sliceStart = this.k.clock.nsNumber;
    this.slicePaid = false;
  }

  /** update_curr(): charge the task on the CPU for the virtual time it ran, weighted by nice. */
  updateCurr(): void {
    const t = this.current;
    if (t === this.idle) return;
    const now = this.k.clock.nsNumber;
    let d = now - this.sliceStart;
    this.sliceStart = now;
    if (!this.slicePaid) {
      this.slicePaid = true;
      d += SLICE_COST;
    }
    if (d > 0) t.vruntime += t.weight === NICE_0_LOAD ? d : Math.round((d * NICE_0_LOAD) / t.weight);
  }

  /** set_user_nice(): the weight its runtime is charged with; a queued task keeps its place. */
  setNice(t: Task, nice: number): void {
    t.weight = PRIO_TO_WEIGHT[Math.max(-20, Math.min(19, nice)) + 20];
  }

  /** try_to_wake_up(): returns 1 if the task was woken. */
  tryToWakeUp(t: Task, stateMask: number): number {
    if (t.exited) return 0;
    const st = this.readState(t);
    if (!(st & stateMask)) return 0;
    this.writeState(t, K.TASK_RUNNING);
    t.hungReported = false;
    if (t.blocked) {
      t.blocked = false;
      // place_entity() for a waking sleeper: credit of half a latency period, no more
      const credit = this.minVruntime - SCHED_LATENCY / 2;
      if (t.vruntime < credit) t.vruntime = credit;
      this.enqueue(t);
    }
    return 1;
  }

  wakeUpProcess(t: Task): number {
    return this.tryToWakeUp(t, K.TASK_NORMAL);
  }

  /** wake_up_new_task()/kernel_thread(): make a freshly created task runnable. */
  wakeUpNew(t: Task): void {
    this.writeState(t, K.TASK_RUNNING);
    t.blocked = false;
    // place_entity(initial): START_DEBIT, one slice after min_vruntime
    const debit = this.minVruntime + MIN_GRANULARITY;
    if (t.vruntime < debit) t.vruntime = debit;
    this.enqueue(t);
  }

  /**
   * A system call's kernel entry that could not run synchronously: the task stays runnable,
   * where its vruntime puts it (it was on the CPU, so it is no new task).
   */
  enterKernel(t: Task): void {
    this.writeState(t, K.TASK_RUNNING);
    t.blocked = false;
    this.enqueue(t);
  }

  // ---- asyncify -----------------------------------------------------------------------

  get rewinding(): boolean {
    return this.state === REWINDING;
  }

  private setState(v: number): void {
    this.state = v;
    this.g.setState(v);
  }

  /** The sleeping import's second call, on the task's way back in: finish and return. */
  resume(): unknown {
    this.setState(NORMAL);
    if (this.probing) {
      this.probing();
      return undefined;
    }
    const t = this.current;
    const f = t.onResume;
    t.onResume = null;
    return f ? f() : undefined;
  }

  /** Start unwinding the current task; `onResume` gives the import's result when it is back. */
  private suspend(onResume: (() => unknown) | null): void {
    // __asyncify_data already points at this task's buffer: runSlice() set it.
    this.current.onResume = onResume;
    this.setState(UNWINDING);
  }

  // ---- schedule() ---------------------------------------------------------------------

  /**
   * __schedule()'s checks: sleeping in atomic context is reported (and done anyway, as Linux
   * does); sleeping where the wasm stack cannot be unwound (under a TS frame, in a timer or
   * softirq callback) is a BUG that kills the context.
   */
  private scheduleChecks(what: string): void {
    const pc = this.preemptCount();
    const t = this.current;
    if (pc !== 0) {
      this.k.panicState.report(
        `BUG: scheduling while atomic: ${t.comm}/${t.pid}/0x${((pc + 1) >>> 0).toString(16).padStart(8, "0")}`,
        new Error(what),
      );
    }
    if (!this.canUnwind()) {
      const where = this.preemptCount() & (K.SOFTIRQ_MASK | K.HARDIRQ_MASK) ? "interrupt or softirq context"
        : this.tsDepth > 0 ? "a callback the kernel made from TS" : "the idle task";
      this.k.printk.log(0, `kernel BUG: kemu: ${what}() called from ${where}, where the task cannot be suspended\n`);
      this.k.panicState.oops(`invalid opcode: 0000 [#${this.k.panicState.dieCounter + 1}] PREEMPT`, new Error(what));
      throw new KernelOops(true);
    }
  }

  /**
   * Block or yield the current task. Returns true when it unwinds (the caller returns and
   * `onResume` supplies its result later), false when it keeps running.
   */
  private block(what: string, onResume: (() => unknown) | null, force = false): boolean {
    // release_kernel_lock(): a holder of the big kernel lock (before 2.6.39) drops it while it
    // is switched away and retakes it when it runs again (reacquire_kernel_lock()).
    if (this.bklEra && this.k.callCore("kemu_bkl_release") !== 0) {
      const back = onResume;
      onResume = () => {
        this.k.callCore("kemu_bkl_reacquire");
        return back ? back() : undefined;
      };
      if (this.blockTask(what, onResume, force)) return true;
      this.k.callCore("kemu_bkl_reacquire");
      return false;
    }
    return this.blockTask(what, onResume, force);
  }

  /** Linux before 2.6.39: the big kernel lock exists (csrc/lib/kernel_lock.c). */
  private get bklEra(): boolean {
    return this.k.versionCode < 0x020627;
  }

  /** The preempt count that decides whether sleeping is allowed: the big kernel lock's part
   * does not count (Linux's PREEMPT_INATOMIC_BASE, kernel_locked()). */
  private sleepPreemptCount(): number {
    const pc = this.preemptCount();
    return pc !== 0 && this.bklEra && this.k.callCore("kemu_bkl_held") !== 0 ? pc - 1 : pc;
  }

  private blockTask(what: string, onResume: (() => unknown) | null, force: boolean): boolean {
    this.scheduleChecks(what);
    const t = this.current;
    const st = this.readState(t);
    if (st !== K.TASK_RUNNING) {
      // sched_submit_work(): a busy kworker going to sleep lets another worker take the pool's
      // work; sched_update_worker() when it runs again (kernel/workqueue.c keeps the count).
      const worker = (this.k.mem.readU32(t.addr + task_struct.flags) & K.PF_WQ_WORKER) !== 0;
      if (worker) this.k.callCore("wq_worker_sleeping", t.addr);
      if (this.signalPendingState(st, t)) {
        this.writeState(t, K.TASK_RUNNING);
        if (worker) this.k.callCore("wq_worker_running", t.addr);
        return false;
      }
      t.blocked = true;
      t.blockedAt = this.k.clock.now();
      this.updateCurr();
      this.suspend(worker ? () => {
        this.k.callCore("wq_worker_running", t.addr);
        return onResume ? onResume() : undefined;
      } : onResume);
      return true;
    }
    if ((force || this.needResched) && this.runQueue.length > 0) {
      if (what === "yield") this.enqueueLast(t);
      else this.enqueue(t);
      this.suspend(onResume);
      return true;
    }
    return false;
  }

  private signalPendingState(state: number, t: Task): boolean {
    if (!(state & (K.TASK_INTERRUPTIBLE | K.TASK_WAKEKILL))) return false;
    const mem = this.k.mem;
    if (mem.readU32(t.addr + task_struct.kemu_sigpending) === 0) return false;
    return (state & K.TASK_INTERRUPTIBLE) !== 0 || mem.readU32(t.addr + task_struct.kemu_sigkill) !== 0;
  }

  /** schedule() */
  schedule = (): void => {
    if (this.rewinding) {
      this.resume();
      return;
    }
    this.block("schedule", null);
  };

  /** schedule_timeout(): sleep until woken or `timeout` jiffies passed; returns what is left. */
  scheduleTimeout = (timeout: number): unknown => {
    if (this.rewinding) return this.resume();
    if (timeout === MAX_SCHEDULE_TIMEOUT) {
      return this.block("schedule_timeout", () => MAX_SCHEDULE_TIMEOUT) ? 0 : MAX_SCHEDULE_TIMEOUT;
    }
    if (timeout < 0) {
      this.k.printk.log(3, `schedule_timeout: wrong timeout value ${(timeout >>> 0).toString(16)}\n`);
      this.k.dumpStack("");
      this.writeState(this.current, K.TASK_RUNNING);
      return 0;
    }
    const t = this.current;
    const expire = this.k.clock.jiffies64() + BigInt(timeout);
    const timer = this.timers.add(this.jiffyNs(expire), () => this.wakeUpProcess(t));
    const finish = () => {
      this.timers.cancel(timer);
      const left = expire - this.k.clock.jiffies64();
      return left < 0n ? 0 : Number(left);
    };
    return this.block("schedule_timeout", finish) ? 0 : finish();
  };

  /** Sleep until an absolute virtual time (hrtimer sleeps: usleep_range, schedule_hrtimeout). */
  sleepUntilNs = (state: number, until: bigint, what: string): unknown => {
    if (this.rewinding) return this.resume();
    const t = this.current;
    this.writeState(t, state);
    const timer = this.timers.add(until, () => this.wakeUpProcess(t));
    const finish = () => {
      this.timers.cancel(timer);
      return 0;
    };
    return this.block(what, finish) ? 0 : finish();
  };

  /** yield(): let every other runnable task run first. */
  yield = (): void => {
    if (this.rewinding) {
      this.resume();
      return;
    }
    this.writeState(this.current, K.TASK_RUNNING);
    this.block("yield", null, true);
  };

  /**
   * task_fork_fair() with sysctl_sched_child_runs_first: the new task t takes its parent's
   * vruntime when that is smaller (they swap), so it runs before the parent. False if t is not
   * queued.
   */
  childFirst(t: Task): boolean {
    if (!t.queued) return false;
    const p = this.current;
    if (p === this.idle) return true;
    this.updateCurr();
    if (p.vruntime < t.vruntime) {
      const v = p.vruntime;
      p.vruntime = t.vruntime;
      t.vruntime = v;
      const i = this.runQueue.indexOf(t);
      this.runQueue.splice(i, 1);
      t.queued = false;
      this.enqueue(t);
    }
    return true;
  }

  /**
   * sched_child_runs_first (1 until 2.6.32): the new task t goes first and the caller, if it
   * may be preempted here, gives it the CPU now. Returns false when the caller goes on.
   */
  childRunsFirst(t: Task, onResume: () => unknown): boolean {
    if (!this.childFirst(t) || this.preemptCount() !== 0 || this.irqsDisabled() || !this.canUnwind()) return false;
    this.writeState(this.current, K.TASK_RUNNING);
    return this.block("child_runs_first", onResume, true);
  }

  /**
   * A system call from the program of t, the task on the CPU: its kernel entry runs now, on t's
   * kernel stack. Returns true when it came back to user mode (kernelReturn has the value); false
   * when it slept or was preempted, and t then goes on as a task asleep in the kernel does.
   */
  syscallSync(t: Task, entry: () => unknown): boolean {
    const u = t.user!;
    t.entry = entry;
    t.started = false;
    u.inKernel = true;
    u.syncCall = true;
    // the driver's deadline holds inside the call too: a kernel loop that never ends is paused
    this.deadline = this.userDeadline;
    try {
      this.runSlice(t);
    } catch (e) {
      // a panic (or a kemu bug) stops the machine, not just the program: the driver rethrows it
      this.machineError ??= { error: e };
      throw e;
    } finally {
      u.syncCall = false;
      this.deadline = null;
    }
    return !u.inKernel && !t.exited;
  }

  /** runUntilAsync's deadline while a program runs (its synchronous system calls keep to it) */
  userDeadline: bigint | null = null;

  /** what stopped the machine inside a program's synchronous system call (runUntilAsync throws it) */
  machineError: { error: unknown } | null = null;

  /** Whether a program's system call may run synchronously (syscallSync): its task is on the
   * CPU, no kernel code is running and nothing else is waiting to run. */
  canSyscallSync(t: Task): boolean {
    return this.current === t && !t.onCpu && this.tsDepth === 0 && this.state === NORMAL &&
      !(this.needResched && this.runQueue.length > 0) && this.deadline === null &&
      (this.userDeadline === null || this.k.clock.now() < this.userDeadline);
  }

  /** __cond_resched(): switch if a tick asked for it. Returns 1 if it switched. */
  condResched = (): unknown => {
    if (this.rewinding) return this.resume();
    if (!this.needResched || this.sleepPreemptCount() !== 0 || !this.canUnwind()) return 0;
    return this.block("cond_resched", () => 1) ? 0 : 0;
  };

  /** __might_sleep(): the "sleeping function called from invalid context" report (1/s at most). */
  mightSleep(filePtr: number, line: number): void {
    const pc = this.sleepPreemptCount();
    const irqs = this.irqsDisabled();
    const t = this.current;
    const rcu = this.k.mem.i32()[(t.addr + task_struct.rcu_read_lock_nesting) >> 2];
    if (pc === 0 && !irqs && rcu === 0 && t !== this.idle) return;
    const file = this.k.mem.readCString(filePtr, 512);
    const j = this.k.clock.jiffies64();
    if (this.lastMightSleepReport >= 0n && j < this.lastMightSleepReport + BigInt(HZ)) return;
    this.lastMightSleepReport = j;
    this.k.panicState.report(
      `BUG: sleeping function called from invalid context at ${file}:${line}\n` +
        `in_atomic(): ${pc !== 0 ? 1 : 0}, irqs_disabled(): ${irqs ? 1 : 0}, non_block: 0, pid: ${t.pid}, name: ${t.comm}\n` +
        `preempt_count: ${pc.toString(16)}, expected: 0\n` +
        `RCU nest depth: ${rcu}, expected: 0`,
      new Error("might_sleep"),
      { modules: false },
    );
  }

  // ---- time ---------------------------------------------------------------------------

  /** ns since boot at which jiffies_64 becomes `j` */
  jiffyNs(j: bigint): bigint {
    const d = BigInt.asUintN(64, j - INITIAL_JIFFIES);
    return d * TICK_NSEC;
  }

  /** Where the C core keeps timer_list (kernel/time/timer.c) and the pending softirq bits. */
  attachTimers(addrs: { timerList: number; softirqPending: number; tqTimer: number; hrtimerList: number; tqScheduler: number }): void {
    this.tqSchedulerAddr = addrs.tqScheduler;
    this.timerListAddr = addrs.timerList;
    this.hrtimerListAddr = addrs.hrtimerList;
    this.softirqPendingAddr = addrs.softirqPending;
    this.tqTimerAddr = addrs.tqTimer;
  }
  private tqTimerAddr = 0;
  /** Linux 2.2's tq_scheduler (0 in later eras): run whenever the CPU schedules */
  private tqSchedulerAddr = 0;

  /**
   * 2.2's schedule() ran tq_scheduler first, in the context of whoever scheduled; kemu runs it
   * where the CPU picks the next task, on top of the idle context (it must not sleep).
   */
  private runTqScheduler(): void {
    this.tsDepth++;
    try {
      this.k.callCore("kemu_run_tq_scheduler");
    } catch (e) {
      if (!(e instanceof KernelOops) && !(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError)) throw e;
      if (!(e instanceof KernelOops)) this.k.panicState.oops(this.k.panicState.trapTitle(e), e);
    } finally {
      this.tsDepth--;
    }
  }
  /** ticks since boot at the last timer interrupt delivered (jiffies_64 - INITIAL_JIFFIES) */
  private lastTick = 0;
  private hrtimerListAddr = 0;

  // The event times below are numbers of ns (exact for 104 days of virtual time; later ones
  // only lose sub-µs precision) with Infinity for "none": BigInt is too slow for the timer path.

  /** Expiry (ns, CLOCK_MONOTONIC) of the first hrtimer. */
  private hrTimerNs(): number {
    if (!this.hrtimerListAddr) return Infinity;
    const first = this.k.mem.i32()[this.hrtimerListAddr >> 2];
    if (!first) return Infinity;
    const e = Number(BigInt.asIntN(64, this.k.mem.readU64(first + hrtimer.expires)));
    const now = this.k.clock.nsNumber;
    return e < now ? now : e;
  }
  private timerListAddr = 0;
  private softirqPendingAddr = 0;

  /** The tick (ns) at which the first timer_list expires, read straight from kernel memory. */
  private cTimerNs(): number {
    if (!this.timerListAddr) return Infinity;
    const w = this.k.mem.i32();
    // One timer interrupt per tick: a timer re-armed for an expiry that has passed waits for
    // the next tick, as on the wheel, instead of running again at the same instant.
    // (Numbers, not BigInt: ticks since boot stay exact for 10^6 years.)
    const nextTick = this.lastTick + 1;
    // Linux 2.2/2.4's tq_timer: something to run at every tick while it is not empty (2.2's
    // head is a pointer, NULL when empty; 2.4's a list_head pointing at itself).
    const tq = this.tqTimerAddr ? w[this.tqTimerAddr >> 2] : 0;
    let j = tq !== 0 && tq !== this.tqTimerAddr ? nextTick : -1;
    const first = w[this.timerListAddr >> 2];
    if (first) {
      const expires = w[(first + timer_list.expires) >> 2] >>> 0;
      const nowTicks = Math.floor(this.k.clock.nsNumber / TICK_NS);
      const due = nowTicks + ((expires - ((INITIAL_JIFFIES_NUM + nowTicks) >>> 0)) | 0);
      const at = due > nextTick ? due : nextTick;
      if (j < 0 || at < j) j = at;
    }
    return j < 0 ? Infinity : j * TICK_NS;
  }

  /** The next thing the clock must stop at (ns; Infinity: nothing): a TS timer, a timer_list
   * tick or an hrtimer. */
  private nextEventNs(): number {
    const t = this.timers.nextNs();
    const c = this.cTimerNs();
    const h = this.hrTimerNs();
    return t < c ? (t < h ? t : h) : (c < h ? c : h);
  }

  /** Move the clock to `ns`, running every timer that expires on the way, in order. */
  advanceTo(ns: bigint): void {
    this.runEventsUntil(Number(ns));
    const clock = this.k.clock;
    if (ns > clock.now()) clock.advance(ns - clock.now());
  }

  /** advanceTo() for a time that is a number of ns (exact: a timer's expiry, a tick) */
  private advanceToNs(target: number): void {
    this.runEventsUntil(target);
    this.k.clock.advanceToNs(target);
  }

  /** Run every timer event up to `target` (ns), moving the clock to each in turn. */
  private runEventsUntil(target: number): void {
    const clock = this.k.clock;
    for (;;) {
      const next = this.nextEventNs();
      if (next > target) break;
      if (next > clock.nsNumber) clock.advanceToNs(next);
      if (this.irqsDisabled()) break;
      this.runTimers();
      if (this.hrTimerNs() <= clock.nsNumber) this.timerInterrupt("kemu_hrtimer_interrupt");
      if (this.cTimerNs() <= clock.nsNumber) {
        this.timerInterrupt();
        // the tick is an hrtimer too: range timers past their soft expiry run with it
        if (this.hrtimerListAddr && this.k.mem.i32()[this.hrtimerListAddr >> 2] && this.k.callCore("kemu_hrtimer_soft_due")) {
          this.timerInterrupt("kemu_hrtimer_interrupt");
        }
      }
    }
  }

  /** The timer interrupt: irq_enter, TIMER_SOFTIRQ if a timer_list is due, irq_exit (softirqs). */
  timerInterrupt(entry = "kemu_timer_interrupt"): void {
    if (entry === "kemu_timer_interrupt") this.lastTick = Math.floor(this.k.clock.nsNumber / TICK_NS);
    const pc = this.preemptCount();
    try {
      this.k.callCore(entry);
    } catch (e) {
      if (!(e instanceof KernelOops) && !(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError)) throw e;
      // An Oops in a timer or tasklet callback (already reported for a BUG): Linux would panic
      // ("Fatal exception in interrupt"); kemu drops the rest of that softirq run and goes on.
      if (!(e instanceof KernelOops)) this.k.panicState.oops(this.k.panicState.trapTitle(e), e);
      this.setPreemptCount(pc);
      this.k.mem.i32()[this.irqAddr >> 2] = 0;
    }
  }

  /** Softirqs raised and not yet run (ksoftirqd or the next irq exit will). */
  softirqPending(): boolean {
    return this.softirqPendingAddr !== 0 && this.k.mem.i32()[this.softirqPendingAddr >> 2] !== 0;
  }

  /** The timer softirq: run expired timers in softirq context on top of whatever was running. */
  runTimers(): void {
    const now = this.k.clock.now();
    let t = this.timers.popDue(now);
    if (!t) return;
    const pc = this.preemptCount();
    this.setPreemptCount(pc + K.SOFTIRQ_OFFSET);
    this.tsDepth++;
    try {
      while (t) {
        t.fn();
        t = this.timers.popDue(now);
      }
    } finally {
      this.tsDepth--;
      this.setPreemptCount(this.preemptCount() - K.SOFTIRQ_OFFSET);
    }
  }

  private rcuPendingFn: (() => number) | null = null;
  /** RCU callbacks or kvfree_rcu() objects are waiting for a grace period. */
  private rcuPending(): boolean {
    this.rcuPendingFn ??= this.k.coreFunction("kemu_rcu_pending") as () => number;
    return this.rcuPendingFn() !== 0;
  }

  /** RCU_SOFTIRQ: invoke the callbacks whose grace period ended (csrc/kernel/rcu/tree.c). */
  private rcuSoftirq(): void {
    if (this.irqsDisabled() || !this.rcuPending()) return;
    const pc = this.preemptCount();
    this.setPreemptCount(pc + K.SOFTIRQ_OFFSET);
    try {
      this.k.callCore("kemu_rcu_process_callbacks");
    } finally {
      this.setPreemptCount(this.preemptCount() - K.SOFTIRQ_OFFSET);
    }
  }

  /** A timer interrupt while the current context is busy (preemption point, delay loop). */
  private tick(advance = true): void {
    if (advance) this.advanceTo(this.k.clock.now() + TICK_NSEC);
    // irq_exit() at the tick: pending softirqs (tasklets raised from process context) run here.
    if (!this.irqsDisabled() && this.softirqPending()) this.timerInterrupt();
    this.rcuSoftirq();
    // khungtaskd also looks while the CPU is busy (once a virtual second is plenty).
    if (this.k.clock.jiffies64() % BigInt(HZ) === 0n) this.onIdleAdvance?.();
    if (this.runQueue.length > 0) this.needResched = true;
    const t = this.current;
    if (t === this.idle) return;
    if (this.preemptCount() !== 0 || this.irqsDisabled() || this.tsDepth > 0) {
      if (++t.atomicTicks === SOFTLOCKUP_TICKS) this.softLockup(t);
    } else {
      t.atomicTicks = 0;
    }
  }

  private softLockup(t: Task): never {
    this.k.panicState.report(
      `watchdog: BUG: soft lockup - CPU#0 stuck for ${Math.floor(SOFTLOCKUP_TICKS / HZ)}s! [${t.comm}:${t.pid}]`,
      new Error("soft lockup"),
      { level: 0 },
    );
    // Linux keeps spinning (and reporting); kemu ends the stuck context so the run can end.
    this.k.printk.log(0, `kemu: killing ${t.comm}:${t.pid}, which cannot make progress\n`);
    throw new TaskKilled("soft lockup");
  }

  /** __kemu_preempt(): a loop ran PREEMPT_QUANTUM times: a tick, and maybe a preemption. */
  preemptPoint = (): void => {
    if (this.rewinding) {
      this.resume();
      return;
    }
    // Ticks come every PREEMPT_QUANTUM back-edges, however the budget was cut.
    this.edges += this.lastBudget;
    while (this.edges >= PREEMPT_QUANTUM) {
      this.edges -= PREEMPT_QUANTUM;
      this.tick();
    }
    let budget = PREEMPT_QUANTUM - this.edges;
    let force = false;
    if (this.rng) {
      budget = 1 + this.random(budget);
      force = this.runQueue.length > 0 && this.random(4) === 0;
    }
    this.lastBudget = budget;
    this.preemptBudget.value = budget;
    if (force) this.needResched = true;
    this.maybePreempt(null);
  };

  private maybePreempt(onResume: (() => unknown) | null): boolean {
    const t = this.current;
    if (!this.canUnwind()) return false;
    const atomic = this.preemptCount() !== 0 || this.irqsDisabled();
    // A context that cannot be preempted is not paused either: nothing else could run on
    // this CPU, so it goes on (until the soft lockup watchdog stops it).
    const stop = !atomic && this.deadline !== null && this.k.clock.now() >= this.deadline;
    if (!stop && !(this.needResched && this.runQueue.length > 0 && !atomic)) return false;
    if (stop) {
      // Paused, not preempted: it goes first when the machine runs again.
      this.enqueueFirst(t);
    } else {
      this.enqueue(t);
    }
    this.suspend(onResume);
    return true;
  }

  /** udelay()/ndelay()/mdelay(): busy-wait `ns` of virtual time; ticks and timers run inside. */
  delay = (ns: bigint): void => {
    if (this.rewinding) {
      this.resume();
      return;
    }
    const end = this.k.clock.now() + ns;
    const spin = (): void => {
      for (;;) {
        const now = this.k.clock.now();
        if (now >= end) return;
        const nextTick = (now / TICK_NSEC + 1n) * TICK_NSEC;
        if (nextTick > end) {
          this.advanceTo(end);
          return;
        }
        this.advanceTo(nextTick);
        this.tick(false);
        if (this.maybePreempt(spin)) return;
      }
    };
    spin();
  };

  // ---- running tasks ------------------------------------------------------------------

  /** The user-mode task runUntil() stopped for ("user"); the driver takes it. */
  userNext: Task | null = null;

  switchTo(t: Task): void {
    const w = this.k.mem.i32();
    const prev = this.current;
    if (prev !== this.idle) {
      prev.savedPreempt = w[this.preemptAddr >> 2];
      prev.savedIrq = w[this.irqAddr >> 2];
    }
    this.current = t;
    w[this.currentAddr >> 2] = t.addr;
    w[this.preemptAddr >> 2] = t.savedPreempt;
    w[this.irqAddr >> 2] = t.savedIrq;
  }

  /** Run `t` until it sleeps, is preempted or exits. */
  private runSlice(t: Task): void {
    this.switchTo(t);
    this.needResched = false;
    t.onCpu = true;
    const g = this.g;
    let ret: unknown;
    try {
      g.setData(t.asyncBuf);
      if (!t.started) {
        t.started = true;
        g.setSp(t.stackTop);
        ret = t.entry!();
      } else {
        g.setSp(t.savedSp);
        this.setState(REWINDING);
        ret = t.entry!();
      }
    } catch (e) {
      this.setState(NORMAL);
      t.onCpu = false;
      this.taskDied(t, e);
      this.switchTo(this.idle);
      return;
    }
    t.onCpu = false;
    if (this.state === UNWINDING) {
      this.setState(NORMAL);
      t.savedSp = g.getSp();
      // Stay "on" this task until the next one is picked: switching through idle costs a
      // round of writes per switch for nothing.
      return;
    }
    if (this.state !== NORMAL) {
      this.setState(NORMAL);
      this.k.printk.log(0, `kemu: ${t.comm}:${t.pid} returned while rewinding; asyncify state was corrupt\n`);
    }
    try {
      if (t.user) {
        // Return from a system call: no lock may be held (lockdep's check at syscall exit),
        // then the task goes on in user mode.
        this.k.callCore("lockdep_sys_exit");
        t.started = false;
        t.user.inKernel = false;
        if (t.user.syncCall) {
          // syscallSync: the program is on the CPU and goes on at once
          t.user.kernelReturn(ret);
          return;
        }
        // Back to user mode: the task goes on unless its vruntime puts another task first.
        this.enqueue(t);
        t.user.kernelReturn(ret);
        this.switchTo(this.idle);
        return;
      }
      t.onReturn?.(ret);
      this.exitTask(t, typeof ret === "number" ? ret : 0, "exit");
    } catch (e) {
      this.taskDied(t, e);
    }
    this.switchTo(this.idle);
  }

  private taskDied(t: Task, e: unknown): void {
    if (e instanceof TaskExit) {
      this.exitTask(t, e.code, "exit");
      return;
    }
    if (e instanceof KernelPanic) throw e;
    if (e instanceof TaskKilled) {
      this.exitTask(t, 9, "killed");
      return;
    }
    if (e instanceof KernelOops) {
      this.exitTask(t, 11, "oops");
      return;
    }
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) {
      this.k.panicState.oops(this.k.panicState.trapTitle(e), e);
      this.exitTask(t, 11, "oops");
      return;
    }
    throw e;
  }

  /** do_exit()'s bookkeeping once the task's frames are gone. */
  exitTask(t: Task, code: number, how: "exit" | "oops" | "killed"): void {
    if (t.exited) return;
    t.exited = true;
    t.blocked = true;
    t.exitCode = code;
    const mem = this.k.mem;
    mem.writeU32(t.addr + task_struct.flags, mem.readU32(t.addr + task_struct.flags) | K.PF_EXITING);
    mem.writeU32(t.addr + task_struct.exit_code, code);
    this.writeState(t, K.TASK_DEAD);
    if (this.current === t) {
      // The exit runs on the dead task's behalf (complete(&kthread->exited) needs `current`).
      this.setPreemptCount(0);
      if (how === "exit") this.k.callCore("debug_check_no_locks_held");
    }
    this.k.callCore("kemu_lockdep_task_exit", t.addr);
    this.tasks.delete(t.pid);
    this.k.mm.pageFree(t.stackBase);
    t.onExit?.(code, how);
  }

  /** Remove a task that is not on the CPU (its frames are dropped, nothing more of it runs). */
  kill(t: Task): void {
    if (t.onCpu || t.exited) return;
    if (t.queued) {
      this.runQueue = this.runQueue.filter((x) => x !== t);
      t.queued = false;
    }
    this.exitTask(t, 9, "killed");
  }

  /**
   * Run the machine until `done()` holds, nothing is left to run ("idle": every task asleep and
   * no timer pending; "stalled" if some task is still waiting), or virtual time reaches `deadline`.
   */
  runUntil(done: () => boolean, deadline?: bigint): RunResult {
    this.deadline = deadline ?? null;
    try {
      for (;;) {
        if (done()) return "done";
        if (deadline !== undefined && this.k.clock.now() >= deadline) return "deadline";
        if (this.tqSchedulerAddr && this.k.mem.i32()[this.tqSchedulerAddr >> 2] !== 0) this.runTqScheduler();
        const t = this.rng && this.runQueue.length > 1 ? this.runQueue.splice(this.random(this.runQueue.length), 1)[0] : this.runQueue.shift();
        if (t) {
          t.queued = false;
          this.beginSlice(t);
          if (t.user && !t.user.inKernel) {
            this.userNext = t;
            return "user";
          }
          this.runSlice(t);
          continue;
        }
        if (this.current !== this.idle) this.switchTo(this.idle);
        const next = this.nextEventNs();
        if (this.rcuPending()) {
          // RCU callbacks are waiting: the idle CPU takes the next tick to run them.
          const tickNs = (Math.floor(this.k.clock.nsNumber / TICK_NS) + 1) * TICK_NS;
          if (tickNs < next) {
            if (deadline !== undefined && tickNs > Number(deadline)) {
              this.advanceTo(deadline);
              return "deadline";
            }
            this.advanceToNs(tickNs);
            this.rcuSoftirq();
            continue;
          }
        }
        if (next === Infinity) return this.anyBlocked() ? "stalled" : "idle";
        if (deadline !== undefined && next > Number(deadline)) {
          this.advanceTo(deadline);
          return "deadline";
        }
        this.advanceToNs(next > this.k.clock.nsNumber ? next : this.k.clock.nsNumber);
        this.onIdleAdvance?.();
      }
    } finally {
      this.deadline = null;
      if (this.current !== this.idle) this.switchTo(this.idle);
    }
  }

  /** A process, or a thread in D state, waits with nothing left to wake it (kthreads sleeping
   * interruptibly are just idle). */
  private anyBlocked(): boolean {
    for (const t of this.tasks.values()) {
      if (!t.blocked || !t.started || t.exited) continue;
      if (t.isKthread && (this.stateLetter(t) === "S" || this.stateLetter(t) === "I")) continue;
      return true;
    }
    return false;
  }

  /** Tasks that are asleep with nothing pending that could wake them. */
  blockedTasks(): Task[] {
    return [...this.tasks.values()].filter((t) => t.blocked && !t.exited && (t.started || this.readState(t) !== K.TASK_RUNNING));
  }

  /** ps-style state letter */
  stateLetter(t: Task): string {
    if (t.exited) return "Z";
    if (t === this.current || !t.blocked) return "R";
    const st = this.readState(t);
    if (st & K.TASK_UNINTERRUPTIBLE) return (st & K.TASK_NOLOAD) ? "I" : "D";
    if (st & K.TASK_INTERRUPTIBLE) return "S";
    if (st & K.TASK_PARKED) return "P";
    return "R";
  }

  /**
   * The call chain a suspended task sleeps in: rewind it (asyncify re-enters its frames without
   * running their code), capture the stack at the sleeping import, and unwind it again.
   */
  probeStack(t: Task): string | undefined {
    if (!t.started || t.exited || !t.blocked || t.onCpu) return undefined;
    let stack: string | undefined;
    const prev = this.current;
    this.switchTo(t);
    const sp = this.k.stackPointer;
    const outerSp = sp.value;
    try {
      sp.value = t.savedSp;
      this.probing = () => {
        stack = new Error("probe").stack;
        // back at the sleeping import: unwind again, leaving the task exactly as it was
        this.asyncData.value = t.asyncBuf;
        this.setState(UNWINDING);
      };
      this.asyncData.value = t.asyncBuf;
      this.setState(REWINDING);
      t.entry!();
    } catch {
      stack = undefined;
    } finally {
      this.probing = null;
      this.setState(NORMAL);
      sp.value = outerSp;
      this.switchTo(prev);
      this.asyncData.value = prev.asyncBuf;
    }
    return stack;
  }

  /** set while probeStack() rewinds a task: the sleeping import calls it instead of going on */
  private probing: (() => void) | null = null;

  /** khungtaskd's check, run whenever idle time passed (set by the kernel) */
  onIdleAdvance: (() => void) | null = null;

  /** Counts for benchmarks and tests. */
  get runnable(): number {
    return this.runQueue.length;
  }
}
