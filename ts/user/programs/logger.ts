// kemu: util-linux logger(1): messages to syslog, which kemu's syslogd appends to
// /var/log/messages. The default tag is the login name (root), as util-linux's xgetlogin().
import type { ProgramMain } from "../types.js";
import { err, kernelOf, readStdin, getenv } from "./io.js";

export const loggerMain: ProgramMain = async (p) => {
  const args = p.argv.slice(1);
  let tag: string | undefined;
  let stderrToo = false;
  let withPid = false;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    if (a === "-t" || a === "--tag") tag = args[++i];
    else if (a.startsWith("-t") && a.length > 2) tag = a.slice(2);
    else if (a === "-p" || a === "--priority") i++;
    else if (a.startsWith("-p") && a.length > 2) continue;
    else if (a === "-s" || a === "--stderr") stderrToo = true;
    else if (a === "-i") withPid = true;
    else if (a.startsWith("-") && a.length > 1 && words.length === 0) {
      await err(p, `logger: invalid option -- '${a.slice(1)}'\n`);
      return 1;
    } else words.push(a);
  }
  tag ??= getenv(p, "LOGNAME") ?? getenv(p, "USER") ?? "root";
  const fullTag = withPid ? `${tag}[${p.pid}]` : tag;
  const proc = kernelOf(p);
  const lines = words.length ? [words.join(" ")] : (await readStdin(p)).split("\n").filter((l) => l.length > 0);
  for (const line of lines) {
    proc.us.syslog(fullTag, line);
    if (stderrToo) await err(p, `<13>${line}\n`.replace(/^<13>/, `${fullTag}: `));
  }
  return 0;
};
