// kemu: no Linux counterpart - the contract between `kemu build --user` (ts/build/user.ts) and
// the WASI runner (ts/user/wasi/run.ts): which WASI imports may suspend the process, and what the
// small C runtime linked into every user program exports and imports.

/** Bump when the user program pipeline (helper C, link flags, asyncify list) changes. */
export const USER_ABI_VERSION = 4;

/** The WASI preview1 import module. */
export const WASI_MODULE = "wasi_snapshot_preview1";

/** kemu's own import module, used by the helper C runtime (getcwd, chdir, getpid). */
export const KEMU_MODULE = "kemu";

/**
 * WASI imports that may suspend the process: they call a Syscalls method that returns a Promise
 * (or an extension method that may). Only functions that can reach one of these (directly or
 * through an indirect call) are instrumented by asyncify. Everything else (stat, clocks,
 * args, environ) is answered synchronously and costs nothing.
 */
export const ASYNC_WASI_IMPORTS: readonly string[] = [
  "fd_read",
  "fd_write",
  "fd_pread",
  "fd_pwrite",
  "fd_close",
  "fd_renumber",
  "fd_seek",
  "fd_tell",
  "fd_readdir",
  "fd_sync",
  "fd_datasync",
  "fd_filestat_set_size",
  "fd_filestat_set_times",
  "fd_allocate",
  "path_open",
  "path_create_directory",
  "path_remove_directory",
  "path_unlink_file",
  "path_rename",
  "path_symlink",
  "path_link",
  "path_readlink",
  "path_filestat_set_times",
  "poll_oneoff",
  "sched_yield",
];

/** kemu imports that may suspend the process (a driver's ioctl may sleep). */
export const ASYNC_KEMU_IMPORTS: readonly string[] = ["ioctl"];

/** Every import asyncify instruments, as "module.name". */
export function asyncifyImportList(): string[] {
  return [...ASYNC_WASI_IMPORTS.map((n) => `${WASI_MODULE}.${n}`), ...ASYNC_KEMU_IMPORTS.map((n) => `${KEMU_MODULE}.${n}`)];
}

/** Export of the helper runtime: the address of its static asyncify save area. */
export const ASYNCIFY_BUF_EXPORT = "kemu_asyncify_buf";
/** Export of the helper runtime: the save area's size in bytes. */
export const ASYNCIFY_BUF_SIZE_EXPORT = "kemu_asyncify_buf_size";
/** Size of the helper's save area (the saved locals of every frame between _start and the import). */
export const ASYNCIFY_BUF_SIZE = 256 * 1024;

/** The exports binaryen's asyncify pass adds (non-relocatable mode). */
export const ASYNCIFY_EXPORTS = [
  "asyncify_start_unwind",
  "asyncify_stop_unwind",
  "asyncify_start_rewind",
  "asyncify_stop_rewind",
  "asyncify_get_state",
] as const;

/**
 * The helper runtime linked into every program built by `kemu build --user`:
 *  - the asyncify save area (static, so wasi-libc's malloc never hands it out);
 *  - a constructor that makes wasi-libc's notion of the working directory the process's
 *    (wasi-libc starts at "/" and, in Debian's 2022 build, does not read $PWD);
 *  - chdir() wrapped (wasm-ld --wrap=chdir) so the process's cwd follows the program's;
 *  - getpid() returning the emulated pid (wasi-libc's emulation returns a constant);
 *  - ioctl() wrapped (wasm-ld --wrap=ioctl): requests go to the kernel (kemu.ioctl, which maps
 *    an _IOR/_IOW/_IOWR argument into the driver's user window); wasi-libc's own FIONREAD (1)
 *    and FIONBIO (2) stay with wasi-libc. A negative return is -errno (WASI numbering).
 */
export const HELPER_C_SOURCE = `/* kemu: runtime linked into every user program built by kemu build --user. */
#include <unistd.h>
#include <sys/types.h>

static char kemu_asyncify_area[${ASYNCIFY_BUF_SIZE}] __attribute__((aligned(16)));

__attribute__((export_name("${ASYNCIFY_BUF_EXPORT}")))
void *kemu_asyncify_buf_addr(void) { return kemu_asyncify_area; }

__attribute__((export_name("${ASYNCIFY_BUF_SIZE_EXPORT}")))
unsigned long kemu_asyncify_buf_len(void) { return sizeof kemu_asyncify_area; }

__attribute__((import_module("${KEMU_MODULE}"), import_name("getcwd")))
int kemu_host_getcwd(char *buf, unsigned long len);
__attribute__((import_module("${KEMU_MODULE}"), import_name("chdir")))
int kemu_host_chdir(const char *path);
__attribute__((import_module("${KEMU_MODULE}"), import_name("getpid")))
int kemu_host_getpid(void);

/* (Calls chdir, i.e. __wrap_chdir: wasm-ld 19 miscompiles a second __real_chdir call site.) */
__attribute__((constructor(101))) static void kemu_init_cwd(void) {
  static char buf[4096];
  if (kemu_host_getcwd(buf, sizeof buf) > 0 && !(buf[0] == '/' && buf[1] == 0)) chdir(buf);
}

int __real_chdir(const char *path);
/* The process's cwd follows; wasi-libc's own copy gets the kernel's normalized name ("a/../b"). */
int __wrap_chdir(const char *path) {
  static char buf[4096];
  int r = __real_chdir(path);
  if (r == 0 && getcwd(buf, sizeof buf) && kemu_host_chdir(buf) == 0 && kemu_host_getcwd(buf, sizeof buf) > 0)
    r = __real_chdir(buf);
  return r;
}

pid_t getpid(void) { return kemu_host_getpid(); }

#include <errno.h>
#include <stdarg.h>
__attribute__((import_module("${KEMU_MODULE}"), import_name("ioctl")))
int kemu_host_ioctl(int fd, unsigned long request, void *arg);
int __real_ioctl(int fd, int request, ...);
int __wrap_ioctl(int fd, int request, ...) {
  va_list ap;
  void *arg;
  int r;
  va_start(ap, request);
  arg = va_arg(ap, void *);
  va_end(ap);
  if (request == 1 || request == 2)
    return __real_ioctl(fd, request, arg);
  r = kemu_host_ioctl(fd, (unsigned long)request, arg);
  if (r < 0) {
    errno = -r;
    return -1;
  }
  return r;
}
`;
