// kemu: procps ps(1), the "ps ax"/"ps -ef" views of every task, kernel threads in brackets.
import type { ProgramMain } from "../types.js";
import { out, kernelOf } from "./io.js";

export const psMain: ProgramMain = async (p) => {
  const us = kernelOf(p).us;
  const full = p.argv.slice(1).some((a) => a.includes("f"));
  let s = full ? "UID          PID    PPID CMD\n" : "  PID STAT COMMAND\n";
  for (const l of us.psLines()) {
    s += full ? `root  ${String(l.pid).padStart(10)} ${String(l.ppid).padStart(7)} ${l.cmd}\n` : `${String(l.pid).padStart(5)} ${l.stat.padEnd(4)} ${l.cmd}\n`;
  }
  await out(p, s);
  return 0;
};
