// kemu: EXPORT_SYMBOLs of fs/proc/ (procfs of every era) and fs/seq_file.c.
import type { Kernel } from "../../kernel/kernel.js";
import type { KernelExport } from "../../kernel/ksyms.js";

export const PROC_EXPORTS: KernelExport[] = [];

/** TS functions only the C core's procfs imports. */
export function procCoreImports(_k: Kernel): Record<string, Function> {
  return {};
}
