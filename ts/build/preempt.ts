// kemu: CONFIG_PREEMPT's preemption on return from the timer interrupt. wasm has no interrupts, so
// module code offers the CPU at loop heads (every back-edge passes one) after a countdown instead.
import type binaryen from "binaryen";
import { type CountedLoop, countedLoop } from "./preempt_counted.js";
import { type Binaryen, type ExpressionRef, type FunctionRef, type Setter, type Walker, addVar, classes, expressionKindName, makeWalkers } from "./binaryen_ir.js";

/**
 * "cached" keeps the countdown of a loop nest in a local and writes it back to the global around
 * calls and when the nest is left; "simple" decrements the global itself at every loop head and
 * calls from there. Both call __kemu_preempt after the same number of loop heads.
 */
export type PreemptMode = "cached" | "simple";

export interface PreemptPassOptions {
  /** Base name of the imported mutable i32 countdown in "env"; default "__kemu_preempt_budget". */
  budgetGlobal?: string;
  /** Base name of the imported () -> () function called when the countdown runs out; default "__kemu_preempt". */
  preemptFunction?: string;
  /** Default "cached"; "simple" is the reference the benchmark compares against. */
  mode?: PreemptMode;
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

// ---- Analysis --------------------------------------------------------------------------------

/** Labels defined by the ancestors of a node, innermost first, up to the root of its loop nest. */
interface LabelChain {
  name: string;
  up: LabelChain | null;
}
function defines(chain: LabelChain | null, name: string): boolean {
  for (let c = chain; c; c = c.up) if (c.name === name) return true;
  return false;
}

interface FunctionPlan {
  func: FunctionRef;
  name: string;
  /** Loops with a back-edge; `root` when no other such loop encloses it (a loop nest's outermost). */
  loops: { loop: ExpressionRef; root: boolean; set: Setter }[];
  /** Calls inside a loop nest: the callee may count down or refill the budget itself. */
  calls: { e: ExpressionRef; set: Setter }[];
  /** Branches and returns that leave a loop nest other than by falling out of its root loop. */
  exits: { e: ExpressionRef; set: Setter }[];
}

function plan(b: Binaryen, walkers: Map<number, Walker>, func: FunctionRef, name: string, body: ExpressionRef): FunctionPlan {
  const { Loop, Block, Break, Switch, Call, CallIndirect, Try, Function } = classes(b);
  const p: FunctionPlan = { func, name, loops: [], calls: [], exits: [] };
  // Iterative: clang lowers a big switch to blocks nested thousands deep.
  type Frame = { e: ExpressionRef; set: Setter; nest: boolean; labels: LabelChain | null };
  const stack: Frame[] = [{ e: body, set: (n) => Function.setBody(func, n), nest: false, labels: null }];
  while (stack.length > 0) {
    const { e, set, nest: inNest, labels: outer } = stack.pop()!;
    const id = b.getExpressionId(e);
    let nest = inNest;
    let labels = outer;
    if (id === b.LoopId) {
      const label = Loop.getName(e);
      // binaryen drops a loop label nothing branches to: such a loop runs its body once.
      if (label !== null) {
        p.loops.push({ loop: e, root: !nest, set });
        labels = { name: label, up: nest ? labels : null };
        nest = true;
      }
    } else if (nest) {
      if (id === b.BlockId || id === b.TryId) {
        const label = id === b.BlockId ? Block.getName(e) : Try.getName(e);
        if (label) labels = { name: label, up: labels };
      } else if (id === b.BreakId) {
        if (!defines(labels, Break.getName(e))) p.exits.push({ e, set });
      } else if (id === b.SwitchId) {
        const targets = [...Switch.getNames(e), Switch.getDefaultName(e) ?? ""];
        if (targets.some((t) => !defines(labels, t))) p.exits.push({ e, set });
      } else if (id === b.ReturnId) {
        p.exits.push({ e, set });
      } else if (id === b.CallId || id === b.CallIndirectId || id === b.CallRefId) {
        const tail = id === b.CallId ? Call.isReturn(e) : id === b.CallIndirectId ? CallIndirect.isReturn(e) : false;
        (tail ? p.exits : p.calls).push({ e, set });
      }
    }
    const w = walkers.get(id);
    if (w === undefined) throw new Error(`preempt pass: cannot look inside a ${expressionKindName(b, id)} expression in ${name}`);
    if (w) w(e, (c, s) => stack.push({ e: c, set: s, nest, labels }));
  }
  return p;
}

// ---- Rewriting ---------------------------------------------------------------------------------

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

/** What the rewrite of one function needs. */
class Rewriter {
  private readonly temps = new Map<binaryen.Type, number>();
  /** The local holding a counted loop's trip count at entry; -1 until one is needed. */
  private trip = -1;
  private labelCount = 0;
  constructor(
    private readonly b: Binaryen,
    private readonly mod: binaryen.Module,
    private readonly func: FunctionRef,
    private readonly budget: string,
    private readonly preempt: string,
    /** The local that holds the countdown inside a loop nest ("cached" mode). */
    private readonly c: number,
    private readonly labelPrefix: string,
  ) {}

