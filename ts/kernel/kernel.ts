// kemu: init/main.c start_kernel() and the glue between subsystems: one Kernel object is one
// emulated machine (memory, function table, log, modules). Kernels share no state.
import { readFileSync } from "node:fs";
import { KernelMemory } from "./mem.js";
import { LogBuffer } from "./printk/printk.js";
import { VirtualClock } from "./time/clock.js";
import { Kallsyms, formatSymbol, type CodeObject } from "./kallsyms.js";
import { PanicState, type TaskRef } from "./panic.js";
import { SymbolTable, type KSym } from "./module/symbols.js";
import { ModuleLoader } from "./module/main.js";
import { parseWasm, exportedGlobalValue } from "./module/wasm.js";
import { KSYMTAB, CORE_ONLY_IMPORTS } from "./ksymtab.js";
import { KernelMM } from "../mm/kmm.js";
import { KmemCacheHandles } from "../mm/kmem_cache_handles.js";
import { Scheduler } from "./sched/core.js";
import { checkHungTasks } from "./hung_task.js";
import type { UserSpace } from "../user/userspace.js";

export interface KernelVersion {
  release: string;
  code: number;
}

export interface BootOptions {
  /** kernel release, e.g. "6.1.0" (default) */
  version?: KernelVersion;
  /** path of the C core (build/vmlinux.wasm) */
  corePath?: string;
  /** initial kernel memory in bytes (default 16 MiB) */
  memoryBytes?: number;
  /** perturb scheduling decisions (0: none); the same seed gives the same run */
  seed?: number;
}

/** The C core compiled and parsed once per process; every Kernel instantiates its own copy. */
const compiledCores = new Map<string, { wmod: WebAssembly.Module; parsed: ReturnType<typeof parseWasm> }>();

function loadCoreModule(path: string): { wmod: WebAssembly.Module; parsed: ReturnType<typeof parseWasm> } {
  let c = compiledCores.get(path);
  if (!c) {
    const bytes = readFileSync(path);
    c = { wmod: new WebAssembly.Module(bytes), parsed: parseWasm(bytes) };
    compiledCores.set(path, c);
  }
  return c;
}

const NULL_GUARD = 64 * 1024;
const KERNEL_STACK_SIZE = 64 * 1024;

export class Kernel {
  readonly versionCode: number;
  readonly release: string;
  readonly vermagic: string;
  readonly memory: WebAssembly.Memory;
  readonly table: WebAssembly.Table;
  readonly stackPointer: WebAssembly.Global;
  readonly mem: KernelMemory;
  readonly mm: KernelMM;
  readonly clock = new VirtualClock();
  readonly printk: LogBuffer;
  readonly kallsyms = new Kallsyms();
  readonly panicState: PanicState;
  readonly symbols = new SymbolTable();
  readonly modules: ModuleLoader;
  readonly kmemCaches: KmemCacheHandles;
  readonly sched: Scheduler;
  /** processes, the VFS and syslog; null for a kernel booted without user space */
  userspace: UserSpace | null = null;
  /** table slot of each wasm function already placed in the table */
  private readonly slots = new Map<Function, number>();
  private readonly slotOwners = new Map<number, CodeObject>();
  private core!: WebAssembly.Instance;
  private coreCode!: CodeObject;
  private coreBase = 0;
  private stackTop = 0;

