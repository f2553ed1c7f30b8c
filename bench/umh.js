#!/usr/bin/env node
// kemu bench: usermode helpers (issue 5). In one booted kernel, a module's init calls
// call_usermodehelper(..., UMH_WAIT_PROC) n times in a loop on: /bin/true and /usr/bin/logger
// (built-in programs), and a `#!/bin/sh` script that does `exit 0` (just-bash starts for each
// call). Each round trip is: subprocess_info setup, a work item on system_unbound_wq, the
// helper process created and exec'd, its program run to exit, the wait status back through
// the completion. Prints wall-clock milliseconds per round trip against the 1 ms target for the
// built-in programs (the script has none), and the process's CPU time (all threads, so GC
// included) per round trip, which other jobs on the machine disturb less than wall time.
// Needs dist/ (npx tsc -p tsconfig.json) and clang/wasm-ld. Usage: node bench/umh.js [--quick] [--json]
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withBenchModule } from "./module.js";
import { median } from "./stats.js";

const DIST_URL = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "dist")).href;

const SOURCE = `
#include <linux/module.h>
#include <linux/kmod.h>
static int mode, n = 100;
module_param(mode, int, 0);
module_param(n, int, 0);
static char *paths[] = { "/bin/true", "/usr/bin/logger", "/root/umh-bench.sh" };
static char *envp[] = { "HOME=/", "TERM=linux", "PATH=/sbin:/bin:/usr/sbin:/usr/bin", NULL };
static int __init b_init(void)
{
	char *argv[] = { paths[mode], "umh bench", NULL };
	int i, ret;

	for (i = 0; i < n; i++) {
		ret = call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC);
		if (ret) {
			pr_err("umhbench: %s returned %d\\n", argv[0], ret);
			return -EIO;
		}
	}
	return 0;
}
static void __exit b_exit(void) { }
module_init(b_init);
module_exit(b_exit);
MODULE_LICENSE("GPL");
`;

const SCRIPT = "#!/bin/sh\nexit 0\n";

async function main() {
  const quick = process.argv.includes("--quick");
  const json = process.argv.includes("--json");
  const runs = quick ? 3 : 7;
  const warmup = 2;
  const cases = [
    { name: "call_usermodehelper /bin/true, UMH_WAIT_PROC", mode: 0, n: quick ? 500 : 1000, target: 1 },
    { name: "call_usermodehelper /usr/bin/logger, UMH_WAIT_PROC", mode: 1, n: quick ? 500 : 1000, target: 1 },
    { name: "call_usermodehelper #!/bin/sh script (exit 0)", mode: 2, n: quick ? 30 : 100, target: null },
  ];
  const { KemuSystem } = await import(`${DIST_URL}/system.js`);
  const rows = await withBenchModule("umhbench", SOURCE, async (ko) => {
    const sys = await KemuSystem.boot();
    sys.processLimitNs = 1n << 60n;
    const vfs = sys.userspace.vfs;
    if (vfs.install("/root/umh-bench.sh", SCRIPT, 0o755) !== 0) throw new Error("cannot install /root/umh-bench.sh");
    const out = [];
    for (const c of cases) {
      const samples = [];
      const cpu = [];
      for (let r = 0; r < runs + warmup; r++) {
        vfs.writeFile("/var/log/messages", ""); // logger appends one line per call
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        const res = await sys.insmod(ko, { mode: c.mode, n: c.n });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const { user, system } = process.cpuUsage(c0);
        if (res.status !== 0) throw new Error(`insmod failed: ${res.stderr}\n${sys.dmesg()}`);
        await sys.rmmod("umhbench");
        if (r >= warmup) {
          samples.push(ms / c.n);
          cpu.push((user + system) / 1e3 / c.n);
        }
      }
      out.push({ name: c.name, ms: median(samples), cpuMs: median(cpu), target: c.target, n: c.n, samples, cpuSamples: cpu });
    }
    return out;
  });
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
  } else {
    process.stdout.write("usermode helper benchmark (one kernel; wall-clock milliseconds per call_usermodehelper round trip)\n");
    for (const r of rows) {
      const tail = r.target ? `  target ${r.target} ms  ratio ${(r.ms / r.target).toFixed(2)}  ${r.ms <= r.target ? "ok" : "over"}` : "  (no target)";
      const range = `  [${Math.min(...r.samples).toFixed(3)}..${Math.max(...r.samples).toFixed(3)}] n=${r.samples.length}x${r.n}`;
      process.stdout.write(`${r.name.padEnd(52)} ${r.ms.toFixed(3).padStart(8)} ms (cpu ${r.cpuMs.toFixed(3)})${tail}${range}\n`);
    }
  }
}

main().then((c) => process.exit(c ?? 0), (e) => {
  process.stderr.write(`bench/umh: ${e.stack ?? e}\n`);
  process.exit(1);
});
