// kemu sh: a root shell inside a booted emulated system. The host's current directory is
// mounted at the same path and is the shell's cwd; nothing else of the host is visible unless
// --mount adds it. `-c CMD` and `SCRIPT` run once; without them the shell is interactive.
import { resolve } from "node:path";
import { UsageError } from "./args.js";
import { importExternal } from "../build/builtins.js";

export const SH_USAGE = `Usage: kemu sh [options] [-c COMMAND [ARG...] | SCRIPT [ARG...]]

Boot an emulated Linux system and run a root shell in it (bash syntax, kemu's programs:
insmod, rmmod, lsmod, modprobe, dmesg, logger, sysctl ...). The current directory is mounted
at the same path and is the shell's working directory.

Options:
  -c COMMAND              run COMMAND and exit with its status
  --mount HOST[:GUEST][:ro]  make a host directory visible (read-only with :ro)
  --kernel-version V      emulated kernel version and headers (default 6.1.0)
  --seed N                perturb scheduling
  -h, --help              this help
`;

export async function cmdSh(argv: string[]): Promise<number> {
  let kernelVersion = "6.1.0";
  let seed = 0;
  const mounts: [string, string, boolean][] = [];
  let rest: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-h" || a === "--help") {
      process.stdout.write(SH_USAGE);
      return 0;
    } else if (a === "--kernel-version") kernelVersion = argv[++i];
    else if (a === "--seed") seed = Number(argv[++i]);
    else if (a === "--mount") {
      const parts = (argv[++i] ?? "").split(":");
      const ro = parts[parts.length - 1] === "ro";
      if (ro) parts.pop();
      const host = resolve(parts[0]);
      mounts.push([host, parts[1] ?? host, ro]);
    } else if (a === "-c") {
      command = argv[++i];
      if (command === undefined) throw new UsageError("-c needs a command");
      rest = argv.slice(i + 1);
      break;
    } else {
      rest = argv.slice(i);
      break;
    }
  }
  const { KemuSystem, DEFAULT_ENV } = await import("../system.js");
  const sys = await KemuSystem.boot({ kernelVersion, seed });
  const vfs = sys.userspace.vfs;
  const cwd = process.cwd();
  vfs.mountHost(cwd, cwd, false);
  for (const [host, guest, ro] of mounts) vfs.mountHost(host, guest, ro);
  const env = [...DEFAULT_ENV, `PWD=${cwd}`];
  const io = {
    cwd,
    env,
    onStdout: (s: string) => process.stdout.write(s),
    onStderr: (s: string) => process.stderr.write(s),
    limitNs: 1n << 62n,
  };
  if (command !== undefined) return (await sys.exec(["/bin/sh", "-c", command, ...rest], io)).status;
  if (rest.length) return (await sys.exec(["/bin/sh", ...rest], io)).status;
  return interactive(sys, io);
}

/** how long the machine runs between typed lines at most */
const TYPING_PAUSE_NS = 1_000_000_000n;

async function interactive(sys: import("../system.js").KemuSystem, io: { cwd: string; env: string[]; onStdout: (s: string) => void; onStderr: (s: string) => void; limitNs: bigint }): Promise<number> {
  const readline = await importExternal<typeof import("node:readline")>("node:readline");
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY, historySize: 1000 });
  let cwd = io.cwd;
  let status = 0;
  // like bash, prompt only when a person types (stdin is a terminal)
  const tty = process.stdin.isTTY === true;
  const prompt = () => {
    if (!tty) return;
    rl.setPrompt(`root@${sys.userspace.hostname}:${cwd}# `);
    rl.prompt();
  };
  prompt();
  for await (const line of rl) {
    const cd = /^\s*cd(?:\s+(\S+))?\s*$/.exec(line);
    if (cd) {
      const target = sys.userspace.vfs.normalize(cd[1] ?? "/root", cwd);
      const st = sys.userspace.vfs.stat(target);
      if (typeof st === "number" || (st.mode & 0o170000) !== 0o040000) {
        process.stderr.write(`sh: cd: ${cd[1]}: No such file or directory\n`);
        status = 1;
      } else {
        cwd = target;
        status = 0;
      }
    } else if (/^\s*exit\s*$/.test(line)) break;
    else if (line.trim()) {
      status = (await sys.exec(["/bin/sh", "-c", line], { ...io, cwd, env: [...io.env.filter((e) => !e.startsWith("PWD=")), `PWD=${cwd}`] })).status;
    }
    // While the user types the next line the machine runs on (kernel threads, helpers,
    // timers): up to a virtual second, less when everything is asleep.
    await sys.settle(TYPING_PAUSE_NS);
    prompt();
  }
  rl.close();
  return status;
}
