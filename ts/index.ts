// kemu library API: boot an emulated Linux kernel, load modules, read the log.
//   import { boot } from "kemu";
//   const sys = await boot();
//   sys.insmod("hello.ko", { whom: "Mundo" }); console.log(sys.dmesg());
import { KemuSystem, type SystemOptions } from "./system.js";

export { KemuSystem, formatParams, type SystemOptions, type ParamValue } from "./system.js";
export type { ToolResult } from "./user/kmod.js";
export type { LogRecord, DmesgFormat } from "./kernel/printk/printk.js";

/** Boot a new emulated machine. Machines share no state. */
export function boot(opts: SystemOptions = {}): Promise<KemuSystem> {
  return KemuSystem.boot(opts);
}

/** Build a module from C sources or a Kbuild directory (loads the toolchain driver lazily). */
export async function build(
  pathOrFiles: string | string[],
  opts: { kernelVersion?: string; cflags?: string[] } = {},
): Promise<string[]> {
  const { buildPath } = await import("./build/compile.js");
  const results = await buildPath(pathOrFiles, opts);
  return results.map((r) => r.ko);
}
