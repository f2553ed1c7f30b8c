// kemu: the shell's own versions of just-bash commands that would show the host instead of the
// emulated system: ls (just-bash prints "user user", fixed modes and host-clock dates), touch
// (host clock, ignores -t/-r), date (host clock), whoami, hostname.
import type { Command, ExecResult } from "just-bash";
import type { Stat } from "../../fs/types.js";
import { O_CREAT, O_WRONLY, S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from "../../fs/types.js";
import { ENOENT } from "../../include/errno.js";
import { strerror } from "../../include/errno.js";
import { SysError, normalizePath } from "./fs.js";
import type { Shell } from "./shell.js";

type Ctx = Parameters<Command["execute"]>[1];

const ok = (stdout: string, stderr = "", exitCode = 0): ExecResult => ({ stdout, stderr, exitCode });

export function shellCommands(sh: Shell): Command[] {
  return [
    { name: "ls", trusted: true, execute: (args, ctx) => ls(sh, args, ctx) },
    { name: "touch", trusted: true, execute: (args, ctx) => touch(sh, args, ctx) },
    { name: "date", trusted: true, execute: (args, ctx) => date(sh, args, ctx) },
    { name: "whoami", trusted: true, execute: async () => ok("root\n") },
    { name: "hostname", trusted: true, execute: (args, ctx) => hostname(sh, args, ctx) },
    { name: "trap", trusted: true, execute: async (args) => trap(sh, args) },
    { name: "stat", trusted: true, execute: (args, ctx) => stat(sh, args, ctx) },
  ];
}

// ---- stat (GNU coreutils' format; just-bash prints "user" and host-clock times) -----------------

export const major = (dev: number) => (dev >>> 8) & 0xfff;
export const minor = (dev: number) => (dev & 0xff) | ((dev >>> 12) & 0xfff00);

function fileType(st: Stat): string {
  switch (st.mode & S_IFMT) {
    case S_IFREG:
      return st.size === 0 ? "regular empty file" : "regular file";
    case S_IFDIR:
      return "directory";
    case S_IFLNK:
      return "symbolic link";
    case S_IFCHR:
      return "character special file";
    case S_IFBLK:
      return "block special file";
    case S_IFIFO:
      return "fifo";
    case S_IFSOCK:
      return "socket";
  }
  return "weird file";
}

/** "2026-11-22 10:00:00.000000000 +0000" */
function statTime(ns: bigint): string {
  const d = new Date(Number(ns / 1_000_000n));
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(Number(ns % 1_000_000_000n), 9)} +0000`;
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|r|\\|"|0[0-7]{0,3}|[0-7]{1,3})/g, (_, c: string) =>
    c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c === "\\" ? "\\" : c === '"' ? '"' : String.fromCharCode(parseInt(c, 8)),
  );
}

async function stat(sh: Shell, args: string[], ctx: Ctx): Promise<ExecResult> {
  let follow = false;
  let format: string | undefined;
  let newline = true;
  let terse = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-L" || a === "--dereference") follow = true;
    else if (a === "-t" || a === "--terse") terse = true;
    else if (a === "-c" || a === "--format") format = args[++i];
    else if (a.startsWith("--format=")) format = a.slice(9);
    else if (a === "--printf") (format = unescape(args[++i] ?? "")), (newline = false);
    else if (a.startsWith("--printf=")) (format = unescape(a.slice(9))), (newline = false);
    else if (a.startsWith("-c") && a.length > 2) format = a.slice(2);
    else if (a === "--") files.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith("-") && a.length > 1) return ok("", `stat: invalid option -- '${a.slice(1)}'\nTry 'stat --help' for more information.\n`, 1);
    else files.push(a);
  }
  if (format === undefined && args.includes("-c")) return ok("", "stat: option requires an argument -- 'c'\n", 1);
  if (!files.length) return ok("", "stat: missing operand\nTry 'stat --help' for more information.\n", 1);
  const users = await idNames(sh, "/etc/passwd");
  const groups = await idNames(sh, "/etc/group");
  let stdout = "";
  let stderr = "";
  let code = 0;
  for (const f of files) {
    const path = abs(ctx, f);
    const st = sh.fs.kstat(path, follow);
    if (typeof st === "number") {
      stderr += `stat: cannot statx '${f}': ${strerror(st)}\n`;
      code = 1;
      continue;
    }
    let target = "";
    if ((st.mode & S_IFMT) === S_IFLNK) {
      try {
        target = await sh.fs.readlink(path);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
      }
    }
    const dev = (st.mode & S_IFMT) === S_IFCHR || (st.mode & S_IFMT) === S_IFBLK;
    const fmt =
      format ??
      (terse
        ? "%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o"
        : "  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n" +
          (dev ? "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n" : "Device: %Hd,%Ld\tInode: %-11i Links: %h\n") +
          "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w");
    const field = (c: string): string => {
      switch (c) {
        case "a": return (st.mode & 0o7777).toString(8);
        case "A": return modeString(st.mode);
        case "b": return String(st.blocks);
        case "B": return "512";
        case "d": return String(st.dev);
        case "D": return st.dev.toString(16);
        case "f": return st.mode.toString(16);
        case "F": return fileType(st);
        case "g": return String(st.gid);
        case "G": return groups.get(st.gid) ?? "UNKNOWN";
        case "h": return String(st.nlink);
        case "i": return String(st.ino);
        case "n": return f;
        case "N": return target ? `${f} -> ${target}` : f;
        case "o": return String(st.blksize);
        case "s": return String(st.size);
        case "t": return major(st.rdev).toString(16);
        case "T": return minor(st.rdev).toString(16);
        case "u": return String(st.uid);
        case "U": return users.get(st.uid) ?? "UNKNOWN";
        case "x": return statTime(st.atimeNs);
        case "X": return String(st.atimeNs / 1_000_000_000n);
        case "y": return statTime(st.mtimeNs);
        case "Y": return String(st.mtimeNs / 1_000_000_000n);
        case "z": return statTime(st.ctimeNs);
        case "Z": return String(st.ctimeNs / 1_000_000_000n);
        case "w": return "-";
        case "W": return "0";
        case "Hd": return String(major(st.dev));
        case "Ld": return String(minor(st.dev));
        case "Hr": return String(major(st.rdev));
        case "Lr": return String(minor(st.rdev));
      }
      return "?";
    };
    let line = fmt.replace(/%(%|([-0 ]*)(\d*)(?:\.(\d+))?((?:[HL][dr])|[aAbBdDfFgGhinNostTuUxXyYzZwW]))/g, (_m, pct, flags: string, width: string, prec: string, conv: string) => {
      if (pct === "%") return "%";
      let v = field(conv);
      if (prec) v = v.slice(0, +prec);
      const w = width ? +width : 0;
      if (flags.includes("-")) return v.padEnd(w);
      return flags.includes("0") ? v.padStart(w, "0") : v.padStart(w);
    });
    if (newline) line += "\n";
    stdout += line;
  }
  return ok(stdout, stderr, code);
}

// ---- trap (just-bash has none): EXIT traps run when the script ends; others are kept ------------

const SIGNALS = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM"];

function trapName(s: string): string | null {
  const u = s.toUpperCase().replace(/^SIG/, "");
  if (u === "EXIT" || u === "0") return "EXIT";
  if (u === "ERR" || u === "DEBUG" || u === "RETURN") return u;
  if (/^\d+$/.test(u)) return SIGNALS[+u - 1] ?? null;
  return SIGNALS.includes(u) ? u : null;
}

function trap(sh: Shell, args: string[]): ExecResult {
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const show = (names?: string[]) =>
    [...sh.traps]
      .filter(([n]) => !names || names.includes(n))
      .map(([n, c]) => `trap -- ${quote(c)} ${n === "EXIT" ? "EXIT" : `SIG${n}`}\n`)
      .join("");
  if (args[0] === "--") args = args.slice(1);
  if (args.length === 0) return ok(show());
  if (args[0] === "-l") return ok(SIGNALS.map((n, i) => `${String(i + 1).padStart(2)}) SIG${n}`).join("\n") + "\n");
  if (args[0] === "-p") {
    const names = args.slice(1).map(trapName).filter((n): n is string => n !== null);
    return ok(show(args.length > 1 ? names : undefined));
  }
  let cmd: string | null = args[0];
  let conds = args.slice(1);
  if (conds.length === 0 || (/^\d+$/.test(cmd) && trapName(cmd))) {
    // `trap SIG...`: reset them
    conds = args;
    cmd = null;
  }
  let err = "";
  for (const c of conds) {
    const n = trapName(c);
    if (!n) {
      err += `bash: trap: ${c}: invalid signal specification\n`;
      continue;
    }
    if (cmd === null || cmd === "-") sh.traps.delete(n);
    else sh.traps.set(n, cmd);
  }
  return ok("", err, err ? 1 : 0);
}

function abs(ctx: Ctx, path: string): string {
  return path.startsWith("/") ? normalizePath(path) : normalizePath(`${ctx.cwd}/${path}`);
}

// ---- date / hostname ------------------------------------------------------------------------

async function date(sh: Shell, args: string[], ctx: Ctx): Promise<ExecResult> {
  const now = sh.sys.clockRealtime();
  const sec = Number(now / 1_000_000_000n);
  const rel: Record<string, number> = { now: 0, today: 0, yesterday: -86400, tomorrow: 86400 };
  const a = [...args];
  let given = false;
  for (let i = 0; i < a.length; i++) {
    const arg = a[i];
    let val: string | undefined;
    let set: (v: string) => void = () => {};
    if (arg === "-d" || arg === "--date") {
      given = true;
      val = a[i + 1];
      const j = i + 1;
      set = (v) => {
        a[j] = v;
      };
    } else if (arg.startsWith("--date=")) {
      given = true;
      val = arg.slice(7);
      const j = i;
      set = (v) => {
        a[j] = `--date=${v}`;
      };
    } else if (arg === "-r" || arg === "--reference" || arg.startsWith("--reference=")) {
      // just-bash's date has no -r: the file's mtime as -d @SECONDS
      given = true;
      const file = arg.startsWith("--reference=") ? arg.slice(12) : a[i + 1];
      if (file === undefined) return ok("", `date: option requires an argument -- 'r'\n`, 1);
      const st = sh.fs.kstat(abs(ctx, file));
      if (typeof st === "number") return ok("", `date: ${file}: ${strerror(st)}\n`, 1);
      a.splice(i, arg.startsWith("--reference=") ? 1 : 2, "-d", `@${st.mtimeNs / 1_000_000_000n}`);
      i++;
    } else if (arg === "-s" || arg === "--set") {
      given = true;
    }
    if (val !== undefined) {
      const r = rel[val.trim().toLowerCase()];
      if (r !== undefined) set(`@${sec + r}`);
    }
  }
  if (!given) a.unshift("-d", `@${sec}`);
  if (!ctx.origCommand) return ok("", "date: unavailable\n", 1);
  return ctx.origCommand(a);
}

async function hostname(sh: Shell, args: string[], _ctx: Ctx): Promise<ExecResult> {
  if (args.length) return ok("", "hostname: you must be root to change the host name\n", 1);
  for (const f of ["/proc/sys/kernel/hostname", "/etc/hostname"]) {
    try {
      const s = (await sh.fs.readFile(f)).split("\n")[0].trim();
      if (s) return ok(s + "\n");
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
    }
  }
  return ok("localhost\n");
}

// ---- touch ------------------------------------------------------------------------------------

/** -d STRING: @SECONDS, "now", or an ISO date/time (UTC) */
function parseDateArg(s: string, nowNs: bigint): bigint | null {
  const t = s.trim();
  const m = /^@(-?\d+)(?:\.(\d{1,9}))?$/.exec(t);
  if (m) return BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
  if (/^(now|today)$/i.test(t)) return nowNs;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC)?$/i.exec(t);
  if (iso) {
    const ms = Date.UTC(+iso[1], +iso[2] - 1, +iso[3], +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0));
    if (Number.isNaN(ms)) return null;
    return BigInt(ms) * 1_000_000n + BigInt((iso[7] ?? "").padEnd(9, "0") || "0");
  }
  return null;
}

/** -t [[CC]YY]MMDDhhmm[.ss] (UTC) */
function parseStamp(s: string, nowNs: bigint): bigint | null {
  const m = /^(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return null;
  let d = m[1];
  let year: number;
  if (d.length === 12) {
    year = +d.slice(0, 4);
    d = d.slice(4);
  } else if (d.length === 10) {
    const yy = +d.slice(0, 2);
    year = yy < 69 ? 2000 + yy : 1900 + yy;
    d = d.slice(2);
  } else year = new Date(Number(nowNs / 1_000_000n)).getUTCFullYear();
  const ms = Date.UTC(year, +d.slice(0, 2) - 1, +d.slice(2, 4), +d.slice(4, 6), +d.slice(6, 8), +(m[2] ?? 0));
  return Number.isNaN(ms) ? null : BigInt(ms) * 1_000_000n;
}

async function touch(sh: Shell, args: string[], ctx: Ctx): Promise<ExecResult> {
  const nowNs = sh.sys.clockRealtime();
  let noCreate = false;
  let onlyA = false;
  let onlyM = false;
  let time: bigint | "now" = "now";
  const files: string[] = [];
  const bad = (msg: string) => ok("", `touch: ${msg}\nTry 'touch --help' for more information.\n`, 1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      files.push(...args.slice(i + 1));
      break;
    }
    let opt: string | undefined;
    let val: string | undefined;
    if (a === "--no-create") noCreate = true;
    else if (a.startsWith("--date=")) (opt = "d"), (val = a.slice(7));
    else if (a.startsWith("--reference=")) (opt = "r"), (val = a.slice(12));
    else if (a === "--date" || a === "--reference") (opt = a === "--date" ? "d" : "r"), (val = args[++i]);
    else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === "c") noCreate = true;
        else if (c === "a") onlyA = true;
        else if (c === "m") onlyM = true;
        else if (c === "f" || c === "h") continue;
        else if (c === "d" || c === "t" || c === "r") {
          opt = c;
          val = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          break;
        } else return bad(`invalid option -- '${c}'`);
      }
    } else files.push(a);
    if (opt) {
      if (val === undefined) return bad(`option requires an argument -- '${opt}'`);
      if (opt === "r") {
        const st = sh.fs.kstat(abs(ctx, val));
        if (typeof st === "number") return ok("", `touch: failed to get attributes of '${val}': ${strerror(st)}\n`, 1);
        time = st.mtimeNs;
      } else {
        const t = opt === "d" ? parseDateArg(val, nowNs) : parseStamp(val, nowNs);
        if (t === null) return ok("", opt === "d" ? `touch: invalid date format '${val}'\n` : `touch: invalid date format '${val}'\n`, 1);
        time = t;
      }
    }
  }
  if (!files.length) return bad("missing file operand");
  let stderr = "";
  let code = 0;
  const both = !onlyA && !onlyM;
  for (const f of files) {
    const path = abs(ctx, f);
    await sh.fs.settle(path);
    let st = sh.fs.kstat(path);
    if (typeof st === "number") {
      if (st !== -ENOENT || noCreate) {
        if (!noCreate) {
          stderr += `touch: cannot touch '${f}': ${strerror(st)}\n`;
          code = 1;
        }
        continue;
      }
      const fd = await sh.sys.open(path, O_WRONLY | O_CREAT, 0o666);
      if (fd < 0) {
        stderr += `touch: cannot touch '${f}': ${strerror(fd)}\n`;
        code = 1;
        continue;
      }
      await sh.sys.close(fd);
      if (time === "now" && both) continue; // a new file already has the current time
      st = 0;
    }
    const utimens = sh.sys.utimens;
    if (typeof utimens !== "function") continue;
    const r = await utimens.call(sh.sys, path, both || onlyA ? time : null, both || onlyM ? time : null, true);
    if (r < 0) {
      stderr += `touch: setting times of '${f}': ${strerror(r)}\n`;
      code = 1;
    }
  }
  return ok("", stderr, code);
}

// ---- ls ---------------------------------------------------------------------------------------

interface LsOpts {
  all: boolean;
  almost: boolean;
  long: boolean;
  dirOnly: boolean;
  human: boolean;
  inode: boolean;
  numeric: boolean;
  reverse: boolean;
  sort: "name" | "time" | "size" | "none";
  recursive: boolean;
  classify: "none" | "slash" | "all";
  deref: boolean;
  noOwner: boolean;
  noGroup: boolean;
  time: "m" | "c" | "a";
}

interface Entry {
  name: string;
  path: string;
  st: Stat | null;
  target?: string;
  /** the entry's own stat when st followed a symlink */
  isLinkToDir?: boolean;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const HALF_YEAR_NS = 15_778_476n * 1_000_000_000n;

export function modeString(mode: number): string {
  const t = mode & S_IFMT;
  const type =
    t === S_IFDIR ? "d" : t === S_IFLNK ? "l" : t === S_IFCHR ? "c" : t === S_IFBLK ? "b" : t === S_IFIFO ? "p" : t === S_IFSOCK ? "s" : "-";
  const rwx = (shift: number, special: number, ch: string) => {
    const r = mode & (4 << shift) ? "r" : "-";
    const w = mode & (2 << shift) ? "w" : "-";
    const xbit = mode & (1 << shift);
    const x = mode & special ? (xbit ? ch : ch.toUpperCase()) : xbit ? "x" : "-";
    return r + w + x;
  };
  return type + rwx(6, 0o4000, "s") + rwx(3, 0o2000, "s") + rwx(0, 0o1000, "t");
}

function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = "KMGTPE";
  let v = n;
  for (let i = 0; i < units.length; i++) {
    v /= 1024;
    if (v < 10) {
      const r = Math.ceil(v * 10) / 10;
      if (r < 10) return `${r.toFixed(1)}${units[i]}`;
      return `${Math.ceil(v)}${units[i]}`;
    }
    if (v < 1024 || i === units.length - 1) {
      const r = Math.ceil(v);
      if (r < 1024 || i === units.length - 1) return `${r}${units[i]}`;
    }
  }
  return String(n);
}

function formatTime(ns: bigint, now: bigint): string {
  const d = new Date(Number(ns / 1_000_000n));
  const mon = MONTHS[d.getUTCMonth()];
  const day = String(d.getUTCDate()).padStart(2, " ");
  if (ns > now - HALF_YEAR_NS && ns <= now + 60_000_000_000n) {
    return `${mon} ${day} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  }
  return `${mon} ${day}  ${d.getUTCFullYear()}`;
}

