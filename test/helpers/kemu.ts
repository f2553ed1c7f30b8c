// Test helpers: build C module sources written by the test and boot fresh kernels.
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { buildModule } from "../../ts/build/compile.js";
import { KemuSystem } from "../../ts/system.js";

const work = mkdtempSync(join(tmpdir(), "kemu-test-"));

/** Write `source` as NAME.c in a temp dir and build NAME.ko; returns the .ko path. */
export async function buildC(name: string, source: string, opts: { kernelVersion?: string; extra?: Record<string, string> } = {}): Promise<string> {
  const dir = join(work, `${name}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.c`);
  writeFileSync(file, source);
  for (const [f, text] of Object.entries(opts.extra ?? {})) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const r = await buildModule({ sources: [file], kernelVersion: opts.kernelVersion });
  return r.ko;
}

export function bootKernel(kernelVersion?: string): Promise<KemuSystem> {
  return KemuSystem.boot({ kernelVersion });
}

/** dmesg lines without the one-time "loading out-of-tree module taints kernel." (3.15+). */
export function moduleLines(sys: KemuSystem): string[] {
  return lines(sys).filter((l) => !l.endsWith("loading out-of-tree module taints kernel."));
}

/** dmesg without timestamps, as lines. */
export function lines(sys: KemuSystem): string[] {
  return sys.dmesg({ notime: true }).split("\n").filter((l) => l.length > 0);
}

export const repo = join(dirname(new URL(import.meta.url).pathname), "..", "..");
