// kemu: struct module's TS half (include/linux/module.h): what the loader keeps per module.
import type { CodeObject } from "../kallsyms.js";
import type { ParsedWasm } from "./wasm.js";

export type ModuleState = "live" | "coming" | "going" | "unformed";

export interface ModuleParam {
  name: string;
  /** address of the struct kernel_param */
  kp: number;
  ops: number;
  perm: number;
}

export interface LoadedModule {
  name: string;
  /** file it was loaded from (for lsmod/modinfo), if any */
  path: string | null;
  state: ModuleState;
  /** address of struct module __this_module */
  thisModule: number;
  /** module memory (data/bss) */
  base: number;
  size: number;
  /** bytes of the .ko (lsmod's Size column in kemu) */
  coreSize: number;
  tableBase: number;
  tableSize: number;
  instance: WebAssembly.Instance;
  parsed: ParsedWasm;
  code: CodeObject;
  modinfo: [string, string][];
  license: string;
  gplCompatible: boolean;
  taints: number;
  /** modules whose symbols this one uses (Linux's source_list) */
  uses: Set<LoadedModule>;
  /** modules using this one's symbols (Linux's target_list: "Used by") */
  usedBy: Set<LoadedModule>;
  /** try_module_get() references */
  refcnt: number;
  params: ModuleParam[];
  /** /sys/module/NAME (kemu_module_sysfs_setup's handle), 0 when none */
  sysfs?: number;
  hasInit: boolean;
  hasExit: boolean;
  /** an Oops happened in this module's init/exit: it can never be removed */
  dead: boolean;
  /** load order, for lsmod (newest first) */
  seq: number;
}
