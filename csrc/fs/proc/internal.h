/* kemu: fs/proc/internal.h - the part kemu's sysctl code shares: a struct ctl_table read in the
 * running kernel's era layout (every field is one 4-byte slot on wasm32), as one struct. */
#ifndef _KEMU_PROC_INTERNAL_H
#define _KEMU_PROC_INTERNAL_H
#include <linux/sysctl.h>

struct kemu_ctl {
	const char *procname;
	void *data;
	int maxlen;
	umode_t mode;
	struct ctl_table *child;	/* NULL from 6.6 on */
	void *proc_handler;
	void *extra1;
	void *extra2;
	int ctl_name;			/* before 2.6.33 */
};

extern int kemu_version_code;

/* slots per table entry in this era */
int kemu_ctl_stride(void);
/* entry i of table, normalised */
void kemu_ctl_get(const struct ctl_table *table, struct kemu_ctl *out);
/* a table entry in the era layout made from c (for handlers that build a temporary table) */
void kemu_ctl_put(struct ctl_table *table, const struct kemu_ctl *c);
/* the sentinel that ends a table */
bool kemu_ctl_is_end(const struct kemu_ctl *c);
/* call table's handler with the era's signature */
int kemu_ctl_call(void *handler, struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos);
#define KEMU_CTL_MAX_SLOTS 11

#endif
