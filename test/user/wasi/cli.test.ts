// `kemu build --user`: the CLI wiring of buildUserProgram.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { findToolchain } from "../../../ts/build/toolchain.js";
import { cmdBuild } from "../../../ts/cli/build.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-wasi-cli-"));
const savedCache = process.env.KEMU_CACHE_DIR;
process.env.KEMU_CACHE_DIR = path.join(tmp, "cache");
afterAll(() => {
  if (savedCache === undefined) delete process.env.KEMU_CACHE_DIR;
  else process.env.KEMU_CACHE_DIR = savedCache;
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

let haveToolchain = true;
try {
  findToolchain();
} catch {
  haveToolchain = false;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  return { out: () => out.join(""), err: () => err.join("") };
}

describe("kemu build --user", () => {
  it("usage errors exit 2", async () => {
    const c = capture();
    expect(await cmdBuild(["--user"])).toBe(2);
    expect(c.err()).toMatch(/^kemu build --user: no input files\n/);
    expect(await cmdBuild(["--user", "dir/"])).toBe(2);
    expect(c.err()).toMatch(/dir\/: expected a \.c file/);
    expect(await cmdBuild(["-lm", "x.c"])).toBe(2);
    expect(c.err()).toMatch(/-lm: linker flags are for --user programs only/);
  });

  it("a missing source: exit 1", async () => {
    const c = capture();
    expect(await cmdBuild(["--user", path.join(tmp, "nope.c")])).toBe(1);
    expect(c.err()).toMatch(/cannot access '.*nope\.c': No such file or directory/);
  });

  it.skipIf(!haveToolchain)("builds FILE.c into FILE beside it, and -o OUT", async () => {
    const src = path.join(tmp, "prog.c");
    fs.writeFileSync(src, '#include <stdio.h>\n#include <math.h>\nint main(void) { printf("%d\\n", (int)sqrt(49.0)); return 0; }\n');
    let c = capture();
    expect(await cmdBuild(["--user", src, "-lm"])).toBe(0);
    expect(c.out()).toMatch(/ {2}CC {6}.*prog\.o\n {2}LD {6}.*prog\n {2}ASYNCIFY .*prog\n/);
    const built = fs.readFileSync(path.join(tmp, "prog"));
    expect([...built.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect(fs.statSync(path.join(tmp, "prog")).mode & 0o111).not.toBe(0);
    vi.restoreAllMocks();
    c = capture();
    expect(await cmdBuild(["--user", src, "-lm", "-o", path.join(tmp, "out", "p2")])).toBe(0);
    expect(c.out()).toBe(""); // cached: nothing compiled
    expect(fs.readFileSync(path.join(tmp, "out", "p2")).equals(built)).toBe(true);
  }, 120_000);

  it.skipIf(!haveToolchain)("a compile error: clang's diagnostics on stderr, exit 1", async () => {
    const src = path.join(tmp, "broken.c");
    fs.writeFileSync(src, "int main(void)\n{\n\treturn undefined_thing;\n}\n");
    const c = capture();
    expect(await cmdBuild(["--user", src])).toBe(1);
    expect(c.err()).toContain(`${src}:3:9: error: use of undeclared identifier 'undefined_thing'`);
  }, 60_000);
});
