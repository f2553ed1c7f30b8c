#!/usr/bin/env node
// kemu bench: procfs (issue 6). `cat /proc/records` in the emulated shell, a seq_file of 10 000
// records (modules/procfs/records.c): seq_read fills a page per read() through start/show/next/
// stop. Prints milliseconds per cat and records per second. No target is set by the issue.
// Needs dist/ (npx tsc -p tsconfig.json) and clang/wasm-ld. Usage: node bench/procfs.js [--quick] [--json]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median } from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST_URL = pathToFileURL(join(ROOT, "dist")).href;

async function main() {
  const quick = process.argv.includes("--quick");
  const json = process.argv.includes("--json");
  const records = 10000;
  const runs = quick ? 3 : 7;
  const { buildModule } = await import(`${DIST_URL}/build/compile.js`);
  const { KemuSystem } = await import(`${DIST_URL}/system.js`);
  const ko = readFileSync((await buildModule({ sources: [join(ROOT, "modules/procfs/records.c")] })).ko);
  const sys = await KemuSystem.boot();
  sys.userspace.vfs.install("/root/records.ko", ko);
  const ins = await sys.exec(["insmod", "/root/records.ko", `count=${records}`]);
  if (ins.status !== 0) throw new Error(`insmod failed: ${ins.stderr}`);
  const samples = [];
  for (let r = 0; r < runs + 1; r++) {
    const t0 = process.hrtime.bigint();
    const res = await sys.exec(["sh", "-c", "cat /proc/records > /dev/null; echo done"]);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.stdout !== "done\n") throw new Error(`cat failed: ${res.stdout}${res.stderr}`);
    if (r > 0) samples.push(ms); // the first run warms the JIT
  }
  const row = { name: `cat of a seq_file with ${records} records`, ms: median(samples), recordsPerSecond: records / (median(samples) / 1e3), samples };
  if (json) {
    process.stdout.write(JSON.stringify([row], null, 2) + "\n");
  } else {
    process.stdout.write("procfs benchmark (wall clock)\n");
    process.stdout.write(`${row.name.padEnd(44)} ${row.ms.toFixed(1).padStart(8)} ms  ${(row.recordsPerSecond / 1e3).toFixed(0)} k records/s\n`);
  }
}

main().then((c) => process.exit(c ?? 0), (e) => {
  process.stderr.write(`bench/procfs: ${e.stack ?? e}\n`);
  process.exit(1);
});
