#!/usr/bin/env node
// kemu bench: char device reads (issue 6). A user C program (modules/user/kqclient.c, "bench")
// makes N small pread()s of /dev/kq (modules/chardev/kq.c: simple_read_from_buffer of 8 bytes),
// each a system call that runs the driver's read on the process's kernel stack. Prints reads per
// wall-clock second against the 200 000 per second target.
// Needs dist/ (npx tsc -p tsconfig.json), clang/wasm-ld and wasi-libc. Usage: node bench/chardev.js [--quick] [--json]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST_URL = pathToFileURL(join(ROOT, "dist")).href;

async function main() {
  const quick = process.argv.includes("--quick");
  const json = process.argv.includes("--json");
  const n = quick ? 20000 : 100000;
  const runs = quick ? 3 : 5;
  const { buildModule } = await import(`${DIST_URL}/build/compile.js`);
  const { buildUserProgram } = await import(`${DIST_URL}/build/user.js`);
  const { KemuSystem } = await import(`${DIST_URL}/system.js`);
  const ko = readFileSync((await buildModule({ sources: [join(ROOT, "modules/chardev/kq.c")] })).ko);
  const prog = readFileSync((await buildUserProgram({ sources: [join(ROOT, "modules/user/kqclient.c")] })).path);
  const samples = [];
  for (let r = 0; r < runs + 1; r++) {
    const sys = await KemuSystem.boot();
    sys.processLimitNs = 1n << 60n;
    sys.userspace.vfs.install("/root/kq.ko", ko);
    sys.userspace.vfs.install("/usr/bin/kqclient", prog, 0o755);
    const ins = await sys.exec(["insmod", "/root/kq.ko", "tick_ms=100000"]);
    if (ins.status !== 0) throw new Error(`insmod failed: ${ins.stderr}`);
    // the program is compiled (and cached) by its first exec: time a second one
    await sys.exec(["kqclient", "bench", "/dev/kq", "1"]);
    const t0 = process.hrtime.bigint();
    const res = await sys.exec(["kqclient", "bench", "/dev/kq", String(n)]);
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (res.status !== 0 || !res.stdout.startsWith(`${n} reads`)) throw new Error(`kqclient failed: ${res.stdout}${res.stderr}`);
    if (r > 0) samples.push(n / dt); // the first run warms the JIT
  }
  const row = { name: `${n} preads of 8 bytes from a user C program`, perSecond: median(samples), target: 2e5, samples };
  if (json) {
    process.stdout.write(JSON.stringify([row], null, 2) + "\n");
  } else {
    const ratio = row.perSecond / row.target;
    process.stdout.write("char device benchmark (reads per wall-clock second)\n");
    process.stdout.write(`${row.name.padEnd(44)} ${(row.perSecond / 1e3).toFixed(0).padStart(8)} k/s  target 200 k/s  ratio ${ratio.toFixed(2)}  ${ratio >= 1 ? "ok" : "under"}\n`);
  }
}

main().then((c) => process.exit(c ?? 0), (e) => {
  process.stderr.write(`bench/chardev: ${e.stack ?? e}\n`);
  process.exit(1);
});
