// kemu: kmod's insmod, rmmod, lsmod and modinfo (tools/*.c in kmod) over the emulated kernel's
// init_module/delete_module. Messages and formats are kmod's; they become /sbin programs later.
import { basename } from "node:path";
import { EBUSY, EINVAL, ENOENT, ENOEXEC, ESRCH, EWOULDBLOCK } from "../generated/errno.js";
import { strerror } from "../include/errno.js";
import type { Kernel } from "../kernel/kernel.js";
import type { LoadedModule } from "../kernel/module/types.js";
import { parseWasm, exportedGlobalValue } from "../kernel/module/wasm.js";
import { readModinfo } from "../kernel/module/modinfo.js";
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

/** insmod FILE [args]: `display` is the file name as the user typed it. */
export function insmod(k: Kernel, bytes: Uint8Array, display: string, args: string, path: string | null = null, deadline?: bigint): ToolResult {
  const r = k.modules.load(bytes, args, path, deadline);
  if (r.killed) return { status: 139, stdout: "", stderr: "Segmentation fault\n", killed: true, module: r.module };
  if (r.pending) return { status: 1, stdout: "", stderr: unfinished(k, "insmod", r.pid!, r.pending), module: r.module, pending: true };
  if (r.err < 0) {
    return { status: 1, stdout: "", stderr: `insmod: ERROR: could not insert module ${display}: ${modStrerror(-r.err)}\n` };
  }
  return { status: 0, stdout: "", stderr: "", module: r.module };
}

/** rmmod NAME (also accepts a path or NAME.ko, like kmod). */
export function rmmodName(arg: string): string {
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

export function rmmod(k: Kernel, arg: string, deadline?: bigint): ToolResult {
  const name = rmmodName(arg);
  const bad = rmmodCheck(k, name);
  if (bad) return { status: 1, stdout: "", stderr: bad };
  const r = k.modules.unload(name, deadline);
  if (r.killed) return { status: 139, stdout: "", stderr: "Segmentation fault\n", killed: true };
  if (r.pending) return { status: 1, stdout: "", stderr: unfinished(k, "rmmod", r.pid!, r.pending), pending: true };
  if (r.err < 0) return { status: 1, stdout: "", stderr: rmmodError(name, r.err) };
  return { status: 0, stdout: "", stderr: "" };
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
    const p = parseWasm(bytes);
    const a = exportedGlobalValue(p, "__start_modinfo");
    const b = exportedGlobalValue(p, "__stop_modinfo");
    if (a === undefined || b === undefined) throw new Error("no modinfo");
    info = readModinfo(p, a, b);
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
