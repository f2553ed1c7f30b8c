// kemu CLI: small shared helpers for option parsing (no dependency: the grammar is tiny).

/** "10s", "500ms", "2m", "1500us", "100ns", "3" (seconds) -> nanoseconds */
export function parseDuration(s: string): bigint {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration '${s}' (examples: 10s, 500ms, 2m)`);
  const unit = m[2] ?? "s";
  const mult: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  return BigInt(Math.round(Number(m[1]) * mult[unit]));
}

export class UsageError extends Error {}
