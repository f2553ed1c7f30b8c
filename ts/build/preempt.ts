// kemu: CONFIG_PREEMPT's preemption on return from the timer interrupt. wasm has no interrupts, so
// module code offers the CPU at loop heads instead, once every "budget" iterations (a countdown).
import type binaryen from "binaryen";

type Binaryen = typeof binaryen;
type ExpressionRef = binaryen.ExpressionRef;
type FunctionRef = binaryen.FunctionRef;

export type Countdown = "local" | "global";
export type SlowPath = "inline" | "outside";

export interface PreemptPassOptions {
  /** Base name of the imported mutable i32 countdown in "env"; default "__kemu_preempt_budget". */
  budgetGlobal?: string;
  /** Base name of the imported () -> () function called when the countdown runs out; default "__kemu_preempt". */
  preemptFunction?: string;
  /**
   * How the check reads the budget: "local" (default) reads the global once and keeps the
   * decremented value in a new local; "global" reads it again after the store.
   */
  countdown?: Countdown;
  /**
   * Where the call goes: "outside" (default) leaves the loop to call and re-enters it at its
   * head; "inline" calls from an `if` at the loop head.
   */
  slowPath?: SlowPath;
  /** More defined functions to leave alone (besides the linker's and asyncify's own). */
  exclude?: readonly string[];
}

/**
 * Run once per instance before any task exists, or they are asyncify's machinery: a preemption
 * there would have no task to switch away from (and asyncify must not instrument itself).
 */
const EXCLUDED = new Set([
  "__wasm_call_ctors",
  "__wasm_apply_data_relocs",
  "__wasm_apply_global_relocs",
  "__wasm_init_memory",
  "__wasm_init_tls",
  "asyncify_start_unwind",
  "asyncify_stop_unwind",
  "asyncify_start_rewind",
  "asyncify_stop_rewind",
  "asyncify_get_state",
]);

/** The per-class accessors binaryen.js has at runtime but index.d.ts does not declare. */
type Getter = (e: ExpressionRef) => ExpressionRef | ExpressionRef[];
type Accessors = Record<string, Getter>;
interface LoopClass {
  getName(e: ExpressionRef): string | null;
  setName(e: ExpressionRef, name: string): void;
  getBody(e: ExpressionRef): ExpressionRef;
  setBody(e: ExpressionRef, body: ExpressionRef): void;
}
interface BlockClass {
  insertChildAt(e: ExpressionRef, index: number, child: ExpressionRef): void;
}
function classes(b: Binaryen): { Loop: LoopClass; Block: BlockClass } {
  return b as unknown as { Loop: LoopClass; Block: BlockClass };
}

/**
 * Which getters of each expression class return child expressions. An expression kind missing
 * here makes the pass fail: a loop hidden under it would silently get no preemption point.
 */
