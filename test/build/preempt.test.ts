// Tests of the loop preemption-point pass (ts/build/preempt.ts) on real clang output and on
// hand-written wasm: validity, the budget arithmetic, equivalence of "simple" and "cached" modes,
// asyncify on top (normal runs and real unwind/rewind), and what must survive (names, dylink.0).
import * as fs from "node:fs";
import * as path from "node:path";
import binaryen from "binaryen";
import { describe, expect, it } from "vitest";
import { buildCore } from "../../ts/build/core.js";
import { instrumentLoops } from "../../ts/build/preempt.js";
import { type Variant, call, compile, fromText, load, namedLoops, tc, tmp, transform } from "./preempt_harness.js";

// Loop shapes clang emits: rotated and guarded loops, nests, early return and break out of a
// nest (branches to labels outside it), switch (br_table), calls of every result type inside
// loops, a loop inside a call's argument (statement expression), indirect calls, recursion.
const CORPUS = `
volatile int flag;
extern int ext_inc(int);
extern long long ext_i64(long long);
extern double ext_f64(double);
#define NOINLINE __attribute__((noinline))

int spin(void) { int n = 0; while (!flag) n++; return n; }
int counted(int n) {
  int s = 0;
#pragma clang loop unroll(disable)
  for (int i = 0; i < n; i++) s += i ^ (s >> 3);
  return s;
}
int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; i++) s += a[i] * 3 + (s >> 7); return s; }
int nested(int n, int m) { int s = 0; for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) s += (i ^ j) + (s >> 5); return s; }
int triple(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) for (int k = 0; k <= j; k++) s = s * 31 + (i ^ j ^ k);
  return s;
}
int find(int n, int x) { for (int i = 0; i < n; i++) if (((i * 7919) & 1023) == x) return i; return -1; }
int breaks(int n, int m) {
  int i, j, s = 0;
  for (i = 0; i < n; i++) {
    for (j = 0; j < n; j++) {
      s += i * j;
      if (s > m) goto out;
    }
  }
  return -s;
out:
  return s + i + j;
}
int sw(int n) {
  int s = 1;
  for (int i = 0; i < n; i++) {
    switch ((i * 13) % 7) {
    case 0: s += 1; break;
    case 1: s *= 3; break;
    case 2: continue;
    case 3: if (s > 100000) goto done; s ^= i; break;
    case 4: s -= 7; break;
    case 5: return s + 1000000;
    default: s += i;
    }
    s &= 0xfffff;
  }
done:
  return s;
}
int calls(int n) { int s = 0; for (int i = 0; i < n; i++) s += ext_inc(i) ^ s; return s; }
long long calls64(int n) { long long s = 0; for (int i = 0; i < n; i++) s += ext_i64(i) ^ s; return s; }
int callsf(int n) { double s = 0; for (int i = 0; i < n; i++) s += ext_f64(i + s); return (int)s; }
NOINLINE int helper(int x) { int s = 0; for (int i = 0; i < x; i++) s += i ^ x ^ (s << 1); return s; }
int callsloop(int n) { int s = 0; for (int i = 0; i < n; i++) s += helper(i % 13); return s; }
NOINLINE int twice(int x) { return 2 * x + helper(x & 7); }
int (*ops[2])(int) = { helper, twice };
int indirect(int n) { int s = 0; for (int i = 0; i < n; i++) s += ops[i & 1](i % 11); return s; }
NOINLINE int rec(int n) { if (n <= 0) return 1; int s = 0; for (int i = 0; i < 3; i++) s += rec(n - 1) + i; return s; }
int loop_in_arg(int n) { return ext_inc(({ int s = 0; for (int i = 0; i < n; i++) s += i * i + (s >> 2); s; })) + helper(n); }
int dowhile(unsigned x) { int n = 0; do { x >>= 1; n++; } while (x); return n; }
int collatz(unsigned x) { int n = 0; while (x > 1) { x = (x & 1) ? 3 * x + 1 : x / 2; n++; } return n; }
int forever(void) { int n = 0; for (;;) { n++; if (flag) return n; } }
int noloop(int x) { return x * 2 + 1; }
`;

/** [function, args] pairs of the corpus (spin and forever need the flag set from a preemption point). */
const CASES: [string, number[]][] = [
  ["counted", [0]], ["counted", [1]], ["counted", [1000]],
  ["nested", [30, 17]], ["nested", [0, 5]], ["nested", [5, 0]],
  ["triple", [14]],
  ["find", [3000, 77]], ["find", [10, 5000]],
  ["breaks", [100, 5000]], ["breaks", [40, 1 << 30]],
  ["sw", [500]], ["sw", [4]], ["sw", [50000]],
  ["calls", [300]], ["calls64", [200]], ["callsf", [200]],
  ["callsloop", [400]], ["indirect", [300]], ["rec", [5]],
  ["loop_in_arg", [200]], ["dowhile", [0xdeadbeef]], ["collatz", [27]], ["collatz", [1]],
  ["noloop", [21]],
];
const QUANTA = [1, 2, 3, 5, 64, 65536];

