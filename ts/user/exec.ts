// kemu: fs/exec.c's search_binary_handler() with three formats: binfmt_script ("#!"), WASI
// wasm ("\0asm", kemu's ELF) and kemu's built-in programs (a "\x7fKEMU" stub file naming a TS
// program). Anything else is -ENOEXEC, as for an unknown binary format.
import { EACCES, ENOEXEC, ELOOP } from "../include/errno.js";
import { S_IFMT, S_IFREG, S_IFDIR } from "../fs/types.js";
import type { ProgramMain } from "./types.js";
import { K } from "../generated/layout.js";
import type { UserSpace } from "./userspace.js";
import { builtinProgram } from "./programs/index.js";

/** Magic line of a built-in program's file: "\x7fKEMU builtin NAME\n". */
export const BUILTIN_MAGIC = "\x7fKEMU builtin ";

/** BINPRM_BUF_SIZE: how much of the file exec looks at (the #! line must fit). */
const BINPRM_BUF_SIZE = 256;

export interface LoadedProgram {
  main: ProgramMain;
  /** argv after interpreter rewriting (a script's interpreter goes first) */
  argv: string[];
  /** the file that was executed (for comm: its basename) */
  filename: string;
}

/** do_execveat_common(): find what runs `path` with `argv`; -errno if it cannot run. */
export function loadProgram(us: UserSpace, path: string, argv: string[], cwd: string, depth = 0): LoadedProgram | number {
  if (depth > 4) return -ELOOP;
  const vfs = us.vfs;
  const st = vfs.stat(path, cwd, true);
  if (typeof st === "number") return st;
  if ((st.mode & S_IFMT) === S_IFDIR) return -EACCES;
  if ((st.mode & S_IFMT) !== S_IFREG) return -EACCES;
  if (!(st.mode & 0o111)) return -EACCES;
  const whole = vfs.readFile(vfs.normalize(path, cwd));
  if (typeof whole === "number") return whole;
  const head = whole.subarray(0, BINPRM_BUF_SIZE);
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) {
    // binfmt_script: "#!interp [one-arg]"; the script path replaces argv[0].
    let line = Buffer.from(head).toString("latin1");
    const nl = line.indexOf("\n");
    if (nl < 0 && head.length === BINPRM_BUF_SIZE) return -ENOEXEC;
    line = (nl >= 0 ? line.slice(2, nl) : line.slice(2)).replace(/[ \t]+$/, "").replace(/^[ \t]+/, "");
    if (!line) return -ENOEXEC;
    const m = /^(\S+)(?:[ \t]+(.*))?$/.exec(line)!;
    const interp = m[1];
    const iarg = m[2];
    const nargv = [interp, ...(iarg ? [iarg] : []), path, ...argv.slice(1)];
    return loadProgram(us, interp, nargv, cwd, depth + 1);
  }
  if (head.length >= 4 && head[0] === 0 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d) {
    const bytes = whole.slice();
    return { main: async (p) => (await import("./wasi/index.js")).runWasi(bytes, p), argv, filename: path };
  }
  const text = Buffer.from(head).toString("latin1");
  if (text.startsWith(BUILTIN_MAGIC)) {
    const name = text.slice(BUILTIN_MAGIC.length).split("\n")[0].trim();
    const main = builtinProgram(name);
    if (!main) return -ENOEXEC;
    return { main, argv, filename: path };
  }
  return -ENOEXEC;
}

/** comm: the executed file's basename, cut to TASK_COMM_LEN - 1 bytes. */
export function commOf(path: string): string {
  const base = path.split("/").filter(Boolean).pop() ?? path;
  return base.slice(0, K.TASK_COMM_LEN - 1);
}

