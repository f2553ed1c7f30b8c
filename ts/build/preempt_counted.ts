// kemu: counted loops for the preemption pass (ts/build/preempt.ts). A leaf loop whose trip count
// is known at entry gets a copy without preemption points, run when the whole count fits in the budget.
import type binaryen from "binaryen";
import { type Binaryen, type ExpressionRef, type FunctionRef, type Setter, type Walker, addVar, classes, makeWalkers } from "./binaryen_ir.js";

/**
 * A loop that runs `tripCount` times from entry, with a copy of itself to run instead of the
 * instrumented one. This is loop versioning on a trip count (what LLVM's ScalarEvolution gives its
 * vectorizer), restricted to the shape clang's rotated loops have after -O2: one back-edge at the
 * end of the body, testing an induction variable against a loop-invariant bound.
 */
export interface CountedLoop {
  /**
   * The number of loop heads from entry to falling out, from the locals as they are at entry: an
   * i32 expression without side effects. 0 when that number is 2^32 / 2^j or infinite (the
   * induction variable steps over its bound), which the caller must treat as "does not fit".
   */
  tripCount(mod: binaryen.Module): ExpressionRef;
  /**
   * Runs a copy of the loop, made before the pass changed anything and moved to a function of its
   * own, and writes back the locals it changed.
   */
  run: ExpressionRef;
}

/** m^-1 mod 2^32 for odd m (Newton's iteration doubles the correct low bits each step). */
function inverseOdd(m: number): number {
  let x = m;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(m, x));
  return x | 0;
}

/** Every descendant of `e`, and `e` itself first if `self`. */
function descendants(b: Binaryen, walkers: Map<number, Walker>, e: ExpressionRef, self = false): ExpressionRef[] {
  const out: ExpressionRef[] = self ? [e] : [];
  const stack = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    const w = walkers.get(b.getExpressionId(x));
    if (w) w(x, (c) => { out.push(c); stack.push(c); });
  }
  return out;
}

/** `local.set/tee $i (i32.add (local.get $i) (i32.const k))` (or sub, or the operands swapped): k, else null. */
function stepOf(b: Binaryen, set: ExpressionRef): number | null {
  const { LocalSet, LocalGet, Binary, Const } = classes(b);
  const i = LocalSet.getIndex(set);
  const v = LocalSet.getValue(set);
  if (b.getExpressionId(v) !== b.BinaryId) return null;
  const op = Binary.getOp(v);
  const l = Binary.getLeft(v);
  const r = Binary.getRight(v);
  const isI = (x: ExpressionRef) => b.getExpressionId(x) === b.LocalGetId && LocalGet.getIndex(x) === i;
  const isK = (x: ExpressionRef) => b.getExpressionId(x) === b.ConstId && b.getExpressionType(x) === b.i32;
  let k: number | null = null;
  if (op === b.AddInt32 && isI(l) && isK(r)) k = Const.getValueI32(r);
  else if (op === b.AddInt32 && isK(l) && isI(r)) k = Const.getValueI32(l);
  else if (op === b.SubInt32 && isI(l) && isK(r)) k = -Const.getValueI32(r) | 0;
  return k === null || k === 0 ? null : k;
}

/**
 * The loop's trip count and copy, or null when it is not a counted leaf loop: it must have no
 * value, no loop with a back-edge inside, no call (a callee counts down the shared budget itself),
 * no way out but falling out of its end (so that every iteration reaches the test), and end with
 * `br_if $loop COND` where COND is `IV != BOUND` or `IV` (`IV != 0`): IV a local updated once per
 * iteration by a constant step, BOUND a constant or a local the loop does not write.
 */
