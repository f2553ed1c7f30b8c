#!/usr/bin/env node
// kemu bench: what the loop preemption points (ts/build/preempt.ts) cost compute loops. The same C
// functions run as a plain side module, with preemption points, and with preemption points plus
// asyncify (what a .ko really gets), under V8's optimizing tier (TurboFan) and its baseline tier
// (Liftoff); prints ns per loop iteration and the slowdown against the plain module.
// Needs dist/ (npx tsc -p tsconfig.json) and clang/wasm-ld (as for any module build).
// Usage: node bench/preempt.js [--quick] [--json] [--tier=turbofan|liftoff|both]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.js";

const SELF = fileURLToPath(import.meta.url);
const ROOT = join(dirname(SELF), "..");
const DIST_URL = pathToFileURL(join(ROOT, "dist")).href;
/** The kernel's refill (PREEMPT_QUANTUM in ts/kernel/sched/core.ts). */
const QUANTUM = 65536;
/** Elements per pass over the data; a sample is REPS passes, about 10^7 loop iterations. */
const N = 4096;
const REPS = Math.round(1e7 / N);
/** node flags that pin V8's wasm tier: without them a long call may run in Liftoff throughout (no OSR). */
const TIERS = { turbofan: ["--no-liftoff"], liftoff: ["--liftoff-only"] };

// Six loop shapes. `sum`: clang unrolls it by 4 (one preemption point per 4 elements); `sum1`:
// the same loop kept rolled, a point per element: the worst case for a loop doing any work;
// `lcg`: a rolled loop around one dependent multiply-add chain; `crc32`: bitwise CRC, a typical
// driver checksum (clang unrolls the 8 bit steps, so one point per byte); `chunks`: `sum` in
// inner loops of 16 elements, what entering a loop costs; `list`: walking a
// linked list, what list_for_each_entry compiles to (latency-bound pointer chasing).
const SOURCE = `
int sum(const int *a, int n, int reps) {
  int s = 0;
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < n; i++)
      s += a[i] ^ r;
  return s;
}
int sum1(const int *a, int n, int reps) {
  int s = 0;
  for (int r = 0; r < reps; r++) {
#pragma clang loop unroll(disable)
    for (int i = 0; i < n; i++)
      s += a[i] ^ r;
  }
  return s;
}
int lcg(const int *a, int n, int reps) {
  unsigned x = (unsigned)a[0];
  for (int r = 0; r < reps; r++) {
#pragma clang loop unroll(disable)
    for (int i = 0; i < n; i++)
      x = x * 1103515245u + 12345u + (unsigned)r;
  }
  return (int)x;
}
int crc32(const int *a, int n, int reps) {
  const unsigned char *p = (const unsigned char *)a;
  unsigned crc = ~0u;
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < n; i++) {
      crc ^= p[i];
      for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
  return (int)~crc;
}
int chunks(const int *a, int n, int reps) {
  int s = 0, m = n >> 8;
  for (int r = 0; r < reps; r++)
    for (int j = 0; j < n; j += m)
      for (int i = 0; i < m; i++)
        s += a[j + i] ^ r;
  return s;
}
struct node { struct node *next; int val; };
int list(const int *a, int n, int reps) {
  int s = 0;
  (void)n;
  for (int r = 0; r < reps; r++)
    for (const struct node *p = (const struct node *)a; p; p = p->next) s += p->val ^ r;
  return s;
}
`;
const KERNELS = ["sum", "chunks", "sum1", "lcg", "crc32", "list"];