  /** A scratch local of `type` to carry a value past the write-back (one per type is enough). */
  private temp(type: binaryen.Type): number {
    let t = this.temps.get(type);
    if (t === undefined) this.temps.set(type, (t = addVar(this.b, this.func, type)));
    return t;
  }

  private store(): ExpressionRef {
    return this.mod.global.set(this.budget, this.mod.local.get(this.c, this.b.i32));
  }

  private load(): ExpressionRef {
    return this.mod.local.set(this.c, this.mod.global.get(this.budget, this.b.i32));
  }

  private callPreempt(): ExpressionRef {
    return this.mod.call(this.preempt, [], this.b.none);
  }

  /** `e`, then `after`, with e's value (if any) carried past `after` in a scratch local. */
  private then(e: ExpressionRef, after: ExpressionRef[]): ExpressionRef {
    const { b, mod } = this;
    const type = b.getExpressionType(e);
    if (type === b.unreachable) return e;
    if (type === b.none) return mod.block(null, [e, ...after], b.none);
    const t = this.temp(type);
    return mod.block(null, [mod.local.set(t, e), ...after, mod.local.get(t, type)], type);
  }

  /**
   * The child of a call, branch or return that is evaluated last, with its setter: the write-back
   * goes after it, so that a loop or call inside an operand has counted down by then.
   */
  private lastChild(e: ExpressionRef): { child: ExpressionRef; set: Setter } | null {
    const { b } = this;
    const k = classes(b);
    const id = b.getExpressionId(e);
    const one = (child: ExpressionRef, set: Setter) => (child ? { child, set } : null);
    if (id === b.CallId) {
      const n = k.Call.getNumOperands(e);
      return n === 0 ? null : one(k.Call.getOperandAt(e, n - 1), (x) => k.Call.setOperandAt(e, n - 1, x));
    }
    if (id === b.CallIndirectId) return one(k.CallIndirect.getTarget(e), (x) => k.CallIndirect.setTarget(e, x));
    if (id === b.CallRefId) return one(k.CallRef.getTarget(e), (x) => k.CallRef.setTarget(e, x));
    if (id === b.BreakId) {
      return one(k.Break.getCondition(e), (x) => k.Break.setCondition(e, x)) ?? one(k.Break.getValue(e), (x) => k.Break.setValue(e, x));
    }
    if (id === b.SwitchId) return one(k.Switch.getCondition(e), (x) => k.Switch.setCondition(e, x));
    if (id === b.ReturnId) return one(k.Return.getValue(e), (x) => k.Return.setValue(e, x));
    return null;
  }

  /** Write the count back to the global just before `e` acts (after its operands ran). */
  private storeBefore(e: ExpressionRef, set: Setter): ExpressionRef {
    const last = this.lastChild(e);
    if (last) {
      last.set(this.then(last.child, [this.store()]));
      return e;
    }
    const wrapped = this.mod.block(null, [this.store(), e], this.b.auto);
    set(wrapped);
    return wrapped;
  }

  /** The callee sees the nest's count and may change it (its own loops, a refill when preempted). */
  wrapCall(e: ExpressionRef, set: Setter): void {
    const node = this.storeBefore(e, set);
    // storeBefore has put e (or a block holding it) in the parent; reload after it.
    set(this.then(node, [this.load()]));
  }

  /** Leaving the nest other than by falling out of its root: the count goes back to the global. */
  wrapExit(e: ExpressionRef, set: Setter): void {
    this.storeBefore(e, set);
  }

  /** "simple": budget = budget - 1; if (budget <= 0) __kemu_preempt(); at the loop head. */
  simple(loop: ExpressionRef): void {
    const { b, mod, budget } = this;
    const dec = mod.global.set(budget, mod.i32.sub(mod.global.get(budget, b.i32), mod.i32.const(1)));
    const expired = mod.i32.le_s(mod.global.get(budget, b.i32), mod.i32.const(0));
    prepend(b, mod, loop, [dec, mod.if(expired, this.callPreempt())]);
  }

