// procfs and seq_file for modules of 5.6+ (struct proc_ops) and 3.10-5.5 (struct file_operations):
// files, directories and symlinks under /proc read and written from the shell and from a WASI
// program with small reads, seq_file's restart rules, and removal while a file is open.
import { describe, it, expect, beforeAll } from "vitest";
import { buildC, lines } from "../helpers/kemu.js";
import { haveToolchain, procreadBinary, bootWith } from "../helpers/procread.js";

const MODERN = `
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/string.h>
MODULE_LICENSE("GPL");
static struct proc_dir_entry *dir;
static char msg[64] = "hello\\n";
static int releases;
static int hello_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s", msg);
	return 0;
}
static int hello_open(struct inode *inode, struct file *file)
{
	return single_open(file, hello_show, pde_data(inode));
}
static ssize_t hello_write(struct file *f, const char __user *buf, size_t len, loff_t *off)
{
	if (len >= sizeof(msg))
		len = sizeof(msg) - 1;
	if (copy_from_user(msg, buf, len))
		return -EFAULT;
	msg[len] = 0;
	return len;
}
static const struct proc_ops hello_ops = {
	.proc_open = hello_open, .proc_read = seq_read, .proc_write = hello_write,
	.proc_lseek = seq_lseek, .proc_release = single_release,
};
static int nrec = 1000;
static void *s_start(struct seq_file *m, loff_t *pos) { return *pos < nrec ? (void *)(long)(*pos + 1) : NULL; }
static void *s_next(struct seq_file *m, void *v, loff_t *pos) { ++*pos; return s_start(m, pos); }
static void s_stop(struct seq_file *m, void *v) { }
static int s_show(struct seq_file *m, void *v)
{
	long i = (long)v;
	int k;
	/* record 500 is 6000 bytes: more than the first page, so seq_read retries it with more */
	if (i == 500) {
		for (k = 0; k < 600; k++)
			seq_puts(m, "#########\\n");
		return 0;
	}
	seq_printf(m, "record %ld\\n", i);
	return 0;
}
static const struct seq_operations sops = { .start = s_start, .next = s_next, .stop = s_stop, .show = s_show };
static int rec_release(struct inode *inode, struct file *file)
{
	releases++;
	pr_info("records released (%d) by %s\\n", releases, current->comm);
	return seq_release(inode, file);
}
static int rec_open(struct inode *inode, struct file *file) { return seq_open(file, &sops); }
static const struct proc_ops rec_ops = {
	.proc_open = rec_open, .proc_read = seq_read, .proc_lseek = seq_lseek, .proc_release = rec_release,
};
static int ver_show(struct seq_file *m, void *v)
{
	seq_printf(m, "data=%s\\n", (char *)m->private);
	return 0;
}
/* commands: "remove" takes records away while a file may be open on it; "dup" registers a name twice */
static ssize_t ctl_write(struct file *f, const char __user *buf, size_t len, loff_t *off)
{
	char cmd[16] = "";
	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	if (!strncmp(cmd, "remove", 6))
		remove_proc_entry("records", dir);
	else if (!strncmp(cmd, "dup", 3))
		pr_info("dup: %p\\n", proc_create("hello", 0644, dir, &hello_ops));
	else
		return -EINVAL;
	return len;
}
static const struct proc_ops ctl_ops = { .proc_write = ctl_write };
static int __init m_init(void)
{
	dir = proc_mkdir("kemu", NULL);
	if (!dir)
		return -ENOMEM;
	proc_create_data("hello", 0644, dir, &hello_ops, NULL);
	proc_create("records", 0444, dir, &rec_ops);
	proc_create_seq("seq", 0, dir, &sops);
	proc_create_single_data("ver", 0400, dir, ver_show, "v1");
	proc_create("ctl", 0200, dir, &ctl_ops);
	proc_symlink("link", dir, "hello");
	proc_set_size(proc_mkdir_mode("sub", 0700, dir), 0);
	return 0;
}
static void __exit m_exit(void)
{
	proc_remove(dir);
	pr_info("releases %d\\n", releases);
}
module_init(m_init);
module_exit(m_exit);
`;