const CHILDREN: Record<string, readonly string[]> = {
  Block: ["getChildren"],
  If: ["getCondition", "getIfTrue", "getIfFalse"],
  Loop: ["getBody"],
  Break: ["getCondition", "getValue"],
  Switch: ["getCondition", "getValue"],
  Call: ["getOperands"],
  CallIndirect: ["getTarget", "getOperands"],
  LocalSet: ["getValue"],
  GlobalSet: ["getValue"],
  Load: ["getPtr"],
  Store: ["getPtr", "getValue"],
  Unary: ["getValue"],
  Binary: ["getLeft", "getRight"],
  Select: ["getIfTrue", "getIfFalse", "getCondition"],
  Drop: ["getValue"],
  Return: ["getValue"],
  MemoryGrow: ["getDelta"],
  AtomicRMW: ["getPtr", "getValue"],
  AtomicCmpxchg: ["getPtr", "getExpected", "getReplacement"],
  AtomicWait: ["getPtr", "getExpected", "getTimeout"],
  AtomicNotify: ["getPtr", "getNotifyCount"],
  SIMDExtract: ["getVec"],
  SIMDReplace: ["getVec", "getValue"],
  SIMDShuffle: ["getLeft", "getRight"],
  SIMDTernary: ["getA", "getB", "getC"],
  SIMDShift: ["getVec", "getShift"],
  SIMDLoad: ["getPtr"],
  SIMDLoadStoreLane: ["getPtr", "getVec"],
  MemoryInit: ["getDest", "getOffset", "getSize"],
  MemoryCopy: ["getDest", "getSource", "getSize"],
  MemoryFill: ["getDest", "getValue", "getSize"],
  RefIsNull: ["getValue"],
  RefAs: ["getValue"],
  RefEq: ["getLeft", "getRight"],
  TableGet: ["getIndex"],
  TableSet: ["getIndex", "getValue"],
  TableGrow: ["getValue", "getDelta"],
  Try: ["getBody", "getCatchBodies"],
  Throw: ["getOperands"],
  TupleMake: ["getOperands"],
  TupleExtract: ["getTuple"],
  RefI31: ["getValue"],
  I31Get: ["getI31"],
  RefTest: ["getRef"],
  RefCast: ["getRef"],
  BrOn: ["getRef"],
  StructNew: ["getOperands"],
  StructGet: ["getRef"],
  StructSet: ["getRef", "getValue"],
  ArrayNew: ["getInit", "getSize"],
  ArrayNewFixed: ["getValues"],
  ArrayNewData: ["getOffset", "getSize"],
  ArrayNewElem: ["getOffset", "getSize"],
  ArrayGet: ["getRef", "getIndex"],
  ArraySet: ["getRef", "getIndex", "getValue"],
  ArrayLen: ["getRef"],
  ArrayFill: ["getRef", "getIndex", "getValue", "getSize"],
  ArrayCopy: ["getDestRef", "getDestIndex", "getSrcRef", "getSrcIndex", "getLength"],
  ArrayInitData: ["getRef", "getIndex", "getOffset", "getSize"],
  ArrayInitElem: ["getRef", "getIndex", "getOffset", "getSize"],
};
const LEAVES = [
  "Nop", "Unreachable", "LocalGet", "GlobalGet", "Const", "MemorySize", "AtomicFence", "Pause", "DataDrop",
  "RefNull", "RefFunc", "TableSize", "Rethrow", "Pop",
];

/** One child walker per expression id; undefined for kinds the pass cannot see into. */
type Walker = ((e: ExpressionRef, out: ExpressionRef[]) => void) | null;

function makeWalkers(b: Binaryen): Map<number, Walker> {
  const lib = b as unknown as Record<string, unknown>;
  const walkers = new Map<number, Walker>();
  for (const leaf of LEAVES) {
    const id = lib[`${leaf}Id`];
    if (typeof id === "number") walkers.set(id, null);
  }
  for (const [kind, getters] of Object.entries(CHILDREN)) {
    const id = lib[`${kind}Id`];
    const cls = lib[kind] as Accessors | undefined;
    if (typeof id !== "number" || !cls) continue;
    const fns = getters.map((g) => {
      const f = cls[g];
      if (typeof f !== "function") throw new Error(`preempt pass: binaryen.${kind}.${g} is missing`);
      return f;
    });
    walkers.set(id, (e, out) => {
      for (const f of fns) {
        const c = f(e);
        if (typeof c === "number") {
          if (c) out.push(c);
        } else {
          for (const x of c) if (x) out.push(x);
        }
      }
    });
  }
  // CallRef has getOperandAt but no getOperands.
  const callRef = lib.CallRef as Record<string, (e: ExpressionRef, i?: number) => number> | undefined;
  if (typeof lib.CallRefId === "number" && callRef) {
    walkers.set(lib.CallRefId, (e, out) => {
      const n = callRef.getNumOperands(e);
      for (let i = 0; i < n; i++) out.push(callRef.getOperandAt(e, i));
      out.push(callRef.getTarget(e));
    });
  }
  return walkers;
}

function expressionKindName(b: Binaryen, id: number): string {
  for (const [k, v] of Object.entries(b as unknown as Record<string, unknown>)) {
    if (v === id && k.endsWith("Id") && k !== "InvalidId") return k.slice(0, -2);
  }
  return `#${id}`;
}

