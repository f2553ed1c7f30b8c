// Era detection (ts/build/era/): fixtures per era, conflicts, version guards, --explain text.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { detectEraParsed, detectEraOfInputs, formatExplain, mayBeEraSpecific } from "../../ts/build/era/detect.js";
import { parseC } from "../../ts/build/era/treesitter.js";

const root = path.resolve(__dirname, "../..");
async function era(src: string, file = "m.c") {
  return detectEraParsed([await parseC(file, src)]);
}

const MODERN = `#include <linux/module.h>
#include <linux/init.h>
MODULE_LICENSE("GPL");
static int __init hello_init(void) { pr_info("hi\\n"); return 0; }
static void __exit hello_exit(void) { pr_info("bye\\n"); }
module_init(hello_init);
module_exit(hello_exit);
`;

const LINUX_22 = `#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/tqueue.h>
#include <linux/sched.h>
static int TimerIntrpt = 0;
static struct wait_queue *WaitQ = NULL;
static void intrpt_routine(void *);
static struct tq_struct Task = { NULL, 0, intrpt_routine, NULL };
static void intrpt_routine(void *irrelevant) {
  TimerIntrpt++;
  if (WaitQ != NULL) wake_up(&WaitQ); else queue_task(&Task, &tq_timer);
}
int procfile_read(char *buffer, char **buffer_location, off_t offset, int buffer_length, int zero) { return 0; }
struct proc_dir_entry Our_Proc_File = { 0, 5, "sched", S_IFREG | S_IRUGO, 1, 0, 0, 80, NULL, procfile_read, NULL };
int init_module() {
  queue_task(&Task, &tq_timer);
#if LINUX_VERSION_CODE > KERNEL_VERSION(2,2,0)
  return proc_register(&proc_root, &Our_Proc_File);
#else
  return proc_register_dynamic(&proc_root, &Our_Proc_File);
#endif
}
void cleanup_module() { proc_unregister(&proc_root, Our_Proc_File.low_ino); sleep_on(&WaitQ); }
`;

const LINUX_24 = `#include <linux/config.h>
#include <linux/module.h>
#include <linux/fs.h>
static int dev_open(struct inode *i, struct file *f) { MOD_INC_USE_COUNT; return 0; }
static struct file_operations fops = { THIS_MODULE, NULL, NULL, NULL, NULL, NULL, NULL, dev_open };
int init_module(void) { EXPORT_NO_SYMBOLS; return register_chrdev(240, "x", &fops); }
void cleanup_module(void) { unregister_chrdev(240, "x"); }
`;

