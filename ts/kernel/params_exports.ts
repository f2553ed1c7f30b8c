// kemu: kernel/params.c exports (the C core implements them: csrc/kernel/params.c).
import { exportsOf } from "./ksyms.js";

const ops = (t: string) => ({
  [`param_ops_${t}`]: [`const struct kernel_param_ops param_ops_${t}`, "c"] as [string, "c"],
  [`param_set_${t}`]: [`int param_set_${t}(const char *val, const struct kernel_param *kp)`, "c"] as [string, "c"],
  [`param_get_${t}`]: [`int param_get_${t}(char *buffer, const struct kernel_param *kp)`, "c"] as [string, "c"],
});

export const PARAMS_EXPORTS = exportsOf("kernel/params.c", {
  ...ops("byte"), ...ops("short"), ...ops("ushort"), ...ops("int"), ...ops("uint"), ...ops("long"),
  ...ops("ulong"), ...ops("ullong"), ...ops("hexint"), ...ops("charp"), ...ops("bool"), ...ops("invbool"),
  param_ops_bool_enable_only: ["const struct kernel_param_ops param_ops_bool_enable_only", "c"],
  param_set_bool_enable_only: ["int param_set_bool_enable_only(const char *val, const struct kernel_param *kp)", "c"],
  param_free_charp: ["void param_free_charp(void *arg)", "c"],
  param_array_ops: ["const struct kernel_param_ops param_array_ops", "c"],
  param_ops_string: ["const struct kernel_param_ops param_ops_string", "c"],
  param_set_copystring: ["int param_set_copystring(const char *val, const struct kernel_param *kp)", "c"],
  param_get_string: ["int param_get_string(char *buffer, const struct kernel_param *kp)", "c"],
});

export const TIME_EXPORTS = exportsOf("kernel/time/timer.c", {
  jiffies: ["volatile unsigned long jiffies", "c"],
  jiffies_64: ["u64 jiffies_64", "c"],
});