  /**
   * "cached": the hot loop counts down a local and leaves through $slow to call, so it has no
   * call and no memory access of its own. Two things made the simple form 1.5-4x slower on small
   * loops in V8 (docs/performance.md): the global's load-decrement-store at every head is a
   * dependency chain through memory (store-to-load forwarding, some 5 cycles an iteration), and
   * V8 neither unrolls nor keeps in registers a loop that contains a call (every register is
   * caller-saved in its wasm ABI). The Loop node keeps its place in the tree (no parent to patch)
   * and becomes the retry loop; a new loop gets the original label and body:
   *
   *   (local.set $c (global.get $budget))            ;; root of a nest only
   *   (loop $retry (result T)
   *     (block $done (result T)
   *       (block $slow
   *         (br $done (loop $L (result T)
   *           (br_if $slow (i32.le_s (local.tee $c (i32.sub (local.get $c) (i32.const 1))) (i32.const 0)))
   *           BODY))                                 ;; a root also stores $c when falling out
   *       (global.set $budget (local.get $c))
   *       (call $__kemu_preempt)
   *       (local.set $c (i32.add (global.get $budget) (i32.const 1)))
   *       (br $retry)))
   *
   * Re-entering at the head is the same as taking a back-edge: the loop's state is in locals.
   *
   * A counted leaf loop (ts/build/preempt_counted.ts) also has an untouched copy in a function of
   * its own, run when the trip count T (from the locals: at entry, or what is left after a
   * preemption) leaves the count above 0, which is when no head of it would have called:
   *
   *   (loop $retry
   *     (block $done
   *       (local.set $t TRIPCOUNT)
   *       (if (i32.and (i32.gt_s $c 0) (i32.lt_u (i32.sub $t 1) (i32.sub $c 1)))
   *         (then (local.set $c (i32.sub $c $t)) (call $f.loop.N ...) (br $done)))
   *       (block $slow ...as above
   *
   * so the count, and every call, is what it would be without the copy.
   */
  cached(loop: ExpressionRef, root: boolean, set: Setter, counted: CountedLoop | null = null): void {
    const { b, mod, c } = this;
    const { Loop } = classes(b);
    const type = b.getExpressionType(loop);
    const i = this.labelCount++;
    const retry = `${this.labelPrefix}retry${i}`;
    const done = `${this.labelPrefix}done${i}`;
    const slow = `${this.labelPrefix}slow${i}`;
    const inner = mod.loop(Loop.getName(loop)!, Loop.getBody(loop));
    const dec = mod.local.tee(c, mod.i32.sub(mod.local.get(c, b.i32), mod.i32.const(1)), b.i32);
    prepend(b, mod, inner, [mod.br(slow, mod.i32.le_s(dec, mod.i32.const(0)))]);
    const concrete = type !== b.none && type !== b.unreachable;
    const fallOut = root ? this.then(inner, [this.store()]) : inner;
    // A loop that never falls out (for (;;)) stays unreachable-typed: nothing branches to $done,
    // so binaryen types that block, and the retry loop, unreachable as well.
    const exit = type === b.unreachable ? fallOut : concrete ? mod.br(done, 0, fallOut) : mod.block(null, [fallOut, mod.br(done)], b.auto);
    // The head that ran out is run again after the call, so it is counted once more: +1 keeps
    // the calls where "simple" mode makes them (the kernel sees the same budget at each).
    const reload = mod.local.set(c, mod.i32.add(mod.global.get(this.budget, b.i32), mod.i32.const(1)));
    const doneBlock = mod.block(
      done,
      [...(counted ? this.fastPath(counted, root, done) : []), mod.block(slow, [exit], b.none), this.store(), this.callPreempt(), reload, mod.br(retry)],
      concrete ? type : b.none,
    );
    Loop.setName(loop, retry);
    Loop.setBody(loop, doneBlock);
    // Entering a nest loads the count; an inner loop's entry finds it in the local already.
    if (root) set(mod.block(null, [this.load(), loop], b.auto));
  }

