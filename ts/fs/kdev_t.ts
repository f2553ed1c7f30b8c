// kemu: include/linux/kdev_t.h. Inside kemu a dev_t is the kernel's own encoding
// (major << 20 | minor); stat() hands user space new_encode_dev()'s form, as Linux does.

export const MINORBITS = 20;
export const MINORMASK = (1 << MINORBITS) - 1;

export function MKDEV(major: number, minor: number): number {
  return ((major << MINORBITS) | (minor & MINORMASK)) >>> 0;
}
export function MAJOR(dev: number): number {
  return dev >>> MINORBITS;
}
export function MINOR(dev: number): number {
  return dev & MINORMASK;
}

/** The st_dev/st_rdev form glibc's major()/minor() take apart: mmmM MMmm in hex digits. */
export function new_encode_dev(dev: number): number {
  const major = MAJOR(dev);
  const minor = MINOR(dev);
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}
export function new_decode_dev(dev: number): number {
  const major = (dev & 0xfff00) >>> 8;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return MKDEV(major, minor);
}
/** glibc's major()/minor() on a user-space st_rdev */
export function userMajor(dev: number): number {
  return (dev >>> 8) & 0xfff;
}
export function userMinor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
}
