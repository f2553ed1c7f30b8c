// kemu: `kemu build`, the counterpart of `make -C /lib/modules/$(uname -r)/build M=$PWD modules`
// (kbuild's output format), without make: the build driver is ts/build/compile.ts.
import * as fs from "node:fs";
import * as path from "node:path";

export const BUILD_USAGE = `Usage: kemu build [options] FILE.c... | DIR... | FILE.ko
Compile Linux kernel module C source to a WebAssembly module (.ko), like
\`make -C /lib/modules/$(uname -r)/build M=$PWD modules\`.

Inputs:
  FILE.c...              one module made of these files, named after the first
  DIR                    every obj-m module of DIR/Kbuild or DIR/Makefile
  FILE.ko                already built: nothing to do (copied to -o if given)

Options:
  -o, --output OUT       write the module to OUT; with a DIR or several modules
                         OUT is a directory (default: NAME.ko beside the first
                         source, or in DIR, as kbuild does)
  --each                 every FILE.c is a module of its own
  --name NAME            module name for FILE.c... (default: first file's name)
  --kernel-version V     kernel version to compile for: 6.1.0, 2.6.23, 2.2.x...;
                         auto (the default) detects the era the source was
                         written for from the APIs it uses (6.1.0 when nothing
                         is era-specific)
  --explain              print the version chosen and the evidence for it
  -DNAME[=VAL] -UNAME -IDIR
                         extra compiler flags (like ccflags-y)
  NAME=VALUE             a make variable for the Kbuild/Makefile (CONFIG_FOO=m)
  -v, --verbose          print the clang and wasm-ld command lines (make V=1)
  --user                 FILE.c... is a user-space program: build a wasm32-wasi
                         command (wasi-libc) that runs inside kemu; -o names
                         it (default: FILE beside the first source);
                         -lLIB -LDIR -Wl,... go to the linker
  -h, --help             this text

Output: kbuild's progress lines ("  CC [M]  hello.o", "  MODPOST hello.mod.c",
"  LD [M]  hello.ko") on stdout for what is actually compiled. A module that is
unchanged since its last build comes from the cache (KEMU_CACHE_DIR, else
$XDG_CACHE_HOME/kemu, else ~/.cache/kemu) and prints nothing ("  CACHED  ..."
with -v). Compiler warnings and errors go to stderr as clang prints them.
Exit status: 0 built, 1 build error, 2 usage error.
`;

interface Parsed {
  inputs: string[];
  out?: string;
  each: boolean;
  name?: string;
  kernelVersion: string;
  cflags: string[];
  vars: Record<string, string>;
  verbose: boolean;
  /** --explain: print the chosen kernel version and its evidence */
  explain: boolean;
  /** --user: a user-space program */
  user: boolean;
  /** -l/-L/-Wl, (only with --user) */
  ldflags: string[];
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Parsed | "help" {
  const p: Parsed = { inputs: [], each: false, kernelVersion: "auto", cflags: [], vars: {}, verbose: false, explain: false, user: false, ldflags: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (opt: string): string => {
      const eq = a.indexOf("=");
      if (a.startsWith("--") && eq > 0) return a.slice(eq + 1);
      if (a.length > 2 && !a.startsWith("--")) return a.slice(2);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option '${opt}' requires an argument`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--user") p.user = true;
    else if (/^-[lL]./.test(a) || a.startsWith("-Wl,")) p.ldflags.push(a);
    else if (a === "-v" || a === "--verbose") p.verbose = true;
    else if (a === "--each") p.each = true;
    else if (a === "--explain") p.explain = true;
    else if (a === "-o" || a.startsWith("-o") || a === "--output" || a.startsWith("--output=")) p.out = value("-o");
    else if (a === "--name" || a.startsWith("--name=")) p.name = value("--name");
    else if (a === "--kernel-version" || a.startsWith("--kernel-version=")) {
      p.kernelVersion = value("--kernel-version");
    } else if (/^-[DUI]/.test(a)) {
      p.cflags.push(a.length > 2 ? a : `${a}${value(a)}`);
    } else if (a === "--") p.inputs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option '${a}'`);
    else if (/^[A-Za-z_][A-Za-z0-9_-]*=/.test(a) && !fs.existsSync(a)) {
      const eq = a.indexOf("=");
      p.vars[a.slice(0, eq)] = a.slice(eq + 1);
    } else p.inputs.push(a);
  }
  return p;
}

/** `kemu build ...`; returns the exit status. */
export async function cmdBuild(argv: string[]): Promise<number> {
  let p: Parsed | "help";
  try {
    p = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`kemu build: ${e.message}\nTry 'kemu build --help' for more information.\n`);
    return 2;
  }
  if (p === "help") {
    process.stdout.write(BUILD_USAGE);
    return 0;
  }
  if (p.user) return cmdBuildUser(p);
  if (p.ldflags.length) {
    process.stderr.write(`kemu build: ${p.ldflags[0]}: linker flags are for --user programs only\n`);
    return 2;
  }
  if (!p.inputs.length) {
    process.stderr.write(`kemu build: no input files\nTry 'kemu build --help' for more information.\n`);
    return 2;
  }
  const opts = p;

