// kemu: kernel/module/main.c - load_module(), do_init_module() and delete_module() for wasm
// side modules: dylink.0 instead of ELF sections, GOT globals instead of relocations.
import { EBUSY, EEXIST, ENOENT, ENOEXEC, ENOMEM, EWOULDBLOCK } from "../../generated/errno.js";
import { K, kernel_param, kernel_symbol, module as moduleLayout } from "../../generated/layout.js";
import type { Kernel } from "../kernel.js";
import { KernelOops, KernelPanic, PanicState, TAINT_OOT_MODULE, TAINT_PROPRIETARY_MODULE } from "../panic.js";
import { readModinfo, licenseIsGplCompatible } from "./modinfo.js";
import { parseArgs, readParams } from "./params.js";
import type { KSym } from "./symbols.js";
import type { LoadedModule } from "./types.js";
import { exportedGlobalValue, parseWasm, type ParsedWasm } from "./wasm.js";

/** Result of the init_module/finit_module syscall as insmod sees it. */
export interface LoadResult {
  /** 0 or -errno */
  err: number;
  /** an Oops in a parameter callback, run for insmod before init: the process gets SIGSEGV */
  killed?: boolean;
  module?: LoadedModule;
}

export interface UnloadResult {
  err: number;
}

function sectionBounds(p: ParsedWasm, sec: string): [number, number] | null {
  const a = exportedGlobalValue(p, `__start_${sec}`);
  const b = exportedGlobalValue(p, `__stop_${sec}`);
  return a === undefined || b === undefined ? null : [a, b];
}

export class ModuleLoader {
  /** newest first, like Linux's modules list */
  readonly modules: LoadedModule[] = [];
  private seq = 0;

  constructor(private readonly k: Kernel) {}

  find(name: string): LoadedModule | undefined {
    return this.modules.find((m) => m.name === name);
  }

  /**
   * init_module() syscall from a user process (load_module() + do_init_module(); `args` is the
   * parameter string "a=1 b=x"): do_init_module() runs init on the process's own kernel
   * stack (`enter` is Process.kernel). An Oops in init kills the process (the promise rejects).
   */
  async loadFrom(enter: (entry: () => unknown) => Promise<unknown>, bytes: Uint8Array, args: string, path: string | null = null): Promise<LoadResult> {
    const r = this.prepare(bytes, args, path);
    if (!("init" in r)) return r;
    const { mod, init } = r;
    try {
      const ret = await enter(() => init());
      return this.initDone(mod, ret as number);
    } catch (e) {
      mod.dead = true;
      throw e;
    }
  }