/** Every Loop in `body`, outermost first. Iterative: clang's switch lowering nests blocks thousands deep. */
function findLoops(b: Binaryen, walkers: Map<number, Walker>, fname: string, body: ExpressionRef): ExpressionRef[] {
  const loops: ExpressionRef[] = [];
  const stack: ExpressionRef[] = [body];
  while (stack.length > 0) {
    const e = stack.pop()!;
    const id = b.getExpressionId(e);
    if (id === b.LoopId) loops.push(e);
    const w = walkers.get(id);
    if (w === undefined) {
      throw new Error(`preempt pass: cannot look inside a ${expressionKindName(b, id)} expression in ${fname}`);
    }
    if (w) w(e, stack);
  }
  return loops;
}

function findImportedFunction(b: Binaryen, mod: binaryen.Module, base: string): string | null {
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const info = b.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module !== "env" || info.base !== base) continue;
    if (info.params !== b.none || info.results !== b.none) throw new Error(`preempt pass: env.${base} is imported with a type other than () -> ()`);
    return info.name;
  }
  return null;
}

function findImportedGlobal(b: Binaryen, mod: binaryen.Module, base: string): string | null {
  for (let i = 0, n = mod.getNumGlobals(); i < n; i++) {
    const info = b.getGlobalInfo(mod.getGlobalByIndex(i));
    if (info.module !== "env" || info.base !== base) continue;
    if (info.type !== b.i32 || !info.mutable) throw new Error(`preempt pass: env.${base} is imported, but not as a mutable i32`);
    return info.name;
  }
  return null;
}

function freshName(taken: (n: string) => boolean, want: string): string {
  if (!taken(want)) return want;
  for (let i = 1; ; i++) if (!taken(`${want}$${i}`)) return `${want}$${i}`;
}

/**
 * Instrument every loop of every defined function of `mod` (a binaryen.Module already read with
 * readBinary). Returns the number of loops instrumented.
 */
export function instrumentLoops(b: Binaryen, mod: binaryen.Module, opts: PreemptPassOptions = {}): number {
  const budgetBase = opts.budgetGlobal ?? "__kemu_preempt_budget";
  const preemptBase = opts.preemptFunction ?? "__kemu_preempt";
  const form = opts.countdown ?? "local";
  const slow = opts.slowPath ?? "outside";
  const exclude = new Set([...EXCLUDED, ...(opts.exclude ?? [])]);
  const walkers = makeWalkers(b);
  const { Loop } = classes(b);

  // Find every loop before changing anything: the imports are added only when there is one.
  const work: { func: FunctionRef; loops: ExpressionRef[] }[] = [];
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const func = mod.getFunctionByIndex(i);
    const info = b.getFunctionInfo(func);
    if (info.module || !info.body || exclude.has(info.name) || info.name.startsWith("asyncify_")) continue;
    // An unnamed loop has no branch to its head (binaryen drops unused labels): it runs once.
    const loops = findLoops(b, walkers, info.name, info.body).filter((l) => Loop.getName(l) !== null);
    if (loops.length > 0) work.push({ func, loops });
  }
  if (work.length === 0) return 0;

  let budget = findImportedGlobal(b, mod, budgetBase);
  if (budget === null) {
    budget = freshName((n) => mod.getGlobal(n) !== 0, budgetBase);
    mod.addGlobalImport(budget, "env", budgetBase, b.i32, true);
  }
  let preempt = findImportedFunction(b, mod, preemptBase);
  if (preempt === null) {
    preempt = freshName((n) => mod.getFunction(n) !== 0, preemptBase);
    mod.addFunctionImport(preempt, "env", preemptBase, b.none, b.none);
  }
  mod.setFeatures(mod.getFeatures() | b.Features.MutableGlobals);

  const labels = new Labels();
  let count = 0;
  for (const { func, loops } of work) {
    const tmp = form === "local" ? addVar(b, func, b.i32) : -1;
    for (const loop of loops) {
      if (slow === "inline") {
        const dec = countdown(b, mod, form, budget, tmp);
        prepend(b, mod, loop, [dec.store, mod.if(dec.expired, mod.call(preempt, [], b.none))]);
      } else {
        outside(b, mod, loop, budget, preempt, form, tmp, labels);
      }
      count++;
    }
  }
  return count;
}

/**
 * budget = budget - 1, and whether it ran out (budget <= 0). Signed and "<= 0", so the kernel
 * can ask for a preemption point at the next loop head by storing 0 (its TIF_NEED_RESCHED).
 */