const VARIANTS = [
  { name: "plain", opts: {} },
  { name: "asyncify only", opts: { asyncify: true } },
  { name: "preempt", opts: { mode: "cached" } },
  { name: "preempt + asyncify", opts: { mode: "cached", asyncify: true } },
  { name: "preempt, own budget", opts: { mode: "cached", ownBudget: true } },
  { name: "simple", opts: { mode: "simple" } },
  { name: "simple + asyncify", opts: { mode: "simple", asyncify: true } },
  { name: "simple, own budget", opts: { mode: "simple", ownBudget: true } },
];

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr}`);
}

async function buildPlain() {
  const { findToolchain } = await import(`${DIST_URL}/build/toolchain.js`);
  const tc = findToolchain();
  const dir = mkdtempSync(join(tmpdir(), "kemu-bench-preempt-"));
  try {
    writeFileSync(join(dir, "b.c"), SOURCE);
    sh(tc.clang, ["--target=wasm32-unknown-unknown", "-O2", "-g0", "-fPIC", "-ffreestanding", "-fno-builtin", "-nostdlib", "-mbulk-memory",
      "-fvisibility=default", "-fno-strict-aliasing", "-c", join(dir, "b.c"), "-o", join(dir, "b.o")]);
    sh(tc.wasmLd, ["--experimental-pic", "-shared", "--export-dynamic", "--unresolved-symbols=import-dynamic", join(dir, "b.o"), "-o", join(dir, "b.wasm")]);
    return new Uint8Array(readFileSync(join(dir, "b.wasm")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One variant of the module: instrumented or not, asyncified or not, budget imported or own. */
function variant(binaryen, { instrumentLoops, inlineCountedLoops, asyncifyModule }, plain, { mode, asyncify = false, ownBudget = false }) {
  binaryen.setDebugInfo(true);
  const mod = binaryen.readBinary(plain);
  try {
    if (mode) {
      instrumentLoops(binaryen, mod, { mode });
      if (ownBudget) {
        // The same code with the budget as a module-defined global: what importing it costs.
        // (Not usable for real: the kernel needs one budget shared by every module.)
        mod.removeGlobal("__kemu_preempt_budget");
        mod.addGlobal("__kemu_preempt_budget", binaryen.i32, true, mod.i32.const(QUANTUM));
        mod.addGlobalExport("__kemu_preempt_budget", "__kemu_preempt_budget");
      }
    }
    // As ts/build/asyncify.ts runs it (which then puts counted loops' copies back in place).
    if (asyncify) asyncifyModule(binaryen, mod, ["env.__kemu_preempt"]);
    else if (mode) inlineCountedLoops(binaryen, mod);
    if (!mod.validate()) throw new Error("variant does not validate");
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

const DATA = 65536;

function instantiate(wasm) {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const i32 = (v, mutable = false) => new WebAssembly.Global({ value: "i32", mutable }, v);
  const budget = i32(QUANTUM, true);
  const counter = { calls: 0 };
  let inst;
  const env = {
    memory,
    __indirect_function_table: new WebAssembly.Table({ initial: 1, element: "anyfunc" }),
    __memory_base: i32(1024),
    __table_base: i32(1),
    __stack_pointer: i32(DATA, true),
    __asyncify_state: i32(0, true),
    __asyncify_data: i32(0, true),
    __kemu_preempt_budget: budget,
    __kemu_preempt: () => {
      counter.calls++;
      (inst.exports.__kemu_preempt_budget ?? budget).value = QUANTUM;
    },
  };
  inst = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env });
  const a = new Int32Array(memory.buffer, DATA, 2 * N);
  for (let i = 0; i < N; i++) a[i] = (i * 2654435761) | 0;
  // `list` reads the same bytes as nodes { next, val }: a fresh list of N nodes after the array,
  // linked in a scattered order so that the walk is not a sequential scan.
  const nodes = new Int32Array(memory.buffer, DATA + 4 * N, 2 * N);
  const order = Array.from({ length: N }, (_, i) => (i * 1237) % N);
  for (let k = 0; k < N; k++) {
    const at = order[k];
    nodes[2 * at] = k + 1 < N ? DATA + 4 * N + 8 * order[k + 1] : 0;
    nodes[2 * at + 1] = at;
  }
  const listHead = DATA + 4 * N + 8 * order[0];
  return { exports: inst.exports, counter, arg: (k) => (k === "list" ? listHead : DATA) };
}

/** CPU time of one call, in ns: other processes on a busy machine do not count against it. */
function cpuNs(f) {
  const t0 = process.cpuUsage();
  const r = f();
  const d = process.cpuUsage(t0);
  return { r, ns: (d.user + d.system) * 1000 };
}

async function child(quick) {
  const binaryen = (await import("binaryen")).default;
  const { instrumentLoops } = await import(`${DIST_URL}/build/preempt.js`);
  const { inlineCountedLoops } = await import(`${DIST_URL}/build/preempt_counted.js`);
  const { asyncifyModule } = await import(`${DIST_URL}/build/asyncify.js`);
  const plain = await buildPlain();
  const insts = VARIANTS.map((v) => ({ ...v, ...instantiate(variant(binaryen, { instrumentLoops, inlineCountedLoops, asyncifyModule }, plain, v.opts)) }));
  const rounds = quick ? 4 : 10;
  const call = (v, k) => cpuNs(() => v.exports[k](v.arg(k), N, REPS) >>> 0);
  // Warm up and check that every variant computes the same and reaches its preemption points.
  for (const k of KERNELS) {
    const want = call(insts[0], k).r;
    for (const v of insts) {
      v.counter.calls = 0;
      const got = call(v, k).r;
      if (got !== want) throw new Error(`${v.name} ${k}: ${got} != ${want}`);
      if (v.opts.mode && v.counter.calls === 0) throw new Error(`${v.name} ${k}: no preemption point was reached`);
    }
  }
  // Interleaved, so that anything else on the machine spreads over every variant alike.
  const samples = new Map();
  for (let i = 0; i < rounds; i++) {
    for (const k of KERNELS) {
      for (const v of insts) {
        const key = `${v.name}\0${k}`;
        if (!samples.has(key)) samples.set(key, []);
        samples.get(key).push(call(v, k).ns / (N * REPS));
      }
    }
  }
  const out = [];
  for (const k of KERNELS) {
    const base = median(samples.get(`plain\0${k}`));
    for (const v of insts) {
      const xs = samples.get(`${v.name}\0${k}`);
      const m = median(xs);
      out.push({ loop: k, variant: v.name, nsPerIteration: m, min: Math.min(...xs), slowdownPercent: (m / base - 1) * 100 });
    }
  }
  return { iterationsPerSample: N * REPS, samples: rounds, results: out };
}

function table(results) {
  const rows = [["loop", "variant", "ns/iter", "min", "vs plain"]];
  for (const r of results) {
    const pct = r.variant === "plain" ? "-" : `${r.slowdownPercent >= 0 ? "+" : ""}${r.slowdownPercent.toFixed(1)}%`;
    rows.push([r.loop, r.variant, r.nsPerIteration.toFixed(3), r.min.toFixed(3), pct]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ").trimEnd()).join("\n") + "\n";
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const json = args.includes("--json");
  if (args.includes("--child")) {
    process.stdout.write(JSON.stringify(await child(quick)));
    return 0;
  }
  const tierArg = (args.find((a) => a.startsWith("--tier=")) ?? "--tier=both").slice(7);
  const tiers = tierArg === "both" ? ["turbofan", "liftoff"] : [tierArg];
  if (!tiers.every((t) => t in TIERS)) {
    process.stderr.write(`bench: --tier must be turbofan, liftoff or both\n`);
    return 2;
  }
  if (!existsSync(join(ROOT, "dist", "build", "preempt.js"))) {
    process.stderr.write("bench: dist/ is missing; run `npx tsc -p tsconfig.json` first\n");
    return 2;
  }
  const report = { node: process.version, quantum: QUANTUM, tiers: {} };
  for (const tier of tiers) {
    if (!json) process.stderr.write(`bench: ${tier}...\n`);
    const r = spawnSync(process.execPath, [...TIERS[tier], SELF, "--child", ...(quick ? ["--quick"] : [])], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${tier} run failed:\n${r.stderr}`);
    report.tiers[tier] = JSON.parse(r.stdout);
  }
  if (json) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    return 0;
  }
  for (const tier of tiers) {
    const t = report.tiers[tier];
    process.stdout.write(`\n${tier} (node ${TIERS[tier].join(" ")}): median and min CPU time of ${t.samples} samples of ${t.iterationsPerSample} iterations\n`);
    process.stdout.write(table(t.results));
  }
  process.stdout.write(`\nnode ${process.version}; budget refilled to ${QUANTUM}\n`);
  return 0;
}

main().then((c) => { process.exitCode = c; }, (e) => { process.stderr.write(`bench: ${e && e.stack ? e.stack : e}\n`); process.exitCode = 1; });
