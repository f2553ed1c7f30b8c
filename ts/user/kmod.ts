// kemu: kmod's insmod, rmmod, lsmod and modinfo (tools/*.c in kmod) over the emulated kernel's
// init_module/delete_module: the messages and formats of kmod that the /sbin programs
// (ts/user/programs/) and the library API print.
import { basename } from "node:path";
import { EBUSY, EINVAL, ENOENT, ENOEXEC, ESRCH, EWOULDBLOCK } from "../generated/errno.js";
import { strerror } from "../include/errno.js";
import type { Kernel } from "../kernel/kernel.js";
import type { LoadedModule } from "../kernel/module/types.js";
import { parseWasm } from "../kernel/module/wasm.js";
import { modinfoOf } from "../kernel/module/modinfo.js";
import { reportStall } from "../kernel/hung_task.js";

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
  /** the process was killed by an Oops in kernel code it called */
  killed?: boolean;
  /** the process had not finished when kemu stopped waiting (blocked forever or still running) */
  pending?: boolean;
  module?: LoadedModule;
}

/** What kemu says when a tool's process never finished (a real shell would just hang). */
export function unfinished(k: Kernel, tool: string, pid: number, why: string): string {
  if (why === "stalled") return reportStall(k) + `kemu: ${tool} (pid ${pid}) never finished: it waits for something that cannot happen\n`;
  return `kemu: ${tool} (pid ${pid}) still running after the time limit (${why}); stopped waiting for it\n`;
}

/** kmod's mod_strerror() for insmod. */
export function modStrerror(err: number): string {
  switch (err) {
    case ENOEXEC:
      return "Invalid module format";
    case ENOENT:
      return "Unknown symbol in module";
    case ESRCH:
      return "Module has wrong symbol version";
    case EINVAL:
      return "Invalid parameters";
    default:
      return strerror(err);
  }
}

/** insmod's message for init_module() failing with `err`; `display` is the file as typed. */
export function insmodError(display: string, err: number): string {
  return `insmod: ERROR: could not insert module ${display}: ${modStrerror(-err)}\n`;
}

/** A module's name from what the user typed: NAME, NAME.ko or a path, dashes as underscores
 * (kmod's modname_normalize). */
export function moduleName(arg: string): string {
  return basename(arg).replace(/\.ko$/, "").replace(/-/g, "_");
}

/** kmod's check_module_inuse(): the error rmmod prints before trying, or null. */
export function rmmodCheck(k: Kernel, name: string): string | null {
  const mod = k.modules.find(name);
  if (!mod || mod.state === "unformed") return `rmmod: ERROR: Module ${name} is not currently loaded\n`;
  if (mod.usedBy.size > 0) {
    const holders = [...mod.usedBy].map((m) => ` ${m.name}`).join("");
    return `rmmod: ERROR: Module ${name} is in use by:${holders}\n`;
  }
  if (mod.refcnt > 0 || mod.dead) return `rmmod: ERROR: Module ${name} is in use\n`;
  return null;
}

/** rmmod's message for delete_module() failing with `err`. */
export function rmmodError(name: string, err: number): string {
  const e = err === -EWOULDBLOCK ? EBUSY : -err;
  return `rmmod: ERROR: could not remove module ${name}: ${strerror(e)}\n`;
}

/** Size column of lsmod: the module's code and data, rounded up to pages. */
export function moduleSize(m: LoadedModule): number {
  return Math.ceil((m.coreSize + m.size) / 4096) * 4096;
}

/** lsmod */
export function lsmod(k: Kernel): ToolResult {
  let out = "Module                  Size  Used by\n";
  for (const m of k.modules.modules) {
    const holders = [...m.usedBy].map((h) => h.name);
    const used = m.refcnt + holders.length;
    let line = `${m.name.padEnd(19)} ${String(moduleSize(m)).padStart(8)}  ${used}`;
    if (holders.length) line += " " + holders.join(",");
    out += line + "\n";
  }
  return { status: 0, stdout: out, stderr: "" };
}

/** modinfo FILE.ko: kmod's default output ("%-16s%s"), with parm lines merged from parmtype. */
export function modinfo(bytes: Uint8Array, filename: string): ToolResult {
  let info: [string, string][];
  try {
    const found = modinfoOf(parseWasm(bytes));
    if (!found) throw new Error("no modinfo");
    info = found;
  } catch {
    return { status: 1, stdout: "", stderr: `modinfo: ERROR: could not get modinfo from '${basename(filename).replace(/\.ko$/, "")}': Invalid argument\n` };
  }
  const field = (k: string, v: string) => `${(k + ":").padEnd(16)}${v}\n`;
  let out = field("filename", filename);
  const types = new Map<string, string>();
  for (const [k, v] of info) {
    if (k !== "parmtype") continue;
    const i = v.indexOf(":");
    types.set(v.slice(0, i), v.slice(i + 1));
  }
  const descs = new Set<string>();
  for (const [k, v] of info) {
    if (k === "parmtype") continue;
    if (k === "parm") {
      const i = v.indexOf(":");
      const name = v.slice(0, i);
      descs.add(name);
      const t = types.get(name);
      out += field("parm", t ? `${v} (${t})` : v);
    } else out += field(k, v);
  }
  for (const [name, t] of types) if (!descs.has(name)) out += field("parm", `${name}:(${t})`);
  return { status: 0, stdout: out, stderr: "" };
}
