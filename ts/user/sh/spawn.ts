// kemu: how the shell runs a program from the VFS (insmod, logger, a #! script, a WASI binary):
// spawn it as a child process with three pipes, feed the command's stdin into the first and
// collect its stdout/stderr from the others, then wait4() it. just-bash runs a pipeline one
// command after the other, so the whole stdin is known when the child starts.
//
// A process runs one system call at a time, so the pipes are served without threads: our ends
// are made O_NONBLOCK (fcntl(F_SETFL) through the OpenFile) and swept; when nothing moves the
// shell waits in poll() if the process has it, else in one blocking read (stdout first) — which
// could only deadlock if a child wrote more than a pipe (64 KiB) to stderr while its stdout stayed
// silent, or while it still had to read more than 64 KiB of stdin.
import { O_NONBLOCK } from "../../fs/types.js";
import { EAGAIN, EINTR } from "../../include/errno.js";
import type { ExtSyscalls as ShellSyscalls, PollFd } from "../types.js";
import { concatBytes } from "../../fs/vfs.js";
import { POLLERR, POLLHUP, POLLIN, POLLOUT } from "../types.js";

export interface ChildRun {
  /** raw wait status */
  status: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  pid: number;
  /** bytes of stdin the child read */
  stdinConsumed: number;
}

const CHUNK = 65536;

function setNonblock(sys: ShellSyscalls, fd: number, on: boolean): boolean {
  const f = typeof sys.file === "function" ? sys.file(fd) : undefined;
  if (!f) return false;
  if (on) f.flags |= O_NONBLOCK;
  else f.flags &= ~O_NONBLOCK;
  return true;
}

/**
 * Start `path` with `argv`/`envp` in `cwd`, stdin from `stdin`, and collect its output.
 * Returns -errno when spawn() fails (-ENOENT, -EACCES, -ENOEXEC ...).
 */