describe.skipIf(!tc)("instrumentLoops on clang output", () => {
  const plain = tc ? compile("corpus", CORPUS) : new Uint8Array();

  it("instruments every loop with a back-edge, and the result validates", () => {
    for (const mode of ["simple", "cached"] as const) {
      const { loops } = transform(plain, { mode });
      expect(loops).toBe(namedLoops(plain));
      expect(loops).toBeGreaterThanOrEqual(20);
    }
  });

  it("imports the budget and the preemption function, and keeps names, dylink.0 and exports", () => {
    const before = new WebAssembly.Module(plain as Uint8Array<ArrayBuffer>);
    for (const v of [{ mode: "cached" }, { mode: "simple" }, { mode: "cached", asyncify: true }] as Variant[]) {
      const after = new WebAssembly.Module(transform(plain, v).wasm as Uint8Array<ArrayBuffer>);
      const imps = WebAssembly.Module.imports(after);
      expect(imps).toContainEqual({ module: "env", name: "__kemu_preempt_budget", kind: "global" });
      expect(imps).toContainEqual({ module: "env", name: "__kemu_preempt", kind: "function" });
      expect(WebAssembly.Module.customSections(after, "name").length).toBe(1);
      const [d0] = WebAssembly.Module.customSections(before, "dylink.0");
      const d1 = WebAssembly.Module.customSections(after, "dylink.0");
      expect(d1.length).toBe(1);
      expect(Buffer.from(d1[0]).equals(Buffer.from(d0))).toBe(true);
      const names = (m: WebAssembly.Module) => WebAssembly.Module.exports(m).map((e) => `${e.kind}:${e.name}`);
      expect(names(after)).toEqual(expect.arrayContaining(names(before)));
      // The name section still names the module's functions (an Oops backtrace needs them).
      expect(Buffer.from(WebAssembly.Module.customSections(after, "name")[0]).includes(Buffer.from("callsloop"))).toBe(true);
    }
  });

  it("leaves the linker's functions and excluded ones alone", () => {
    binaryen.setDebugInfo(true);
    const mod = binaryen.readBinary(plain);
    try {
      const text = (f: string) => binaryen.emitText(binaryen.getFunctionInfo(mod.getFunction(f)).body);
      const keep = ["__wasm_call_ctors", "__wasm_apply_data_relocs", "helper"].map(text);
      instrumentLoops(binaryen, mod, { exclude: ["helper"] });
      expect(["__wasm_call_ctors", "__wasm_apply_data_relocs", "helper"].map(text)).toEqual(keep);
      expect(text("counted")).toContain("__kemu_preempt");
    } finally {
      mod.dispose();
    }
  });

  it("a second run over an instrumented module changes nothing", () => {
    binaryen.setDebugInfo(true);
    const mod = binaryen.readBinary(transform(plain, { mode: "cached" }).wasm);
    try {
      const before = mod.emitText();
      expect(instrumentLoops(binaryen, mod)).toBe(0);
      expect(mod.emitText()).toBe(before);
    } finally {
      mod.dispose();
    }
  });

  it("adds nothing to a module without loops", () => {
    binaryen.setDebugInfo(true);
    const mod = binaryen.readBinary(compile("flat", "int f(int x) { return x + 1; }\n"));
    try {
      expect(instrumentLoops(binaryen, mod)).toBe(0);
      expect(WebAssembly.Module.imports(new WebAssembly.Module(mod.emitBinary() as Uint8Array<ArrayBuffer>)).map((i) => i.name)).not.toContain("__kemu_preempt");
    } finally {
      mod.dispose();
    }
  });

  for (const asyncify of [false, true]) {
    describe(asyncify ? "after asyncify (relocatable), not unwinding" : "without asyncify", () => {
      const simple = tc ? transform(plain, { mode: "simple", asyncify }).wasm : plain;
      const cached = tc ? transform(plain, { mode: "cached", asyncify }).wasm : plain;

      it("a `while (!flag);` spinner ends when a preemption point sets the flag; the count follows the budget", () => {
        for (const q of [1, 7, 1000, 65536]) {
          for (const wasm of [simple, cached]) {
            const setAfter = 5;
            const l = load(wasm, { quantum: q, onPreempt: (x) => { if (x.calls === setAfter) x.mem.setInt32(x.addr("flag"), 1, true); } });
            const n = call(l, "spin", []);
            expect(l.calls).toBe(setAfter);
            // Each loop head takes one from the budget: the 5th call comes at head 5q, and that
            // iteration sees the flag (clang: n = -1; loop { n++; br_if !flag }).
            expect(n + 1).toBe(setAfter * q);
          }
        }
      });

      it("`for (;;) if (flag) return` (a loop that never falls out) is preempted too", () => {
        for (const wasm of [simple, cached]) {
          const l = load(wasm, { quantum: 100, onPreempt: (x) => { if (x.calls === 3) x.mem.setInt32(x.addr("flag"), 1, true); } });
          expect(call(l, "forever", [])).toBe(300);
          expect(l.calls).toBe(3);
        }
      });

      it("a counted loop calls once per `quantum` iterations", () => {
        for (const wasm of [simple, cached]) {
          const l = load(wasm, { quantum: 10 });
          call(l, "counted", [1000]);
          expect(l.calls).toBe(100);
          expect(l.budget.value).toBe(10);
        }
      });

      it("every function computes what the plain module computes; both modes preempt at the same points", () => {
        const ref = load(plain, { quantum: 1 });
        for (const [f, args] of CASES) {
          const want = call(ref, f, args);
          for (const q of QUANTA) {
            const a = load(simple, { quantum: q });
            const b = load(cached, { quantum: q });
            expect(call(a, f, args), `${f}(${args}) simple q=${q}`).toBe(want);
            expect(call(b, f, args), `${f}(${args}) cached q=${q}`).toBe(want);
            expect(b.calls, `${f}(${args}) calls q=${q}`).toBe(a.calls);
            expect(b.budget.value, `${f}(${args}) budget left q=${q}`).toBe(a.budget.value);
          }
        }
      });
    });
  }

  it("after asyncify, unwinding and rewinding at every preemption point gives the same results", () => {
    const wasm = transform(plain, { mode: "cached", asyncify: true }).wasm;
    const ref = load(plain, { quantum: 1 });
    for (const [f, args] of CASES) {
      const want = call(ref, f, args);
      const counted = load(wasm, { quantum: 7 });
      const plainCount = call(counted, f, args);
      const l = load(wasm, { quantum: 7, unwind: true });
      const unwinds = { n: 0 };
      expect(call(l, f, args, unwinds), `${f}(${args})`).toBe(want);
      expect(plainCount).toBe(want);
      expect(unwinds.n, `${f}(${args}) unwinds`).toBe(counted.calls);
      expect(l.calls).toBe(counted.calls);
    }
    // The spinner, suspended at every preemption point, with the flag set while it is off the CPU.
    const l = load(wasm, { quantum: 50, unwind: true, onPreempt: (x) => { if (x.calls === 4) x.mem.setInt32(x.addr("flag"), 1, true); } });
    const unwinds = { n: 0 };
    expect(call(l, "spin", [], unwinds) + 1).toBe(200);
    expect(unwinds.n).toBe(4);
  });
});

