// kemu run: what a student does with a module on a real machine - build it, insmod it, let the
// system run, rmmod it - and the kernel log they would read with dmesg.
import { basename } from "node:path";
import { existsSync, statSync } from "node:fs";
import { KemuSystem } from "../system.js";
import type { ToolResult } from "../user/kmod.js";
import { parseDuration, UsageError, writeStderr, writeStdout } from "./args.js";

export const RUN_USAGE = `Usage: kemu run [options] TARGET [param=value ...] [TARGET [param=value ...]]...

TARGET is a module source (FILE.c), a built module (FILE.ko) or a directory with a Kbuild
Makefile. kemu builds it if needed, boots an emulated kernel, loads each target in order
(insmod, with the parameters that follow it), lets the system run until it is idle (at most
10 s of virtual time, or exactly --for DURATION), unloads the modules in reverse order (rmmod) and prints the
kernel log as dmesg would.

Options:
  --for DURATION          run for this long in virtual time before rmmod (e.g. 10s, 500ms)
  --keep                  do not rmmod at the end
  --kernel-version V      emulated kernel version and headers (default auto: the era the
                          sources were written for, detected from the APIs they use;
                          6.1.0 when nothing is era-specific)
  --explain               print the detected kernel version and its evidence first
  --seed N                perturb scheduling (which task runs next, where loops are
                          preempted) to look for races; the same N gives the same run
  --json                  print a JSON report (log records, insmod/rmmod results)
  -x, --decode            print the log with facility and level, like dmesg -x
  -h, --help              this help

Exit status: 0 when every insmod and rmmod succeeded and no Oops, BUG, WARNING or panic was
logged; 1 otherwise; 2 for usage errors.
`;

interface Target {
  spec: string;
  params: string[];
}

function parse(argv: string[]) {
  const opts = { forNs: 0n, keep: false, kernelVersion: "auto", explain: false, json: false, decode: false, help: false, seed: 0 };
  const targets: Target[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option ${a} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") opts.help = true;
    else if (a === "--for") opts.forNs = parseDuration(val());
    else if (a.startsWith("--for=")) opts.forNs = parseDuration(a.slice(6));
    else if (a === "--keep") opts.keep = true;
    else if (a === "--seed" || a.startsWith("--seed=")) {
      const v = a === "--seed" ? val() : a.slice(7);
      if (!/^\d+$/.test(v)) throw new UsageError(`--seed needs a non-negative integer, not '${v}'`);
      opts.seed = Number(v) >>> 0;
    }
    else if (a === "--kernel-version") opts.kernelVersion = val();
    else if (a.startsWith("--kernel-version=")) opts.kernelVersion = a.slice(17);
    else if (a === "--json") opts.json = true;
    else if (a === "--explain") opts.explain = true;
    else if (a === "-x" || a === "--decode") opts.decode = true;
    else if (a.startsWith("-") && !a.includes("=")) throw new UsageError(`unknown option '${a}'`);
    else if (existsSync(a) || /\.(c|ko)$/.test(a) || !targets.length) {
      if (a.includes("=") && !existsSync(a)) throw new UsageError(`parameter '${a}' given before any module`);
      targets.push({ spec: a, params: [] });
    } else targets[targets.length - 1].params.push(a); // param=value, or a bare bool name
  }
  return { opts, targets };
}

export async function cmdRun(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    writeStderr(`kemu run: ${(e as Error).message}\n${RUN_USAGE}`);
    return 2;
  }
  const { opts, targets } = parsed;
  if (opts.help) {
    writeStdout(RUN_USAGE);
    return 0;
  }
  if (!targets.length) {
    writeStderr(`kemu run: no module given\n${RUN_USAGE}`);
    return 2;
  }

  // --kernel-version auto: one kernel runs every target, so the era comes from all their sources.
  if (opts.kernelVersion === "auto") {
    const sources = targets.map((t) => t.spec).filter((s) => existsSync(s) && !(s.endsWith(".ko") && statSync(s).isFile()));
    opts.kernelVersion = "6.1.0";
    if (sources.length) {
      const era = await import("../build/era/detect.js");
      const r = await era.detectEraOfInputs(sources, { quick: !opts.explain });
      opts.kernelVersion = r.version;
      if (opts.explain) writeStderr(era.formatExplain(r));
      else if (r.conflict) writeStderr(`kemu run: warning: ${r.conflict.message}\n`);
    }
  } else if (opts.explain) writeStderr(`kernel version ${opts.kernelVersion} (given with --kernel-version)\n`);

  // Build whatever is not a .ko yet (the toolchain driver is loaded only then).
  const kos: { ko: string; display: string; params: string[] }[] = [];
  for (const t of targets) {
    if (!existsSync(t.spec)) {
      writeStderr(`kemu run: cannot access '${t.spec}': No such file or directory\n`);
      return 1;
    }
    if (t.spec.endsWith(".ko") && statSync(t.spec).isFile()) {
      kos.push({ ko: t.spec, display: t.spec, params: t.params });
      continue;
    }
    const { buildPath } = await import("../build/compile.js");
    try {
      const results = await buildPath(t.spec, { kernelVersion: opts.kernelVersion });
      for (const r of results) {
        if (r.warnings) writeStderr(r.warnings.endsWith("\n") ? r.warnings : r.warnings + "\n");
        kos.push({ ko: r.ko, display: `${r.name}.ko`, params: t.params });
      }
    } catch (e) {
      const msg = (e as Error).message;
      writeStderr(msg.endsWith("\n") ? msg : msg + "\n");
      return 1;
    }
  }

  const sys = await KemuSystem.boot({ kernelVersion: opts.kernelVersion, seed: opts.seed });
  const steps: { cmd: string; result: ToolResult }[] = [];
  let ok = true;
  const loaded: string[] = [];
  for (const m of kos) {
    const r = await sys.insmod(m.ko, m.params, m.display);
    steps.push({ cmd: `insmod ${basename(m.display)}${m.params.length ? " " + m.params.join(" ") : ""}`, result: r });
    if (r.status !== 0) {
      ok = false;
      break;
    }
    if (r.module) loaded.push(r.module.name);
  }
  if (ok) {
    if (opts.forNs > 0n) await sys.run(opts.forNs);
    else await sys.settle();
  }
  if (ok && !opts.keep) {
    for (const name of loaded.reverse()) {
      const r = await sys.rmmod(name);
      steps.push({ cmd: `rmmod ${name}`, result: r });
      if (r.status !== 0) ok = false;
    }
  }
  const status = ok && sys.reports === 0 ? 0 : 1;
  if (opts.json) {
    const report = {
      status,
      steps: steps.map((s) => ({ command: s.cmd, status: s.result.status, stdout: s.result.stdout, stderr: s.result.stderr })),
      log: sys.log().map((r) => ({ time: Number(r.tsNs) / 1e9, level: r.level, text: r.text })),
      lsmod: sys.lsmod(),
    };
    writeStdout(JSON.stringify(report, null, 2) + "\n");
  } else {
    for (const s of steps) {
      if (s.result.stdout) writeStdout(s.result.stdout);
      if (s.result.stderr) writeStderr(s.result.stderr);
    }
    writeStdout(sys.dmesg({ decode: opts.decode }));
  }
  return status;
}
