// kemu command line: dispatches to subcommands, each loaded lazily so a cached `kemu run`
// loads only what it needs.

/** For bin/kemu.js, which runs the CLI bundle where import() needs a loader handed in. */
export { setImporter } from "../build/builtins.js";

const USAGE = `Usage: kemu COMMAND [options]

Run Linux kernel module C source in an emulated Linux kernel.

Commands:
  run FILE.c|FILE.ko|DIR [param=value ...]   build if needed, insmod, run, rmmod, print dmesg
  build [options] FILE.c... | DIR             compile a module to NAME.ko (wasm)
  modinfo FILE.ko|FILE.c                      show the module's information, like modinfo(8)
  lint FILE.c...                              warn about module mistakes (file:line: warning: ...)
  sh [-c COMMAND | SCRIPT]                    a root shell in an emulated system (cwd mounted)

Run 'kemu COMMAND --help' for the options of a command.
`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "run":
      return (await import("./run.js")).cmdRun(rest);
    case "build":
      return (await import("./build.js")).cmdBuild(rest);
    case "sh":
      return (await import("./sh.js")).cmdSh(rest);
    case "modinfo":
      return (await import("./modinfo.js")).cmdModinfo(rest);
    case "lint":
      return (await import("./lint.js")).cmdLint(rest);
    case undefined:
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(USAGE);
      return cmd === undefined ? 2 : 0;
    case "--version":
    case "-V":
      process.stdout.write("kemu 0.1.0\n");
      return 0;
    default:
      process.stderr.write(`kemu: unknown command '${cmd}'\n\n${USAGE}`);
      return 2;
  }
}