// IR shapes clang rarely or never emits: value-typed loops, a loop that never falls out, branches
// with values out of a nest, br_table out of a nest, a loop in a call operand and in a return
// value, a bare loop body that is not a block, a tail call out of a nest. Run in both modes and
// compared with plain.
const TAIL = `
 (func $tail (export "tail") (param $n i32) (result i32)
  (loop $l
   (if (i32.eqz (i32.and (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 7)))
    (then (return_call $sum (local.get $n))))
   (br $l))
  (unreachable))`;
const WAT = (withTail: boolean) => `
(module
 (import "env" "memory" (memory 1))
 (import "env" "ext_inc" (func $ext_inc (param i32) (result i32)))
 (global $g (mut i32) (i32.const 0))
 (func $typed (export "typed") (param $n i32) (result i32)
  (local $i i32)
  (loop $l (result i32)
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (br_if $l (i32.lt_s (local.get $i) (local.get $n)))
   (i32.mul (local.get $i) (i32.const 3))))
 (func $brvalue (export "brvalue") (param $n i32) (result i32)
  (local $i i32) (local $j i32)
  (block $out (result i32)
   (loop $a
    (local.set $j (i32.const 0))
    (loop $b
     (local.set $j (i32.add (local.get $j) (i32.const 1)))
     (drop (br_if $out (i32.add (local.get $i) (local.get $j)) (i32.gt_s (i32.mul (local.get $i) (local.get $j)) (local.get $n))))
     (br_if $b (i32.lt_s (local.get $j) (i32.const 10))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br_if $a (i32.lt_s (local.get $i) (i32.const 1000))))
   (i32.const -1)))
 (func $table (export "table") (param $n i32) (result i32)
  (local $i i32) (local $s i32)
  (block $x
   (block $y
    (loop $l
     (local.set $i (i32.add (local.get $i) (i32.const 1)))
     (local.set $s (i32.add (local.get $s) (local.get $i)))
     (br_table $l $l $x $y (i32.rem_u (i32.add (local.get $s) (local.get $n)) (i32.const 5)))))
   (return (i32.add (local.get $s) (i32.const 1000))))
  (local.get $s))
 (func $inarg (export "inarg") (param $n i32) (result i32)
  (local $i i32) (local $s i32)
  (call $ext_inc
   (block (result i32)
    (loop $l
     (local.set $s (i32.add (local.get $s) (local.get $i)))
     (local.set $i (i32.add (local.get $i) (i32.const 1)))
     (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
    (local.get $s))))
 (func $loopret (export "loopret") (param $n i32) (result i32)
  (local $i i32)
  (loop $l
   (local.set $i (i32.add (local.get $i) (i32.const 1)))
   (if (i32.ge_s (local.get $i) (local.get $n))
    (then (return (block (result i32)
     (loop $m (br_if $m (i32.lt_s (local.tee $n (i32.add (local.get $n) (i32.const 1))) (i32.const 50)))) 
     (i32.add (local.get $i) (local.get $n))))))
   (br $l))
  (unreachable))
 (func $bare (export "bare") (param $n i32) (result i32)
  (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  (global.get $g))
 (func $forever (export "forever") (param $n i32) (result i32)
  (loop $l
   (global.set $g (i32.add (global.get $g) (i32.const 1)))
   (br_if 1 (global.get $g) (i32.ge_s (global.get $g) (local.get $n)))
   (br $l)))
 (func $sum (param $n i32) (result i32)
  (local $s i32)
  (loop $l
   (local.set $s (i32.add (local.get $s) (local.get $n)))
   (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
  (local.get $s))
${withTail ? TAIL : ""}
)`;