  /** load_module() up to do_init_module(): a finished result, or the init to run. */
  private prepare(bytes: Uint8Array, args: string, path: string | null): LoadResult | { mod: LoadedModule; init: () => number } {
    const k = this.k;
    let parsed: ParsedWasm;
    let wmod: WebAssembly.Module;
    try {
      parsed = parseWasm(bytes);
      wmod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    } catch {
      return { err: -ENOEXEC };
    }
    if (!parsed.dylink) return { err: -ENOEXEC };
    const mi = sectionBounds(parsed, "modinfo");
    const thisModOff = exportedGlobalValue(parsed, "__this_module");
    if (!mi || thisModOff === undefined) {
      k.printk.log(4, "No module found in object\n");
      return { err: -ENOEXEC };
    }
    const modinfo = readModinfo(parsed, mi[0], mi[1]);
    const info = (key: string) => modinfo.find(([kk]) => kk === key)?.[1];
    const name = info("name");
    if (!name) {
      k.printk.log(4, "No module found in object\n");
      return { err: -ENOEXEC };
    }

    // check_modinfo()
    const vermagic = info("vermagic");
    if (vermagic !== undefined && vermagic !== k.vermagic) {
      k.printk.log(3, `${name}: version magic '${vermagic}' should be '${k.vermagic}'\n`);
      return { err: -ENOEXEC };
    }
    let taints = 0;
    // TAINT_OOT_MODULE came with 3.2, its one-time warning with 3.15
    if (info("intree") === undefined && k.versionCode >= 0x030200) {
      if (!k.panicState.test(TAINT_OOT_MODULE) && k.versionCode >= 0x030f00) k.printk.log(4, `${name}: loading out-of-tree module taints kernel.\n`);
      k.panicState.add(TAINT_OOT_MODULE, false);
      taints |= 1 << TAINT_OOT_MODULE;
    }
    const license = info("license") ?? "unspecified";
    const gplCompatible = licenseIsGplCompatible(license);
    if (!gplCompatible) {
      if (!k.panicState.test(TAINT_PROPRIETARY_MODULE)) k.printk.log(4, `${name}: module license '${license}' taints kernel.\n`);
      k.panicState.add(TAINT_PROPRIETARY_MODULE, true);
      taints |= 1 << TAINT_PROPRIETARY_MODULE;
    }

    // add_unformed_module()
    if (this.find(name)) return { err: -EEXIST };

    const dl = parsed.dylink;
    const align = Math.max(1 << dl.memoryAlign, 8);
    const size = dl.memorySize;
    const base = size > 0 ? k.mm.moduleAlloc(size, align) : 0;
    if (size > 0 && base === 0) return { err: -ENOMEM };
    const tableBase = k.table.length;
    if (dl.tableSize > 0) k.table.grow(dl.tableSize);

    const mod: LoadedModule = {
      name,
      path,
      state: "unformed",
      thisModule: base + thisModOff,
      base,
      size,
      coreSize: bytes.length,
      tableBase,
      tableSize: dl.tableSize,
      instance: null as unknown as WebAssembly.Instance,
      parsed,
      code: { name, parsed, tableBase, bodies: parsed.bodies, isModule: true, live: true },
      modinfo,
      license,
      gplCompatible,
      taints,
      uses: new Set(),
      usedBy: new Set(),
      refcnt: 0,
      params: [],
      hasInit: parsed.exports.get("init_module")?.kind === 0,
      hasExit: parsed.exports.get("cleanup_module")?.kind === 0,
      dead: false,
      seq: this.seq++,
    };
    const fail = (err: number): LoadResult => {
      this.release(mod);
      return { err };
    };

    // simplify_symbols(): resolve every import, report all unknown ones.
    const env: Record<string, WebAssembly.ImportValue> = {
      ...k.moduleEnv(),
      __memory_base: new WebAssembly.Global({ value: "i32", mutable: false }, base),
      __table_base: new WebAssembly.Global({ value: "i32", mutable: false }, tableBase),
    };
    const gotMem: Record<string, WebAssembly.Global> = {};
    const gotFunc: Record<string, WebAssembly.Global> = {};
    const ownFuncGot: [string, WebAssembly.Global][] = [];
    const unknown: string[] = [];
    const lookup = (sym: string): KSym | undefined => {
      const s = k.symbols.get(sym);
      if (!s) return undefined;
      if (s.gpl && !gplCompatible) return undefined; // find_symbol() with gplok = false
      if (s.owner && s.owner !== mod) {
        mod.uses.add(s.owner);
      }
      return s;
    };
    for (const imp of WebAssembly.Module.imports(wmod)) {
      if (imp.module === "env") {
        if (imp.name in env) continue;
        if (imp.kind !== "function") {
          unknown.push(imp.name);
          continue;
        }
        const s = lookup(imp.name);
        const fn = s?.func;
        if (fn) env[imp.name] = fn;
        else if (dl.weakImports.has(`env.${imp.name}`)) env[imp.name] = () => k.panicState.bug("<weak>", 0);
        else unknown.push(imp.name);
      } else if (imp.module === "GOT.mem") {
        const own = exportedGlobalValue(parsed, imp.name);
        let addr: number | undefined = own !== undefined ? base + own : undefined;
        if (addr === undefined) {
          const s = lookup(imp.name);
          addr = s?.addr;
        }
        if (addr === undefined && !dl.weakImports.has(`GOT.mem.${imp.name}`)) unknown.push(imp.name);
        gotMem[imp.name] = new WebAssembly.Global({ value: "i32", mutable: true }, addr ?? 0);
      } else if (imp.module === "GOT.func") {
        const g = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
        gotFunc[imp.name] = g;
        if (parsed.exports.get(imp.name)?.kind === 0) {
          ownFuncGot.push([imp.name, g]);
          continue;
        }
        const s = lookup(imp.name);
        const slot = s ? k.symbolSlot(s) : undefined;
        if (slot !== undefined) g.value = slot;
        else if (!dl.weakImports.has(`GOT.func.${imp.name}`)) unknown.push(imp.name);
      } else {
        unknown.push(`${imp.module}.${imp.name}`);
      }
    }
    if (unknown.length > 0) {
      for (const u of unknown) k.printk.log(4, `${name}: Unknown symbol ${u} (err -${ENOENT})\n`);
      return fail(-ENOENT);
    }

    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(wmod, { env, "GOT.mem": gotMem, "GOT.func": gotFunc });
    } catch (e) {
      k.printk.log(3, `${name}: cannot link module: ${(e as Error).message}\n`);
      return fail(-ENOEXEC);
    }
    mod.instance = instance;
    k.kallsyms.add(mod.code);
    for (const [sym, g] of ownFuncGot) {
      g.value = k.addToTable(instance.exports[sym] as Function, mod.code, parsed.exports.get(sym)!.index);
    }
    mod.state = "coming";
    try {
      (instance.exports.__wasm_apply_data_relocs as (() => void) | undefined)?.();
      (instance.exports.__wasm_call_ctors as (() => void) | undefined)?.();
    } catch (e) {
      return this.oopsInContext(mod, e, true);
    }

