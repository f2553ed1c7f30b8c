// kemu: walking and editing binaryen IR from binaryen.js, whose index.d.ts lacks the per-class
// child accessors (binaryen.If.getCondition...) that the module passes (ts/build/preempt*.ts) use.
import type binaryen from "binaryen";

export type Binaryen = typeof binaryen;
export type ExpressionRef = binaryen.ExpressionRef;
export type FunctionRef = binaryen.FunctionRef;

/** Replaces one child in its parent. */
export type Setter = (child: ExpressionRef) => void;
export type Visit = (child: ExpressionRef, set: Setter) => void;
/** Enumerates an expression's children; null for leaves. */
export type Walker = ((e: ExpressionRef, visit: Visit) => void) | null;
type AnyFn = (...args: number[]) => unknown;

/**
 * Which getters of each expression class (binaryen.If, binaryen.Store... present at runtime, not
 * declared in index.d.ts) return child expressions; each has a setter named after it. A kind
 * missing here makes the pass fail: a loop hidden under it would get no preemption point.
 */
const CHILDREN: Record<string, readonly string[]> = {
  Block: ["getChildren"],
  If: ["getCondition", "getIfTrue", "getIfFalse"],
  Loop: ["getBody"],
  Break: ["getCondition", "getValue"],
  Switch: ["getCondition", "getValue"],
  Call: ["getOperands"],
  CallIndirect: ["getTarget", "getOperands"],
  CallRef: ["getOperands", "getTarget"],
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
/** List getters and the per-index setter that goes with each (getChildren -> setChildAt). */
const LIST_SETTER: Record<string, string> = {
  getChildren: "setChildAt",
  getOperands: "setOperandAt",
  getCatchBodies: "setCatchBodyAt",
  getValues: "setValueAt",
};

export function makeWalkers(b: Binaryen): Map<number, Walker> {
  const lib = b as unknown as Record<string, unknown>;
  const walkers = new Map<number, Walker>();
  for (const leaf of LEAVES) {
    const id = lib[`${leaf}Id`];
    if (typeof id === "number") walkers.set(id, null);
  }
  for (const [kind, getters] of Object.entries(CHILDREN)) {
    const id = lib[`${kind}Id`];
    const cls = lib[kind] as Record<string, AnyFn> | undefined;
    if (typeof id !== "number" || !cls) continue;
    const fns = getters.map((g) => {
      const list = LIST_SETTER[g];
      // CallRef has getOperandAt/setOperandAt but no getOperands.
      const get = list && !cls[g] ? null : cls[g];
      const set = cls[list ?? `set${g.slice(3)}`];
      const count = cls.getNumOperands;
      if ((!get && !(list && cls.getOperandAt && count)) || typeof set !== "function") {
        throw new Error(`preempt pass: binaryen.${kind} lacks ${g} or its setter`);
      }
      return { get, set, list: !!list, count, at: cls.getOperandAt };
    });
    walkers.set(id, (e, visit) => {
      for (const f of fns) {
        if (!f.list) {
          const c = f.get!(e) as ExpressionRef;
          if (c) visit(c, (n) => f.set(e, n));
          continue;
        }
        const cs = f.get ? (f.get(e) as ExpressionRef[]) : Array.from({ length: f.count(e) as number }, (_, i) => f.at(e, i) as ExpressionRef);
        cs.forEach((c, i) => {
          if (c) visit(c, (n) => f.set(e, i, n));
        });
      }
    });
  }
  return walkers;
}

export function expressionKindName(b: Binaryen, id: number): string {
  for (const [k, v] of Object.entries(b as unknown as Record<string, unknown>)) {
    if (v === id && k.endsWith("Id") && k !== "InvalidId") return k.slice(0, -2);
  }
  return `#${id}`;
}

/** The per-class accessors the pass uses directly (binaryen.js has them; index.d.ts does not). */
export interface Classes {
  Loop: {
    getName(e: ExpressionRef): string | null;
    setName(e: ExpressionRef, name: string): void;
    getBody(e: ExpressionRef): ExpressionRef;
    setBody(e: ExpressionRef, body: ExpressionRef): void;
  };
  Block: {
    getName(e: ExpressionRef): string | null;
    setName(e: ExpressionRef, name: string): void;
    getNumChildren(e: ExpressionRef): number;
    getChildAt(e: ExpressionRef, index: number): ExpressionRef;
    insertChildAt(e: ExpressionRef, index: number, child: ExpressionRef): void;
  };
  Break: {
    getName(e: ExpressionRef): string;
    setName(e: ExpressionRef, name: string): void;
    getCondition(e: ExpressionRef): ExpressionRef;
    setCondition(e: ExpressionRef, c: ExpressionRef): void;
    getValue(e: ExpressionRef): ExpressionRef;
    setValue(e: ExpressionRef, v: ExpressionRef): void;
  };
  Switch: {
    getNames(e: ExpressionRef): string[];
    setNameAt(e: ExpressionRef, index: number, name: string): void;
    getDefaultName(e: ExpressionRef): string | null;
    setDefaultName(e: ExpressionRef, name: string): void;
    getCondition(e: ExpressionRef): ExpressionRef;
    setCondition(e: ExpressionRef, c: ExpressionRef): void;
  };
  Return: { getValue(e: ExpressionRef): ExpressionRef; setValue(e: ExpressionRef, v: ExpressionRef): void };
  Call: {
    getTarget(e: ExpressionRef): string;
    isReturn(e: ExpressionRef): boolean;
    getNumOperands(e: ExpressionRef): number;
    getOperandAt(e: ExpressionRef, i: number): ExpressionRef;
    setOperandAt(e: ExpressionRef, i: number, v: ExpressionRef): void;
  };
  CallIndirect: {
    isReturn(e: ExpressionRef): boolean;
    getTarget(e: ExpressionRef): ExpressionRef;
    setTarget(e: ExpressionRef, v: ExpressionRef): void;
  };
  CallRef: { getTarget(e: ExpressionRef): ExpressionRef; setTarget(e: ExpressionRef, v: ExpressionRef): void };
  Try: { getName(e: ExpressionRef): string | null };
  LocalGet: { getIndex(e: ExpressionRef): number; setIndex(e: ExpressionRef, index: number): void };
  LocalSet: { getIndex(e: ExpressionRef): number; setIndex(e: ExpressionRef, index: number): void; isTee(e: ExpressionRef): boolean; getValue(e: ExpressionRef): ExpressionRef };
  Binary: { getOp(e: ExpressionRef): number; getLeft(e: ExpressionRef): ExpressionRef; getRight(e: ExpressionRef): ExpressionRef };
  Const: { getValueI32(e: ExpressionRef): number };
  Function: { setBody(f: FunctionRef, body: ExpressionRef): void };
}
export function classes(b: Binaryen): Classes {
  return b as unknown as Classes;
}

/** Function.addVar is in the C API, but binaryen.js does not wrap it. */
export function addVar(b: Binaryen, func: FunctionRef, type: binaryen.Type): number {
  const raw = (b as unknown as { _BinaryenFunctionAddVar?: (f: FunctionRef, t: binaryen.Type) => number })._BinaryenFunctionAddVar;
  if (typeof raw !== "function") throw new Error("preempt pass: binaryen has no _BinaryenFunctionAddVar");
  return raw(func, type);
}
