import { it } from "vitest";
import { shMain } from "/work/main/ts/user/sh/sh.js";
import { FakeWorld } from "/work/main/test/user/sh/fake.js";
const te = new TextEncoder();
it("dbg", async () => {
  const w = new FakeWorld();
  w.programs.set("/bin/sh", shMain);
  w.file("/bin/sh", "x", 0o755);
  w.file("/dev/null", "", 0o666, { onWrite: (d) => d.length, onRead: () => new Uint8Array(0) });
  w.file("/proc/sys/kernel/ro", "", 0o444);
  w.file("/proc/sys/kernel/inval", "", 0o644, { onWrite: () => -22, onRead: () => te.encode("1\n") });
  w.file("/proc/sys/kernel/x", "", 0o644, { onWrite: (d) => d.length, onRead: () => te.encode("1\n") });
  w.file("/tmp/list", "a\nb\nc\n");
  w.program("/bin/kp", async (p) => { await p.sys.write(1, te.encode(`kp ${p.argv.slice(1).join(" ")}\n`)); return 0; });
  w.program("/bin/eat", async (p) => { const b = new Uint8Array(2); const n = await p.sys.read(0, b); await p.sys.write(1, te.encode(`ate ${n}\n`)); return 0; });
  w.program("/bin/penv", async (p) => { await p.sys.write(1, te.encode(`penv ${p.argv.slice(1).join(" ")} ${p.envp.filter((e) => /^(FOO|BAR)=/.test(e)).join(",")}\n`)); return 0; });
  w.program("/bin/big", async (p) => {
    let got = 0; const b = new Uint8Array(1000);
    for (;;) { const n = await p.sys.read(0, b); if (n <= 0) break; got += n; }
    for (let i = 0; i < 200; i++) { await p.sys.write(1, te.encode("o".repeat(999) + "\n")); await p.sys.write(2, te.encode("e".repeat(499) + "\n")); }
    await p.sys.write(2, te.encode(`got ${got}\n`));
    return 0;
  });
  const cmds = process.env.CMDS ? JSON.parse(process.env.CMDS) : [];
  for (const cmd of cmds) {
    w.log = []; (globalThis as any).__t0 = performance.now();
    const r = await w.run(shMain, ["sh", "-c", cmd], { envp: ["PATH=/bin:/sbin:/usr/bin"] });
    const t1 = performance.now(); console.log("ms", (t1 - (globalThis as any).__t0).toFixed(0)); console.log("=== " + cmd + "\n" + JSON.stringify({ code: r.code, out: r.stdout, err: r.stderr }));
    if (process.env.LOG) console.log(JSON.stringify(w.log.filter((e) => e.path?.startsWith("/proc"))));
  }
});