    // complete_formation(): verify_exported_symbols() + publish them.
    const ks = sectionBounds(parsed, "__ksymtab");
    const exported: KSym[] = [];
    if (ks) {
      for (let p = base + ks[0]; p + kernel_symbol.SIZE <= base + ks[1]; p += kernel_symbol.SIZE) {
        const namePtr = k.mem.readU32(p + kernel_symbol.name);
        if (!namePtr) continue;
        const sym = k.mem.readCString(namePtr, 256);
        const value = k.mem.readU32(p + kernel_symbol.value);
        const gpl = k.mem.readU32(p + kernel_symbol.gplonly) !== 0;
        const existing = k.symbols.get(sym);
        if (existing) {
          k.printk.log(3, `${name}: exports duplicate symbol ${sym} (owned by ${existing.owner ? existing.owner.name : "kernel"})\n`);
          return fail(-ENOEXEC);
        }
        const e = parsed.exports.get(sym);
        const isFunc = e ? e.kind === 0 : value >= tableBase && value < tableBase + dl.tableSize;
        exported.push(
          isFunc
            ? { name: sym, owner: mod, gpl, func: k.table.get(value) as Function, slot: value }
            : { name: sym, owner: mod, gpl, addr: value },
        );
      }
    }
    for (const s of exported) k.symbols.add(s);
    for (const used of mod.uses) used.usedBy.add(mod);

    // Fill in struct module as the rest of the kernel sees it.
    k.mem.writeU32(mod.thisModule + moduleLayout.state, K.MODULE_STATE_COMING);
    k.mem.writeU32(mod.thisModule + moduleLayout.taints, taints);
    this.modules.unshift(mod);

