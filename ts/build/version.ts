// kemu: the kernel-version arithmetic of Linux's top Makefile (VERSION/PATCHLEVEL/SUBLEVEL ->
// UTS_RELEASE and LINUX_VERSION_CODE); here the version is chosen per build instead of fixed.

export interface KernelVersion {
  /** "MAJOR.MINOR.PATCH", the UTS_RELEASE a module sees. */
  release: string;
  /** KERNEL_VERSION(major, minor, patch) with the patch level clamped to 255, as Linux does since 4.9. */
  code: number;
  major: number;
  minor: number;
  patch: number;
}

export const DEFAULT_KERNEL_VERSION = "6.1.0";

/** Accepts "6.1.0", "6.1", "2.6.23", "2.2.x", "2.2" (x = 0); anything else is an error. */
export function parseKernelVersion(input: string = DEFAULT_KERNEL_VERSION): KernelVersion {
  const text = input.trim();
  const m = /^(\d{1,3})\.(\d{1,3})(?:\.(\d{1,6}|x))?$/i.exec(text);
  if (!m) {
    throw new Error(
      `invalid kernel version '${input}': expected MAJOR.MINOR[.PATCH] such as 6.1.0, 2.6.23 or 2.2.x`,
    );
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  const patch = m[3] === undefined || m[3].toLowerCase() === "x" ? 0 : Number(m[3]);
  if (major > 255 || minor > 255) {
    throw new Error(`invalid kernel version '${input}': major and minor must be at most 255`);
  }
  return {
    release: `${major}.${minor}.${patch}`,
    code: (major << 16) + (minor << 8) + Math.min(patch, 255),
    major,
    minor,
    patch,
  };
}