describe.skipIf(!haveToolchain)("procfs, 6.1 (struct proc_ops)", () => {
  let ko: string;
  beforeAll(async () => {
    ko = await buildC("procfs_mod", MODERN);
    await procreadBinary();
  }, 180_000);

  it("files, directories and symlinks from the shell", async () => {
    const sys = await bootWith(ko, "procfs_mod");
    const r = await sys.exec(["sh", "-c", [
      "ls -l /proc/kemu | sed 's/ Nov [0-9]* [0-9:]* / /'",
      "cat /proc/kemu/hello /proc/kemu/ver",
      "echo world > /proc/kemu/hello; cat /proc/kemu/link",
      "head -c 20 /proc/kemu/seq; echo",
      "wc -l < /proc/kemu/seq; wc -c < /proc/kemu/seq",
      "tail -n 2 /proc/kemu/seq",
      "echo nonsense > /proc/kemu/ctl; echo status $?",
      "ls /proc",
      "rmmod procfs_mod; ls /proc",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "total 4",
      "--w------- 1 root root 0 ctl",
      "-rw-r--r-- 1 root root 0 hello",
      "lrwxrwxrwx 1 root root 5 link -> hello",
      "-r--r--r-- 1 root root 0 records",
      "-r--r--r-- 1 root root 0 seq",
      "drwx------ 2 root root 0 sub",
      "-r-------- 1 root root 0 ver",
      "hello", "data=v1", "world",
      "record 1", "record 2", "re",
      "1599", "16882",
      "record 999", "record 1000",
      "status 1",
      "bus", "devices", "driver", "fs", "kemu", "sys", "tty", "version",
      "bus", "devices", "driver", "fs", "sys", "tty", "version", "",
    ].join("\n"));
    expect(r.stderr.replace(/sh: line \d+: /g, "")).toBe(
      "echo: write error: Invalid argument\n");
    expect(lines(sys).at(-1)).toBe("releases 0");
  }, 60_000);

  it("a user program: small reads of a seq_file, lseek, a write", async () => {
    const sys = await bootWith(ko, "procfs_mod");
    const whole = await sys.exec(["sh", "-c", "cat /proc/kemu/seq"]);
    expect(whole.stdout.length).toBe(16882);
    for (const chunk of [1, 7, 100, 4096]) {
      const r = await sys.exec(["procread", "/proc/kemu/seq", String(chunk)]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(whole.stdout);
      // seq_read never returns more than asked, nor less unless a record ends the buffer
      expect(Number(r.stderr.split(" ")[0])).toBeGreaterThanOrEqual(Math.ceil(whole.stdout.length / chunk));
    }
    expect((await sys.exec(["procread", "-s", "/proc/kemu/seq", "20", "15"])).stdout).toBe("at 20: [cord 3\nrecord 4]\n");
    // a position past the 6000-byte record: traverse() grows the buffer on the way
    const off = whole.stdout.indexOf("record 501");
    expect((await sys.exec(["procread", "-s", "/proc/kemu/seq", String(off), "10"])).stdout).toBe(`at ${off}: [record 501]\n`);
    expect((await sys.exec(["procread", "-w", "/proc/kemu/hello", "bye\n"])).stdout).toBe("wrote 4\n");
    expect((await sys.exec(["procread", "/proc/kemu/hello", "2"])).stdout).toBe("bye\n");
    // root opens it for writing (DAC override); proc_reg_write without ->proc_write: EIO
    const ro = await sys.exec(["procread", "-w", "/proc/kemu/seq", "x"]);
    expect(ro.stderr).toBe("procread: /proc/kemu/seq: I/O error\n");
    // and for reading a write-only control file: no ->proc_read, EIO
    const wo = await sys.exec(["procread", "/proc/kemu/ctl", "10"]);
    expect(wo.stderr).toBe("procread: /proc/kemu/ctl: I/O error\n");
  }, 60_000);

  it("removal while a file is open: ->release runs in the remover, later reads give EIO", async () => {
    const sys = await bootWith(ko, "procfs_mod");
    const r = await sys.exec(["procread", "/proc/kemu/records", "10", "/proc/kemu/ctl", "remove"]);
    expect(r.stdout).toBe("record 1\nr");
    expect(r.stderr).toBe("procread: /proc/kemu/records: I/O error\n");
    expect(r.status).toBe(1);
    expect(lines(sys)).toContain("records released (1) by procread");
    // removing it again: 6.1's WARN, and nothing else happens
    const again = await sys.exec(["sh", "-c", "echo remove > /proc/kemu/ctl; ls /proc/kemu"]);
    expect(again.stdout).toBe("ctl\nhello\nlink\nseq\nsub\nver\n");
    const log = lines(sys).join("\n");
    expect(log).toMatch(/cut here \]-+\nname 'records'\nWARNING: CPU: 0 PID: \d+ at fs\/proc\/generic\.c:\d+ remove_proc_entry\+/);
    // a second "hello": proc_register's WARN, NULL
    await sys.exec(["sh", "-c", "echo dup > /proc/kemu/ctl"]);
    expect(lines(sys).join("\n")).toMatch(/proc_dir_entry 'kemu\/hello' already registered\nWARNING: [^]*dup: 00000000/);
    await sys.rmmod("procfs_mod");
    expect(lines(sys).at(-1)).toBe("releases 1");
  }, 60_000);
});

const FOPS_ERA = `
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
MODULE_LICENSE("GPL");
static int show(struct seq_file *m, void *v)
{
	return seq_printf(m, "data=%s\\n", (char *)m->private) ? -1 : 0;
}
static int open(struct inode *inode, struct file *file)
{
	return single_open(file, show, PDE_DATA(inode));
}
static const struct file_operations fops = {
	.owner = THIS_MODULE, .open = open, .read = seq_read, .llseek = seq_lseek, .release = single_release,
};
static int __init m_init(void)
{
	struct proc_dir_entry *d = proc_mkdir("driver/old", NULL);
	return proc_create_data("info", 0, d, &fops, "from PDE_DATA") ? 0 : -ENOMEM;
}
static void __exit m_exit(void)
{
	remove_proc_subtree("driver/old", NULL);
}
module_init(m_init);
module_exit(m_exit);
`;

describe.skipIf(!haveToolchain)("procfs, 3.10 - 5.5 (struct file_operations)", () => {
  it("proc_create with file_operations, PDE_DATA, int seq_printf, remove_proc_subtree", async () => {
    const ko = await buildC("procfs_fops", FOPS_ERA, { kernelVersion: "3.14.0" });
    const sys = await bootWith(ko, "procfs_fops", "3.14.0");
    const r = await sys.exec(["sh", "-c", "cat /proc/driver/old/info; procread /proc/driver/old/info 3; rmmod procfs_fops; ls /proc/driver"]);
    expect(r.stdout).toBe("data=from PDE_DATA\ndata=from PDE_DATA\n");
    expect(r.stderr).toBe("7 reads\n");
  }, 60_000);
});
