// kemu: the WASI user-program runner (binfmt for wasm32-wasi) and its extension syscalls.
export { runWasi, wasiProgram, preloadWasi, isWasm, WasiExit, type RunWasiOptions } from "./run.js";
export type { DirEntry, SyscallsExt, ExtSyscalls as WasiSyscalls } from "../types.js";
export { ASYNC_WASI_IMPORTS } from "./abi.js";
