// kemu CLI: small shared helpers for option parsing (no dependency: the grammar is tiny) and output.
import { writeSync } from "node:fs";

/** "10s", "500ms", "2m", "1500us", "100ns", "3" (seconds) -> nanoseconds */
export function parseDuration(s: string): bigint {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration '${s}' (examples: 10s, 500ms, 2m)`);
  const unit = m[2] ?? "s";
  const mult: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  return BigInt(Math.round(Number(m[1]) * mult[unit]));
}

export class UsageError extends Error {}

/** Descriptors whose output goes through process.stdout/stderr since a direct write failed. */
const viaStream = new Set<number>();

/**
 * process.stdout.write / process.stderr.write without creating the stream while a plain write(2)
 * works: for a pipe or a terminal, the stream loads node:net and Node's streams, ~4-7 ms of a
 * cached `kemu run`. Node writes to pipes, files and terminals synchronously on Linux anyway. On
 * any error (EAGAIN of a non-blocking descriptor, EPIPE ...) the rest and every later write go to
 * the stream, which handles them as it always did, in order.
 */
function writeFd(fd: 1 | 2, text: string): void {
  if (!text) return;
  let rest: string | Buffer = text;
  if (!viaStream.has(fd)) {
    const buf = Buffer.from(text, "utf8");
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(fd, buf, off);
      return;
    } catch {
      viaStream.add(fd);
      rest = buf.subarray(off);
    }
  }
  (fd === 1 ? process.stdout : process.stderr).write(rest);
}

export function writeStdout(text: string): void {
  writeFd(1, text);
}

export function writeStderr(text: string): void {
  writeFd(2, text);
}
