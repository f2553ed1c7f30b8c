#!/usr/bin/env node
// kemu benchmarks (`npm run bench`): end-to-end `kemu run` as a child process, module build times,
// kernel boot and insmod+rmmod in a warm process. Prints a table with each figure against its
// target; --json prints the same as JSON; --quick takes fewer samples; --strict exits 1 when a
// figure is over its target; --inherit-env keeps NODE_EXTRA_CA_CERTS for the child processes.
// Needs dist/ and its CLI bundle (./build.sh) and clang-19/wasm-ld-19 (docs/performance.md).
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { timeProcess, timeRepeated } from "./e2e.js";
import { benchBoot, benchBuild, benchInsmod } from "./inproc.js";
import { formatTable, summarize } from "./stats.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
/** dist/ as a URL prefix for import() (a bare absolute path is not a URL on every platform). */
const DIST_URL = pathToFileURL(DIST).href;
const KEMU = join(ROOT, "bin", "kemu.js");
const SOURCE = "modules/hello-1.c";
const MODNAME = "hello_1";
const HELLO = /Hello world 1\./;

const TARGETS = {
  "e2e kemu run hello-1.c (cached)": 150,
  "insmod+rmmod hello-1.ko (warm)": 2,
};

function parseArgs(argv) {
  const o = { json: false, quick: false, strict: false, inheritEnv: false };
  for (const a of argv) {
    if (a === "--json") o.json = true;
    else if (a === "--quick") o.quick = true;
    else if (a === "--strict") o.strict = true;
    else if (a === "--inherit-env") o.inheritEnv = true;
    else if (a === "-h" || a === "--help") {
      process.stdout.write("Usage: node bench/run.js [--json] [--quick] [--strict] [--inherit-env]\n");
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown option '${a}'\n`);
      process.exit(2);
    }
  }
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(DIST, "index.js"))) {
    process.stderr.write("bench: dist/ is missing; run `npx tsc -p tsconfig.json` first\n");
    return 2;
  }
  // bin/kemu.js runs the bundle only when it is current; otherwise every e2e row measures the
  // unbundled modules, ~150 ms slower.
  const bundle = join(DIST, "cli", "kemu.bundle.cjs");
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(join(DIST, "cli", "main.js")).mtimeMs) {
    process.stderr.write("bench: warning: dist/cli/kemu.bundle.cjs is missing or older than dist/ (run ./build.sh); kemu run will load the unbundled modules\n");
  }
  const n = opts.quick
    ? { cold: 1, cached: 4, hit: 5, boot: 5, insWarm: 20, ins: 100, baseline: 3 }
    : { cold: 3, cached: 10, hit: 20, boot: 20, insWarm: 50, ins: 500, baseline: 5 };
  const progress = (s) => { if (!opts.json) process.stderr.write(`bench: ${s}\n`); };
  const results = [];
  const add = (name, value, samples, note) => results.push({ name, value, target: TARGETS[name], samples, note });
  const cleanups = [];
  const t0 = Date.now();

  try {
    // The core must exist before timing, or the first run would include building it. Like boot(),
    // build it only when missing: rebuilding a present one would rewrite a shared file.
    const core = await import(`${DIST_URL}/build/core.js`);
    if (!existsSync(core.corePath())) {
      progress("building build/vmlinux.wasm (missing)");
      await core.buildCore();
    }

    progress(`build ${SOURCE}: ${n.cold} cold, ${n.hit} cache hits (in-process)`);
    const b = await benchBuild(DIST_URL, join(ROOT, SOURCE), { coldRuns: n.cold, hitRuns: n.hit });
    cleanups.push(b.cleanup);
    add("build hello-1.c (cold, in-process)", b.cold.median, b.cold, "clang + wasm-ld + toolchain probe, empty cache");
    add("build hello-1.c (cache hit, in-process)", b.hit.median, b.hit, "hash sources and headers, find the .ko");

    // The children get this process's environment, less NODE_EXTRA_CA_CERTS: with it set, Node 20
    // reads and parses that CA bundle at start-up (nodejs/node#40524), which costs every Node
    // process ~150 ms here and says nothing about kemu. Its cost is shown on rows of its own.
    const extraCa = process.env.NODE_EXTRA_CA_CERTS;
    const baseEnv = { ...process.env };
    if (!opts.inheritEnv) delete baseEnv.NODE_EXTRA_CA_CERTS;
    const caNote = extraCa && opts.inheritEnv ? " (NODE_EXTRA_CA_CERTS set)" : "";
    if (extraCa && !opts.inheritEnv) progress("child processes run without NODE_EXTRA_CA_CERTS (--inherit-env keeps it)");

    progress(`kemu run ${SOURCE}: ${n.cold} cold (fresh KEMU_CACHE_DIR each), ${n.cached} cached`);
    const cold = [];
    let env;
    for (let i = 0; i < n.cold; i++) {
      const dir = mkdtempSync(join(tmpdir(), "kemu-bench-e2e-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { ...baseEnv, KEMU_CACHE_DIR: dir };
      cold.push(await timeProcess(process.execPath, [KEMU, "run", SOURCE], { cwd: ROOT, env, expect: HELLO }));
    }
    const coldS = summarize(cold);
    add("e2e kemu run hello-1.c (cold build)", coldS.median, coldS, "process start to exit, clang runs" + caNote);
    const cached = await timeRepeated(n.cached, process.execPath, [KEMU, "run", SOURCE], { cwd: ROOT, env, expect: HELLO });
    add("e2e kemu run hello-1.c (cached)", cached.median, cached, "process start to exit, .ko from the cache" + caNote);
    if (extraCa && !opts.inheritEnv) {
      const withCa = await timeRepeated(n.baseline, process.execPath, [KEMU, "run", SOURCE], { cwd: ROOT, env: { ...env, NODE_EXTRA_CA_CERTS: extraCa }, expect: HELLO });
      add("e2e kemu run hello-1.c (cached, +CA env)", withCa.median, withCa, "as above with this shell's NODE_EXTRA_CA_CERTS");
    }

    progress("baselines: kemu run of a built .ko, loading kemu's JS, node start-up");
    const ko = await timeRepeated(n.baseline, process.execPath, [KEMU, "run", b.ko], { cwd: ROOT, env, expect: HELLO });
    add("e2e kemu run hello-1.ko (prebuilt)", ko.median, ko, "no build step, compile.js not loaded" + caNote);
    // The CLI as a cached run loads it (the bundle, its code cache, run.js and what it imports),
    // without building, booting or running anything.
    const imp = await timeRepeated(n.baseline, process.execPath, [KEMU, "run", "--help"], { cwd: ROOT, env, expect: /^Usage: kemu run/ });
    add("node + load kemu's JS (run --help)", imp.median, imp, "Node start-up plus loading what a cached run loads" + caNote);
    const bare = await timeRepeated(n.baseline, process.execPath, ["-e", "0"], { cwd: ROOT, env });
    add("node -e 0 (Node start-up)", bare.median, bare, "the floor of any CLI run" + caNote);
    if (extraCa && !opts.inheritEnv) {
      const bareCa = await timeRepeated(n.baseline, process.execPath, ["-e", "0"], { cwd: ROOT, env: { ...env, NODE_EXTRA_CA_CERTS: extraCa } });
      add("node -e 0 (+CA env)", bareCa.median, bareCa, "Node start-up with this shell's NODE_EXTRA_CA_CERTS");
    }

    progress(`boot: 1 first + ${n.boot} warm (in-process)`);
    const boot = await benchBoot(DIST_URL, { runs: n.boot });
    add("boot kernel (first in process)", boot.first, undefined, "first boot in the process: compiles vmlinux.wasm, cold JIT");
    add("boot kernel (warm process)", boot.warm.median, boot.warm, "a new kernel after one was booted");

    progress(`insmod+rmmod: ${n.insWarm} warm-up + ${n.ins} timed pairs (in-process)`);
    const ins = await benchInsmod(DIST_URL, b.ko, MODNAME, { warmup: n.insWarm, runs: n.ins });
    add("insmod+rmmod hello-1.ko (first)", ins.first, undefined, "first pair on a new kernel");
    add("insmod+rmmod hello-1.ko (warm)", ins.pair.median, ins.pair, "median of one pair, booted kernel");
  } finally {
    for (const c of cleanups) c();
  }

  const totalS = (Date.now() - t0) / 1000;
  const over = results.filter((r) => r.target && r.value > r.target);
  if (opts.json) {
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: (await import("node:os")).cpus().length,
      totalSeconds: totalS,
      childEnv: process.env.NODE_EXTRA_CA_CERTS && !opts.inheritEnv ? "inherited, less NODE_EXTRA_CA_CERTS" : "inherited",
      results: results.map((r) => ({
        name: r.name, unit: "ms", value: r.value, target: r.target ?? null,
        ratio: r.target ? r.value / r.target : null,
        status: r.target ? (r.value <= r.target ? "ok" : "over") : null,
        samples: r.samples ?? null, note: r.note,
      })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  } else {
    process.stdout.write(formatTable(results));
    const childEnv = process.env.NODE_EXTRA_CA_CERTS ? (opts.inheritEnv ? "inherited (NODE_EXTRA_CA_CERTS set)" : "inherited less NODE_EXTRA_CA_CERTS") : "inherited";
    process.stdout.write(`\n${over.length ? `${over.length} over target` : "all targets met"}; took ${totalS.toFixed(1)} s (node ${process.version}, child env ${childEnv})\n`);
  }
  return opts.strict && over.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`bench: ${e && e.stack ? e.stack : e}\n`); process.exitCode = 1; });
