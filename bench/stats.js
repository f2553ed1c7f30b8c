// kemu bench: small statistics and the result table shared by the benchmarks.

/** Median of a list of numbers (mean of the two middle values for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median, min and max of a sample list, in the sample's unit. */
export function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Milliseconds since `t0` (a process.hrtime.bigint() value). */
export function msSince(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function fmt(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return "-";
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/**
 * One line per result: name, value (ms), target, value/target and ok/over. Results without a
 * target are informational and show "-".
 */
export function formatTable(results) {
  const rows = [["benchmark", "value ms", "target ms", "ratio", "status", "samples"]];
  for (const r of results) {
    const ratio = r.target ? r.value / r.target : undefined;
    rows.push([
      r.name,
      fmt(r.value),
      r.target ? fmt(r.target) : "-",
      ratio === undefined ? "-" : ratio.toFixed(2),
      r.target ? (r.value <= r.target ? "ok" : "over") : "-",
      r.samples ? `n=${r.samples.n} [${fmt(r.samples.min)}..${fmt(r.samples.max)}]` : "",
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n") + "\n";
}
