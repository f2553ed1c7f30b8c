// Test harness for the preemption-point pass (ts/build/preempt*.ts): builds side modules with
// clang or from text, runs the pass and asyncify as ts/build/asyncify.ts does, and loads the result
// with a minimal insmod whose __kemu_preempt refills the budget (and can unwind the caller).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import binaryen from "binaryen";
import { afterAll, expect } from "vitest";
import { asyncifyModule } from "../../ts/build/asyncify.js";
import { instrumentLoops, type PreemptMode } from "../../ts/build/preempt.js";
import { inlineCountedLoops } from "../../ts/build/preempt_counted.js";
import { findToolchain, type Toolchain } from "../../ts/build/toolchain.js";

export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-preempt-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

export let tc: Toolchain | null = null;
try {
  tc = findToolchain();
} catch {
  tc = null;
}

/** A side module exactly as the module driver links one (wasm-ld --experimental-pic -shared). */
export function compile(name: string, source: string): Uint8Array {
  const c = path.join(tmp, `${name}.c`);
  const o = path.join(tmp, `${name}.o`);
  const w = path.join(tmp, `${name}.wasm`);
  fs.writeFileSync(c, source);
  const cc = spawnSync(tc!.clang, ["--target=wasm32-unknown-unknown", "-O2", "-g0", "-fPIC", "-ffreestanding", "-fno-builtin", "-nostdlib",
    "-mbulk-memory", "-fvisibility=default", "-fno-strict-aliasing", "-c", c, "-o", o], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(cc.stderr);
  const ld = spawnSync(tc!.wasmLd, ["--experimental-pic", "-shared", "--export-dynamic", "--unresolved-symbols=import-dynamic", o, "-o", w], { encoding: "utf8" });
  if (ld.status !== 0) throw new Error(ld.stderr);
  return new Uint8Array(fs.readFileSync(w));
}

export function fromText(text: string): Uint8Array {
  // Keeps the function names (the name section) in the binary.
  binaryen.setDebugInfo(true);
  const m = binaryen.parseText(text);
  try {
    m.setFeatures(binaryen.Features.MutableGlobals | binaryen.Features.TailCall);
    if (!m.validate()) throw new Error("test module does not validate");
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

export function namedLoops(wasm: Uint8Array): number {
  binaryen.setDebugInfo(true);
  const m = binaryen.readBinary(wasm);
  try {
    return (m.emitText().match(/\(loop \$/g) ?? []).length;
  } finally {
    m.dispose();
  }
}

export interface Variant {
  mode?: PreemptMode;
  asyncify?: boolean;
  /** Put counted loops' copies back in their callers (as ts/build/asyncify.ts does); default true. */
  inline?: boolean;
}

/** Instrument (unless mode is absent) and asyncify like ts/build/asyncify.ts does. */
export function transform(wasm: Uint8Array, v: Variant): { wasm: Uint8Array; loops: number } {
  binaryen.setDebugInfo(true);
  const mod = binaryen.readBinary(wasm);
  // A binary says nothing of the features it uses (clang's target_features section is gone
  // after linking); the hand-written module has a tail call.
  mod.setFeatures(mod.getFeatures() | binaryen.Features.TailCall);
  try {
    const loops = v.mode ? instrumentLoops(binaryen, mod, { mode: v.mode }) : 0;
    expect(mod.validate()).toBeTruthy();
    if (v.asyncify) asyncifyModule(binaryen, mod, ["env.__kemu_preempt", "env.ext_inc"], { inline: v.inline });
    else if (v.inline !== false) inlineCountedLoops(binaryen, mod);
    expect(mod.validate()).toBeTruthy();
    return { wasm: mod.emitBinary(), loops };
  } finally {
    mod.dispose();
  }
}

export const MEMORY_BASE = 1024;
export const ASYNC_DATA = 48 * 1024;
export const ASYNC_DATA_END = 60 * 1024;

export interface Loaded {
  exports: Record<string, unknown>;
  mem: DataView;
  budget: WebAssembly.Global;
  state: WebAssembly.Global;
  /** Calls of __kemu_preempt (rewinding re-entries not counted). */
  calls: number;
  /** Address of an exported data symbol. */
  addr(name: string): number;
  fn(name: string): (...a: number[]) => number;
}

export interface LoadOptions {
  quantum: number;
  /** Runs at each (non-rewinding) preemption point after the refill. */
  onPreempt?: (l: Loaded) => void;
  /** Unwind the task at every preemption point (needs an asyncified module). */
  unwind?: boolean;
}

/**
 * A minimal insmod: GOT.mem/GOT.func globals, data relocations, constructors; a JS __kemu_preempt
 * that refills the budget like the kernel's sched.preemptPoint.
 */
export function load(wasm: Uint8Array, o: LoadOptions): Loaded {
  const memory = new WebAssembly.Memory({ initial: 2 });
  const table = new WebAssembly.Table({ initial: 32, element: "anyfunc" });
  const i32 = (v: number, mutable = false) => new WebAssembly.Global({ value: "i32", mutable }, v);
  const budget = i32(o.quantum, true);
  const state = i32(0, true);
  const got: Record<string, { g: WebAssembly.Global; kind: "mem" | "func" }> = {};
  let inst: WebAssembly.Instance;
  const l: Loaded = {
    exports: {},
    mem: new DataView(memory.buffer),
    budget,
    state,
    calls: 0,
    addr: (name) => MEMORY_BASE + (inst.exports[name] as WebAssembly.Global).value,
    fn: (name) => inst.exports[name] as (...a: number[]) => number,
  };
  const env: Record<string, WebAssembly.ImportValue> = {
    memory,
    __indirect_function_table: table,
    __memory_base: i32(MEMORY_BASE),
    __table_base: i32(1),
    __stack_pointer: i32(40 * 1024, true),
    __asyncify_state: state,
    __asyncify_data: i32(0, true),
    __kemu_preempt_budget: budget,
    __kemu_preempt: () => {
      if (state.value === 2) {
        (inst.exports.asyncify_stop_rewind as () => void)();
        return;
      }
      l.calls++;
      budget.value = o.quantum;
      o.onPreempt?.(l);
      if (o.unwind) {
        l.mem.setInt32(ASYNC_DATA, ASYNC_DATA + 8, true);
        l.mem.setInt32(ASYNC_DATA + 4, ASYNC_DATA_END, true);
        (inst.exports.asyncify_start_unwind as (p: number) => void)(ASYNC_DATA);
      }
    },
    ext_inc: (x: number) => x + 1,
    ext_i64: (x: bigint) => x * 3n,
    ext_f64: (x: number) => x / 2,
  };
  const mod = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = { env: {}, "GOT.mem": {}, "GOT.func": {} };
  for (const imp of WebAssembly.Module.imports(mod)) {
    if (imp.module === "env") {
      if (!(imp.name in env)) throw new Error(`unresolved env.${imp.name}`);
      imports.env[imp.name] = env[imp.name];
    } else {
      const g = i32(0, true);
      got[imp.name] = { g, kind: imp.module === "GOT.mem" ? "mem" : "func" };
      imports[imp.module][imp.name] = g;
    }
  }
  inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
  l.exports = inst.exports;
  let slot = 1 + 16;
  for (const [name, { g, kind }] of Object.entries(got)) {
    if (kind === "mem") g.value = l.addr(name);
    else {
      table.set(slot, inst.exports[name] as () => void);
      g.value = slot++;
    }
  }
  (inst.exports.__wasm_apply_data_relocs as (() => void) | undefined)?.();
  (inst.exports.__wasm_call_ctors as (() => void) | undefined)?.();
  return l;
}

/** Call an exported function; with unwinding, unwind and rewind until it really returns. */
export function call(l: Loaded, name: string, args: number[], unwinds = { n: 0 }): number {
  const f = l.fn(name);
  let r = f(...args);
  while (l.state.value === 1) {
    unwinds.n++;
    (l.exports.asyncify_stop_unwind as () => void)();
    (l.exports.asyncify_start_rewind as (p: number) => void)(ASYNC_DATA);
    r = f(...args);
  }
  return r;
}
