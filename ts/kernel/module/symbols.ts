// kemu: kernel/module/main.c's find_symbol() over the kernel's and the modules' __ksymtab.
// A symbol is a callable (wasm or TS function), a data address, or both for C functions.
import type { LoadedModule } from "./types.js";

export interface KSym {
  name: string;
  /** null: vmlinux */
  owner: LoadedModule | null;
  gpl: boolean;
  /** callable value usable as a wasm import */
  func?: Function;
  /** table slot of func, when the function lives in wasm (or after a thunk was made) */
  slot?: number;
  /** data address */
  addr?: number;
  /** TS implementation: C prototype, for a thunk when a module takes its address */
  sig?: string;
}

export class SymbolTable {
  private readonly syms = new Map<string, KSym>();

  get(name: string): KSym | undefined {
    return this.syms.get(name);
  }
  has(name: string): boolean {
    return this.syms.has(name);
  }
  add(sym: KSym): void {
    this.syms.set(sym.name, sym);
  }
  /** Remove every symbol a module exported (delete_module). */
  removeOwner(owner: LoadedModule): void {
    for (const [n, s] of this.syms) if (s.owner === owner) this.syms.delete(n);
  }
  all(): IterableIterator<KSym> {
    return this.syms.values();
  }
}
