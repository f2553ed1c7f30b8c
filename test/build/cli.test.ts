import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cmdBuild } from "../../ts/cli/build.js";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  return { out: () => out.join(""), err: () => err.join("") };
}

afterEach(() => vi.restoreAllMocks());

describe("kemu build (CLI)", () => {
  it("prints usage with --help and exits 0", async () => {
    const c = capture();
    expect(await cmdBuild(["--help"])).toBe(0);
    expect(c.out()).toMatch(/^Usage: kemu build \[options\] FILE\.c\.\.\. \| DIR/);
    expect(c.out()).toMatch(/--kernel-version/);
  });

  it("--user without input files is a usage error", async () => {
    const c = capture();
    expect(await cmdBuild(["--user"])).toBe(2);
    expect(c.err()).toMatch(/^kemu build --user: no input files/);
  });

  it("reports a missing input like ls, exit 1", async () => {
    const c = capture();
    expect(await cmdBuild(["x.c"])).toBe(1);
    expect(c.err()).toBe("kemu build: cannot access 'x.c': No such file or directory\n");
  });

  it("rejects usage errors with exit 2", async () => {
    let c = capture();
    expect(await cmdBuild([])).toBe(2);
    expect(c.err()).toMatch(/no input files/);
    vi.restoreAllMocks();
    c = capture();
    expect(await cmdBuild(["--frobnicate", "x.c"])).toBe(2);
    expect(c.err()).toMatch(/unknown option '--frobnicate'/);
    vi.restoreAllMocks();
    c = capture();
    expect(await cmdBuild(["--kernel-version", "banana", "x.c"])).toBe(2);
    expect(c.err()).toMatch(/invalid kernel version 'banana'/);
    vi.restoreAllMocks();
    c = capture();
    expect(await cmdBuild(["-o"])).toBe(2);
    expect(c.err()).toMatch(/requires an argument/);
  });

  it("needs a directory for -o when several modules are built", async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "kemu-cli-"));
    try {
      fs.writeFileSync(path.join(d, "a.c"), "");
      fs.writeFileSync(path.join(d, "b.c"), "");
      const c = capture();
      expect(await cmdBuild(["--each", path.join(d, "a.c"), path.join(d, "b.c"), "-o", path.join(d, "x.ko")])).toBe(2);
      expect(c.err()).toMatch(/-o must name a directory/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