  private constructor(opts: Required<Pick<BootOptions, "memoryBytes">> & { version: KernelVersion }) {
    this.versionCode = opts.version.code;
    this.release = opts.version.release;
    this.vermagic = `${this.release} preempt mod_unload `;
    const pages = Math.ceil(opts.memoryBytes / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 16384 });
    this.table = new WebAssembly.Table({ initial: 1, element: "anyfunc" });
    this.stackPointer = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    this.mem = new KernelMemory(this.memory);
    this.printk = new LogBuffer({ versionCode: this.versionCode, now: () => this.clock.now() });
    this.panicState = new PanicState({
      log: (level, text) => this.printk.log(level, text),
      release: this.release,
      kallsyms: this.kallsyms,
      current: () => this.sched.current,
      modulesLinkedIn: () => this.modules.modules.map((m) => m.name + ModuleLoader.flags(m)).join(" "),
    });
    this.mm = new KernelMM(this.memory, NULL_GUARD, (kind, msg) => this.reportMmBug(kind, msg));
    this.modules = new ModuleLoader(this);
    this.kmemCaches = new KmemCacheHandles(this);
    this.sched = new Scheduler(this);
  }

  /** Boot a kernel: memory, the C core, the export table. */
  static boot(opts: BootOptions & { corePath: string }): Kernel {
    const k = new Kernel({
      memoryBytes: opts.memoryBytes ?? 16 << 20,
      version: opts.version ?? { release: "6.1.0", code: (6 << 16) + (1 << 8) },
    });
    const stack = k.mm.pageAlloc(KERNEL_STACK_SIZE);
    k.stackTop = stack + KERNEL_STACK_SIZE;
    k.stackPointer.value = k.stackTop;
    k.loadCore(opts.corePath);
    if (opts.seed) k.sched.setSeed(opts.seed);
    return k;
  }

  private loadCore(path: string): void {
    const { wmod, parsed } = loadCoreModule(path);
    const dl = parsed.dylink!;
    const base = dl.memorySize > 0 ? this.mm.pageAlloc(dl.memorySize) : 0;
    const tableBase = this.table.length;
    if (dl.tableSize) this.table.grow(dl.tableSize);
    const code: CodeObject = { name: "vmlinux", parsed, tableBase, bodies: parsed.bodies, isModule: false, live: true };
    this.coreCode = code;
    this.coreBase = base;

    // TS exports first: the core imports some of them (kfree, __kmalloc ...).
    for (const e of KSYMTAB) {
      if (e.impl === "c") continue;
      this.symbols.add({ name: e.name, owner: null, gpl: e.gpl, func: e.impl(this), sig: e.sig });
    }
    const coreOnly = CORE_ONLY_IMPORTS(this);
    const env: Record<string, WebAssembly.ImportValue> = {
      memory: this.memory,
      __indirect_function_table: this.table,
      __stack_pointer: this.stackPointer,
      __memory_base: new WebAssembly.Global({ value: "i32", mutable: false }, base),
      __table_base: new WebAssembly.Global({ value: "i32", mutable: false }, tableBase),
      __asyncify_state: this.sched.asyncState,
      __asyncify_data: this.sched.asyncData,
    };
    const gotMem: Record<string, WebAssembly.Global> = {};
    const gotFunc: Record<string, WebAssembly.Global> = {};
    const missing: string[] = [];
    for (const imp of WebAssembly.Module.imports(wmod)) {
      if (imp.module === "env") {
        if (imp.name in env) continue;
        const fn = coreOnly[imp.name] ?? this.symbols.get(imp.name)?.func;
        if (fn) env[imp.name] = fn as WebAssembly.ImportValue;
        else missing.push(imp.name);
      } else if (imp.module === "GOT.mem") {
        const off = exportedGlobalValue(parsed, imp.name);
        if (off === undefined) missing.push(imp.name);
        gotMem[imp.name] = new WebAssembly.Global({ value: "i32", mutable: true }, base + (off ?? 0));
      } else if (imp.module === "GOT.func") {
        gotFunc[imp.name] = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
      }
    }
    if (missing.length) throw new Error(`vmlinux: unresolved symbols in the C core: ${missing.join(", ")}`);
    this.core = new WebAssembly.Instance(wmod, { env, "GOT.mem": gotMem, "GOT.func": gotFunc });
    this.kallsyms.add(code);
    for (const [name, g] of Object.entries(gotFunc)) {
      const f = this.core.exports[name];
      if (typeof f !== "function") throw new Error(`vmlinux: GOT.func.${name} has no definition`);
      g.value = this.addToTable(f, code, parsed.exports.get(name)!.index);
    }
    (this.core.exports.__wasm_apply_data_relocs as (() => void) | undefined)?.();
    (this.core.exports.__wasm_call_ctors as (() => void) | undefined)?.();

    // EXPORT_SYMBOL of everything the C core implements.
    for (const e of KSYMTAB) {
      if (e.impl !== "c") continue;
      const ex = parsed.exports.get(e.name);
      if (!ex) throw new Error(`vmlinux: export table names ${e.name} but the C core does not define it`);
      if (ex.kind === 0) {
        this.symbols.add({ name: e.name, owner: null, gpl: e.gpl, func: this.core.exports[e.name] as Function });
      } else {
        this.symbols.add({ name: e.name, owner: null, gpl: e.gpl, addr: base + exportedGlobalValue(parsed, e.name)! });
      }
    }
    const jiffies = this.symbols.get("jiffies")!.addr!;
    const jiffies64 = this.symbols.get("jiffies_64")!.addr!;
    this.clock.onJiffies = (j) => {
      const w = this.mem.i32();
      w[jiffies >> 2] = j;
      w[jiffies64 >> 2] = j;
      w[(jiffies64 >> 2) + 1] = Math.floor(j / 0x1_0000_0000);
    };
    this.clock.onJiffies(this.clock.jiffies64Number());
    // khungtaskd: looks again only when a D-state sleeper can have reached the timeout
    let hungDue = 0n;
    this.sched.onIdleAdvance = () => {
      if (this.clock.now() < hungDue) return;
      hungDue = checkHungTasks(this);
    };
    this.sched.attach({
      current: this.symbols.get("current_task")!.addr!,
      preempt: this.symbols.get("__preempt_count")!.addr!,
      irq: this.symbols.get("kemu_irq_flags")!.addr!,
    });
    this.sched.attachTimers({
      timerList: this.callCore("kemu_timer_list") as number,
      softirqPending: this.symbols.get("__softirq_pending")!.addr!,
      tqTimer: this.symbols.get("tq_timer")!.addr!,
      hrtimerList: this.callCore("kemu_hrtimer_list") as number,
      tqScheduler: this.versionCode < 0x020300 ? this.symbols.get("tq_scheduler")!.addr! : 0,
    });
    this.mem.writeU32(this.coreSymbol("kemu_version_code"), this.versionCode);
    // Boot threads (ksoftirqd/0 ...) take low pids, as Linux's early kthreads do.
    this.sched.booting = true;
    this.callCore("kemu_softirq_init");
    this.callCore("kemu_workqueue_init");
    this.callCore("kemu_umh_init");
    this.callCore("kemu_tqueue_init");
    this.sched.booting = false;
  }

  /** Globals and functions every module imports besides kernel symbols. */
  moduleEnv(): Record<string, WebAssembly.ImportValue> {
    return {
      memory: this.memory,
      __indirect_function_table: this.table,
      __stack_pointer: this.stackPointer,
      __asyncify_state: this.sched.asyncState,
      __asyncify_data: this.sched.asyncData,
      __kemu_preempt_budget: this.sched.preemptBudget,
      __kemu_preempt: this.sched.preemptPoint,
    };
  }

  /** the core's exports by name: Instance.exports lookups are slow on hot paths */
  private readonly coreFns = new Map<string, (...a: unknown[]) => unknown>();

  /** Address of a data symbol of the C core (exported or not), for kemu's own bookkeeping. */
  coreSymbol(name: string): number {
    const g = this.core.exports[name] as WebAssembly.Global | undefined;
    if (!g) throw new Error(`vmlinux: no data symbol ${name}`);
    return this.coreBase + (g.value as number);
  }

  /** A function of the C core, to be a task's bottom frame (it may sleep there). */
  coreFunction(name: string): (...a: number[]) => unknown {
    const f = this.core.exports[name] as ((...a: number[]) => unknown) | undefined;
    if (!f) throw new Error(`vmlinux: no function ${name}`);
    return f;
  }

  /** Call a function of the C core from TS (not as a task's bottom frame: it must not sleep). */
  callCore(name: string, ...args: unknown[]): unknown {
    let f = this.coreFns.get(name);
    if (!f) {
      f = this.core.exports[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!f) throw new Error(`vmlinux: no function ${name}`);
      this.coreFns.set(name, f);
    }
    this.sched.tsDepth++;
    try {
      return f(...args);
    } finally {
      this.sched.tsDepth--;
    }
  }

  /** A task's bottom frame: the C function at table slot `slot`, called with one argument. */
  entryOf(slot: number): (arg: number) => unknown {
    const fn = this.table.get(slot) as ((a: number) => unknown) | null;
    if (!fn) {
      return () => {
        throw new WebAssembly.RuntimeError("null function or function signature mismatch");
      };
    }
    return fn;
  }

  /** The table slot (C function pointer value) of symbol s, placing it in the table if needed. */
  symbolSlot(s: KSym): number | undefined {
    if (s.slot !== undefined) return s.slot;
    if (!s.func) return undefined;
    if (s.sig !== undefined) {
      // A TS function cannot live in a wasm table on Node 20 (no WebAssembly.Function).
      this.printk.log(3, `kemu: taking the address of ${s.name} (implemented in TS) is not supported\n`);
      return undefined;
    }
    s.slot = this.addToTable(s.func, this.coreCode, -1);
    return s.slot;
  }

  addToTable(fn: Function, owner: CodeObject, funcIndex: number): number {
    const known = this.slots.get(fn);
    if (known !== undefined) return known;
    const slot = this.table.length;
    this.table.grow(1);
    this.table.set(slot, fn as any);
    this.slots.set(fn, slot);
    this.slotOwners.set(slot, owner);
    if (funcIndex >= 0) this.kallsyms.noteSlot(slot, owner, funcIndex);
    return slot;
  }

  /** Forget (and NULL) the extra slots that pointed into a removed module. */
  clearSlotsOf(owner: CodeObject): void {
    for (const [slot, o] of this.slotOwners) {
      if (o !== owner) continue;
      const fn = this.table.get(slot);
      if (fn) this.slots.delete(fn);
      this.table.set(slot, null);
      this.slotOwners.delete(slot);
    }
  }

  /** Call a C function pointer (table slot). A NULL or stale pointer traps like Linux's NULL call. */
  callFunctionPointer(slot: number, ...args: unknown[]): unknown {
    const fn = this.table.get(slot) as ((...a: unknown[]) => unknown) | null;
    if (!fn) throw new WebAssembly.RuntimeError("null function or function signature mismatch");
    this.sched.tsDepth++;
    try {
      return fn(...args);
    } finally {
      this.sched.tsDepth--;
    }
  }

  /** %pS: name of a code address (table slot). */
  symbolize(slot: number, withOffset: boolean): string | null {
    const s = this.kallsyms.lookupSlot(slot);
    return s ? formatSymbol(s, withOffset) : null;
  }

  /** dump_stack(): the wasm call chain of the caller. */
  dumpStack(_level: string): void {
    this.panicState.dumpStack(new Error("dump_stack"));
  }

  current(): TaskRef {
    return this.sched.current;
  }

  private reportMmBug(kind: string, msg: string): void {
    this.panicState.reports++;
    this.printk.log(3, msg.endsWith("\n") ? msg : msg + "\n");
    void kind;
  }
}
