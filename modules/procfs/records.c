/*
 * records.c - a seq_file with many records: /proc/records shows "record N: ...\n" for N in
 * [0, count) through struct seq_operations (start/next/stop/show), as drivers list their
 * objects. Used by bench/procfs.js.
 *
 *   kemu run modules/procfs/records.c count=5
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a seq_file of count records in /proc/records");

static unsigned long count = 10000;
module_param(count, ulong, 0444);

static void *rec_start(struct seq_file *m, loff_t *pos)
{
	return *pos < count ? (void *)(unsigned long)(*pos + 1) : NULL;
}

static void *rec_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return rec_start(m, pos);
}

static void rec_stop(struct seq_file *m, void *v)
{
}

static int rec_show(struct seq_file *m, void *v)
{
	unsigned long n = (unsigned long)v - 1;

	seq_printf(m, "record %lu: %08lx %s\n", n, n * 2654435761UL, n % 2 ? "odd" : "even");
	return 0;
}

static const struct seq_operations rec_ops = {
	.start = rec_start,
	.next = rec_next,
	.stop = rec_stop,
	.show = rec_show,
};

static int __init records_init(void)
{
	return proc_create_seq("records", 0444, NULL, &rec_ops) ? 0 : -ENOMEM;
}

static void __exit records_exit(void)
{
	remove_proc_entry("records", NULL);
}

module_init(records_init);
module_exit(records_exit);
