// kemu: /bin/sh and /bin/bash. Command line as bash's:
//   sh -c COMMAND [NAME [ARG...]]     $0 = NAME (default argv[0]), $1... = ARGs
//   sh [-s] SCRIPT [ARG...]           the script is read through the process's fds; $0 = SCRIPT
//   sh                                 commands from fd 0 (read to EOF, then run: not interactive)
// plus the set options (-e -u -x -v -f -C -a -n, -o NAME, +X to clear them). The interpreter is
// the just-bash library (shell.ts), imported on first use only.
import type { ProgramMain, UserProcess } from "../types.js";
import { readFd } from "../programs/io.js";
import { O_RDONLY, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG } from "../../fs/types.js";
import { strerror } from "../../include/errno.js";
import { importExternal } from "../../build/builtins.js";

const enc = new TextEncoder();

async function say(p: UserProcess, fd: number, s: string): Promise<void> {
  let data = enc.encode(s);
  while (data.length) {
    const n = await p.sys.write(fd, data);
    if (n <= 0) return;
    data = data.subarray(n);
  }
}

const SET_FLAGS = "abefhkmnptuvxBCEHPT";

export const shMain: ProgramMain = async (p) => {
  const argv = p.argv;
  const argv0 = argv[0] ?? "sh";
  const setOptions: string[] = [];
  let cMode = false;
  let sMode = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--" || a === "-") {
      i++;
      break;
    }
    if (a.startsWith("--")) {
      if (a === "--posix") setOptions.push("-o", "posix");
      else if (a === "--version") {
        await say(p, 1, "GNU bash, version 5.1.0(1)-release (just-bash in kemu)\n");
        return 0;
      } else if (!["--login", "--norc", "--noprofile", "--noediting", "--restricted"].includes(a)) {
        await say(p, 2, `${argv0}: ${a}: invalid option\n`);
        return 2;
      }
      continue;
    }
    if ((a[0] !== "-" && a[0] !== "+") || a.length < 2) break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (c === "c" && a[0] === "-") cMode = true;
      else if (c === "s" && a[0] === "-") sMode = true;
      else if (c === "i" || c === "l" || c === "r") continue;
      else if (c === "o") {
        const name = argv[++i];
        if (name === undefined) {
          await say(p, 2, `${argv0}: ${a[0]}o: option requires an argument\n`);
          return 2;
        }
        setOptions.push(`${a[0]}o`, name);
      } else if (SET_FLAGS.includes(c)) setOptions.push(`${a[0]}${c}`);
      else {
        await say(p, 2, `${argv0}: ${a[0]}${c}: invalid option\n`);
        return 2;
      }
    }
  }

  let script: string;
  let name = argv0;
  let args: string[];
  let stdin: string | undefined;
  const slurpStdin = async () => {
    // a pipe or a file given as stdin is the script's stdin; a terminal or device is left alone
    const st = p.sys.fstat(0);
    if (typeof st === "number") return;
    const t = st.mode & S_IFMT;
    if (t !== S_IFIFO && t !== S_IFREG) return;
    const data = await readFd(p, 0);
    if (typeof data !== "number" && data.length) stdin = Buffer.from(data).toString("latin1");
  };
  if (cMode) {
    if (i >= argv.length) {
      await say(p, 2, `${argv0}: -c: option requires an argument\n`);
      return 2;
    }
    script = argv[i++];
    if (i < argv.length) name = argv[i++];
    args = argv.slice(i);
    await slurpStdin();
  } else if (!sMode && i < argv.length) {
    name = argv[i];
    args = argv.slice(i + 1);
    const st = p.sys.stat(name);
    if (typeof st !== "number" && (st.mode & S_IFMT) === S_IFDIR) {
      await say(p, 2, `${argv0}: ${name}: Is a directory\n`);
      return 126;
    }
    const fd = await p.sys.open(name, O_RDONLY);
    const data = fd < 0 ? fd : await readFd(p, fd);
    if (fd >= 0) await p.sys.close(fd);
    if (typeof data === "number") {
      await say(p, 2, `${argv0}: ${name}: ${strerror(data)}\n`);
      return data === -2 ? 127 : 126;
    }
    if (data.subarray(0, 80).includes(0)) {
      await say(p, 2, `${argv0}: ${name}: cannot execute binary file\n`);
      return 126;
    }
    script = Buffer.from(data).toString("utf8");
    await slurpStdin();
  } else {
    args = argv.slice(i);
    const data = await readFd(p, 0);
    script = typeof data === "number" ? "" : Buffer.from(data).toString("utf8");
  }

  const jb = await importExternal<typeof import("just-bash")>("just-bash");
  const { Shell } = await import("./shell.js");
  const sh = new Shell(p, jb, name);
  return sh.run({ script, name, args, setOptions, stdin, cMode });
};
