// kemu: include/linux/export.h's EXPORT_SYMBOL for the emulated kernel. Every symbol a module
// may link against is declared once with its C prototype, whether it may sleep and how complete
// it is; docs/api.md and the asyncify import list are generated from these declarations.
import type { Kernel } from "./kernel.js";

export type SupportStatus =
  /** behaves as in Linux */
  | "full"
  /** works for the common cases; `note` says what differs */
  | "partial"
  /** kemu-internal ABI used by kemu's own headers, not a Linux symbol */
  | "internal";

export interface KernelExport {
  /** the C symbol name, exactly as modules spell it */
  name: string;
  /** C prototype (functions) or declaration (data) */
  sig: string;
  /** true when calling it may sleep (schedule) */
  sleeps: boolean;
  /** true when calling it may switch to another task without sleeping (delays, cond_resched) */
  preempts: boolean;
  /** EXPORT_SYMBOL_GPL */
  gpl: boolean;
  status: SupportStatus;
  note?: string;
  /** "c": defined by the C part of the kernel (csrc/); otherwise a factory for the TS function */
  impl: "c" | ((k: Kernel) => (...args: any[]) => any);
  /** the Linux source file it comes from (for docs/api.md) */
  file: string;
}

interface ExportOpts {
  sleeps?: boolean;
  preempts?: boolean;
  gpl?: boolean;
  status?: SupportStatus;
  note?: string;
}

/** Declare a group of exports from one Linux file, like a run of EXPORT_SYMBOL lines. */
export function exportsOf(
  file: string,
  defs: Record<string, [sig: string, impl: KernelExport["impl"], opts?: ExportOpts]>,
): KernelExport[] {
  return Object.entries(defs).map(([name, [sig, impl, opts]]) => ({
    name,
    sig,
    impl,
    file,
    sleeps: opts?.sleeps ?? false,
    preempts: opts?.preempts ?? false,
    gpl: opts?.gpl ?? false,
    status: opts?.status ?? "full",
    note: opts?.note,
  }));
}