  // Loaded here so that `kemu --help` and other commands never pay for the build driver.
  const { parseKernelVersion } = await import("../build/version.js");
  if (opts.kernelVersion !== "auto") {
    try {
      parseKernelVersion(opts.kernelVersion);
    } catch (e) {
      process.stderr.write(`kemu build: ${(e as Error).message}\n`);
      return 2;
    }
  }
  for (const f of opts.inputs) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`kemu build: cannot access '${f}': No such file or directory\n`);
      return 1;
    }
  }

  // One job per module-producing input: the .c files together (or each alone), each DIR, each .ko.
  const cfiles = opts.inputs.filter((f) => f.endsWith(".c") && fs.statSync(f).isFile());
  const others = opts.inputs.filter((f) => !cfiles.includes(f));
  const jobs: string[][] = [...(opts.each ? cfiles.map((f) => [f]) : cfiles.length ? [cfiles] : []), ...others.map((f) => [f])];
  const several = jobs.length > 1 || others.some((f) => fs.statSync(f).isDirectory());
  let outDir: string | undefined;
  let outFile: string | undefined;
  if (opts.out !== undefined) {
    const isDir = opts.out.endsWith("/") || (fs.existsSync(opts.out) && fs.statSync(opts.out).isDirectory());
    if (isDir) outDir = opts.out;
    else if (several) {
      process.stderr.write(`kemu build: -o ${opts.out}: several modules are built, so -o must name a directory\n`);
      return 2;
    } else outFile = opts.out;
  }
  if (opts.name && (opts.each || jobs.length > 1)) {
    process.stderr.write("kemu build: --name needs exactly one module\n");
    return 2;
  }

  const { buildPath, BuildError } = await import("../build/compile.js");
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let status = 0;
  for (const job of jobs) {
    let kernelVersion = opts.kernelVersion;
    if (kernelVersion === "auto" && !(job.length === 1 && job[0].endsWith(".ko"))) {
      // --kernel-version auto: the era this job's sources were written for (ts/build/era/)
      const era = await import("../build/era/detect.js");
      const r = await era.detectEraOfInputs(job, { vars: opts.vars, quick: !opts.explain });
      kernelVersion = r.version;
      if (opts.explain) process.stdout.write(era.formatExplain(r));
      else if (r.conflict) process.stderr.write(`kemu build: warning: ${r.conflict.message}\n`);
    } else if (opts.explain) {
      process.stdout.write(`kernel version ${kernelVersion === "auto" ? "6.1.0" : kernelVersion} (given with --kernel-version)\n`);
    }
    if (kernelVersion === "auto") kernelVersion = "6.1.0";
    try {
      const results = await buildPath(job, {
        out: outFile,
        outDir: outDir ?? ((moduleDir: string) => moduleDir),
        name: opts.name,
        kernelVersion,
        cflags: opts.cflags,
        vars: opts.vars,
        verbose: opts.verbose,
        log,
        color: process.stderr.isTTY === true,
      });
      for (const r of results) if (r.warnings) process.stderr.write(r.warnings.endsWith("\n") ? r.warnings : `${r.warnings}\n`);
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      process.stderr.write(`${e.message}\n`);
      status = 1;
    }
  }
  return status;
}

// ---- kemu build --user (ts/build/user.ts) ---------------------------------------------------------

/** `kemu build --user FILE.c... [-o OUT]`: one wasm32-wasi program from the .c files. */
async function cmdBuildUser(p: Parsed): Promise<number> {
  const usage = (msg: string) => {
    process.stderr.write(`kemu build --user: ${msg}\nTry 'kemu build --help' for more information.\n`);
    return 2;
  };
  if (!p.inputs.length) return usage("no input files");
  const bad = p.inputs.find((f) => !f.endsWith(".c"));
  if (bad) return usage(`${bad}: expected a .c file`);
  if (p.each || p.name || Object.keys(p.vars).length) return usage("--each, --name and NAME=VALUE are for modules");
  for (const f of p.inputs) {
    if (!fs.existsSync(f)) {
      process.stderr.write(`kemu build: cannot access '${f}': No such file or directory\n`);
      return 1;
    }
  }
  const first = p.inputs[0];
  const output = p.out ?? path.join(path.dirname(first), path.basename(first, ".c"));
  const { buildUserProgram, BuildError } = await import("../build/user.js");
  try {
    const r = await buildUserProgram({
      sources: p.inputs,
      output,
      flags: [...p.cflags, ...p.ldflags],
      verbose: p.verbose,
      log: (line) => process.stdout.write(`${line}\n`),
      color: process.stderr.isTTY === true,
    });
    if (r.warnings) process.stderr.write(r.warnings.endsWith("\n") ? r.warnings : `${r.warnings}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}
