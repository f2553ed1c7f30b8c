import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-tc-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fake clang that counts its runs, and a fake wasm-ld, in their own bin directory. */
function fakeBin(name: string, version: string, opts: { ld?: string; wasm?: boolean } = {}): string {
  const bin = path.join(tmp, name);
  fs.mkdirSync(bin, { recursive: true });
  const count = path.join(bin, "runs");
  fs.writeFileSync(
    path.join(bin, "clang"),
    `#!/bin/sh\necho x >> '${count}'\nif [ "$1" = -print-targets ]; then echo "  ${opts.wasm === false ? "x86-64" : "wasm32"} - WebAssembly"; else echo "clang version ${version}"; fi\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(bin, opts.ld ?? "wasm-ld"), "#!/bin/sh\n", { mode: 0o755 });
  return bin;
}
const runs = (bin: string) => (fs.existsSync(path.join(bin, "runs")) ? fs.readFileSync(path.join(bin, "runs"), "utf8").split("\n").length - 1 : 0);

/** A fresh copy of the module, so its in-process memo does not hide the on-disk cache. */
async function fresh() {
  vi.resetModules();
  return import("../../ts/build/toolchain.js");
}

describe("findToolchain", () => {
  it("finds clang/wasm-ld on PATH and caches the probe on disk", async () => {
    const bin = fakeBin("ok", "17.0.6");
    const env = { PATH: bin, KEMU_CACHE_DIR: path.join(tmp, "cache1") };
    const tc = (await fresh()).findToolchain(env);
    expect(tc).toMatchObject({ clang: path.join(bin, "clang"), wasmLd: path.join(bin, "wasm-ld"), version: "17.0.6", source: "PATH" });
    const probes = runs(bin);
    expect(probes).toBeGreaterThan(0);
    expect((await fresh()).findToolchain(env).version).toBe("17.0.6");
    expect(runs(bin)).toBe(probes);
    // A changed binary is probed again.
    fs.appendFileSync(path.join(bin, "clang"), "# upgraded\n");
    (await fresh()).findToolchain(env);
    expect(runs(bin)).toBeGreaterThan(probes);
  });

  it("honours KEMU_CLANG/KEMU_WASM_LD first", async () => {
    const a = fakeBin("envA", "19.1.7");
    const b = fakeBin("envB", "18.1.0", { ld: "my-ld" });
    const env = { PATH: a, KEMU_CLANG: path.join(b, "clang"), KEMU_WASM_LD: path.join(b, "my-ld"), KEMU_CACHE_DIR: path.join(tmp, "cache2") };
    const tc = (await fresh()).findToolchain(env);
    expect(tc).toMatchObject({ clang: path.join(b, "clang"), wasmLd: path.join(b, "my-ld"), source: "KEMU_CLANG" });
  });

  it("prefers clang-19 over clang on PATH", async () => {
    const bin = fakeBin("versioned", "16.0.0");
    fs.copyFileSync(path.join(bin, "clang"), path.join(bin, "clang-19"));
    fs.copyFileSync(path.join(bin, "wasm-ld"), path.join(bin, "wasm-ld-19"));
    const tc = (await fresh()).findToolchain({ PATH: bin, KEMU_CACHE_DIR: path.join(tmp, "cache3") });
    expect(tc).toMatchObject({ clang: path.join(bin, "clang-19"), wasmLd: path.join(bin, "wasm-ld-19") });
  });

  it("rejects old or wasm-less clang, and says what to install", async () => {
    const old = fakeBin("old", "14.0.0");
    const nowasm = fakeBin("nowasm", "19.0.0", { wasm: false });
    for (const bin of [old, nowasm, path.join(tmp, "nothing")]) {
      const m = await fresh();
      let err: unknown;
      try {
        m.findToolchain({ PATH: bin, KEMU_CACHE_DIR: path.join(tmp, "cache4") });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(m.BuildError);
      expect((err as Error).message).toMatch(/apt-get install clang-19 lld-19/);
      expect((err as Error).message).toMatch(/KEMU_CLANG/);
    }
  });
});
