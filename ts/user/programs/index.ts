// kemu: the programs kemu ships as files in /bin, /sbin and /usr/bin (what coreutils, kmod,
// util-linux and procps would install). Each is loaded only when first executed.
import type { ProgramMain } from "../types.js";

type Loader = () => Promise<ProgramMain>;

const LOADERS: Record<string, Loader> = {
  true: async () => async () => 0,
  false: async () => async () => 1,
  sleep: async () => (await import("./coreutils.js")).sleepMain,
  env: async () => (await import("./coreutils.js")).envMain,
  kill: async () => (await import("./coreutils.js")).killMain,
  mknod: async () => (await import("./coreutils.js")).mknodMain,
  logger: async () => (await import("./logger.js")).loggerMain,
  insmod: async () => (await import("./kmod.js")).insmodMain,
  rmmod: async () => (await import("./kmod.js")).rmmodMain,
  lsmod: async () => (await import("./kmod.js")).lsmodMain,
  modinfo: async () => (await import("./kmod.js")).modinfoMain,
  modprobe: async () => (await import("./modprobe.js")).modprobeMain,
  depmod: async () => (await import("./depmod.js")).depmodMain,
  dmesg: async () => (await import("./dmesg.js")).dmesgMain,
  sysctl: async () => (await import("./sysctl.js")).sysctlMain,
  ps: async () => (await import("./ps.js")).psMain,
  kemu: async () => (await import("./kemu.js")).kemuMain,
  sh: async () => (await import("../sh/sh.js")).shMain,
  bash: async () => (await import("../sh/sh.js")).shMain,
};

/** name -> directories its file is installed in */
export const BUILTIN_PROGRAMS: [string, string[]][] = [
  ["sh", ["/bin"]],
  ["bash", ["/bin"]],
  ["true", ["/bin"]],
  ["false", ["/bin"]],
  ["sleep", ["/bin"]],
  ["kill", ["/bin"]],
  ["mknod", ["/bin"]],
  ["ps", ["/bin"]],
  ["dmesg", ["/bin"]],
  ["env", ["/usr/bin"]],
  ["logger", ["/usr/bin"]],
  ["insmod", ["/sbin"]],
  ["rmmod", ["/sbin"]],
  ["lsmod", ["/sbin"]],
  ["modinfo", ["/sbin"]],
  ["modprobe", ["/sbin"]],
  ["depmod", ["/sbin"]],
  ["sysctl", ["/sbin"]],
  ["kemu", ["/usr/bin"]],
];

/** The program a built-in stub file names; its module is imported on first use. */
export function builtinProgram(name: string): ProgramMain | undefined {
  const load = LOADERS[name];
  if (!load) return undefined;
  let main: ProgramMain | undefined;
  return async (p) => {
    main ??= await load();
    return main(p);
  };
}