  /**
   * A counted loop's way around its instrumented self (see cached()): at entry, and again after
   * each preemption (the trip count is then what is left), run the copy if it fits.
   */
  private fastPath(counted: CountedLoop, root: boolean, done: string): ExpressionRef[] {
    const { b, mod, c } = this;
    if (this.trip === -1) this.trip = addVar(b, this.func, b.i32);
    const t = this.trip;
    const get = (x: number) => mod.local.get(x, b.i32);
    const one = () => mod.i32.const(1);
    const fits = mod.i32.and(mod.i32.gt_s(get(c), mod.i32.const(0)), mod.i32.lt_u(mod.i32.sub(get(t), one()), mod.i32.sub(get(c), one())));
    const charge = mod.local.set(c, mod.i32.sub(get(c), get(t)));
    const run = [charge, counted.run, ...(root ? [this.store()] : []), mod.br(done)];
    return [mod.local.set(t, counted.tripCount(mod)), mod.if(fits, mod.block(null, run, b.none))];
  }
}

/**
 * Instrument every loop of every defined function of `mod` (a binaryen.Module already read with
 * readBinary). Returns the number of loops instrumented (0 for a module instrumented before).
 * In "cached" mode counted leaf loops also get an uninstrumented copy in a function of their own
 * (`f.loop.N`), which inlineCountedLoops (ts/build/preempt_counted.ts) puts back after asyncify.
 *
 * A loop counts once per head, i.e. per iteration and entry; "loops" without a back-edge (no
 * label after readBinary) cost nothing. In "cached" mode the count is exact except when a nest is
 * left by an exception (C has none): the nest's count since its last write-back is lost.
 *
 * Contract with the kernel: __kemu_preempt is called with the global at or below 0 and must
 * leave it above 0 (the refill), or the loop calls again without running an iteration. Storing 0
 * asks for a call at the next loop head that reads the global: at once in "simple" mode, at the
 * next call or loop-nest entry in "cached" mode (the kernel cannot run in between anyway).
 */
export function instrumentLoops(b: Binaryen, mod: binaryen.Module, opts: PreemptPassOptions = {}): number {
  const budgetBase = opts.budgetGlobal ?? "__kemu_preempt_budget";
  const preemptBase = opts.preemptFunction ?? "__kemu_preempt";
  const mode = opts.mode ?? "cached";
  const exclude = new Set([...EXCLUDED, ...(opts.exclude ?? [])]);
  // Only this pass adds the import: the module has been through it already.
  if (findImportedFunction(b, mod, preemptBase) !== null) return 0;
  const walkers = makeWalkers(b);

  // Plan every function before changing anything: the imports are added only when a loop exists.
  const plans: FunctionPlan[] = [];
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const func = mod.getFunctionByIndex(i);
    const info = b.getFunctionInfo(func);
    if (info.module || !info.body || exclude.has(info.name) || info.name.startsWith("asyncify_")) continue;
    const p = plan(b, walkers, func, info.name, info.body);
    if (p.loops.length > 0) plans.push(p);
  }
  if (plans.length === 0) return 0;

  let budget = findImportedGlobal(b, mod, budgetBase);
  if (budget === null) {
    budget = freshName((n) => mod.getGlobal(n) !== 0, budgetBase);
    mod.addGlobalImport(budget, "env", budgetBase, b.i32, true);
  }
  const preempt = freshName((n) => mod.getFunction(n) !== 0, preemptBase);
  mod.addFunctionImport(preempt, "env", preemptBase, b.none, b.none);
  // Multivalue: a counted loop's outlined copy returns every local it writes.
  mod.setFeatures(mod.getFeatures() | b.Features.MutableGlobals | b.Features.Multivalue);

  let count = 0;
  for (const p of plans) {
    const c = mode === "cached" ? addVar(b, p.func, b.i32) : -1;
    // Labels are per function in wasm; clang's and binaryen's never contain "kemu.".
    const rw = new Rewriter(b, mod, p.func, budget, preempt, c, "kemu.preempt.");
    // Copies of counted loops are taken before anything changes.
    const counted = p.loops.map(({ loop }, i) => (mode === "cached" ? countedLoop(b, walkers, mod, p.func, loop, freshName((n) => mod.getFunction(n) !== 0, `${p.name}.loop.${i}`)) : null));
    if (mode === "cached") {
      // Calls and exits first: their setters patch parents, and the loop rewrite below moves a
      // loop's body (a parent of some of them) under a new node.
      for (const x of p.calls) rw.wrapCall(x.e, x.set);
      for (const x of p.exits) rw.wrapExit(x.e, x.set);
    }
    // Innermost first: an inner loop's setter patches its parent as planned, before an outer
    // rewrite moves that parent (or, for a loop whose body is the inner loop, replaces it).
    for (let i = p.loops.length - 1; i >= 0; i--) {
      const { loop, root, set } = p.loops[i];
      if (mode === "cached") rw.cached(loop, root, set, counted[i]);
      else rw.simple(loop);
      count++;
    }
  }
  return count;
}