export async function runChild(
  sys: ShellSyscalls,
  path: string,
  opts: { argv: string[]; envp: string[]; cwd: string },
  stdin: Uint8Array,
): Promise<ChildRun | number> {
  const made: number[] = [];
  const pipe = (): [number, number] | number => {
    const r = sys.pipe();
    if (typeof r !== "number") made.push(r[0], r[1]);
    return r;
  };
  const closeAll = async () => {
    for (const fd of made.splice(0)) await sys.close(fd);
  };
  const pin = pipe();
  const pout = typeof pin === "number" ? pin : pipe();
  const perr = typeof pout === "number" ? pout : pipe();
  if (typeof pin === "number" || typeof pout === "number" || typeof perr === "number") {
    await closeAll();
    return typeof pin === "number" ? pin : typeof pout === "number" ? pout : (perr as number);
  }
  const closeFd = async (fd: number) => {
    const i = made.indexOf(fd);
    if (i >= 0) made.splice(i, 1);
    await sys.close(fd);
  };

  // Our ends non-blocking if the process lets us; stdin goes in before the child starts as far
  // as the pipe takes it without blocking (a small stdin: all of it, and no EPIPE can happen).
  const nb = setNonblock(sys, pin[1], true) && setNonblock(sys, pout[0], true) && setNonblock(sys, perr[0], true);
  let rest = stdin;
  let inW: number | null = pin[1];
  if (nb || rest.length <= 4096) {
    while (rest.length > 0) {
      const n = await sys.write(inW, rest.subarray(0, CHUNK));
      if (n <= 0) break;
      rest = rest.subarray(n);
    }
  }
  if (rest.length === 0) {
    await closeFd(inW);
    inW = null;
  }

  const pid = await sys.spawn(path, {
    argv: opts.argv,
    envp: opts.envp,
    cwd: opts.cwd,
    fds: new Map([
      [0, pin[0]],
      [1, pout[1]],
      [2, perr[1]],
    ]),
  });
  // pin[0] stays open here: the pipe always has a reader (a child that exits early gives no
  // EPIPE/SIGPIPE to the shell) and what is left in it afterwards tells how much the child read.
  await closeFd(pout[1]);
  await closeFd(perr[1]);
  if (pid < 0) {
    await closeAll();
    return pid;
  }

  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let outR: number | null = pout[0];
  let errR: number | null = perr[0];

  /** one read; returns whether anything happened (data or EOF) */
  const readOne = async (which: "out" | "err"): Promise<boolean> => {
    const fd = which === "out" ? outR! : errR!;
    const buf = new Uint8Array(CHUNK);
    const n = await sys.read(fd, buf);
    if (n === -EAGAIN || n === -EINTR) return false;
    if (n > 0) {
      (which === "out" ? out : err).push(buf.subarray(0, n));
      return true;
    }
    await closeFd(fd);
    if (which === "out") outR = null;
    else errR = null;
    return true;
  };
  const writeOne = async (): Promise<boolean> => {
    if (inW === null) return false;
    if (rest.length === 0) {
      await closeFd(inW);
      inW = null;
      return true;
    }
    const n = await sys.write(inW, rest.subarray(0, CHUNK));
    if (n === -EAGAIN || n === -EINTR) return false;
    if (n > 0) {
      rest = rest.subarray(n);
      return true;
    }
    // the child closed its stdin: the rest is dropped
    await closeFd(inW);
    inW = null;
    return true;
  };

  let canPoll = typeof sys.poll === "function";
  if (!nb) {
    // no way to poll: stdin, then stdout to EOF, then stderr to EOF
    while (inW !== null) await writeOne();
    while (outR !== null) await readOne("out");
    while (errR !== null) await readOne("err");
  } else {
    while (outR !== null || errR !== null || inW !== null) {
      if (outR === null && errR === null && inW !== null) {
        // the child is gone (or closed its output): the rest of stdin goes nowhere
        await closeFd(inW);
        inW = null;
        break;
      }
      let moved = false;
      if (inW !== null) moved = (await writeOne()) || moved;
      if (outR !== null) moved = (await readOne("out")) || moved;
      if (errR !== null) moved = (await readOne("err")) || moved;
      if (moved) continue;
      if (canPoll && sys.poll) {
        const fds: PollFd[] = [];
        if (inW !== null) fds.push({ fd: inW, events: POLLOUT, revents: 0 });
        if (outR !== null) fds.push({ fd: outR, events: POLLIN, revents: 0 });
        if (errR !== null) fds.push({ fd: errR, events: POLLIN, revents: 0 });
        const r = await sys.poll(fds, -1);
        // a write end whose reader is gone: drop stdin instead of taking SIGPIPE
        const w = fds.find((f) => f.fd === inW);
        if (w && w.revents & (POLLERR | POLLHUP) && inW !== null) {
          await closeFd(inW);
          inW = null;
        }
        if (r >= 0) continue;
        canPoll = false;
      }
      // block in one call: stdout, else stderr, else the stdin write
      const which = outR !== null ? "out" : errR !== null ? "err" : null;
      if (which) {
        const fd = which === "out" ? outR! : errR!;
        setNonblock(sys, fd, false);
        await readOne(which);
        const still = which === "out" ? outR : errR;
        if (still !== null) setNonblock(sys, still, true);
      } else if (inW !== null) {
        setNonblock(sys, inW, false);
        await writeOne();
        if (inW !== null) setNonblock(sys, inW, true);
      }
    }
  }
  const status = await sys.waitpid(pid);
  if (inW !== null) {
    await closeFd(inW);
    inW = null;
  }
  // what the child left unread in the stdin pipe
  let left = 0;
  for (;;) {
    const n = await sys.read(pin[0], new Uint8Array(CHUNK));
    if (n <= 0) break;
    left += n;
  }
  const stdinConsumed = Math.max(0, stdin.length - rest.length - left);
  await closeAll();
  return { status, stdout: concatBytes(out), stderr: concatBytes(err), pid, stdinConsumed };
}