const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function idNames(sh: Shell, file: string): Promise<Map<number, string>> {
  const m = new Map<number, string>([[0, "root"]]);
  try {
    for (const line of (await sh.fs.readFile(file)).split("\n")) {
      const f = line.split(":");
      if (f.length >= 3 && /^\d+$/.test(f[2]) && !m.has(+f[2])) m.set(+f[2], f[0]);
    }
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
  }
  return m;
}

async function ls(sh: Shell, args: string[], ctx: Ctx): Promise<ExecResult> {
  const o: LsOpts = {
    all: false, almost: false, long: false, dirOnly: false, human: false, inode: false, numeric: false,
    reverse: false, sort: "name", recursive: false, classify: "none", deref: false, noOwner: false, noGroup: false, time: "m",
  };
  const operands: string[] = [];
  const flag = (c: string): string | null => {
    switch (c) {
      case "a": o.all = true; break;
      case "A": o.almost = true; break;
      case "l": o.long = true; break;
      case "d": o.dirOnly = true; break;
      case "h": o.human = true; break;
      case "i": o.inode = true; break;
      case "n": o.numeric = true; o.long = true; break;
      case "g": o.noOwner = true; o.long = true; break;
      case "o": o.noGroup = true; o.long = true; break;
      case "G": o.noGroup = true; break;
      case "r": o.reverse = true; break;
      case "t": o.sort = "time"; break;
      case "S": o.sort = "size"; break;
      case "U": case "f": o.sort = "none"; if (c === "f") o.all = true; break;
      case "R": o.recursive = true; break;
      case "F": o.classify = "all"; break;
      case "p": o.classify = "slash"; break;
      case "L": o.deref = true; break;
      case "c": o.time = "c"; break;
      case "u": o.time = "a"; break;
      case "1": case "C": case "x": case "H": case "N": case "q": case "b": case "v": break;
      default: return c;
    }
    return null;
  };
  let endOpts = false;
  for (const a of args) {
    if (endOpts || a === "-" || !a.startsWith("-")) {
      operands.push(a);
      continue;
    }
    if (a === "--") {
      endOpts = true;
      continue;
    }
    if (a.startsWith("--")) {
      const long: Record<string, string> = {
        "--all": "a", "--almost-all": "A", "--directory": "d", "--human-readable": "h", "--inode": "i",
        "--numeric-uid-gid": "n", "--reverse": "r", "--recursive": "R", "--classify": "F", "--dereference": "L",
        "--no-group": "G",
      };
      const name = a.split("=")[0];
      if (long[name]) flag(long[name]);
      else if (!["--color", "--colour", "--group-directories-first", "--full-time", "--time-style"].includes(name)) {
        return ok("", `ls: unrecognized option '${a}'\nTry 'ls --help' for more information.\n`, 2);
      }
      continue;
    }
    for (const c of a.slice(1)) {
      const badc = flag(c);
      if (badc) return ok("", `ls: invalid option -- '${badc}'\nTry 'ls --help' for more information.\n`, 2);
    }
  }
  if (!operands.length) operands.push(".");

  const now = sh.sys.clockRealtime();
  const users = o.long && !o.numeric && !o.noOwner ? await idNames(sh, "/etc/passwd") : new Map<number, string>();
  const groups = o.long && !o.numeric && !o.noGroup ? await idNames(sh, "/etc/group") : new Map<number, string>();
  let stdout = "";
  let stderr = "";
  let code = 0;

  const timeOf = (st: Stat) => (o.time === "c" ? st.ctimeNs : o.time === "a" ? st.atimeNs : st.mtimeNs);
  const sortEntries = (list: Entry[]) => {
    if (o.sort !== "none") {
      list.sort((a, b) => {
        if (o.sort === "time" && a.st && b.st) {
          const d = timeOf(b.st) - timeOf(a.st);
          if (d !== 0n) return d > 0n ? 1 : -1;
        }
        if (o.sort === "size" && a.st && b.st && a.st.size !== b.st.size) return b.st.size - a.st.size;
        return byName(a, b);
      });
    }
    if (o.reverse) list.reverse();
  };
  const suffix = (e: Entry): string => {
    if (o.classify === "none" || !e.st) return "";
    const t = e.st.mode & S_IFMT;
    if (t === S_IFDIR) return "/";
    if (o.classify === "slash") return "";
    if (t === S_IFLNK) return o.long ? "" : "@";
    if (t === S_IFIFO) return "|";
    if (t === S_IFSOCK) return "=";
    if (t === S_IFREG && e.st.mode & 0o111) return "*";
    return "";
  };
  const render = async (list: Entry[]): Promise<string> => {
    if (!o.long) return list.map((e) => (o.inode ? `${e.st?.ino ?? "?"} ` : "") + e.name + suffix(e) + "\n").join("");
    const rows: {
      e: Entry; ino: string; mode: string; nlink: string; user: string; group: string;
      size: string; major: string; minor: string; time: string; target: string;
    }[] = [];
    for (const e of list) {
      const st = e.st!;
      const t = st.mode & S_IFMT;
      let target = "";
      if (t === S_IFLNK) {
        try {
          target = await sh.fs.readlink(e.path);
        } catch (err) {
          if (!(err instanceof SysError)) throw err;
        }
      }
      const dev = t === S_IFCHR || t === S_IFBLK;
      rows.push({
        e,
        ino: String(st.ino),
        mode: modeString(st.mode),
        nlink: String(st.nlink),
        user: o.numeric ? String(st.uid) : (users.get(st.uid) ?? String(st.uid)),
        group: o.numeric ? String(st.gid) : (groups.get(st.gid) ?? String(st.gid)),
        size: dev ? "" : o.human ? humanSize(st.size) : String(st.size),
        major: dev ? String((st.rdev >>> 8) & 0xfff) : "",
        minor: dev ? String((st.rdev & 0xff) | ((st.rdev >>> 12) & 0xfff00)) : "",
        time: formatTime(timeOf(st), now),
        target,
      });
    }
    const w = (k: "ino" | "nlink" | "user" | "group" | "size" | "major" | "minor") => Math.max(0, ...rows.map((r) => r[k].length));
    const majW = w("major");
    const minW = w("minor");
    const devW = majW ? majW + 2 + minW : 0;
    const sizeW = Math.max(w("size"), devW);
    const [inoW, nlW, uW, gW] = [w("ino"), w("nlink"), w("user"), w("group")];
    return rows
      .map((r) => {
        const size = r.major ? `${r.major.padStart(majW)}, ${r.minor.padStart(minW)}` : r.size;
        let line = o.inode ? r.ino.padStart(inoW) + " " : "";
        line += `${r.mode} ${r.nlink.padStart(nlW)} `;
        if (!o.noOwner) line += r.user.padEnd(uW) + " ";
        if (!o.noGroup) line += r.group.padEnd(gW) + " ";
        line += `${size.padStart(sizeW)} ${r.time} ${r.e.name}`;
        line += r.target ? ` -> ${r.target}` : suffix(r.e);
        return line + "\n";
      })
      .join("");
  };
  const total = (list: Entry[]): string => {
    let blocks = 0;
    for (const e of list) if (e.st) blocks += Math.ceil((e.st.blocks * 512) / 1024);
    return `total ${o.human ? humanSize(blocks * 1024) : blocks}\n`;
  };
  const listDir = async (path: string, shown: string, header: boolean, first: boolean): Promise<void> => {
    let names: string[];
    try {
      names = await sh.fs.readdir(path);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      stderr += `ls: cannot open directory '${shown}': ${strerror(e.errno)}\n`;
      code = 2;
      return;
    }
    if (o.all) names = [".", "..", ...names];
    else if (!o.almost) names = names.filter((n) => !n.startsWith("."));
    else names = names.filter((n) => n !== "." && n !== "..");
    const list: Entry[] = [];
    for (const name of names) {
      const p = name === "." ? path : name === ".." ? normalizePath(path + "/..") : path === "/" ? `/${name}` : `${path}/${name}`;
      const st = sh.fs.kstat(p, o.deref);
      list.push({ name, path: p, st: typeof st === "number" ? null : st });
    }
    for (const e of list) {
      if (!e.st) {
        stderr += `ls: cannot access '${shown === "." ? e.name : `${shown}/${e.name}`}': No such file or directory\n`;
        code = 1;
      }
    }
    const shownList = list.filter((e) => e.st);
    sortEntries(shownList);
    if (header) stdout += `${first ? "" : "\n"}${shown}:\n`;
    if (o.long) stdout += total(shownList);
    stdout += await render(shownList);
    if (o.recursive) {
      for (const e of shownList) {
        if (e.name === "." || e.name === "..") continue;
        if ((e.st!.mode & S_IFMT) !== S_IFDIR) continue;
        await listDir(e.path, shown === "/" ? `/${e.name}` : `${shown}/${e.name}`, true, false);
      }
    }
  };

  const files: Entry[] = [];
  const dirs: Entry[] = [];
  for (const a of operands) {
    const path = abs(ctx, a);
    const lst = sh.fs.kstat(path, false);
    if (typeof lst === "number") {
      stderr += `ls: cannot access '${a}': ${strerror(lst)}\n`;
      code = 2;
      continue;
    }
    let st: Stat = lst;
    if ((lst.mode & S_IFMT) === S_IFLNK && (o.deref || (!o.long && !o.dirOnly && o.classify === "none"))) {
      const f = sh.fs.kstat(path, true);
      if (typeof f !== "number") st = f;
    }
    const e: Entry = { name: a, path, st };
    if ((st.mode & S_IFMT) === S_IFDIR && !o.dirOnly) dirs.push(e);
    else files.push(e);
  }
  sortEntries(files);
  sortEntries(dirs);
  stdout += await render(files);
  const header = operands.length > 1 || o.recursive;
  let first = files.length === 0;
  for (const d of dirs) {
    await listDir(d.path, d.name, header, first);
    first = false;
  }
  return ok(stdout, stderr, code);
}
