// kemu: Node built-in modules that are slow to load, and packages kept out of the CLI bundle,
// loaded on first use.
//
// `node:child_process` pulls in net, dgram and the streams (~4.5 ms) and `node:crypto` the whole
// crypto layer (~5.5 ms). A static import would load them at start-up of every command: the CLI
// bundle (build.sh) hoists every built-in import of every module to its top, even of modules it
// only evaluates when a command needs them.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function childProcess(): typeof import("node:child_process") {
  return require("node:child_process") as typeof import("node:child_process");
}

export function nodeCrypto(): typeof import("node:crypto") {
  return require("node:crypto") as typeof import("node:crypto");
}

let importer: (specifier: string) => Promise<unknown> = (specifier) => import(specifier);

/**
 * import() of a package or file URL outside the CLI bundle (binaryen, just-bash, web-tree-sitter,
 * Node built-ins). bin/kemu.js runs the bundle as a vm.Script, whose own import() has no module
 * loader on Node 20 without a flag, and hands in one of its own through setImporter().
 */
export function importExternal<T>(specifier: string): Promise<T> {
  return importer(specifier) as Promise<T>;
}

export function setImporter(f: (specifier: string) => Promise<unknown>): void {
  importer = f;
}
