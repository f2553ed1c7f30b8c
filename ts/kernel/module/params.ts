// kemu: kernel/params.c's parse_args()/parse_one()/next_arg() over the module's __param
// section. The setters (param_set_int ...) are the C core's or the module's own ops.
import { K, kernel_param, kernel_param_ops } from "../../generated/layout.js";
import { EINVAL, ENOENT, ENOSPC, EPERM } from "../../generated/errno.js";
import type { Kernel } from "../kernel.js";
import type { LoadedModule, ModuleParam } from "./types.js";

const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** parameq(): dashes and underscores are the same in parameter names. */
function parameq(a: string, b: string): boolean {
  return a.replace(/-/g, "_") === b.replace(/-/g, "_");
}

/** Read the module's struct kernel_param entries between __start___param and __stop___param. */
export function readParams(k: Kernel, start: number, stop: number): ModuleParam[] {
  const out: ModuleParam[] = [];
  for (let p = start; p + kernel_param.SIZE <= stop; p += kernel_param.SIZE) {
    const namePtr = k.mem.readU32(p + kernel_param.name);
    if (namePtr === 0) continue; // modpost's sentinel
    out.push({
      name: k.mem.readCString(namePtr, 64),
      kp: p,
      ops: k.mem.readU32(p + kernel_param.ops),
      perm: k.mem.readU16(p + kernel_param.perm),
    });
  }
  return out;
}

/**
 * parse_args(mod->name, mod->args, ...) for a module load. `argsAddr` is a NUL-terminated copy
 * of the arguments in kernel memory, cut in place by next_arg() as Linux does.
 * Returns 0 or the last -errno.
 */
export function parseArgs(k: Kernel, mod: LoadedModule, argsAddr: number): number {
  const u8 = () => k.mem.u8();
  const doing = mod.name;
  let err = 0;
  let a = argsAddr;
  while (isSpace(u8()[a])) a++;
  while (u8()[a] !== 0) {
    // next_arg()
    let i = 0;
    let equals = 0;
    let inQuote = false;
    let quoted = false;
    if (u8()[a] === 0x22) {
      a++;
      inQuote = true;
      quoted = true;
    }
    for (; u8()[a + i] !== 0; i++) {
      const c = u8()[a + i];
      if (isSpace(c) && !inQuote) break;
      if (equals === 0 && c === 0x3d) equals = i;
      if (c === 0x22) inQuote = !inQuote;
    }
    const param = a;
    let val = 0;
    if (equals) {
      u8()[a + equals] = 0;
      val = a + equals + 1;
      if (u8()[val] === 0x22) {
        val++;
        if (u8()[a + i - 1] === 0x22) u8()[a + i - 1] = 0;
      }
    }
    if (quoted && i > 0 && u8()[a + i - 1] === 0x22) u8()[a + i - 1] = 0;
    if (u8()[a + i] !== 0) {
      u8()[a + i] = 0;
      a += i + 1;
    } else a += i;
    while (isSpace(u8()[a])) a++;

    const name = k.mem.readCString(param, 1024);
    const value = val ? k.mem.readCString(val, 4096) : null;
    if (value === null && name === "--") return err;
    const ret = parseOne(k, mod, name, val);
    if (ret === 0) continue;
    if (ret === -ENOENT) k.printk.log(3, `${doing}: Unknown parameter \`${name}'\n`);
    else if (ret === -ENOSPC) k.printk.log(3, `${doing}: \`${value ?? ""}' too large for parameter \`${name}'\n`);
    else k.printk.log(3, `${doing}: \`${value ?? ""}' invalid for parameter \`${name}'\n`);
    err = ret;
  }
  return err;
}

function parseOne(k: Kernel, mod: LoadedModule, name: string, val: number): number {
  for (const p of mod.params) {
    if (!parameq(name, p.name)) continue;
    const flags = k.mem.readU32(p.ops + kernel_param_ops.flags);
    if (!val && !(flags & K.KERNEL_PARAM_OPS_FL_NOARG)) return -EINVAL;
    const pflags = k.mem.readU8(p.kp + kernel_param.flags);
    if (pflags & K.KERNEL_PARAM_FL_UNSAFE) {
      k.printk.log(5, `Setting dangerous option ${p.name} - tainting kernel\n`);
      k.panicState.add(6 /* TAINT_USER */, true);
    }
    const set = k.mem.readU32(p.ops + kernel_param_ops.set);
    if (!set) return -EPERM;
    return k.callFunctionPointer(set, val, p.kp) as number;
  }
  // unknown_module_param_cb(): since Linux 3.5 unknown module parameters are only a warning.
  if (k.versionCode >= (3 << 16) + (5 << 8)) {
    k.printk.log(4, `${mod.name}: unknown parameter '${name}' ignored\n`);
    return 0;
  }
  return -ENOENT;
}
