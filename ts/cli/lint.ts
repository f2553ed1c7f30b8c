// kemu lint: compiler-style warnings (FILE:LINE:COL: warning: TEXT [kemu-lint-RULE]) for kernel
// module mistakes, from ts/lint/lint.ts; exit status 1 when anything is found, like a -Werror build.
import * as fs from "node:fs";

export const LINT_USAGE = `Usage: kemu lint [options] FILE.c...
Check kernel module C source for mistakes that crash, hang or taint Linux:
deferred work or kthreads left running after module_exit, sleeping in atomic
context, memory freed under a usermode helper that does not wait, a missing
MODULE_LICENSE, a missing exit function. The files are one module.

Options:
  --each                 lint every FILE.c as a module of its own
  --kernel-version V     the kernel the code is for (default: auto, detected
                         from the source as for kemu build)
  --rules                list the rules
  -h, --help             this text

Output: FILE:LINE:COL: warning: TEXT [kemu-lint-RULE], one per finding.
Exit status: 0 nothing found, 1 findings, 2 usage error.
`;

export async function cmdLint(argv: string[]): Promise<number> {
  const files: string[] = [];
  let kernelVersion = "auto";
  let each = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      process.stdout.write(LINT_USAGE);
      return 0;
    } else if (a === "--rules") {
      const { RULES } = await import("../lint/lint.js");
      for (const [k, v] of Object.entries(RULES)) process.stdout.write(`kemu-lint-${k.padEnd(22)} ${v}\n`);
      return 0;
    } else if (a === "--each") each = true;
    else if (a === "--kernel-version" || a.startsWith("--kernel-version=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
      if (v === undefined) return usage("option '--kernel-version' requires an argument");
      kernelVersion = v;
    } else if (a.startsWith("-")) return usage(`unknown option '${a}'`);
    else files.push(a);
  }
  if (!files.length) return usage("no input files");
  if (kernelVersion !== "auto") {
    const { parseKernelVersion } = await import("../build/version.js");
    try {
      parseKernelVersion(kernelVersion);
    } catch (e) {
      return usage((e as Error).message);
    }
  }
  for (const f of files) {
    if (!fs.existsSync(f) || !fs.statSync(f).isFile()) {
      process.stderr.write(`kemu lint: cannot access '${f}': No such file or directory\n`);
      return 2;
    }
  }
  const { lintFiles, formatFinding } = await import("../lint/lint.js");
  let found = 0;
  for (const group of each ? files.map((f) => [f]) : [files]) {
    const { findings } = await lintFiles(group, { kernelVersion });
    for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
    found += findings.length;
  }
  return found ? 1 : 0;
}

function usage(msg: string): number {
  process.stderr.write(`kemu lint: ${msg}\nTry 'kemu lint --help' for more information.\n`);
  return 2;
}
