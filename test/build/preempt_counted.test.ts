// Tests of counted loops in the preemption-point pass (ts/build/preempt_counted.ts): which loops get
// a copy without preemption points, that the copy runs only when its trip count fits the budget
// (the calls and the budget stay exactly those of "simple" mode), loops whose induction variable
// never meets its bound, and putting the copies back after asyncify.
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import { instrumentLoops } from "../../ts/build/preempt.js";
import { inlineCountedLoops } from "../../ts/build/preempt_counted.js";
import { type Variant, call, fromText, load, transform } from "./preempt_harness.js";

const WAT = `
(module
 (import "env" "memory" (memory 1))
 (import "env" "ext_inc" (func $ext_inc (param i32) (result i32)))
 ;; BOUND != tee(IV + 3): an odd step other than 1.
 (func $up3 (export "up3") (param $a i32) (param $n i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 3)) (local.get $a)))
   (br_if $l (i32.ne (local.get $n) (local.tee $a (i32.add (local.get $a) (i32.const 3))))))
  (local.get $s))
 ;; br_if on tee(IV - 2): a countdown by a sub, to 0.
 (func $down2 (export "down2") (param $n i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $s (i32.xor (i32.shl (local.get $s) (i32.const 1)) (local.get $n)))
   (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 2)))))
  (local.get $s))
 ;; The step as a statement of its own, then get(IV) != BOUND.
 (func $top8 (export "top8") (param $i i32) (param $n i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $i (i32.add (i32.const 8) (local.get $i)))
   (local.set $s (i32.add (local.get $s) (i32.rotl (local.get $i) (local.get $s))))
   (br_if $l (i32.ne (local.get $i) (local.get $n))))
  (local.get $s))
 ;; The IV passes 0 on its way up from a negative start (the count is modular).
 (func $wrap (export "wrap") (param $i i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $s (i32.add (local.get $s) (i32.const 1)))
   (br_if $l (local.tee $i (i32.add (local.get $i) (i32.const 1)))))
  (local.get $s))
 ;; A body that is only the test.
 (func $bare (export "bare") (param $n i32) (result i32)
  (loop $l (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
  (local.get $n))
 ;; Inner branches that stay in the body (an if, a block) are fine.
 (func $inner (export "inner") (param $n i32) (result i32)
  (local $s i32) (local $i i32)
  (loop $l
   (block $skip
    (br_if $skip (i32.and (local.get $i) (i32.const 1)))
    (local.set $s (i32.add (local.get $s) (local.get $i))))
   (if (i32.gt_u (local.get $s) (i32.const 1000)) (then (local.set $s (i32.const 0))))
   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (local.get $s))
 ;; A counted loop inside an uncounted one: only the inner one is versioned.
 (func $nest (export "nest") (param $n i32) (param $m i32) (result i32)
  (local $s i32) (local $j i32)
  (loop $o
   (local.set $j (local.get $m))
   (loop $l
    (local.set $s (i32.add (local.get $s) (i32.mul (local.get $j) (local.get $n))))
    (br_if $l (local.tee $j (i32.add (local.get $j) (i32.const -1)))))
   (br_if $o (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 0))))
  (local.get $s))
 ;; Step 8 from a distance of 4: the IV never equals the bound; a ring that only preemption ends.
 (func $never (export "never") (param $i i32) (param $n i32) (result i32)
  (loop $l
   (br_if $l (i32.ne (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const 8))))))
  (local.get $i))
 ;; Not counted: a branch out of the loop.
 (func $early (export "early") (param $n i32) (param $x i32) (result i32)
  (local $i i32)
  (block $out
   (loop $l
    (br_if $out (i32.eq (i32.and (i32.mul (local.get $i) (i32.const 7919)) (i32.const 1023)) (local.get $x)))
    (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (local.get $i))
 ;; Not counted: a call in the body.
 (func $withcall (export "withcall") (param $n i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $s (call $ext_inc (local.get $s)))
   (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
  (local.get $s))
 ;; Not counted: the IV is written twice.
 (func $ivtwice (export "ivtwice") (param $n i32) (result i32)
  (local $i i32)
  (loop $l
   (if (i32.eq (local.get $i) (i32.const 5)) (then (local.set $i (i32.const 9))))
   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (local.get $i))
 ;; Not counted: the bound is written in the loop.
 (func $movingbound (export "movingbound") (param $n i32) (result i32)
  (local $i i32)
  (loop $l
   (local.set $n (i32.sub (local.get $n) (i32.const 1)))
   (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
  (local.get $i))
 ;; Not counted: a second back-edge.
 (func $twoback (export "twoback") (param $n i32) (result i32)
  (local $i i32)
  (loop $l
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br_if $l (i32.eq (local.get $i) (i32.const 3)))
   (br_if $l (i32.ne (local.get $i) (local.get $n))))
  (local.get $i))
)`;

