// kemu: kmod's depmod(8): scans /lib/modules/<release>/ for .ko files and writes modules.dep
// and modules.alias. Dependencies come from the wasm imports one module resolves against
// another's exports (Linux reads __ksymtab; a wasm side module exports what it EXPORT_SYMBOLs).
import type { ProgramMain, UserProcess } from "../types.js";
import { err, kernelOf, readAll } from "./io.js";
import { parseWasm } from "../../kernel/module/wasm.js";
import { modinfoOf } from "../../kernel/module/modinfo.js";
import { moduleName } from "../kmod.js";
import { S_IFDIR, S_IFMT } from "../../fs/types.js";

interface ModFile {
  rel: string;
  name: string;
  imports: string[];
  exports: Set<string>;
  aliases: string[];
}


/** Every .ko under dir (relative paths, sorted as depmod's output order is stable). */
function findKo(p: UserProcess, dir: string, prefix = ""): string[] {
  const vfs = kernelOf(p).us.vfs;
  const names = vfs.readdir(dir);
  if (typeof names === "number") return [];
  const out: string[] = [];
  for (const n of [...names].sort()) {
    if (n === "." || n === "..") continue;
    const st = vfs.stat(`${dir}/${n}`, "/", true);
    if (typeof st === "number") continue;
    if ((st.mode & S_IFMT) === S_IFDIR) out.push(...findKo(p, `${dir}/${n}`, `${prefix}${n}/`));
    else if (n.endsWith(".ko")) out.push(prefix + n);
  }
  return out;
}

export async function depmod(p: UserProcess, release: string): Promise<number> {
  const base = `/lib/modules/${release}`;
  const k = kernelOf(p).k;
  const mods: ModFile[] = [];
  for (const rel of findKo(p, base)) {
    const bytes = await readAll(p, `${base}/${rel}`);
    if (typeof bytes === "number") continue;
    let parsed;
    try {
      parsed = parseWasm(bytes);
    } catch {
      await err(p, `depmod: ERROR: failed to load module ${base}/${rel}\n`);
      continue;
    }
    const info = modinfoOf(parsed) ?? [];
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>))
      .filter((i) => i.module === "env" || i.module === "GOT.mem" || i.module === "GOT.func")
      .map((i) => i.name)
      .filter((n) => !k.symbols.get(n));
    mods.push({
      rel,
      name: info.find(([key]) => key === "name")?.[1] ?? moduleName(rel),
      imports,
      exports: new Set(parsed.exports.keys()),
      aliases: info.filter(([key]) => key === "alias").map(([, v]) => v),
    });
  }
  const owner = (sym: string, self: ModFile) => mods.find((m) => m !== self && m.exports.has(sym));
  const depsOf = (m: ModFile, seen = new Set<ModFile>()): ModFile[] => {
    const out: ModFile[] = [];
    for (const sym of m.imports) {
      const o = owner(sym, m);
      if (!o || seen.has(o)) continue;
      seen.add(o);
      out.push(o, ...depsOf(o, seen));
    }
    return out;
  };
  let dep = "";
  let alias = "# Aliases extracted from modules themselves.\n";
  for (const m of mods) {
    const d = depsOf(m, new Set([m]));
    dep += `${m.rel}:${d.map((x) => " " + x.rel).join("")}\n`;
    for (const a of m.aliases) alias += `alias ${a} ${m.name}\n`;
  }
  const vfs = kernelOf(p).us.vfs;
  vfs.install(`${base}/modules.dep`, dep, 0o644);
  vfs.install(`${base}/modules.alias`, alias, 0o644);
  return 0;
}

/** depmod [-a] [VERSION] */
export const depmodMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1).filter((a) => !a.startsWith("-"));
  return depmod(p, args[0] ?? kernelOf(p).k.release);
};

/** Path of module NAME per modules.dep, or undefined. */
export async function findModule(p: UserProcess, release: string, name: string): Promise<string | undefined> {
  const deps = await readDeps(p, release);
  const e = deps.get(moduleName(name));
  return e ? `/lib/modules/${release}/${e.path}` : undefined;
}

export async function readDeps(p: UserProcess, release: string): Promise<Map<string, { path: string; deps: string[] }>> {
  const m = new Map<string, { path: string; deps: string[] }>();
  const bytes = await readAll(p, `/lib/modules/${release}/modules.dep`);
  if (typeof bytes === "number") return m;
  for (const line of Buffer.from(bytes).toString("utf8").split("\n")) {
    const i = line.indexOf(":");
    if (i < 0) continue;
    const path = line.slice(0, i).trim();
    m.set(moduleName(path), { path, deps: line.slice(i + 1).trim().split(/\s+/).filter(Boolean) });
  }
  return m;
}
