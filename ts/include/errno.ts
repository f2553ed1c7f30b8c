// kemu: the one errno module (include/uapi/asm-generic/errno*.h, generated). Kernel code returns
// negative values of these; strerror() gives the C library's text for user-space tools.
export * from "../generated/errno.js";
import { ERRNO_TABLE } from "../generated/errno.js";

/** strerror(3) text, e.g. strerror(2) = "No such file or directory". */
export function strerror(errno: number): string {
  return ERRNO_TABLE.get(Math.abs(errno))?.[1] ?? `Unknown error ${Math.abs(errno)}`;
}

/** Symbolic name, e.g. errname(-2) = "ENOENT" (as %pe prints it, without the sign). */
export function errname(errno: number): string | undefined {
  return ERRNO_TABLE.get(Math.abs(errno))?.[0];
}