    const pb = sectionBounds(parsed, "__param");
    if (pb) mod.params = readParams(k, base + pb[0], base + pb[1]);
    const argsAddr = k.mm.kstrdup(args);
    let perr: number;
    try {
      perr = parseArgs(k, mod, argsAddr);
    } catch (e) {
      // A param callback oopsed: it ran on behalf of insmod, which dies with it.
      k.mm.kfree(argsAddr);
      return this.oopsInContext(mod, e, true);
    }
    if (perr < 0) {
      k.mm.kfree(argsAddr);
      this.unlink(mod);
      return fail(perr);
    }
    k.mm.kfree(argsAddr);
    // mod_sysfs_setup(): /sys/module/NAME and its parameters, before init runs
    const namePtr = k.mm.kstrdup(mod.name);
    mod.sysfs = k.callCore("kemu_module_sysfs_setup", mod.thisModule, namePtr,
      pb ? base + pb[0] : 0, pb ? (pb[1] - pb[0]) / kernel_param.SIZE : 0) as number;
    k.mm.kfree(namePtr);

    // do_init_module(): init runs in the insmod process and may sleep.
    if (!mod.hasInit) return this.initDone(mod, 0);
    return { mod, init: instance.exports.init_module as () => number };
  }

  /** The rest of do_init_module() once init returned `ret`. */
  private initDone(mod: LoadedModule, ret: number): LoadResult {
    const k = this.k;
    if (ret < 0) {
      this.unlink(mod);
      this.release(mod);
      return { err: ret };
    }
    if (ret > 0) {
      k.printk.log(4, `${mod.name}: 'init_module'->init suspiciously returned ${ret}, it should follow 0/-E convention\n`);
    }
    mod.state = "live";
    k.mem.writeU32(mod.thisModule + moduleLayout.state, K.MODULE_STATE_LIVE);
    return { err: 0, module: mod };
  }

  /** An Oops in module code called from insmod/rmmod: report it, the caller process dies. */
  private oopsInContext(mod: LoadedModule, e: unknown, loading: boolean): LoadResult {
    if (e instanceof KernelPanic) throw e;
    if (!(e instanceof KernelOops)) {
      if (!(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError)) throw e;
      this.k.panicState.oops(this.k.panicState.trapTitle(e), e);
    }
    mod.dead = true;
    if (!loading) mod.state = "going";
    return { err: -EBUSY, killed: true, module: mod };
  }

  /** delete_module() syscall from a user process: the exit function runs on its kernel stack. */
  async unloadFrom(enter: (entry: () => unknown) => Promise<unknown>, name: string): Promise<UnloadResult> {
    const r = this.prepareUnload(name);
    if (!("exit" in r)) return r;
    const { mod, exit } = r;
    try {
      await enter(() => exit());
      return this.exitDone(mod);
    } catch (e) {
      mod.dead = true;
      throw e;
    }
  }

  private prepareUnload(name: string): UnloadResult | { mod: LoadedModule; exit: () => void } {
    const mod = this.find(name);
    if (!mod) return { err: -ENOENT };
    if (mod.usedBy.size > 0) return { err: -EWOULDBLOCK };
    if (mod.state !== "live" || mod.dead) return { err: -EBUSY };
    if (mod.hasInit && !mod.hasExit) return { err: -EBUSY };
    if (mod.refcnt > 0) return { err: -EWOULDBLOCK };
    mod.state = "going";
    this.k.mem.writeU32(mod.thisModule + moduleLayout.state, K.MODULE_STATE_GOING);
    if (!mod.hasExit) return this.exitDone(mod);
    return { mod, exit: mod.instance.exports.cleanup_module as () => void };
  }

  private exitDone(mod: LoadedModule): UnloadResult {
    this.unlink(mod);
    this.reapOrphanThreads(mod);
    this.reapPendingWork(mod);
    this.release(mod);
    return { err: 0 };
  }

  /**
   * Threads still running the module's code when it goes: Linux would run freed memory and
   * crash later; kemu reports it now and kills them before the code disappears.
   */
  private reapOrphanThreads(mod: LoadedModule): void {
    for (const t of this.k.sched.tasks.values()) {
      if (t.exited || t.entrySlot === undefined) continue;
      if (t.entrySlot < mod.tableBase || t.entrySlot >= mod.tableBase + mod.tableSize) continue;
      this.k.printk.log(1, `kemu: ${mod.name} was removed while its thread ${t.comm}:${t.pid} still runs its code; ` +
        `Linux would crash when the thread next runs (BUG: unable to handle page fault)\n`);
      this.k.panicState.reports++;
      this.k.sched.kill(t);
    }
  }

  /**
   * Timers, hrtimers, tasklets and work of the module still queued at unload: Linux would call freed code when
   * they fire (the danger seed 003 describes); kemu names them and unlinks them first.
   */
  private reapPendingWork(mod: LoadedModule): void {
    const k = this.k;
    const lo = mod.tableBase;
    const hi = mod.tableBase + mod.tableSize;
    const dlo = mod.base;
    const dhi = mod.base + mod.size;
    const report = (what: string, fn: number) => {
      const name = fn > 1 ? (k.symbolize(fn, false) ?? `0x${fn.toString(16)}`) : "(no function)";
      k.printk.log(1, `kemu: ${mod.name} was removed with ${what} ${name} still pending; Linux would run freed code when it fires\n`);
      k.panicState.reports++;
    };
    for (let fn; (fn = k.callCore("kemu_unlink_module_work", lo, hi, dlo, dhi) as number); ) report("work", fn >>> 0);
    // A worker asleep inside one of the module's work functions: Linux would Oops when it
    // wakes in freed code; kemu names it and stops that worker (its pool goes on without it).
    const fnp = k.mm.kzalloc(4);
    for (let task; (task = k.callCore("kemu_abandon_module_worker", lo, hi, fnp) as number); ) {
      const fn = k.mem.readU32(fnp);
      const t = k.sched.taskAt(task);
      const name = k.symbolize(fn, false) ?? `0x${fn.toString(16)}`;
      k.printk.log(1, `kemu: ${mod.name} was removed while its work ${name} still runs in ${t?.comm ?? "a worker"}:${t?.pid ?? 0}; ` +
        `Linux would crash when the worker next runs (BUG: unable to handle page fault)\n`);
      k.panicState.reports++;
      if (t) k.sched.kill(t);
    }
    k.mm.slab.kfree(fnp);
    for (let fn; (fn = k.callCore("kemu_unlink_module_timer", lo, hi, dlo, dhi) as number); ) report("timer", fn >>> 0);
    for (let fn; (fn = k.callCore("kemu_unlink_module_hrtimer", lo, hi, dlo, dhi) as number); ) report("hrtimer", fn >>> 0);
    const w = k.mem.i32();
    w[k.coreSymbol("kemu_mod_lo") >> 2] = dlo;
    w[k.coreSymbol("kemu_mod_hi") >> 2] = dhi;
    for (let fn; (fn = k.callCore("kemu_unlink_module_tasklet", lo, hi) as number); ) report("tasklet", fn >>> 0);
  }

  /** Take the module off the lists and drop its symbols and dependencies. */
  private unlink(mod: LoadedModule): void {
    if (mod.sysfs) this.k.callCore("kemu_module_sysfs_teardown", mod.sysfs);
    mod.sysfs = 0;
    const i = this.modules.indexOf(mod);
    if (i >= 0) this.modules.splice(i, 1);
    this.k.symbols.removeOwner(mod);
    for (const used of mod.uses) used.usedBy.delete(mod);
  }

  /** Free the module's memory; its table slots become NULL so stale pointers oops. */
  private release(mod: LoadedModule): void {
    this.k.kallsyms.remove(mod.code);
    for (let i = 0; i < mod.tableSize; i++) this.k.table.set(mod.tableBase + i, null);
    this.k.clearSlotsOf(mod.code);
    if (mod.base) this.k.mm.moduleFree(mod.base);
    mod.state = "unformed";
  }

  /** /proc/modules-style flags: "(O+)" */
  static flags(mod: LoadedModule): string {
    let s = PanicState.moduleTaintLetters(mod.taints);
    if (mod.state === "coming") s += "+";
    else if (mod.state === "going") s += "-";
    return s ? `(${s})` : "";
  }
}
