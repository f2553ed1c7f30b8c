// kemu bench helpers for module benchmarks (sched, softirq, workqueue): build one module from C
// source in a temp dir, then time its insmod on fresh kernels with the JIT warmed up first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const DIST_URL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "dist")).href;

/**
 * Build NAME.ko from `source` and call `fn(ko, timeInsmod)`; the temp dir is removed after.
 * timeInsmod(params, { runs, warmup }) boots a kernel per run, times insmod (init does the
 * work), rmmods, and returns the wall-clock seconds of the runs after the warm-up ones.
 */
export async function withBenchModule(name, source, fn) {
  const dir = mkdtempSync(join(tmpdir(), `kemu-bench-${name}-`));
  try {
    writeFileSync(join(dir, `${name}.c`), source);
    const { buildModule } = await import(`${DIST_URL}/build/compile.js`);
    const { KemuSystem } = await import(`${DIST_URL}/system.js`);
    const { ko } = await buildModule({ sources: [join(dir, `${name}.c`)] });
    const timeInsmod = async (params, { runs, warmup }) => {
      const seconds = [];
      for (let r = 0; r < runs + warmup; r++) {
        const sys = await KemuSystem.boot();
        sys.processLimitNs = 1n << 60n; // benchmarks may run minutes of virtual time
        const t0 = process.hrtime.bigint();
        const res = await sys.insmod(ko, params);
        const dt = Number(process.hrtime.bigint() - t0) / 1e9;
        if (res.status !== 0) throw new Error(`insmod failed: ${res.stderr}`);
        await sys.rmmod(name);
        if (r >= warmup) seconds.push(dt);
      }
      return seconds;
    };
    return await fn(ko, timeInsmod);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
