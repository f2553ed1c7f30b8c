// kemu bench: what a long-lived process (a test runner, a grader) pays per operation once dist/ is
// loaded - building a module, booting a kernel, insmod+rmmod of a module.
import { rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { msSince, summarize } from "./stats.js";

function freshCacheEnv(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, env: { ...process.env, KEMU_CACHE_DIR: dir } };
}

/**
 * buildModule of one source: `coldRuns` builds each with an empty cache (clang and wasm-ld run,
 * the toolchain is probed), then `hitRuns` builds answered from the last cache.
 */
export async function benchBuild(dist, source, { coldRuns, hitRuns }) {
  const { buildModule } = await import(`${dist}/build/compile.js`);
  const cold = [];
  const dirs = [];
  let env;
  for (let i = 0; i < coldRuns; i++) {
    const c = freshCacheEnv("kemu-bench-build-");
    dirs.push(c.dir);
    env = c.env;
    const t0 = process.hrtime.bigint();
    const r = await buildModule({ sources: [source], env });
    cold.push(msSince(t0));
    if (r.cached) throw new Error("cold build was answered from the cache");
  }
  const hit = [];
  let ko;
  for (let i = 0; i < hitRuns; i++) {
    const t0 = process.hrtime.bigint();
    const r = await buildModule({ sources: [source], env });
    hit.push(msSince(t0));
    if (!r.cached) throw new Error("second build missed the cache");
    ko = r.ko;
  }
  return { cold: summarize(cold), hit: summarize(hit), ko, cleanup: () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })) };
}

/** boot() in a process that has already booted once (dist loaded, vmlinux.wasm compiled once). */
export async function benchBoot(dist, { runs }) {
  const { boot } = await import(`${dist}/index.js`);
  let t0 = process.hrtime.bigint();
  await boot();
  const first = msSince(t0);
  const xs = [];
  for (let i = 0; i < runs; i++) {
    t0 = process.hrtime.bigint();
    await boot();
    xs.push(msSince(t0));
  }
  return { first, warm: summarize(xs) };
}

/**
 * insmod+rmmod pairs of one .ko on one booted kernel. The first `warmup` pairs are not counted
 * (they include compiling the module's wasm and JIT warm-up); each counted pair is timed alone.
 */
export async function benchInsmod(dist, ko, modname, { warmup, runs }) {
  const { boot } = await import(`${dist}/index.js`);
  const sys = await boot();
  // By path, as the library API is documented; reading a 1 KB file adds some 0.02 ms.
  const pair = async () => {
    const a = await sys.insmod(ko);
    if (a.status !== 0) throw new Error(`insmod failed: ${a.stderr}`);
    const b = await sys.rmmod(modname);
    if (b.status !== 0) throw new Error(`rmmod failed: ${b.stderr}`);
  };
  let t0 = process.hrtime.bigint();
  await pair();
  const first = msSince(t0);
  for (let i = 1; i < warmup; i++) await pair();
  const xs = [];
  for (let i = 0; i < runs; i++) {
    t0 = process.hrtime.bigint();
    await pair();
    xs.push(msSince(t0));
  }
  return { first, pair: summarize(xs), reports: sys.reports };
}
