// kemu: util-linux dmesg(1) over the kernel log buffer (syslog(2) SYSLOG_ACTION_READ_ALL ...).
import type { ProgramMain } from "../types.js";
import { err, out, kernelOf } from "./io.js";
import { formatDmesg, LEVEL_NAMES, type DmesgFormat } from "../../kernel/printk/printk.js";

export const dmesgMain: ProgramMain = async (p) => {
  const k = kernelOf(p).k;
  const f: DmesgFormat = {};
  let clearAfter = false;
  let clearOnly = false;
  const args = p.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-c" || a === "--read-clear") clearAfter = true;
    else if (a === "-C" || a === "--clear") clearOnly = true;
    else if (a === "-t" || a === "--notime") f.notime = true;
    else if (a === "-x" || a === "--decode") f.decode = true;
    else if (a === "-r" || a === "--raw") f.raw = true;
    else if (a === "-n" || a === "--console-level") {
      const v = args[++i];
      const lvl = /^\d$/.test(v ?? "") ? Number(v) : LEVEL_NAMES.indexOf(v as (typeof LEVEL_NAMES)[number]) + 1;
      if (!(lvl >= 1 && lvl <= 8)) {
        await err(p, `dmesg: unknown level '${v}'\n`);
        return 1;
      }
      k.printk.consoleLevel = lvl;
      return 0;
    } else if (a === "-l" || a === "--level") {
      const names = (args[++i] ?? "").split(",");
      const levels: number[] = [];
      for (const n of names) {
        const l = /^\d$/.test(n) ? Number(n) : LEVEL_NAMES.indexOf(n as (typeof LEVEL_NAMES)[number]);
        if (l < 0) {
          await err(p, `dmesg: unknown level '${n}'\n`);
          return 1;
        }
        levels.push(l);
      }
      f.levels = levels;
    } else {
      await err(p, `dmesg: invalid option -- '${a.replace(/^-+/, "")}'\n`);
      return 1;
    }
  }
  if (clearOnly) {
    k.printk.clear();
    return 0;
  }
  await out(p, formatDmesg(k.printk.visible(), f));
  if (clearAfter) k.printk.clear();
  return 0;
};