function countdown(b: Binaryen, mod: binaryen.Module, form: Countdown, budget: string, tmp: number): { store: ExpressionRef; expired: ExpressionRef } {
  const dec = mod.i32.sub(mod.global.get(budget, b.i32), mod.i32.const(1));
  if (form === "local") {
    return { store: mod.global.set(budget, mod.local.tee(tmp, dec, b.i32)), expired: mod.i32.le_s(mod.local.get(tmp, b.i32), mod.i32.const(0)) };
  }
  return { store: mod.global.set(budget, dec), expired: mod.i32.le_s(mod.global.get(budget, b.i32), mod.i32.const(0)) };
}

/** Put `exprs` first in the loop's body, which runs on entry and after every back-edge. */
function prepend(b: Binaryen, mod: binaryen.Module, loop: ExpressionRef, exprs: ExpressionRef[]): void {
  const { Loop, Block } = classes(b);
  const body = Loop.getBody(loop);
  if (b.getExpressionId(body) === b.BlockId) {
    // A block keeps its type when none-typed children go first, and a branch to its label
    // still goes past its end: no new block, no new label.
    exprs.forEach((e, i) => Block.insertChildAt(body, i, e));
  } else {
    Loop.setBody(loop, mod.block(null, [...exprs, body], b.auto));
  }
}

/** Label names the pass adds, unique in the module (clang's and binaryen's never start with "kemu."). */
class Labels {
  private n = 0;
  next(): { retry: string; done: string; slow: string } {
    const i = this.n++;
    return { retry: `kemu.preempt.retry${i}`, done: `kemu.preempt.done${i}`, slow: `kemu.preempt.slow${i}` };
  }
}

/**
 * The "outside" form: the loop leaves through $slow when the budget runs out, calls, and comes
 * back to its head, so the hot loop itself contains no call. V8 neither unrolls nor peels a wasm
 * loop that contains a call, and keeps values live across a call in stack slots (every register
 * is caller-saved in its wasm ABI); with the call inside, a small loop ran 1.5-2.5x slower.
 * The Loop node keeps its place in the tree (no parent to patch) and becomes the retry loop:
 *
 *   (loop $retry (result T)                         ;; the original node, renamed
 *     (block $done (result T)
 *       (block $slow
 *         (br $done (loop $L (result T)             ;; new node: original label and body
 *           (global.set $budget (local.tee $t (i32.sub (global.get $budget) (i32.const 1))))
 *           (br_if $slow (i32.le_s (local.get $t) (i32.const 0)))
 *           BODY)))
 *       (call $__kemu_preempt)
 *       (br $retry)))
 *
 * Re-entering at the head is the same as taking a back-edge: the loop's state is in locals.
 */
function outside(b: Binaryen, mod: binaryen.Module, loop: ExpressionRef, budget: string, preempt: string, form: Countdown, tmp: number, labels: Labels): void {
  const { Loop } = classes(b);
  const type = b.getExpressionType(loop);
  const name = Loop.getName(loop)!;
  const l = labels.next();
  const dec = countdown(b, mod, form, budget, tmp);
  const inner = mod.loop(name, Loop.getBody(loop));
  prepend(b, mod, inner, [dec.store, mod.br(l.slow, dec.expired)]);
  const concrete = type !== b.none && type !== b.unreachable;
  const exit = concrete ? mod.br(l.done, 0, inner) : mod.block(null, [inner, mod.br(l.done)], b.auto);
  const done = mod.block(l.done, [mod.block(l.slow, [exit], b.none), mod.call(preempt, [], b.none), mod.br(l.retry)], concrete ? type : b.none);
  Loop.setName(loop, l.retry);
  Loop.setBody(loop, done);
}

/** Function.addVar exists in the C API but binaryen.js does not wrap it. */
function addVar(b: Binaryen, func: FunctionRef, type: binaryen.Type): number {
  const raw = (b as unknown as { _BinaryenFunctionAddVar?: (f: FunctionRef, t: binaryen.Type) => number })._BinaryenFunctionAddVar;
  if (typeof raw !== "function") throw new Error("preempt pass: binaryen has no _BinaryenFunctionAddVar");
  return raw(func, type);
}
