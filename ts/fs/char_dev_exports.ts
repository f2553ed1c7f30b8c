// kemu: EXPORT_SYMBOLs of fs/char_dev.c, drivers/char/misc.c, drivers/base (class, device).
import type { Kernel } from "../kernel/kernel.js";
import type { KernelExport } from "../kernel/ksyms.js";

export const CHRDEV_EXPORTS: KernelExport[] = [];

/** TS functions only the C core's char device code imports. */
export function chrdevCoreImports(_k: Kernel): Record<string, Function> {
  return {};
}