describe("instrumentLoops on hand-written shapes", () => {
  for (const asyncify of [false, true]) {
    // binaryen's asyncify rejects return_call (clang emits none without -mtail-call).
    const plain = fromText(WAT(!asyncify));
    const cases: [string, number[]][] = [
      ["typed", [10]], ["typed", [0]], ["brvalue", [50]], ["brvalue", [1 << 20]], ["table", [0]], ["table", [3]],
      ["inarg", [100]], ["loopret", [20]], ["bare", [100]], ["forever", [300]], ...(asyncify ? [] : [["tail", [100]] as [string, number[]]]),
    ];
    it(`both modes agree with the plain module${asyncify ? " after asyncify" : ""}`, () => {
      const s = transform(plain, { mode: "simple", asyncify }).wasm;
      const { wasm: c, loops } = transform(plain, { mode: "cached", asyncify });
      expect(loops).toBe(namedLoops(plain));
      for (const [f, args] of cases) {
        const want = call(load(plain, { quantum: 1 }), f, args);
        for (const q of [1, 2, 3, 10, 65536]) {
          const a = load(s, { quantum: q });
          const b = load(c, { quantum: q });
          expect(call(a, f, args), `${f} simple q=${q}`).toBe(want);
          expect(call(b, f, args), `${f} cached q=${q}`).toBe(want);
          expect(b.calls, `${f} calls q=${q}`).toBe(a.calls);
          expect(b.budget.value, `${f} budget q=${q}`).toBe(a.budget.value);
        }
      }
    });
  }
});

describe.skipIf(!tc)("instrumentLoops on the kernel's C core (a larger real input)", () => {
  it("finds every loop, validates, and survives asyncify", async () => {
    // Not asyncified: the pass runs before asyncify, as for a module.
    const out = path.join(tmp, "vmlinux-raw.wasm");
    await buildCore({ out, postLink: async (w) => w, postLinkId: "preempt-test-raw" });
    const raw = new Uint8Array(fs.readFileSync(out));
    const want = namedLoops(raw);
    expect(want).toBeGreaterThan(100);
    for (const mode of ["simple", "cached"] as const) {
      expect(transform(raw, { mode }).loops).toBe(want);
    }
    const { wasm } = transform(raw, { mode: "cached", asyncify: true });
    const m = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.customSections(m, "name").length).toBe(1);
    expect(WebAssembly.Module.customSections(m, "dylink.0").length).toBe(1);
  }, 120_000);
});
