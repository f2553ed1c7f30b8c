// The shell (/bin/sh, /bin/bash) on just-bash, against a fake process runtime.
import { describe, it, expect } from "vitest";
import { shMain } from "../../../ts/user/sh/sh.js";
import { FakeWorld, Killed, type FakeProcess } from "./fake.js";

const te = new TextEncoder();
const td = new TextDecoder();

async function out(p: FakeProcess, fd: number, s: string) {
  await p.sys.write(fd, te.encode(s));
}

async function readAll(p: FakeProcess, fd: number): Promise<string> {
  let s = "";
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await p.sys.read(fd, buf);
    if (n <= 0) return s;
    s += td.decode(buf.subarray(0, n));
  }
}

function world() {
  const w = new FakeWorld();
  w.sh = shMain;
  w.programs.set("/bin/sh", shMain);
  w.programs.set("/bin/bash", shMain);
  w.file("/bin/sh", "\x7fKEMU builtin sh\n", 0o755);
  w.file("/bin/bash", "\x7fKEMU builtin bash\n", 0o755);
  return w;
}

const sh = (w: FakeWorld, cmd: string, opts: { envp?: string[]; cwd?: string; stdin?: string } = {}) => w.run(shMain, ["sh", "-c", cmd], opts);

describe("sh -c", () => {
  it("echo and exit status", async () => {
    const w = world();
    const r = await sh(w, "echo hi; echo there >&2; exit 3");
    expect(r).toMatchObject({ code: 3, stdout: "hi\n", stderr: "there\n" });
  });

  it("redirection into a file is one open and one write at offset 0", async () => {
    const w = world();
    const writes: string[] = [];
    w.file("/proc/sys/kernel/foo", "", 0o644, {
      onWrite: (d) => {
        writes.push(td.decode(d));
        return d.length;
      },
      onRead: () => te.encode("7\n"),
    });
    const r = await sh(w, "echo x > /proc/sys/kernel/foo; cat /proc/sys/kernel/foo");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("7\n");
    expect(writes).toEqual(["x\n"]);
    const io = w.log.filter((e) => e.path === "/proc/sys/kernel/foo" && e.op !== "close");
    expect(io).toEqual([
      { op: "open", path: "/proc/sys/kernel/foo", flags: 0o1101 },
      { op: "write", path: "/proc/sys/kernel/foo", fd: expect.any(Number), data: "x\n", pos: 0 },
      { op: "open", path: "/proc/sys/kernel/foo", flags: 0 },
    ]);
  });

  it("append >> and truncate >", async () => {
    const w = world();
    const r = await sh(w, "echo a > /tmp/f; echo b >> /tmp/f; printf 'c\\n' >> /tmp/f; cat /tmp/f; : > /tmp/g; wc -c < /tmp/g");
    expect(r.stdout).toBe("a\nb\nc\n0\n");
    expect(w.text("/tmp/f")).toBe("a\nb\nc\n");
  });

  it("pipelines with grep, variables and the environment", async () => {
    const w = world();
    const r = await sh(w, 'X=world; printf "one\\ntwo\\nthree\\n" | grep t | wc -l; echo "hello $X $GREETING"; env | grep ^GREETING', {
      envp: ["PATH=/bin:/usr/bin", "GREETING=hey"],
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("2\nhello world hey\nGREETING=hey\n");
  });

  it("$0, $1 and $# with -c NAME ARGS", async () => {
    const w = world();
    const r = await w.run(shMain, ["sh", "-c", 'echo "$0|$1|$2|$#|$@"', "myname", "a b", "c"]);
    expect(r.stdout).toBe("myname|a b|c|2|a b c\n");
  });

  it("command not found: bash's message and 127", async () => {
    const w = world();
    const r = await sh(w, "echo before; nosuchcmd arg; echo status=$?");
    expect(r.stdout).toBe("before\nstatus=127\n");
    expect(r.stderr).toBe("sh: line 1: nosuchcmd: command not found\n");
    const r2 = await w.run(shMain, ["bash", "-c", "true\nfoo"]);
    expect(r2.stderr).toBe("bash: line 2: foo: command not found\n");
    expect(r2.code).toBe(127);
  });
});

describe("programs from the VFS", () => {
  function withPrograms() {
    const w = world();
    // insmod-like: prints its argv and env, reads stdin
    w.program("/sbin/kprog", async (p) => {
      const input = await readAll(p, 0);
      await out(p, 1, `argv=${p.argv.join(",")} cwd=${p.sys.getcwd()} FOO=${p.envp.find((e) => e.startsWith("FOO=")) ?? "-"}\n`);
      if (input) await out(p, 1, `stdin:${input}`);
      await out(p, 2, "kprog: note\n");
      return 5;
    });
    w.program("/bin/lines", async (p) => {
      for (let i = 1; i <= 3; i++) await out(p, 1, `line ${i}\n`);
      return 0;
    });
    w.file("/sbin/noexec", "data", 0o644);
    return w;
  }

  it("runs as a child with argv, exported env, cwd; status becomes $?", async () => {
    const w = withPrograms();
    const r = await sh(w, "cd /tmp; FOO=1 kprog a 'b c'; echo rc=$?; export FOO=2; kprog; NOTEXP=3 true", {
      envp: ["PATH=/bin:/usr/bin:/sbin"],
    });
    expect(r.stdout).toBe("argv=kprog,a,b c cwd=/tmp FOO=FOO=1\nrc=5\nargv=kprog cwd=/tmp FOO=FOO=2\n");
    expect(r.stderr).toBe("kprog: note\nkprog: note\n");
    expect(w.log.filter((e) => e.op === "spawn").map((e) => e.path)).toEqual(["/sbin/kprog", "/sbin/kprog"]);
  });

  it("stdout captured into a pipeline, stdin fed from one, stderr redirected", async () => {
    const w = withPrograms();
    const r = await sh(w, "lines | grep 2; echo hello | /sbin/kprog 2>/dev/null | tr a-z A-Z; lines > /tmp/out; wc -l < /tmp/out; x=$(lines | tail -1); echo \"[$x]\"", {
      envp: ["PATH=/bin:/sbin"],
    });
    w.file("/dev/null", "", 0o666);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("line 2\nARGV=/SBIN/KPROG CWD=/ FOO=-\nSTDIN:HELLO\n3\n[line 3]\n");
  });

  it("not executable: 126 Permission denied; missing path: 127", async () => {
    const w = withPrograms();
    const r = await sh(w, "/sbin/noexec; echo $?; /sbin/missing; echo $?; noexec; echo $?", { envp: ["PATH=/sbin"] });
    expect(r.stdout).toBe("126\n127\n127\n");
    expect(r.stderr).toBe(
      "sh: line 1: /sbin/noexec: Permission denied\nsh: line 1: /sbin/missing: No such file or directory\nsh: line 1: noexec: command not found\n",
    );
  });

  it("just-bash commands win over files of the same name in /bin; others run from the VFS", async () => {
    const w = withPrograms();
    let ran = 0;
    w.program("/bin/true", async () => {
      ran++;
      return 0;
    });
    const r = await sh(w, "true && echo ok; which kprog; command -v kprog && type kprog; command -v nope || echo none", { envp: ["PATH=/bin:/sbin"] });
    expect(ran).toBe(0);
    expect(r.stdout).toBe("ok\n/sbin/kprog\n/sbin/kprog\nkprog is /sbin/kprog\nnone\n");
  });

  it("a child killed by a signal: 128+sig and bash's report", async () => {
    const w = withPrograms();
    w.program("/bin/die", async () => {
      throw new Killed(9);
    });
    const r = await sh(w, "die; echo $?");
    expect(r.stdout).toBe("137\n");
    expect(r.stderr).toMatch(/^sh: line 1: +\d+ Killed +die\n$/);
  });
});

describe("scripts", () => {
  it("sh SCRIPT args: $0 $1 $#, #!/bin/bash line ignored, exit status", async () => {
    const w = world();
    w.file("/tmp/s.sh", '#!/bin/bash\necho "0=$0 1=$1 #=$#"\nshift\necho "rest=$*"\nexit 4\n', 0o755);
    const r = await w.run(shMain, ["sh", "/tmp/s.sh", "x", "y z"]);
    expect(r).toMatchObject({ code: 4, stdout: "0=/tmp/s.sh 1=x #=2\nrest=y z\n", stderr: "" });
  });

  it("a #! script run from the shell is a child process (the kernel execs /bin/bash SCRIPT)", async () => {
    const w = world();
    w.file("/tmp/helper", '#!/bin/bash\necho "helper $1 pid=$$"\nread l\necho "got $l"\nexit 7\n', 0o755);
    const r = await sh(w, "echo in | ./helper arg; echo rc=$?", { cwd: "/tmp" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^helper arg pid=\d+\ngot in\nrc=7\n$/);
    expect(w.log.filter((e) => e.op === "spawn").map((e) => e.path)).toEqual(["/tmp/helper"]);
  });

  it("commands from stdin", async () => {
    const w = world();
    const r = await w.run(shMain, ["sh"], { stdin: "x=5\necho $((x * 2))\nfalse\n" });
    expect(r).toMatchObject({ code: 1, stdout: "10\n" });
  });

  it("script file errors", async () => {
    const w = world();
    const r = await w.run(shMain, ["bash", "/nope.sh"]);
    expect(r).toMatchObject({ code: 127, stderr: "bash: /nope.sh: No such file or directory\n" });
  });

  it("set options from the command line: -e, -x", async () => {
    const w = world();
    const r = await w.run(shMain, ["sh", "-e", "-c", "echo a; false; echo b"]);
    expect(r).toMatchObject({ code: 1, stdout: "a\n" });
  });
});

describe("output streaming", () => {
  it("writes each top-level statement's output as it completes, loops per iteration", async () => {
    const w = world();
    w.program("/bin/kp", async (p) => {
      await out(p, 1, "child\n");
      return 0;
    });
    const r = await sh(w, "echo a; kp; echo b >&2; for i in 1 2; do echo L$i; done; if true; then echo t; fi; f() { echo f1; echo f2; }; f");
    expect(r.chunks).toEqual([
      { fd: 1, text: "a\n" },
      { fd: 1, text: "child\n" },
      { fd: 2, text: "b\n" },
      { fd: 1, text: "L1\n" },
      { fd: 1, text: "L2\n" },
      { fd: 1, text: "t\n" },
      { fd: 1, text: "f1\nf2\n" },
    ]);
  });
});

describe("time", () => {
  it("sleep uses the virtual clock", async () => {
    const w = world();
    const t0 = w.mono;
    const start = Date.now();
    const r = await sh(w, "sleep 2; sleep 0.5; echo $SECONDS");
    expect(Date.now() - start).toBeLessThan(1500);
    expect(w.mono - t0).toBe(2_500_000_000n);
    expect(r.stdout).toBe("2\n");
    expect(w.log.filter((e) => e.op === "sleep").map((e) => e.data)).toContain("2000000000");
  });

  it("date, $RANDOM and touch are deterministic", async () => {
    const w1 = world();
    const w2 = world();
    const cmd = "date +%s; date -u; echo $RANDOM $RANDOM $((RANDOM % 10)); touch /tmp/t; date -r /tmp/t +%s";
    const a = await sh(w1, cmd);
    const b = await sh(w2, cmd);
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(b.stdout);
    const lines = a.stdout.split("\n");
    expect(lines[0]).toBe(String(w1.now() / 1_000_000_000n));
    expect(lines[1]).toBe("Tue Nov 14 22:13:20 UTC 2023");
    const [r1, r2] = lines[2].split(" ").map(Number);
    expect(r1).not.toBe(r2);
  });
});

describe("ls", () => {
  it("-l shows the VFS's owners, modes, devices and virtual times", async () => {
    const w = world();
    w.mkdir("/x");
    w.file("/x/a", "hello", 0o644);
    w.file("/x/run", "#!/bin/sh\n", 0o755);
    w.file("/x/null", "", 0o666, { type: 0o020000, rdev: (1 << 8) | 3 });
    await w.run(shMain, ["sh", "-c", "ln -s a /x/link"]);
    const r = await sh(w, "ls -l /x; ls /x; ls -la /x/a; ls /nope");
    const t = await sh(w, "touch -d 2020-02-03T04:05:06 /x/a; touch -t 202301020304 /x/new; ls -l /x/a /x/new");
    expect(t.stdout).toBe("-rw-r--r-- 1 root root 5 Feb  3  2020 /x/a\n-rw-r--r-- 1 root root 0 Jan  2  2023 /x/new\n");
    expect(r.stderr).toBe("ls: cannot access '/nope': No such file or directory\n");
    expect(r.stdout).toBe(
      [
        "total 12",
        "-rw-r--r-- 1 root root    5 Nov 14 22:13 a",
        "lrwxrwxrwx 1 root root    1 Nov 14 22:13 link -> a",
        "crw-rw-rw- 1 root root 1, 3 Nov 14 22:13 null",
        "-rwxr-xr-x 1 root root   10 Nov 14 22:13 run",
        "a",
        "link",
        "null",
        "run",
        "-rw-r--r-- 1 root root 5 Nov 14 22:13 /x/a",
        "",
      ].join("\n"),
    );
  });
});

describe("child process plumbing", () => {
  function bigWorld(errLines: number) {
    const w = world();
    w.program("/bin/big", async (p) => {
      let got = 0;
      const b = new Uint8Array(1000);
      for (;;) {
        const n = await p.sys.read(0, b);
        if (n <= 0) break;
        got += n;
      }
      for (let i = 0; i < 150; i++) {
        await out(p, 1, "o".repeat(999) + "\n");
        if (i < errLines) await out(p, 2, "e".repeat(499) + "\n");
      }
      await out(p, 2, `got ${got}\n`);
      return 0;
    });
    return w;
  }
  const cmd = "seq 1 30000 | big 2>/tmp/err | wc -c; tail -1 /tmp/err; wc -c < /tmp/err";

  it("more than a pipe of stdin, stdout and stderr at once (O_NONBLOCK sweeps)", async () => {
    const w = bigWorld(150);
    const r = await sh(w, cmd);
    expect(r.stdout).toBe("150000\ngot 168894\n75011\n");
  });

  it("the same with poll()", async () => {
    const w = bigWorld(150);
    w.withPoll = true;
    const r = await sh(w, cmd);
    expect(r.stdout).toBe("150000\ngot 168894\n75011\n");
    expect(w.log.some((e) => e.op === "poll")).toBe(true);
  });

  it("without access to the OpenFile: one pipe after the other", async () => {
    const w = bigWorld(100);
    w.noFileAccess = true;
    const r = await sh(w, cmd);
    expect(r.stdout).toBe("150000\ngot 168894\n50011\n");
  });

  it("what a child reads of the shell's stdin is gone for the next command", async () => {
    const w = world();
    w.file("/tmp/list", "a\nb\nc\n");
    w.program("/bin/eat2", async (p) => {
      const b = new Uint8Array(2);
      const n = await p.sys.read(0, b);
      await out(p, 1, `ate ${n}\n`);
      return 0;
    });
    const r = await sh(w, 'while read l; do eat2; echo "l=$l"; done < /tmp/list');
    expect(r.stdout).toBe("ate 2\nl=a\nate 0\nl=c\n");
  });

  it("env, xargs and find -exec hand exported and assigned variables to programs", async () => {
    const w = world();
    w.file("/tmp/list", "");
    w.program("/bin/penv", async (p) => {
      await out(p, 1, `${p.argv.slice(1).join(" ")}: ${p.envp.filter((e) => /^(FOO|BAR)=/.test(e)).join(",")}\n`);
      return 0;
    });
    const r = await sh(w, "export FOO=9; env BAR=1 penv a; echo b | xargs penv; find /tmp -name list -exec penv {} \\;; FOO=2 penv c");
    expect(r.stdout).toBe("a: FOO=9,BAR=1\nb: FOO=9\n/tmp/list: FOO=9\nc: FOO=2\n");
  });

  it("a process killed inside a system call stops the shell", async () => {
    const w = world();
    w.file("/proc/killme", "x");
    w.killOnRead = "/proc/killme";
    await expect(sh(w, "echo before; cat /proc/killme; echo after")).rejects.toBeInstanceOf(Killed);
  });
});

describe("errors as bash words them", () => {
  it("redirections, write errors, syntax errors", async () => {
    const w = world();
    w.file("/proc/sys/kernel/ro", "", 0o444);
    w.file("/proc/sys/kernel/inval", "", 0o644, { onWrite: () => -22 });
    const r = await sh(w, "echo x > /proc/sys/kernel/ro; echo rc=$?; echo x > /proc/sys/kernel/inval; echo rc=$?; cd /nope");
    expect(r.stdout).toBe("rc=1\nrc=1\n");
    expect(r.stderr).toBe(
      "sh: line 1: /proc/sys/kernel/ro: Permission denied\nsh: line 1: echo: write error: Invalid argument\nsh: line 1: cd: /nope: No such file or directory\n",
    );
    const s = await sh(w, "if then fi");
    expect(s).toMatchObject({ code: 2, stderr: "sh: -c: line 1: syntax error near unexpected token `fi'\n" });
  });
});

describe("bash features just-bash lacks", () => {
  it("exec CMD ends the shell; trap ... EXIT runs at the end, after exit and set -e too", async () => {
    const w = world();
    w.program("/bin/kp", async (p) => {
      await out(p, 1, `kp ${p.argv.slice(1).join(" ")}\n`);
      return 4;
    });
    expect(await sh(w, "exec kp a; echo notreached")).toMatchObject({ code: 4, stdout: "kp a\n" });
    expect(await sh(w, 't=/tmp/x; trap \'echo "bye $t $?"\' EXIT; echo main')).toMatchObject({ code: 0, stdout: "main\nbye /tmp/x 0\n" });
    expect(await sh(w, "trap 'echo cleanup' EXIT; set -e; echo one; false; echo never")).toMatchObject({ code: 1, stdout: "one\ncleanup\n" });
    expect(await sh(w, "trap 'echo cleanup; exit 7' 0; exit 3")).toMatchObject({ code: 7, stdout: "cleanup\n" });
    expect(await sh(w, "trap x BOGUS")).toMatchObject({ code: 1, stderr: "sh: line 1: trap: BOGUS: invalid signal specification\n" });
  });
});

describe("file types and stat from the VFS", () => {
  it("test -c/-b/-p, [[ -c ]], stat -c", async () => {
    const w = world();
    w.file("/dev/chr", "", 0o620, { type: 0o020000, rdev: (10 << 8) | 200 });
    w.file("/tmp/f", "abc", 0o640);
    const r = await sh(w, "[ -c /dev/chr ] && echo c; [[ -c /tmp/f ]] || echo notc; x=/dev/chr; [[ ! -b $x ]] && echo notb; [ \"$x\" = -c ] || echo str; stat -c '%a %A %U %s %t:%T %F' /dev/chr /tmp/f");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("c\nnotc\nnotb\nstr\n620 crw--w---- root 0 a:c8 character special file\n640 -rw-r----- root 3 0:0 regular file\n");
  });
});
