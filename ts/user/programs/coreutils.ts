// kemu: the coreutils/util-linux programs the shell library lacks or must not emulate itself:
// sleep (virtual time), env, kill, mknod.
import type { ProgramMain } from "../types.js";
import { err, out, kernelOf } from "./io.js";
import { strerror } from "../../include/errno.js";
import { S_IFCHR, S_IFBLK, S_IFIFO } from "../../fs/types.js";

/** sleep NUMBER[SUFFIX]... (s, m, h, d), as coreutils. */
export const sleepMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1);
  if (args.length === 0) {
    await err(p, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      await err(p, `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += Number(m[1]) * ({ "": 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
  }
  await p.sys.sleep(BigInt(Math.round(total * 1e9)));
  return 0;
};

/** env [NAME=VALUE]... [COMMAND [ARG]...] */
export const envMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1);
  let env = [...p.envp];
  let i = 0;
  if (args[0] === "-i" || args[0] === "-") {
    env = [];
    i++;
  }
  for (; i < args.length && args[i].includes("="); i++) {
    const name = args[i].slice(0, args[i].indexOf("="));
    env = env.filter((e) => !e.startsWith(name + "="));
    env.push(args[i]);
  }
  if (i >= args.length) {
    await out(p, env.map((e) => e + "\n").join(""));
    return 0;
  }
  const cmd = args[i];
  let path = cmd;
  if (!cmd.includes("/")) {
    const PATH = env.find((e) => e.startsWith("PATH="))?.slice(5) ?? "/usr/local/bin:/usr/bin:/bin";
    const found = PATH.split(":").map((d) => `${d || "."}/${cmd}`).find((c) => typeof p.sys.stat(c) !== "number");
    if (!found) {
      await err(p, `env: '${cmd}': No such file or directory\n`);
      return 127;
    }
    path = found;
  }
  const pid = await p.sys.spawn(path, { argv: args.slice(i), envp: env });
  if (pid < 0) {
    await err(p, `env: '${cmd}': ${strerror(pid)}\n`);
    return pid === -2 ? 127 : 126;
  }
  const st = await p.sys.waitpid(pid);
  return st & 0x7f ? 128 + (st & 0x7f) : (st >> 8) & 0xff;
};

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, KILL: 9, TERM: 15 };

/** kill [-SIGNAL] PID... */
export const killMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1);
  let sig = 15;
  if (args[0]?.startsWith("-")) {
    const s = args.shift()!.slice(1).replace(/^SIG/, "");
    sig = /^\d+$/.test(s) ? Number(s) : SIGNALS[s] ?? -1;
    if (sig < 0) {
      await err(p, `kill: unknown signal: ${s}\n`);
      return 1;
    }
  }
  let rc = 0;
  for (const a of args) {
    const r = p.sys.kill(Number(a), sig);
    if (r < 0) {
      await err(p, `kill: (${a}) - ${strerror(r)}\n`);
      rc = 1;
    }
  }
  return rc;
};

/** mknod [-m MODE] NAME TYPE [MAJOR MINOR] */
export const mknodMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1);
  let mode = 0o666;
  if (args[0] === "-m") {
    args.shift();
    mode = parseInt(args.shift() ?? "666", 8);
  }
  const [name, type, maj, min] = args;
  const kind = type === "c" || type === "u" ? S_IFCHR : type === "b" ? S_IFBLK : type === "p" ? S_IFIFO : 0;
  if (!name || !kind || (kind !== S_IFIFO && (maj === undefined || min === undefined))) {
    await err(p, "mknod: missing operand\nTry 'mknod --help' for more information.\n");
    return 1;
  }
  const proc = kernelOf(p);
  const vfs = proc.us.vfs;
  const r = vfs.mknod(name, kind | (mode & ~proc.umask & 0o7777), kind === S_IFIFO ? 0 : vfs.mkdev(Number(maj), Number(min)), proc.cwd);
  if (typeof r === "number" && r < 0) {
    await err(p, `mknod: ${name}: ${strerror(r)}\n`);
    return 1;
  }
  return 0;
};
