// kemu: no Linux counterpart - WASI preview1's errno numbering (wasi/api.h, __WASI_ERRNO_*) and
// the translation of the kernel's negative Linux errno values into it. wasi-libc turns the WASI
// value back into its own errno, so perror() prints the usual texts.
import { ERRNO_TABLE } from "../../include/errno.js";

/** WASI errno names in numbering order (index = __WASI_ERRNO_<name>). */
const WASI_NAMES = [
  "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG",
  "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM", "DQUOT",
  "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO",
  "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET",
  "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG",
  "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
  "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS",
  "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
] as const;

type WasiName = (typeof WASI_NAMES)[number];

/** __WASI_ERRNO_<NAME> values. */
export const WASI_ERRNO = Object.fromEntries(WASI_NAMES.map((n, i) => [n, i])) as Record<WasiName, number>;

/** Linux names that WASI spells differently or lacks, and the WASI name used for them. */
const ALIASES: Record<string, WasiName> = {
  EWOULDBLOCK: "AGAIN",
  EDEADLOCK: "DEADLK",
  EOPNOTSUPP: "NOTSUP",
  ENOTSUPP: "NOTSUP",
  ENOIOCTLCMD: "NOTTY",
  ERESTARTSYS: "INTR",
  ERESTARTNOINTR: "INTR",
  ERESTARTNOHAND: "INTR",
  ERESTART_RESTARTBLOCK: "INTR",
  ERESTART: "INTR",
  ESOCKTNOSUPPORT: "NOTSUP",
  EPFNOSUPPORT: "AFNOSUPPORT",
  ESHUTDOWN: "PIPE",
  ETIME: "TIMEDOUT",
  ENODATA: "NOMSG",
  ENOTBLK: "NOTSUP",
  EHOSTDOWN: "HOSTUNREACH",
  EBADFD: "BADF",
  ENOMEDIUM: "NODEV",
  ENONET: "NETUNREACH",
  EREMOTEIO: "IO",
  EUCLEAN: "IO",
  EPROBE_DEFER: "AGAIN",
  EOPENSTALE: "STALE",
  EBADHANDLE: "BADF",
  ETOOSMALL: "INVAL",
  EBADTYPE: "INVAL",
  EJUKEBOX: "AGAIN",
};

const LINUX_TO_WASI: Uint8Array = (() => {
  let max = 0;
  for (const n of ERRNO_TABLE.keys()) max = Math.max(max, n);
  const t = new Uint8Array(max + 1).fill(WASI_ERRNO.IO);
  t[0] = 0;
  for (const [num, [name]] of ERRNO_TABLE) {
    const bare = name.slice(1) as WasiName;
    const w = ALIASES[name] ?? ((WASI_NAMES as readonly string[]).includes(bare) ? bare : undefined);
    if (w) t[num] = WASI_ERRNO[w];
  }
  return t;
})();

/** A kernel result (a negative Linux errno, or any non-negative value) as a WASI errno. */
export function wasiErrno(linuxResult: number): number {
  if (linuxResult >= 0) return 0;
  const e = -linuxResult;
  return e < LINUX_TO_WASI.length ? LINUX_TO_WASI[e] : WASI_ERRNO.IO;
}
