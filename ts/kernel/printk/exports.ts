// kemu: kernel/printk/printk.c + lib/ratelimit.c exports.
import { exportsOf } from "../ksyms.js";

export const PRINTK_EXPORTS = exportsOf("kernel/printk/printk.c", {
  printk: ["int printk(const char *fmt, ...)", "c"],
  _printk: ["int _printk(const char *fmt, ...)", "c"],
  vprintk: ["int vprintk(const char *fmt, va_list args)", "c"],
  printk_deferred: ["int printk_deferred(const char *fmt, ...)", "c"],
  printk_ratelimit: ["int printk_ratelimit(void)", "c"],
  printk_timed_ratelimit: ["bool printk_timed_ratelimit(unsigned long *caller_jiffies, unsigned int interval_msec)", "c"],
  console_printk: ["int console_printk[4]", "c"],
  ___ratelimit: ["int ___ratelimit(struct ratelimit_state *rs, const char *func)", "c"],
});
