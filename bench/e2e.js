// kemu bench: whole `kemu run` invocations as a user runs them - a new Node process from spawn to
// exit, so Node start-up, loading dist/ and booting the kernel all count.
import { spawn } from "node:child_process";
import { msSince, summarize } from "./stats.js";

/** Run one child process to exit; returns its wall time in ms (fails on a non-zero exit). */
export function timeProcess(cmd, args, { cwd, env, expect } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = msSince(t0);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} exited ${code}\n${err}${out}`));
      if (expect && !expect.test(out)) return reject(new Error(`${cmd} ${args.join(" ")}: output lacks ${expect}\n${out}`));
      resolve(ms);
    });
  });
}

/** `runs` sequential runs of the same command; returns the summary of their times. */
export async function timeRepeated(runs, cmd, args, opts) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await timeProcess(cmd, args, opts));
  return summarize(xs);
}