describe("era detection", () => {
  it("defaults to 6.1.0 when nothing is era-specific", async () => {
    const r = await era(MODERN);
    expect(r.version).toBe("6.1.0");
    expect(r.conflict).toBeUndefined();
    expect((await era("int x;\n")).evidence).toEqual([]);
  });

  it("detects Linux 2.2 (tq_struct, struct wait_queue *, get_info with 5 parameters), ignoring #if LINUX_VERSION_CODE branches", async () => {
    const r = await era(LINUX_22);
    expect(r.version).toBe("2.2.26");
    const apis = r.evidence.map((e) => e.api);
    expect(apis).toContain("struct tq_struct");
    expect(apis).toContain("struct wait_queue");
    expect(apis).toContain("static struct proc_dir_entry initialiser");
    expect(apis.some((a) => a.startsWith("procfile_read(char *, char **, off_t, int, int)"))).toBe(true);
    expect(apis.some((a) => a.startsWith("proc_register"))).toBe(false); // under #if LINUX_VERSION_CODE
    expect(r.evidence.find((e) => e.api === "queue_task()")).toMatchObject({ file: "m.c", line: 12, until: "2.5.41" });
  });

  it("detects Linux 2.4 (linux/config.h, MOD_INC_USE_COUNT, positional file_operations with owner)", async () => {
    const r = await era(LINUX_24);
    expect(r.version).toBe("2.4.37");
    expect(r.evidence.map((e) => e.api)).toEqual(
      expect.arrayContaining(["#include <linux/config.h>", "MOD_INC_USE_COUNT", "EXPORT_NO_SYMBOLS", "positional struct file_operations (owner first)"]),
    );
  });

  it("tells the usermode-helper eras apart by call_usermodehelper_setup's arity", async () => {
    const call = (args: string) => `#include <linux/kmod.h>\nint f(void) { struct subprocess_info *s = call_usermodehelper_setup(${args}); return call_usermodehelper_exec(s, UMH_WAIT_PROC); }\n`;
    expect((await era(call("argv[0], argv, envp"))).version).toBe("2.6.23");
    expect((await era(call("argv[0], argv, envp, GFP_ATOMIC"))).version).toBe("2.6.32");
    expect((await era(call("argv[0], argv, envp, GFP_KERNEL, NULL, NULL, NULL"))).version).toBe("6.1.0");
  });

  it("uses argument counts of tasklet, timer and work macros", async () => {
    expect((await era("DECLARE_TASKLET(t, f, 0);\nvoid f(unsigned long d) {}\n")).version).toBe("2.6.23");
    expect((await era("DECLARE_TASKLET(t, f);\n")).version).toBe("6.1.0");
    expect((await era("void g(void) { tasklet_setup(&t, cb); }\n")).version).toBe("6.1.0");
    // 4.14 <= v < 5.9: timer_setup with a 3-argument DECLARE_TASKLET
    expect((await era("DECLARE_TASKLET(t, f, 0);\nvoid g(void) { timer_setup(&tm, cb, 0); }\n")).version).toBe("4.19.0");
    expect((await era("void g(void) { setup_timer(&tm, cb, 0); }\n")).version).toBe("2.6.23");
    const w = await era("void g(void) { INIT_WORK(&w, f, NULL); }\n");
    expect(w.range).toEqual({ since: "2.5.41", until: "2.6.20" });
    expect(w.version).toBe("2.6.0");
    expect((await era("void g(void) { INIT_WORK(&w, f); }\n")).version).toBe("6.1.0");
  });

  it("reads procfs and sysctl eras", async () => {
    expect((await era("static const struct proc_ops po = { .proc_read = r };\n")).version).toBe("6.1.0");
    expect((await era("void g(void) { create_proc_entry(\"x\", 0, NULL); }\n")).version).toBe("2.6.23");
    const h6 = "int h(ctl_table *t, int w, struct file *f, void *b, size_t *l, loff_t *p) { return 0; }\nstatic ctl_table t[] = { { .procname = \"x\", .proc_handler = h }, {} };\n";
    expect((await era(h6)).evidence.map((e) => e.api)).toContain("proc_handler h(6 args, struct file *)");
    expect((await era(h6)).range.until).toBe("2.6.32");
  });

  it("names both pieces of evidence of a source that mixes eras, and falls back", async () => {
    const src = "#include <linux/proc_fs.h>\nvoid a(void) { create_proc_entry(\"x\", 0, NULL); }\nstatic const struct proc_ops po = { .proc_read = r };\n";
    const r = await era(src, "mixed.c");
    expect(r.conflict).toBeDefined();
    expect(r.conflict!.message).toMatch(/mixed API eras: mixed\.c:3: struct proc_ops \(since 5\.6\.0\) and mixed\.c:2: create_proc_entry\(\) \(removed in 3\.10\.0\)/);
    expect(r.version).toBe("6.1.0");
    expect(r.conflict!.message).toMatch(/building for 6\.1\.0/);
  });

  it("detects document 002 (kernel_thread/daemonize/call_usermodehelper(..., 0)) as 2.6 before 2.6.32", async () => {
    const r = await detectEraOfInputs([path.join(root, "modules/seeds/002-kthread-umh/test.c")]);
    expect(r.version).toBe("2.6.23");
    expect(r.range.until).toBe("3.8.0");
    expect(r.evidence.map((e) => e.api)).toContain("daemonize(name, ...)");
    // the directory's Makefile also builds the companion (ctl_name: before 2.6.33)
    const dir = await detectEraOfInputs([path.join(root, "modules/seeds/002-kthread-umh")]);
    expect(dir).toMatchObject({ version: "2.6.23", range: { until: "2.6.33" } });
  });

  it("detects the myevent companion (ctl_name/strategy, register_sysctl_table) as before 2.6.33", async () => {
    const r = await detectEraOfInputs([path.join(root, "modules/myevent")]);
    expect(r.range).toEqual({ since: "2.6.21", until: "2.6.33" });
    expect(r.version).toBe("2.6.23");
  });

  it("quick mode skips tree-sitter for sources without era-bounding words, with the same answer", async () => {
    expect(mayBeEraSpecific(MODERN)).toBe(false);
    expect(mayBeEraSpecific(LINUX_24)).toBe(true);
    expect(mayBeEraSpecific("DECLARE_TASKLET(t, f, 0);")).toBe(true);
    const hello = path.join(root, "modules/hello-1.c");
    const quick = await detectEraOfInputs([hello], { quick: true });
    expect(quick).toMatchObject({ version: "6.1.0", evidence: [] });
    expect((await detectEraOfInputs([hello])).version).toBe(quick.version);
  });

  it("formats --explain with file:line:col, API and range", async () => {
    const text = formatExplain(await era(LINUX_24, "old.c"));
    expect(text.split("\n")[0]).toMatch(/^kernel version 2\.4\.37 \(auto\): /);
    expect(text).toMatch(/\n  old\.c:1:1: #include <linux\/config\.h>\s+before 2\.6\.19\s+include\/linux\/config\.h was removed in 2\.6\.19/);
  });
});
