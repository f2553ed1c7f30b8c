// kemu: no Linux counterpart - fast access to the wasm globals a task switch writes
// (__asyncify_state, __asyncify_data, __stack_pointer). WebAssembly.Global's value accessor
// costs ~50 ns from JS; a call into a 4-function wasm module that does global.set costs ~7 ns,
// and a switch writes them about six times.

/**
 * The module, as binaryen emits it from:
 * (module
 *  (import "env" "state" (global $s (mut i32)))
 *  (import "env" "data" (global $d (mut i32)))
 *  (import "env" "sp" (global $p (mut i32)))
 *  (func (export "setState") (param i32) local.get 0 global.set $s)
 *  (func (export "setData") (param i32) local.get 0 global.set $d)
 *  (func (export "setSp") (param i32) local.get 0 global.set $p)
 *  (func (export "getSp") (result i32) global.get $p))
 */
const GLUE = "AGFzbQEAAAABCQJgAX8AYAABfwIkAwNlbnYFc3RhdGUDfwEDZW52BGRhdGEDfwEDZW52AnNwA38BAwUEAAAAAQcmBAhzZXRTdGF0ZQAAB3NldERhdGEAAQVzZXRTcAACBWdldFNwAAMKGwQGACAAJAALBgAgACQBCwYAIAAkAgsEACMCCw==";

let glueModule: WebAssembly.Module | null = null;

export interface SwitchGlobals {
  setState(v: number): void;
  setData(v: number): void;
  setSp(v: number): void;
  getSp(): number;
}

/** Accessors bound to one kernel's three globals. */
export function switchGlobals(state: WebAssembly.Global, data: WebAssembly.Global, sp: WebAssembly.Global): SwitchGlobals {
  glueModule ??= new WebAssembly.Module(Buffer.from(GLUE, "base64"));
  const inst = new WebAssembly.Instance(glueModule, { env: { state, data, sp } });
  return inst.exports as unknown as SwitchGlobals;
}
