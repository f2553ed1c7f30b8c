// kemu: kernel/printk/printk.c - the log buffer: level prefixes, KERN_CONT, records with virtual
// timestamps, and the views dmesg prints. Formatting happens in C (csrc/kernel/printk/printk.c).

export const LEVEL_NAMES = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"] as const;

export interface LogRecord {
  seq: number;
  /** 0..7 */
  level: number;
  /** syslog facility: 0 kern, 1 user ... */
  facility: number;
  /** virtual nanoseconds since boot */
  tsNs: bigint;
  text: string;
}

export interface PrintkOptions {
  /** the running kernel's LINUX_VERSION_CODE: decides "<N>" vs KERN_SOH levels and continuation rules */
  versionCode: number;
  now: () => bigint;
  /** default_message_loglevel */
  defaultLevel?: number;
}

const KV = (a: number, b: number, c: number) => (a << 16) + (b << 8) + c;

export class LogBuffer {
  readonly records: LogRecord[] = [];
  private seq = 0;
  /** the last record is still open for KERN_CONT (it did not end with a newline) */
  private open = false;
  /** listeners (console, /var/log/messages, tests) */
  readonly listeners = new Set<(r: LogRecord) => void>();
  private clearedSeq = 0;
  private pending: LogRecord | null = null;
  /** console_loglevel (dmesg -n, kernel.printk's first field): kemu has no console to filter */
  consoleLevel = 7;

  constructor(private readonly opts: PrintkOptions) {}

  /** vprintk_store(): text already formatted. Returns the printed length without the level. */
  store(raw: string, facility = 0): number {
    const { level, cont, text } = this.parsePrefix(raw);
    return this.storeParsed(level, cont, text, facility);
  }

  /** printk from the TS half of the kernel: level given, no prefix parsing. */
  log(level: number, text: string): void {
    this.storeParsed(level, false, text, 0);
  }

  private storeParsed(level: number | null, cont: boolean, text: string, facility: number): number {
    const modern = this.opts.versionCode >= KV(4, 9, 0);
    const continues = this.pending !== null && (cont || (!modern && level === null));
    if (!continues) this.flush();
    let body = text;
    if (continues && this.pending) {
      this.pending.text += body;
    } else {
      this.pending = {
        seq: 0,
        level: level ?? this.opts.defaultLevel ?? 4,
        facility,
        tsNs: this.opts.now(),
        text: body,
      };
    }
    // Complete lines become records now; a trailing partial line stays open for KERN_CONT.
    const cur = this.pending!;
    const nl = cur.text.lastIndexOf("\n");
    if (nl >= 0) {
      const done = cur.text.slice(0, nl);
      const rest = cur.text.slice(nl + 1);
      for (const line of done.split("\n")) this.emit({ ...cur, text: line });
      this.pending = rest.length > 0 ? { ...cur, text: rest } : null;
    }
    return text.length;
  }

  /** Close a partial line (a later printk without KERN_CONT, or a reader asking for the log). */
  flush(): void {
    if (this.pending) {
      const p = this.pending;
      this.pending = null;
      this.emit(p);
    }
  }

  private emit(r: LogRecord): void {
    const rec = { ...r, seq: this.seq++ };
    this.records.push(rec);
    for (const l of this.listeners) l(rec);
  }

  private parsePrefix(raw: string): { level: number | null; cont: boolean; text: string } {
    let level: number | null = null;
    let cont = false;
    let i = 0;
    // KERN_SOH levels since 3.6; before, "<N>" from modules, but the C core (built with 6.1
    // headers) still says KERN_SOH, so an older kernel accepts both
    const modern = this.opts.versionCode >= KV(3, 6, 0);
    if (modern || raw.charCodeAt(0) === 1) {
      while (raw.charCodeAt(i) === 1 && i + 1 < raw.length) {
        const c = raw[i + 1];
        if (c >= "0" && c <= "7") level = c.charCodeAt(0) - 48;
        else if (c === "c") cont = true;
        else if (c !== "d") break;
        i += 2;
      }
    } else {
      const m = /^<([0-7cd])>/.exec(raw);
      if (m) {
        if (m[1] === "c") cont = true;
        else if (m[1] !== "d") level = Number(m[1]);
        i = 3;
      }
    }
    return { level, cont, text: raw.slice(i) };
  }

  /** Records visible to dmesg (after the last `dmesg -c`). */
  visible(): LogRecord[] {
    this.flush();
    return this.records.filter((r) => r.seq >= this.clearedSeq);
  }

  /** dmesg -C */
  clear(): void {
    this.flush();
    this.clearedSeq = this.seq;
  }
}

/** util-linux dmesg's "[    0.123456] " prefix. */
export function formatTimestamp(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const usec = (ns % 1_000_000_000n) / 1000n;
  return `[${sec.toString().padStart(5, " ")}.${usec.toString().padStart(6, "0")}]`;
}

export interface DmesgFormat {
  /** -x/--decode: "kern  :info  : " before each line */
  decode?: boolean;
  /** -r/--raw: "<6>[    0.000000] text" */
  raw?: boolean;
  /** -t/--notime */
  notime?: boolean;
  /** -l/--level: only these levels */
  levels?: number[];
}

const FACILITY_NAMES = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news"];

export function formatDmesg(records: LogRecord[], f: DmesgFormat = {}): string {
  let out = "";
  for (const r of records) {
    if (f.levels && !f.levels.includes(r.level)) continue;
    let line = "";
    if (f.raw) line += `<${r.facility * 8 + r.level}>`;
    else if (f.decode) line += `${(FACILITY_NAMES[r.facility] ?? "kern").padEnd(6)}:${LEVEL_NAMES[r.level].padEnd(6)}: `;
    if (!f.notime) line += formatTimestamp(r.tsNs) + " ";
    out += line + r.text + "\n";
  }
  return out;
}
