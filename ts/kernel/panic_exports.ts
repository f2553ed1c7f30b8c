// kemu: kernel/panic.c + lib/bug.c exports (the reporting itself is in panic.ts).
import { exportsOf } from "./ksyms.js";

export const PANIC_EXPORTS = exportsOf("kernel/panic.c", {
  panic: ["void panic(const char *fmt, ...)", "c"],
  __warn_printk: ["void __warn_printk(const char *fmt, ...)", "c"],
  oops_in_progress: ["int oops_in_progress", "c"],
  add_taint: ["void add_taint(unsigned flag, enum lockdep_ok lockdep_ok)", (k) => (flag: number, ok: number) => {
    k.panicState.add(flag, ok === 1);
  }],
  test_taint: ["int test_taint(unsigned flag)", (k) => (flag: number) => (k.panicState.test(flag) ? 1 : 0)],
  get_taint: ["unsigned long get_taint(void)", (k) => () => k.panicState.tainted],
  __kemu_bug: ["void __kemu_bug(const char *file, int line)", (k) => (file: number, line: number) => {
    k.panicState.bug(k.mem.readCString(file, 512), line);
  }, { status: "internal", note: "BUG()/BUG_ON() of kemu's <linux/bug.h>" }],
  __kemu_warn: ["void __kemu_warn(const char *file, int line, unsigned flags)", (k) => (file: number, line: number, flags: number) => {
    k.panicState.warn(k.mem.readCString(file, 512), line, flags);
  }, { status: "internal", note: "WARN()/WARN_ON() of kemu's <linux/bug.h>" }],
  dump_stack: ["void dump_stack(void)", (k) => () => k.dumpStack("")],
  dump_stack_lvl: ["void dump_stack_lvl(const char *log_lvl)", (k) => () => k.dumpStack("")],
});
