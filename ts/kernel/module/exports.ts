// kemu: kernel/module/main.c exports - module reference counting and symbol_get().
import { exportsOf } from "../ksyms.js";
import type { Kernel } from "../kernel.js";
import type { LoadedModule } from "./types.js";

function byThisModule(k: Kernel, ptr: number): LoadedModule | undefined {
  return k.modules.modules.find((m) => m.thisModule === ptr >>> 0);
}

export const MODULE_EXPORTS = exportsOf("kernel/module/main.c", {
  try_module_get: ["bool try_module_get(struct module *module)", (k) => (ptr: number) => {
    if (!ptr) return 1; // THIS_MODULE of built-in code
    const m = byThisModule(k, ptr);
    if (!m || m.state === "going" || m.dead) return 0;
    m.refcnt++;
    return 1;
  }],
  __module_get: ["void __module_get(struct module *module)", (k) => (ptr: number) => {
    const m = ptr ? byThisModule(k, ptr) : undefined;
    if (m) m.refcnt++;
  }],
  module_put: ["void module_put(struct module *module)", (k) => (ptr: number) => {
    const m = ptr ? byThisModule(k, ptr) : undefined;
    if (m && m.refcnt > 0) m.refcnt--;
  }],
  module_refcount: ["int module_refcount(struct module *mod)", (k) => (ptr: number) => byThisModule(k, ptr)?.refcnt ?? 0],
  find_module: ["struct module *find_module(const char *name)", (k) => (name: number) => {
    return k.modules.find(k.mem.readCString(name, 64))?.thisModule ?? 0;
  }, { gpl: true }],
  __symbol_get: ["void *__symbol_get(const char *symbol)", (k) => (name: number) => {
    const s = k.symbols.get(k.mem.readCString(name, 256));
    if (!s) return 0;
    if (s.owner) s.owner.refcnt++;
    return s.addr ?? k.symbolSlot(s) ?? 0;
  }, { gpl: true }],
  __symbol_put: ["void __symbol_put(const char *symbol)", (k) => (name: number) => {
    const s = k.symbols.get(k.mem.readCString(name, 256));
    if (s?.owner && s.owner.refcnt > 0) s.owner.refcnt--;
  }, { gpl: true }],
});