const VERSIONED = ["up3", "down2", "top8", "wrap", "bare", "inner", "nest", "never"];
const CASES: [string, number[]][] = [
  ["up3", [5, 5 + 3 * 1000]], ["up3", [-30, 0]], ["up3", [7, 7 + 3]],
  ["down2", [2000]], ["down2", [2]],
  ["top8", [16, 16 + 8 * 700]], ["top8", [-80, 0]],
  ["wrap", [-1500]], ["wrap", [-1]],
  ["bare", [900]], ["bare", [1]],
  ["inner", [2500]], ["inner", [1]],
  ["nest", [20, 150]], ["nest", [3, 1]],
  ["early", [3000, 77]], ["early", [10, 5000]],
  ["withcall", [300]], ["ivtwice", [400]], ["movingbound", [600]], ["twoback", [200]],
];
const QUANTA = [1, 2, 3, 7, 10, 100, 999, 1000, 1001, 65536];

/** Names of the functions of `wasm`, without imports. */
function functions(wasm: Uint8Array): string[] {
  binaryen.setDebugInfo(true);
  const m = binaryen.readBinary(wasm);
  try {
    const out: string[] = [];
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (!info.module) out.push(info.name);
    }
    return out;
  } finally {
    m.dispose();
  }
}

describe("counted loops", () => {
  const plain = fromText(WAT);

  it("each counted leaf loop, and no other, gets a copy in a function of its own", () => {
    const { wasm } = transform(plain, { mode: "cached", inline: false });
    const copies = functions(wasm).filter((f) => f.includes(".loop."));
    expect(copies.map((f) => f.replace(/\.loop\.\d+$/, "")).sort()).toEqual([...VERSIONED].sort());
    // "simple" mode is the reference: no copies.
    expect(functions(transform(plain, { mode: "simple", inline: false }).wasm).filter((f) => f.includes(".loop."))).toEqual([]);
  });

  it("after asyncify the copies are back in their callers", () => {
    for (const asyncify of [false, true]) {
      const { wasm } = transform(plain, { mode: "cached", asyncify });
      const names = functions(wasm);
      expect(names.filter((f) => f.includes(".loop."))).toEqual([]);
      expect(names).toEqual(expect.arrayContaining(functions(plain)));
    }
    // Nothing to do for a module without copies.
    binaryen.setDebugInfo(true);
    const m = binaryen.readBinary(transform(plain, { mode: "simple" }).wasm);
    try {
      expect(inlineCountedLoops(binaryen, m)).toBe(0);
    } finally {
      m.dispose();
    }
  });

  const variants: [string, Variant][] = [
    ["outlined", { mode: "cached", inline: false }],
    ["inlined", { mode: "cached" }],
    ["outlined, asyncify", { mode: "cached", asyncify: true, inline: false }],
    ["inlined, asyncify", { mode: "cached", asyncify: true }],
  ];
  it("compute what the plain module computes, with the calls and budget of simple mode", () => {
    const simple = transform(plain, { mode: "simple" }).wasm;
    for (const [name, v] of variants) {
      const wasm = transform(plain, v).wasm;
      for (const [f, args] of CASES) {
        const want = call(load(plain, { quantum: 1 }), f, args);
        for (const q of QUANTA) {
          const a = load(simple, { quantum: q });
          const b = load(wasm, { quantum: q });
          expect(call(a, f, args), `${f}(${args}) simple q=${q}`).toBe(want);
          expect(call(b, f, args), `${f}(${args}) ${name} q=${q}`).toBe(want);
          expect(b.calls, `${f}(${args}) ${name} calls q=${q}`).toBe(a.calls);
          expect(b.budget.value, `${f}(${args}) ${name} budget q=${q}`).toBe(a.budget.value);
        }
      }
    }
  });

  it("a loop whose IV never meets its bound still reaches its preemption points", () => {
    for (const v of [{ mode: "simple" }, ...variants.map(([, x]) => x)] as Variant[]) {
      const l = load(transform(plain, v).wasm, {
        quantum: 1000,
        onPreempt: (x) => {
          if (x.calls === 3) throw new Error("stopped by the test");
        },
      });
      expect(() => call(l, "never", [0, 4])).toThrow("stopped by the test");
      expect(l.calls).toBe(3);
    }
  });

  it("unwinding and rewinding at every preemption point gives the same results", () => {
    const wasm = transform(plain, { mode: "cached", asyncify: true }).wasm;
    for (const [f, args] of CASES) {
      if (f === "withcall") continue; // ext_inc does not unwind in this harness; it is not counted either
      const want = call(load(plain, { quantum: 1 }), f, args);
      const counted = load(wasm, { quantum: 7 });
      expect(call(counted, f, args)).toBe(want);
      const l = load(wasm, { quantum: 7, unwind: true });
      const unwinds = { n: 0 };
      expect(call(l, f, args, unwinds), `${f}(${args})`).toBe(want);
      expect(unwinds.n, `${f}(${args}) unwinds`).toBe(counted.calls);
    }
  });

  it("a second run of the pass changes nothing", () => {
    binaryen.setDebugInfo(true);
    const m = binaryen.readBinary(transform(plain, { mode: "cached", inline: false }).wasm);
    try {
      const before = m.emitText();
      expect(instrumentLoops(binaryen, m)).toBe(0);
      expect(m.emitText()).toBe(before);
    } finally {
      m.dispose();
    }
  });
});
