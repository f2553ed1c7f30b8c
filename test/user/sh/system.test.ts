// The shell as /bin/sh of a booted emulated system: real processes, VFS, /proc/sys, virtual time.
import { describe, it, expect } from "vitest";
import { bootKernel } from "../../helpers/kemu.js";

describe("/bin/sh in a booted system", () => {
  it("runs built-ins, programs from the VFS, scripts and /proc/sys writes", async () => {
    const sys = await bootKernel();
    const sh = (cmd: string) => sys.exec(["sh", "-c", cmd]);

    const a = await sh("echo foo > /proc/sys/kernel/hostname; cat /proc/sys/kernel/hostname; hostname; lsmod | head -1; nosuch; echo rc=$?");
    expect(a.stdout).toBe("foo\nfoo\nModule                  Size  Used by\nrc=127\n");
    expect(a.stderr).toBe("sh: line 1: nosuch: command not found\n");

    const b = await sh("printf '#!/bin/bash\\necho \"script $1\"\\nexit 3\\n' > /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh a | tr a-z A-Z; echo rc=${PIPESTATUS[0]}; ls -l /tmp/s.sh");
    expect(b.stderr).toBe("");
    expect(b.stdout).toMatch(/^SCRIPT A\nrc=3\n-rwxr-xr-x 1 root root 36 \w{3} [ \d]\d \d\d:\d\d \/tmp\/s\.sh\n$/);

    // sleep and date run on the virtual clock: 5 s pass in no real time
    const start = Date.now();
    const c = await sh("a=$(date +%s); sleep 5; b=$(date +%s); echo $((b - a)) $SECONDS");
    expect(c.stdout).toBe("5 5\n");
    expect(Date.now() - start).toBeLessThan(3000);
  });
});
