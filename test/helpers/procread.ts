// Test helpers for procfs: modules/user/procread.c built once, and a booted kernel with a
// module inserted and procread in /usr/bin.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { bootKernel, repo } from "./kemu.js";
import { buildUserProgram } from "../../ts/build/user.js";
import { findToolchain } from "../../ts/build/toolchain.js";
import type { KemuSystem } from "../../ts/system.js";

export let haveToolchain = true;
try {
  findToolchain();
} catch {
  haveToolchain = false;
}

let procread: Uint8Array | undefined;
/** modules/user/procread.c as a WASI program (built once per test file). */
export async function procreadBinary(): Promise<Uint8Array> {
  if (procread) return procread;
  const r = await buildUserProgram({ sources: [join(repo, "modules/user/procread.c")] });
  procread = readFileSync(r.path);
  return procread;
}

/** Boot `version`, put the module in /tmp and procread in /usr/bin, insmod the module. */
export async function bootWith(ko: string, name: string, version?: string): Promise<KemuSystem> {
  const sys = await bootKernel(version);
  const vfs = sys.userspace.vfs;
  vfs.install(`/tmp/${name}.ko`, readFileSync(ko));
  vfs.install("/usr/bin/procread", await procreadBinary(), 0o755);
  const r = await sys.exec(["insmod", `/tmp/${name}.ko`]);
  expect(r.stderr).toBe("");
  return sys;
}
