// kemu: the vmlinux link of Linux's top Makefile, for the C part of the emulated kernel only
// (csrc/kernel, csrc/lib, csrc/mm, csrc/fs -> build/vmlinux.wasm, a side module like any .ko but not -DMODULE).
import * as fs from "node:fs";
import * as path from "node:path";
import { type BuildOptions, buildTarget, compileFlags, repoRoot, type Unit } from "./compile.js";
import { kemuPostLink, postLinkId } from "./asyncify.js";
import { parseKernelVersion } from "./version.js";

const CORE_DIRS = ["csrc/kernel", "csrc/lib", "csrc/mm", "csrc/fs", "csrc/drivers"];

export type CoreOptions = Pick<BuildOptions, "kernelVersion" | "verbose" | "log" | "postLink" | "postLinkId" | "color" | "env" | "cflags" | "includeDir"> & {
  /** Default: <repo>/build/vmlinux.wasm. */
  out?: string;
};

/** Where buildCore puts the kernel's C part. */
export function corePath(): string {
  return path.join(repoRoot(), "build", "vmlinux.wasm");
}

/** Repo-relative .c files of the core, sorted so the link order (and so the output) is stable. */
export function coreSources(root = repoRoot()): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && e.name.endsWith(".c")) found.push(r);
    }
  };
  for (const d of CORE_DIRS) walk(d);
  return found.sort();
}

/** Build (or take from the cache) build/vmlinux.wasm and return its path. */
export async function buildCore(opts: CoreOptions = {}): Promise<string> {
  const root = repoRoot();
  const kv = parseKernelVersion(opts.kernelVersion ?? "6.1.0");
  const flags = (file: string) =>
    compileFlags(kv, {
      module: false,
      modname: "vmlinux",
      basename: path.basename(file, ".c").replace(/[-,]/g, "_"),
      // __FILE__ as in Linux ("kernel/locking/mutex.c"): BUG and might_sleep reports print it.
      extra: ["-fmacro-prefix-map=csrc/=", ...(opts.cflags ?? [])],
      includeDir: opts.includeDir,
    });
  // Spelled relative to the repo and compiled from there, so keys and diagnostics do not depend on cwd.
  const units: Unit[] = coreSources(root).map((rel) => ({
    spelling: rel, abs: path.join(root, rel), cwd: root, keyPath: path.join(root, rel), keyCwd: root,
    flags: flags(rel), objName: rel.replace(/^csrc\//, "").replace(/\.c$/, ".o"),
  }));
  if (!units.length) {
    // wasm-ld refuses to link nothing; an empty core is still a valid side module.
    units.push({
      spelling: "vmlinux.empty.c", abs: "", cwd: "", keyPath: "<core>/vmlinux.empty.c", keyCwd: "<core>",
      generated: "/* kemu: no kernel C sources yet */\n", flags: flags("vmlinux.empty.c"), objName: "vmlinux.empty.o",
    });
  }
  const out = opts.out ?? corePath();
  await buildTarget({
    kind: "core", fileName: "vmlinux.wasm", name: "vmlinux", units, out, cwd: process.cwd(),
    verbose: opts.verbose, log: opts.log,
    postLink: opts.postLink ?? ((w) => kemuPostLink(w, "core")),
    postLinkId: opts.postLink ? opts.postLinkId : postLinkId("core"),
    color: opts.color, env: opts.env,
  });
  return path.resolve(out);
}
