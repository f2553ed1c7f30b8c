// kemu lint rules (ts/lint/lint.ts): each rule on a small module that has the mistake and on one
// that does not.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { lintFiles, lintModule, formatFinding } from "../../ts/lint/lint.js";
import { parseC } from "../../ts/build/era/treesitter.js";

const root = path.resolve(__dirname, "../..");
async function lint(src: string, version = "6.1.0") {
  return lintModule([await parseC("m.c", src)], version);
}
const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule);
const HEAD = `#include <linux/module.h>\n#include <linux/interrupt.h>\nMODULE_LICENSE("GPL");\n`;

describe("kemu lint", () => {
  it("tasklet scheduled but not killed", async () => {
    const bad = `${HEAD}static void fn(struct tasklet_struct *t) {}\nstatic DECLARE_TASKLET(tl, fn);\nstatic int __init i(void) { tasklet_schedule(&tl); return 0; }\nstatic void __exit e(void) {}\nmodule_init(i);\nmodule_exit(e);\n`;
    const f = await lint(bad);
    expect(rules(f)).toEqual(["tasklet-kill"]);
    expect(f[0]).toMatchObject({ line: 6, col: 29 });
    expect(f[0].message).toMatch(/tasklet 'tl' .* never calls tasklet_kill\(&tl\).*Oops/);
    expect(await lint(bad.replace("static void __exit e(void) {}", "static void stop(void) { tasklet_kill(&tl); }\nstatic void __exit e(void) { stop(); }"))).toEqual([]);
  });

  it("timer armed but not deleted", async () => {
    const bad = `${HEAD}static struct timer_list t;\nstatic void cb(struct timer_list *x) {}\nint init_module(void) { timer_setup(&t, cb, 0); mod_timer(&t, jiffies + HZ); return 0; }\nvoid cleanup_module(void) {}\n`;
    expect(rules(await lint(bad))).toEqual(["timer-del"]);
    expect(await lint(bad.replace("void cleanup_module(void) {}", "void cleanup_module(void) { del_timer_sync(&t); }"))).toEqual([]);
  });

  it("work queued but not cancelled", async () => {
    const bad = `${HEAD}static struct work_struct w;\nstatic void fn(struct work_struct *x) {}\nint init_module(void) { INIT_WORK(&w, fn); schedule_work(&w); return 0; }\nvoid cleanup_module(void) {}\n`;
    expect(rules(await lint(bad))).toEqual(["work-cancel"]);
    expect(await lint(bad.replace("void cleanup_module(void) {}", "void cleanup_module(void) { cancel_work_sync(&w); }"))).toEqual([]);
    expect(await lint(bad.replace("void cleanup_module(void) {}", "void cleanup_module(void) { flush_scheduled_work(); }"))).toEqual([]);
  });

  it("kthread started but not stopped", async () => {
    const bad = `${HEAD}#include <linux/kthread.h>\nstatic struct task_struct *th;\nstatic int fn(void *d) { while (!kthread_should_stop()) msleep(10); return 0; }\nstatic int __init i(void) { th = kthread_run(fn, NULL, "x"); return 0; }\nstatic void __exit e(void) {}\nmodule_init(i);\nmodule_exit(e);\n`;
    const f = await lint(bad);
    expect(rules(f)).toEqual(["kthread-stop"]);
    expect(f[0].message).toMatch(/kthread 'th' .* kthread_stop\(th\)/);
    expect(await lint(bad.replace("static void __exit e(void) {}", "static void __exit e(void) { kthread_stop(th); }"))).toEqual([]);
  });

  it("sleeping in a tasklet or timer callback", async () => {
    const bad = `${HEAD}static void fn(unsigned long d) { msleep(10); kmalloc(10, GFP_KERNEL); kmalloc(10, GFP_ATOMIC); }\nDECLARE_TASKLET(tl, fn, 0);\nstatic void tcb(struct timer_list *t) { mutex_lock(&m); }\nstatic int __init i(void) { timer_setup(&tm, tcb, 0); return 0; }\nstatic void __exit e(void) {}\nmodule_init(i);\nmodule_exit(e);\n`;
    const f = await lint(bad);
    expect(rules(f)).toEqual(["sleep-in-atomic", "sleep-in-atomic", "sleep-in-atomic"]);
    expect(f.map((x) => x.line)).toEqual([4, 4, 6]);
    expect(f[0].message).toMatch(/msleep\(\) may sleep, but fn\(\) is a tasklet function \(softirq context\).*scheduling while atomic/);
    expect(f[2].message).toMatch(/tcb\(\) is a timer callback/);
    const good = `${HEAD}static void fn(unsigned long d) { udelay(10); kmalloc(10, GFP_ATOMIC); }\nDECLARE_TASKLET(tl, fn, 0);\nstatic int w(void *d) { msleep(10); return 0; }\n`;
    expect(await lint(good)).toEqual([]);
  });

  it("sleeping under a spinlock", async () => {
    const bad = `${HEAD}static DEFINE_SPINLOCK(l);\nvoid f(void) { unsigned long fl; spin_lock_irqsave(&l, fl); copy_to_user(u, k, 4); spin_unlock_irqrestore(&l, fl); msleep(1); }\n`;
    const f = await lint(bad);
    expect(rules(f)).toEqual(["sleep-under-spinlock"]);
    expect(f[0].message).toMatch(/copy_to_user\(\) may sleep, but spin_lock_irqsave\(&l\) taken at line 5 is still held/);
    expect(await lint(`${HEAD}void f(void) { spin_lock(&l); x++; spin_unlock(&l); msleep(1); }\n`)).toEqual([]);
  });

  it("UMH_NO_WAIT helper whose envp is freed right after", async () => {
    const bad = `${HEAD}static char *argv[] = { "/bin/true", NULL };\nint run(int id) {\n  char *envp[3]; char *buf = kmalloc(32, GFP_KERNEL);\n  static char *e2[] = { "HOME=/", NULL };\n  envp[0] = buf; envp[1] = NULL;\n  call_usermodehelper(argv[0], argv, envp, UMH_NO_WAIT);\n  kfree(buf);\n  return 0;\n}\n`;
    const f = await lint(bad);
    expect(rules(f)).toEqual(["umh-nowait-free", "umh-nowait-free"]);
    expect(f[0]).toMatchObject({ line: 9 });
    expect(f[0].message).toMatch(/envp is a local array of run\(\)/);
    expect(f[1]).toMatchObject({ line: 10, col: 3 });
    expect(f[1].message).toMatch(/buf is in envp\[\] of the UMH_NO_WAIT helper started at line 9 .*use-after-free/);
    expect(await lint(bad.replace("UMH_NO_WAIT", "UMH_WAIT_PROC"))).toEqual([]);
    // the same through call_usermodehelper_exec
    const viaExec = bad.replace("call_usermodehelper(argv[0], argv, envp, UMH_NO_WAIT);", "struct subprocess_info *i = call_usermodehelper_setup(argv[0], argv, envp, GFP_ATOMIC, NULL, NULL, NULL);\n  call_usermodehelper_exec(i, UMH_NO_WAIT);");
    expect(rules(await lint(viaExec))).toEqual(["umh-nowait-free", "umh-nowait-free"]);
  });

  it("document 002: wait 0 with kfree is UMH_WAIT_EXEC in 2.6.23 (reported as a literal) and UMH_NO_WAIT since 3.4", async () => {
    const file = path.join(root, "modules/seeds/002-kthread-umh/test.c");
    const auto = await lintFiles([file]);
    expect(auto.kernelVersion).toBe("2.6.23");
    expect(rules(auto.findings)).toEqual(["umh-wait-literal"]);
    expect(auto.findings[0].message).toMatch(/with Linux 2\.6\.23 0 is UMH_WAIT_EXEC .* safe here.*since Linux 3\.4 0 is UMH_NO_WAIT.*kfree\(buffer\) at line \d+ frees envp memory/);
    const modern = await lintFiles([file], { kernelVersion: "6.1.0" });
    expect(rules(modern.findings)).toEqual(["umh-nowait-free", "umh-nowait-free"]);
    expect(modern.findings[1].message).toMatch(/^buffer is in envp\[\] of the UMH_NO_WAIT helper/);
  });

  it("missing MODULE_LICENSE (not before 2.4.10, where it did not exist)", async () => {
    const src = `#include <linux/module.h>\nint init_module(void) { return 0; }\nvoid cleanup_module(void) {}\n`;
    const f = await lint(src);
    expect(rules(f)).toEqual(["license"]);
    expect(f[0].message).toMatch(/taints the kernel.*EXPORT_SYMBOL_GPL/);
    expect(await lint(src, "2.2.26")).toEqual([]);
  });

  it("missing exit function while init registers something", async () => {
    const src = `${HEAD}static int __init i(void) { return misc_register(&dev); }\nmodule_init(i);\n`;
    const f = await lint(src);
    expect(rules(f)).toEqual(["no-exit"]);
    expect(f[0]).toMatchObject({ line: 5, col: 1 });
    expect(f[0].message).toMatch(/misc_register\(\) at line 4.*-EBUSY/);
    expect(await lint(`${HEAD}static int __init i(void) { pr_info("x"); return 0; }\nmodule_init(i);\n`)).toEqual([]);
  });

  it("is quiet on correct modules", async () => {
    for (const m of ["modules/hello-1.c", "modules/params/hello-5.c", "modules/kthread/pingpong.c", "modules/myevent/myevent.c"]) {
      expect((await lintFiles([path.join(root, m)])).findings, m).toEqual([]);
    }
  });

  it("formats findings like a compiler", () => {
    expect(formatFinding({ file: "a.c", line: 3, col: 7, rule: "license", message: "text" })).toBe("a.c:3:7: warning: text [kemu-lint-license]");
  });
});
