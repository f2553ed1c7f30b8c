// kemu modinfo: modinfo(8) for kemu modules (.ko, or a .c/dir built first).
import { readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { modinfo } from "../user/kmod.js";

const USAGE = `Usage: kemu modinfo [--kernel-version V] FILE.ko|FILE.c|DIR

Prints the module's .modinfo fields (license, author, description, parm ...) like modinfo(8).
`;

export async function cmdModinfo(argv: string[]): Promise<number> {
  let kernelVersion = "6.1.0";
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === "--kernel-version") kernelVersion = argv[++i] ?? kernelVersion;
    else files.push(a);
  }
  if (!files.length) {
    process.stderr.write(`modinfo: ERROR: missing module or filename.\n`);
    return 1;
  }
  let status = 0;
  for (const f of files) {
    if (!existsSync(f)) {
      process.stderr.write(`modinfo: ERROR: Module ${f} not found.\n`);
      status = 1;
      continue;
    }
    let ko = f;
    if (!f.endsWith(".ko")) {
      const { buildPath } = await import("../build/compile.js");
      try {
        // Like kbuild, the module is built beside its source.
        const out = f.endsWith(".c") ? f.replace(/\.c$/, ".ko") : undefined;
        ko = (await buildPath(f, { kernelVersion, out }))[0].ko;
      } catch (e) {
        process.stderr.write((e as Error).message + "\n");
        status = 1;
        continue;
      }
    }
    const r = modinfo(readFileSync(ko), resolve(ko));
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    if (r.status) status = r.status;
  }
  return status;
}