export function countedLoop(
  b: Binaryen,
  walkers: Map<number, Walker>,
  mod: binaryen.Module,
  func: FunctionRef,
  loop: ExpressionRef,
  outlinedName: string,
): CountedLoop | null {
  const { Loop, Block, Break, Switch, LocalSet, LocalGet, Binary, Const } = classes(b);
  const label = Loop.getName(loop);
  if (label === null || b.getExpressionType(loop) !== b.none) return null;
  const body = Loop.getBody(loop);
  const bodyIsBlock = b.getExpressionId(body) === b.BlockId;
  const top = bodyIsBlock ? Array.from({ length: Block.getNumChildren(body) }, (_, i) => Block.getChildAt(body, i)) : [body];
  const test = top[top.length - 1];
  if (b.getExpressionId(test) !== b.BreakId || Break.getName(test) !== label || !Break.getCondition(test) || Break.getValue(test)) return null;

  const nodes = descendants(b, walkers, loop);
  const inner = new Set<string>();
  for (const x of nodes) {
    const id = b.getExpressionId(x);
    if (id === b.BlockId && x !== body) {
      const n = Block.getName(x);
      if (n) inner.add(n);
    }
  }
  const sets = new Map<number, ExpressionRef[]>();
  for (const x of nodes) {
    const id = b.getExpressionId(x);
    if (id === b.LoopId && Loop.getName(x) !== null) return null;
    if (id === b.CallId || id === b.CallIndirectId || id === b.CallRefId || id === b.ReturnId) return null;
    if (id === b.TryId || id === b.ThrowId || id === b.RethrowId || id === b.BrOnId) return null;
    if (id === b.BreakId && x !== test && !inner.has(Break.getName(x))) return null;
    if (id === b.SwitchId) {
      if (![...Switch.getNames(x), Switch.getDefaultName(x) ?? ""].every((n) => inner.has(n))) return null;
    }
    if (id === b.LocalSetId) {
      const i = LocalSet.getIndex(x);
      sets.set(i, [...(sets.get(i) ?? []), x]);
    }
  }

  // The induction variable: a tee in the test itself, or a get after a top-level set.
  const ivOf = (x: ExpressionRef): { iv: number; step: number } | null => {
    const id = b.getExpressionId(x);
    if (b.getExpressionType(x) !== b.i32) return null;
    let set: ExpressionRef;
    if (id === b.LocalSetId) {
      set = x;
    } else if (id === b.LocalGetId) {
      const only = sets.get(LocalGet.getIndex(x));
      if (!only || only.length !== 1 || LocalSet.isTee(only[0]) || !top.includes(only[0])) return null;
      set = only[0];
    } else {
      return null;
    }
    const iv = LocalSet.getIndex(set);
    if (sets.get(iv)?.length !== 1) return null;
    const step = stepOf(b, set);
    return step === null ? null : { iv, step };
  };
  const bound = (x: ExpressionRef): ((m: binaryen.Module) => ExpressionRef) | null => {
    const id = b.getExpressionId(x);
    if (id === b.ConstId && b.getExpressionType(x) === b.i32) {
      const v = Const.getValueI32(x);
      return (m) => m.i32.const(v);
    }
    if (id === b.LocalGetId && b.getExpressionType(x) === b.i32 && !sets.has(LocalGet.getIndex(x))) {
      const n = LocalGet.getIndex(x);
      return (m) => m.local.get(n, b.i32);
    }
    return null;
  };
  const cond = Break.getCondition(test);
  let iv: { iv: number; step: number } | null = null;
  let limit: ((m: binaryen.Module) => ExpressionRef) | null = null;
  if (b.getExpressionId(cond) === b.BinaryId && Binary.getOp(cond) === b.NeInt32) {
    const l = Binary.getLeft(cond);
    const r = Binary.getRight(cond);
    if ((iv = ivOf(r)) && (limit = bound(l))) {
      // BOUND != IV
    } else if ((iv = ivOf(l)) && (limit = bound(r))) {
      // IV != BOUND
    } else {
      return null;
    }
  } else {
    iv = ivOf(cond);
    limit = (m) => m.i32.const(0);
  }
  if (!iv || !limit) return null;

  // After t iterations the test sees IV0 + step*t: the count is the least t >= 1 with
  // step*t = BOUND - IV0 (mod 2^32). With step = odd * 2^j, t = (d * odd^-1) >> j when the low j
  // bits of d * odd^-1 are 0 (else IV never equals BOUND); 0 stands for both "2^(32-j)" and "never".
  const { iv: ivIndex, step } = iv;
  const j = 31 - Math.clz32(step & -step);
  const oddInv = inverseOdd(step >> j);
  const get = limit;
  const tripCount = (m: binaryen.Module): ExpressionRef => {
    const scaled = () => {
      const d = m.i32.sub(get(m), m.local.get(ivIndex, b.i32));
      return oddInv === 1 ? d : m.i32.mul(d, m.i32.const(oddInv));
    };
    if (j === 0) return scaled();
    return m.select(m.i32.and(scaled(), m.i32.const((1 << j) - 1)), m.i32.const(0), m.i32.shr_u(scaled(), m.i32.const(j)));
  };

  return { tripCount, run: outline(b, walkers, mod, func, loop, outlinedName) };
}

/** The declared type of each local of `func`, params first. */
function localTypes(b: Binaryen, func: FunctionRef): binaryen.Type[] {
  const info = b.getFunctionInfo(func);
  return [...b.expandType(info.params), ...info.vars];
}

/**
 * Moves a copy of `loop` (which has no call, return or branch out) into a new function `name`
 * taking the locals it reads or writes and returning those it writes, and returns the call that
 * runs it in `func`, with the write-backs. A function apart is what keeps the copy as clang made
 * it: asyncify flattens and re-optimizes every function that can unwind, which cost a tight loop
 * left in place up to a third (bench/preempt.js), and this one calls nothing.
 */
