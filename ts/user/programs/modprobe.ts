// kemu: kmod's modprobe(8): names and aliases resolved through modules.dep and modules.alias,
// dependencies loaded first, already-loaded modules skipped; -r removes a module and the
// dependencies nothing else uses. Messages are kmod's.
import type { ProgramMain, UserProcess } from "../types.js";
import { err, out, readAll, kernelOf } from "./io.js";
import { readDeps } from "./depmod.js";
import { modStrerror, rmmodCheck, moduleName } from "../kmod.js";
import { strerror, ENOENT, EINVAL, EEXIST } from "../../include/errno.js";

/** fnmatch(3) without flags, as kmod matches alias patterns. */
export function fnmatch(pattern: string, s: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const j = pattern.indexOf("]", i + 2);
      if (j < 0) re += "\\[";
      else {
        re += "[" + pattern.slice(i + 1, j).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(re + "$", "s").test(s);
}

async function aliases(p: UserProcess, release: string): Promise<[string, string][]> {
  const bytes = await readAll(p, `/lib/modules/${release}/modules.alias`);
  if (typeof bytes === "number") return [];
  const out: [string, string][] = [];
  for (const line of Buffer.from(bytes).toString("utf8").split("\n")) {
    const m = /^alias\s+(\S+)\s+(\S+)/.exec(line);
    if (m) out.push([m[1], m[2]]);
  }
  return out;
}

export const modprobeMain: ProgramMain = async (p) => {
  const proc = kernelOf(p);
  const k = proc.k;
  let quiet = false;
  let remove = false;
  let dry = false;
  let verbose = false;
  let firstTime = false;
  const rest: string[] = [];
  const args = p.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (rest.length === 0 && a.startsWith("-") && a.length > 1) {
      for (const c of a.startsWith("--") ? [a] : a.slice(1).split("")) {
        if (c === "q" || c === "--quiet") quiet = true;
        else if (c === "r" || c === "--remove") remove = true;
        else if (c === "n" || c === "--dry-run" || c === "--show") dry = true;
        else if (c === "v" || c === "--verbose") verbose = true;
        else if (c === "--first-time") firstTime = true;
        else if (c === "a" || c === "--all" || c === "b" || c === "s") continue;
        else {
          await err(p, `modprobe: ERROR: unknown option '${a}'\n`);
          return 1;
        }
      }
    } else rest.push(a);
  }
  const [target, ...params] = rest;
  if (!target) {
    await err(p, "modprobe: ERROR: missing parameters. See -h.\n");
    return 1;
  }
  const release = k.release;
  const deps = await readDeps(p, release);
  const want = target.replace(/-/g, "_");
  let names: string[] = deps.has(want) ? [want] : [];
  if (!names.length) names = (await aliases(p, release)).filter(([pat]) => fnmatch(pat, target)).map(([, n]) => n);
  if (!names.length && k.modules.find(want)) names = [want];
  if (!names.length) {
    if (remove) {
      if (!quiet) await err(p, `modprobe: FATAL: Module ${target} not found.\n`);
      return 1;
    }
    if (!quiet) await err(p, `modprobe: FATAL: Module ${target} not found in directory /lib/modules/${release}\n`);
    return 1;
  }
  for (const name of [...new Set(names)]) {
    if (remove) {
      if (!k.modules.find(name)) {
        if (!quiet) await err(p, `modprobe: FATAL: Module ${name} is not in kernel.\n`);
        return 1;
      }
      const chain = [name, ...(deps.get(name)?.deps ?? []).map(moduleName)];
      for (const [i, m] of chain.entries()) {
        if (!k.modules.find(m)) continue;
        const bad = rmmodCheck(k, m);
        if (bad) {
          if (i === 0) {
            if (!quiet) await err(p, `modprobe: FATAL: Module ${m} is in use.\n`);
            return 1;
          }
          continue;
        }
        if (verbose || dry) await out(p, `rmmod ${m}\n`);
        if (dry) continue;
        const r = await proc.deleteModule(m);
        if (r.err < 0 && i === 0) {
          if (!quiet) await err(p, `modprobe: FATAL: ${strerror(r.err)}\n`);
          return 1;
        }
      }
      continue;
    }
    const e = deps.get(name);
    if (!e) continue;
    const order = [...e.deps].reverse().map((d) => ({ path: d, args: "" }));
    order.push({ path: e.path, args: params.join(" ") });
    for (const { path, args: a } of order) {
      const mname = moduleName(path);
      if (k.modules.find(mname)) continue;
      const full = `/lib/modules/${release}/${path}`;
      if (verbose || dry) await out(p, `insmod ${full} ${a}`.trimEnd() + "\n");
      if (dry) continue;
      const bytes = await readAll(p, full);
      if (typeof bytes === "number") {
        if (!quiet) await err(p, `modprobe: ERROR: could not insert '${mname}': ${strerror(bytes)}\n`);
        return 1;
      }
      const r = await proc.initModule(bytes, a, full);
      // another modprobe won the race: loaded is loaded (libkmod), unless --first-time
      if (r.err === -EEXIST && !firstTime) continue;
      if (r.err < 0) {
        const why = r.err === -ENOENT || r.err === -EINVAL ? "Unknown symbol in module, or unknown parameter (see dmesg)" : modStrerror(-r.err);
        await err(p, `modprobe: ERROR: could not insert '${mname}': ${why}\n`);
        return 1;
      }
    }
  }
  return 0;
};
