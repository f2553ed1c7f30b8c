// kemu: kernel/umh.c's process side (user_mode_thread() + kernel_execve()) and the export table
// entries of umh.c and kmod.c. The C core (csrc/kernel/umh.c) holds the Linux logic; TS makes
// the helper a user process and loads its program when it execs.
import type { Kernel } from "./kernel.js";
import { exportsOf } from "./ksyms.js";
import { ENOMEM, E2BIG } from "../include/errno.js";
import { loadProgram, commOf } from "../user/exec.js";

/** A NULL-terminated char *[] from kernel memory, read now (exec copies it, Linux too). */
function readStrings(k: Kernel, arr: number): string[] | number {
  const out: string[] = [];
  if (!arr) return out;
  for (let i = 0; i < 65536; i++) {
    const p = k.mem.readU32(arr + 4 * i);
    if (!p) return out;
    out.push(k.mem.readCStringUtf8(p, 128 * 1024));
  }
  return -E2BIG;
}

/** user_mode_thread(call_usermodehelper_exec_async, sub_info): the helper process. */
export function umhFork(k: Kernel, subInfo: number, exited: number, status: number): number {
  const us = k.userspace;
  if (!us) return -ENOMEM;
  const start = k.coreFunction("kemu_umh_exec_async");
  const cur = k.sched.current;
  const p = us.createProcess(null, cur.comm, [], [], "/");
  p.task.user!.inKernel = true;
  p.task.entry = () => start(subInfo);
  p.task.started = false;
  if (exited) {
    p.onExit((st) => {
      k.mem.writeU32(status, st);
      k.callCore("complete", exited);
    });
  }
  us.start(p, null);
  // Before 2.6.32 the helper, forked by kernel_thread(), runs first (sched_child_runs_first):
  // it takes the worker's vruntime and runs as soon as the worker gives up the CPU.
  if (k.versionCode < 0x020620) k.sched.childFirst(p.task);
  return p.pid;
}

/** kernel_execve() for the helper: -ENOENT, -EACCES, -ENOEXEC or 0 with its program loaded. */
export function umhExecve(k: Kernel, pathPtr: number, argvPtr: number, envpPtr: number): number {
  const us = k.userspace;
  const p = us?.procs.get(k.sched.current.pid);
  if (!us || !p) return -ENOMEM;
  const path = k.mem.readCStringUtf8(pathPtr, 4096);
  const argv = readStrings(k, argvPtr);
  if (typeof argv === "number") return argv;
  const envp = readStrings(k, envpPtr);
  if (typeof envp === "number") return envp;
  const prog = loadProgram(us, path, argv, "/");
  if (typeof prog === "number") return prog;
  p.argv = prog.argv;
  p.envp = envp;
  p.program = prog.main;
  p.cwd = "/";
  p.umask = 0o022;
  k.sched.setComm(p.task, commOf(path));
  return 0;
}

const WAITS = "UMH_NO_WAIT 0, UMH_WAIT_EXEC 1, UMH_WAIT_PROC 2, UMH_KILLABLE 4; older kernels' values are mapped by <linux/umh.h>";

export const UMH_EXPORTS = exportsOf("kernel/umh.c", {
  call_usermodehelper_setup: ["struct subprocess_info *call_usermodehelper_setup(const char *path, char **argv, char **envp, gfp_t gfp_mask, int (*init)(struct subprocess_info *info, struct cred *new), void (*cleanup)(struct subprocess_info *info), void *data)", "c", {
    note: "3- and 4-argument forms of older kernels are macros in <linux/umh.h>; init gets a NULL cred",
  }],
  call_usermodehelper_exec: ["int call_usermodehelper_exec(struct subprocess_info *sub_info, int wait)", "c", { sleeps: true, note: WAITS }],
  call_usermodehelper: ["int call_usermodehelper(const char *path, char **argv, char **envp, int wait)", "c", { sleeps: true, note: WAITS }],
  call_usermodehelper_freeinfo: ["void call_usermodehelper_freeinfo(struct subprocess_info *info)", "c", { note: "exported until 3.x" }],
  call_usermodehelper_setfns: ["void call_usermodehelper_setfns(struct subprocess_info *info, int (*init)(struct subprocess_info *info), void (*cleanup)(struct subprocess_info *info), void *data)", "c", { note: "2.6.3x-3.9" }],
  call_usermodehelper_setcleanup: ["void call_usermodehelper_setcleanup(struct subprocess_info *info, void (*cleanup)(char **argv, char **envp))", "c", { note: "2.6.2x" }],
  call_usermodehelper_setkeys: ["void call_usermodehelper_setkeys(struct subprocess_info *info, struct key *session_keyring)", "c", { status: "partial", note: "2.6.2x; kemu has no keyrings: accepted and ignored" }],
  usermodehelper_disable: ["int usermodehelper_disable(void)", "c", { sleeps: true }],
  usermodehelper_enable: ["void usermodehelper_enable(void)", "c"],
  __usermodehelper_disable: ["int __usermodehelper_disable(int depth)", "c", { sleeps: true }],
  __usermodehelper_set_disable_depth: ["void __usermodehelper_set_disable_depth(int depth)", "c"],
});

export const KMOD_EXPORTS = exportsOf("kernel/module/kmod.c", {
  __request_module: ["int __request_module(bool wait, const char *fmt, ...)", "c", { sleeps: true, note: "request_module() and request_module_nowait() are macros over it, as since 2.6.27" }],
  modprobe_path: ["char modprobe_path[]", "c"],
  remove_module: ["int remove_module(const char *fmt, ...)", "c", {
    sleeps: true, status: "internal", note: "kemu extension, NOT mainline Linux: the kernel patch of 004_ef49dad59879da1e.txt (`modprobe -r -- NAME`)",
  }],
});
