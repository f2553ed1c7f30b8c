// procfs of 2.6 (create_proc_entry, read_proc/write_proc with each *start convention,
// proc_root_driver, ->proc_fops set after creation, int seq_printf) and the module reference an
// open /proc file held before 2.6.24.
import { describe, it, expect, beforeAll } from "vitest";
import { buildC, lines } from "../helpers/kemu.js";
import { haveToolchain, procreadBinary, bootWith } from "../helpers/procread.js";

const LEGACY = `
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
MODULE_LICENSE("GPL");
static struct proc_dir_entry *simple, *blocks, *inpage, *seqf, *dir;
static char value[32] = "42\\n";
static int simple_read(char *page, char **start, off_t off, int count, int *eof, void *data)
{
	int len = sprintf(page, "value=%s", (char *)data);
	if (off + count >= len)
		*eof = 1;
	return len;
}
static int simple_write(struct file *file, const char __user *buf, unsigned long count, void *data)
{
	if (count >= sizeof(value))
		count = sizeof(value) - 1;
	if (copy_from_user(data, buf, count))
		return -EFAULT;
	((char *)data)[count] = 0;
	printk(KERN_INFO "simple: refcount %d\\n", module_refcount(THIS_MODULE));
	return count;
}
/* one 10-byte block per call, *start = 1: the position counts blocks */
static int blocks_read(char *page, char **start, off_t off, int count, int *eof, void *data)
{
	if (off >= 5) {
		*eof = 1;
		return 0;
	}
	*start = (char *)1;
	return sprintf(page, "block %3ld\\n", (long)off);
}
/* data at *start inside the page */
static int inpage_read(char *page, char **start, off_t off, int count, int *eof, void *data)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz\\n";
	int len = sizeof(text) - 1 - off;
	if (len <= 0) {
		*eof = 1;
		return 0;
	}
	memcpy(page + 100, text + off, len);
	*start = page + 100;
	return len > count ? count : len;
}
static void *s_start(struct seq_file *m, loff_t *pos) { return *pos < 300 ? (void *)(long)(*pos + 1) : NULL; }
static void *s_next(struct seq_file *m, void *v, loff_t *pos) { ++*pos; return s_start(m, pos); }
static void s_stop(struct seq_file *m, void *v) {}
static int s_show(struct seq_file *m, void *v) { return seq_printf(m, "line %ld\\n", (long)v); }
static struct seq_operations sops = { .start = s_start, .next = s_next, .stop = s_stop, .show = s_show };
static int s_open(struct inode *inode, struct file *file) { return seq_open(file, &sops); }
static struct file_operations s_fops = { .owner = THIS_MODULE, .open = s_open, .read = seq_read, .llseek = seq_lseek, .release = seq_release };
static int __init m_init(void)
{
	simple = create_proc_entry("simple", 0644, NULL);
	if (!simple)
		return -ENOMEM;
	simple->read_proc = simple_read;
	simple->write_proc = simple_write;
	simple->data = value;
	simple->owner = THIS_MODULE;
	simple->size = 37;
	blocks = create_proc_read_entry("blocks", 0, proc_root_driver, blocks_read, NULL);
	inpage = create_proc_read_entry("inpage", 0444, NULL, inpage_read, NULL);
	dir = proc_mkdir("legacy", NULL);
	seqf = create_proc_entry("seq", 0, dir);
	seqf->proc_fops = &s_fops;
	return 0;
}
static void __exit m_exit(void)
{
	remove_proc_entry("seq", dir);
	remove_proc_entry("legacy", NULL);
	remove_proc_entry("inpage", NULL);
	remove_proc_entry("blocks", proc_root_driver);
	remove_proc_entry("simple", NULL);
}
module_init(m_init);
module_exit(m_exit);
`;

describe.skipIf(!haveToolchain)("procfs, Linux 2.6.20", () => {
  let ko: string;
  beforeAll(async () => {
    ko = await buildC("procfs_legacy", LEGACY, { kernelVersion: "2.6.20" });
    await procreadBinary();
  }, 180_000);

  it("read_proc and write_proc from the shell and a user program", async () => {
    const sys = await bootWith(ko, "procfs_legacy", "2.6.20");
    const r = await sys.exec(["sh", "-c", [
      "ls -l /proc/simple /proc/driver/blocks /proc/inpage | sed 's/ Nov [0-9]* [0-9:]* / /'",
      "cat /proc/simple",
      "echo 7 > /proc/simple; cat /proc/simple",
      "cat /proc/driver/blocks",
      "procread /proc/driver/blocks 10",
      "cat /proc/inpage",
      "procread /proc/inpage 5",
      "procread /proc/legacy/seq 50 /proc/simple 99 | tail -n 1",
      "procread -s /proc/legacy/seq 100 14",
      "rmmod procfs_legacy; ls /proc",
    ].join("\n")]);
    expect(r.stdout).toBe([
      "-r--r--r-- 1 root root  0 /proc/driver/blocks",
      "-r--r--r-- 1 root root  0 /proc/inpage",
      "-rw-r--r-- 1 root root 37 /proc/simple",
      "value=42", "value=7",
      // *start = 1: each call gives one block and the position counts blocks
      "block   0", "block   1", "block   2", "block   3", "block   4",
      "block   0", "block   1", "block   2", "block   3", "block   4",
      // *start inside the page
      "0123456789abcdefghijklmnopqrstuvwxyz", "0123456789abcdefghijklmnopqrstuvwxyz",
      "line 300",
      "at 100: [14\nline 15\nlin]",
      "bus", "devices", "driver", "fs", "sys", "tty", "version", "",
    ].join("\n"));
    expect(r.stderr).toBe("5 reads\n8 reads\n52 reads\n");
    // before 2.6.24 an open /proc file pins its module: the entry's ->owner and the fops' owner
    expect(lines(sys).filter((l) => l.startsWith("simple:"))).toEqual(["simple: refcount 1", "simple: refcount 2"]);
  }, 60_000);

  it("a read_proc that gives more than asked with *start = 1: Linux's warning", async () => {
    const sys = await bootWith(ko, "procfs_legacy", "2.6.20");
    const r = await sys.exec(["procread", "/proc/driver/blocks", "3"]);
    // Linux copies the whole 10-byte block into a 3-byte read; kemu's user window is the 3 bytes
    expect(r.stderr).toBe("procread: /proc/driver/blocks: Bad address\n");
    expect(lines(sys)).toContain("proc_file_read: Read count exceeded");
  }, 60_000);
});