function outline(b: Binaryen, walkers: Map<number, Walker>, mod: binaryen.Module, func: FunctionRef, loop: ExpressionRef, name: string): ExpressionRef {
  const { LocalGet, LocalSet } = classes(b);
  const copy = mod.copyExpression(loop);
  const types = localTypes(b, func);
  const used = new Set<number>();
  const written = new Set<number>();
  const refs: ExpressionRef[] = [];
  for (const x of descendants(b, walkers, copy, true)) {
    const id = b.getExpressionId(x);
    if (id === b.LocalGetId) used.add(LocalGet.getIndex(x));
    else if (id === b.LocalSetId) {
      written.add(LocalSet.getIndex(x));
      used.add(LocalSet.getIndex(x));
    }
    else continue;
    refs.push(x);
  }
  const ins = [...used].sort((x, y) => x - y);
  const outs = [...written].sort((x, y) => x - y);
  const param = new Map(ins.map((l, i) => [l, i]));
  for (const x of refs) {
    if (b.getExpressionId(x) === b.LocalGetId) LocalGet.setIndex(x, param.get(LocalGet.getIndex(x))!);
    else LocalSet.setIndex(x, param.get(LocalSet.getIndex(x))!);
  }
  const outTypes = outs.map((l) => types[l]);
  const results = outs.length === 0 ? b.none : b.createType(outTypes);
  const values = outs.map((l) => mod.local.get(param.get(l)!, types[l]));
  const result = outs.length === 0 ? [] : outs.length === 1 ? values : [mod.tuple.make(values)];
  mod.addFunction(name, b.createType(ins.map((l) => types[l])), results, [], mod.block(null, [copy, ...result], results));
  const call = mod.call(name, ins.map((l) => mod.local.get(l, types[l])), results);
  if (outs.length === 0) return call;
  if (outs.length === 1) return mod.local.set(outs[0], call);
  const tuple = addVar(b, func, results);
  return mod.block(null, [mod.local.set(tuple, call), ...outs.map((l, i) => mod.local.set(l, mod.tuple.extract(mod.local.get(tuple, results), i)))], b.none);
}

/** Names the outline step gives: `<function>.loop.<n>` ('.' is not in C identifiers). */
const OUTLINED = /\.loop\.\d+(\$\d+)?$/;

/**
 * Puts each counted loop's copy back where it is called, once asyncify has run: the copy is out
 * of asyncify's reach by then, and a call at every entry costs short loops (bench/preempt.js). The
 * copy's locals become new locals of the caller, live only between entry and exit: no unwind can
 * happen in between, so asyncify does not need to save them. Returns the number of copies inlined.
 */
export function inlineCountedLoops(b: Binaryen, mod: binaryen.Module): number {
  const { LocalGet, LocalSet, Call, Loop, Block, Break, Switch } = classes(b);
  const walkers = makeWalkers(b);
  const outlined = new Map<string, FunctionRef>();
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const f = mod.getFunctionByIndex(i);
    const info = b.getFunctionInfo(f);
    if (!info.module && OUTLINED.test(info.name) && info.vars.length === 0) outlined.set(info.name, f);
  }
  if (outlined.size === 0) return 0;
  const sites: { caller: FunctionRef; call: ExpressionRef; set: Setter; callee: string }[] = [];
  for (let i = 0, n = mod.getNumFunctions(); i < n; i++) {
    const f = mod.getFunctionByIndex(i);
    const info = b.getFunctionInfo(f);
    if (info.module || !info.body) continue;
    const stack: { e: ExpressionRef; set: Setter }[] = [{ e: info.body, set: (x) => classes(b).Function.setBody(f, x) }];
    while (stack.length > 0) {
      const { e, set } = stack.pop()!;
      const id = b.getExpressionId(e);
      if (id === b.CallId && outlined.has(Call.getTarget(e))) sites.push({ caller: f, call: e, set, callee: Call.getTarget(e) });
      const w = walkers.get(id);
      if (w) w(e, (c, s) => stack.push({ e: c, set: s }));
    }
  }
  const count = new Map<string, number>();
  for (const s of sites) count.set(s.callee, (count.get(s.callee) ?? 0) + 1);
  let done = 0;
  for (const { caller, call, set, callee } of sites) {
    if (count.get(callee) !== 1) continue;
    const info = b.getFunctionInfo(outlined.get(callee)!);
    const params = b.expandType(info.params);
    const locals = params.map((t) => addVar(b, caller, t));
    const body = mod.copyExpression(info.body!);
    const prefix = `kemu.inline${done}.`;
    for (const x of descendants(b, walkers, body, true)) {
      const id = b.getExpressionId(x);
      if (id === b.LocalGetId) LocalGet.setIndex(x, locals[LocalGet.getIndex(x)]);
      else if (id === b.LocalSetId) LocalSet.setIndex(x, locals[LocalSet.getIndex(x)]);
      // Labels stay unique in the caller.
      else if (id === b.LoopId && Loop.getName(x) !== null) Loop.setName(x, prefix + Loop.getName(x));
      else if (id === b.BlockId && Block.getName(x) !== null) Block.setName(x, prefix + Block.getName(x));
      else if (id === b.BreakId) Break.setName(x, prefix + Break.getName(x));
      else if (id === b.SwitchId) {
        Switch.getNames(x).forEach((n, k) => Switch.setNameAt(x, k, prefix + n));
        const d = Switch.getDefaultName(x);
        if (d !== null) Switch.setDefaultName(x, prefix + d);
      }
    }
    const args = Array.from({ length: Call.getNumOperands(call) }, (_, k) => Call.getOperandAt(call, k));
    set(mod.block(null, [...args.map((a, k) => mod.local.set(locals[k], a)), body], info.results));
    mod.removeFunction(callee);
    done++;
  }
  return done;
}
