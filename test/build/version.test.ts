import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL_VERSION, parseKernelVersion } from "../../ts/build/version.js";

describe("parseKernelVersion", () => {
  it("parses full, short and 'x' versions", () => {
    expect(parseKernelVersion("6.1.0")).toEqual({ release: "6.1.0", code: 0x060100, major: 6, minor: 1, patch: 0 });
    expect(parseKernelVersion("6.1")).toMatchObject({ release: "6.1.0", code: 0x060100 });
    expect(parseKernelVersion("2.6.23")).toMatchObject({ release: "2.6.23", code: (2 << 16) + (6 << 8) + 23 });
    expect(parseKernelVersion("2.2.x")).toMatchObject({ release: "2.2.0", code: 0x020200 });
    expect(parseKernelVersion("2.2")).toMatchObject({ release: "2.2.0", patch: 0 });
  });

  it("clamps the patch level to 255 in the code only", () => {
    expect(parseKernelVersion("4.9.337")).toMatchObject({ release: "4.9.337", code: (4 << 16) + (9 << 8) + 255 });
  });

  it("defaults to 6.1.0", () => {
    expect(DEFAULT_KERNEL_VERSION).toBe("6.1.0");
    expect(parseKernelVersion().release).toBe("6.1.0");
  });

  it("rejects garbage with a clear message", () => {
    for (const bad of ["", "6", "six", "6.1.0.1", "6.x.1", "v6.1", "6.1-rc1", "300.1.0"]) {
      expect(() => parseKernelVersion(bad), bad).toThrow(/invalid kernel version/);
    }
  });
});
