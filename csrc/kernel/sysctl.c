// SPDX-License-Identifier: GPL-2.0
/* kemu: kernel/sysctl.c - the proc_handler routines (proc_dostring, proc_dointvec and the rest)
 * with Linux 6.1's parsing and formatting rules, and sysctl_writes_strict as each era had it.
 * Tables are read through kemu_ctl_get() because modules lay them out by their era. The
 * buffer is kernel memory (5.8+) or the user window (before): both are plain memory here. */
#include <linux/sysctl.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/jiffies.h>
#include <linux/limits.h>
#include <linux/export.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/gfp.h>
#include "../fs/proc/internal.h"

const int sysctl_vals[] = { -1, 0, 1, 2, 3, 4, 100, 200, 1000, 3000, INT_MAX, 65535 };
EXPORT_SYMBOL(sysctl_vals);
const unsigned long sysctl_long_vals[] = { 0, 1, LONG_MAX };
EXPORT_SYMBOL_GPL(sysctl_long_vals);

#define WRITES_LEGACY	-1
#define WRITES_WARN	0
#define WRITES_STRICT	1

/* kernel.sysctl_writes_strict: added in 3.16 (default warn), strict by default since 4.5 */
static int writes_strict(void)
{
	if (kemu_version_code >= KERNEL_VERSION(4, 5, 0))
		return WRITES_STRICT;
	return kemu_version_code >= KERNEL_VERSION(3, 16, 0) ? WRITES_WARN : WRITES_LEGACY;
}

static void warn_sysctl_write(const struct kemu_ctl *t)
{
	static bool warned;

	if (warned)
		return;
	warned = true;
	pr_warn("%s wrote to %s when file position was not 0!\n"
		"This will not be supported in the future. To silence this\n"
		"warning, set kernel.sysctl_writes_strict = -1\n", current->comm, t->procname);
}

/* a write at a non-zero offset: true when it must be ignored */
static bool first_pos_non_zero_ignore(loff_t *ppos, const struct kemu_ctl *t)
{
	if (!*ppos)
		return false;
	switch (writes_strict()) {
	case WRITES_STRICT:
		return true;
	case WRITES_WARN:
		warn_sysctl_write(t);
		return false;
	default:
		return false;
	}
}

static int do_string(char *data, int maxlen, int write, char *buffer, size_t *lenp, loff_t *ppos)
{
	size_t len, i;

	if (!data || !maxlen || !*lenp) {
		*lenp = 0;
		return 0;
	}
	if (write) {
		if (writes_strict() == WRITES_STRICT) {
			/* continue a write only up to the current end of the string */
			len = strnlen(data, maxlen - 1);
			if (*ppos > len)
				return 0;
			len = *ppos;
		} else {
			len = 0;
		}
		*ppos += *lenp;
		for (i = 0; i < *lenp && len < maxlen - 1; i++) {
			char c = buffer[i];

			if (c == 0 || c == '\n')
				break;
			data[len++] = c;
		}
		data[len] = 0;
		return 0;
	}
	len = strnlen(data, maxlen);
	if (*ppos > len) {
		*lenp = 0;
		return 0;
	}
	data += *ppos;
	len -= *ppos;
	if (len > *lenp)
		len = *lenp;
	memcpy(buffer, data, len);
	if (len < *lenp)
		buffer[len++] = '\n';
	*lenp = len;
	*ppos += len;
	return 0;
}

int proc_dostring(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct kemu_ctl t;

	kemu_ctl_get(table, &t);
	if (write)
		first_pos_non_zero_ignore(ppos, &t);
	return do_string(t.data, t.maxlen, write, buffer, lenp, ppos);
}
EXPORT_SYMBOL(proc_dostring);

/* ---- numbers ---- */

static size_t skip_spaces_n(char **buf, size_t left)
{
	size_t n = 0;

	while (n < left && isspace((*buf)[n]))
		n++;
	*buf += n;
	return n;
}

static const char wspace_sep[] = { ' ', '\t', '\n' };

#define TMPBUFLEN 22
/*
 * One decimal, octal (0...) or hex (0x...) number, optionally negative, followed by nothing or by
 * one of the permitted trailers. Numbers that fill the 21-character window are refused (they
 * might run on).
 */
static int get_long(char **buf, size_t *size, unsigned long *val, bool *neg)
{
	char tmp[TMPBUFLEN], *p, *end;
	unsigned long long v = 0;
	unsigned int base = 10;
	size_t len = *size;
	int digits = 0;

	if (!*size)
		return -EINVAL;
	if (len > TMPBUFLEN - 1)
		len = TMPBUFLEN - 1;
	memcpy(tmp, *buf, len);
	tmp[len] = 0;
	p = tmp;
	*neg = false;
	if (*p == '-' && *size > 1) {
		*neg = true;
		p++;
	}
	if (!isdigit(*p))
		return -EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2])) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (end = p; *end; end++) {
		unsigned int d;

		if (isdigit(*end))
			d = *end - '0';
		else if (isxdigit(*end))
			d = (*end | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
		digits++;
	}
	if (v != (unsigned long)v)
		return -EINVAL;
	len = end - tmp;
	if (len == TMPBUFLEN - 1)
		return -EINVAL;
	if (len < *size && !memchr(wspace_sep, *end, sizeof(wspace_sep)))
		return -EINVAL;
	*val = (unsigned long)v;
	*buf += len;
	*size -= len;
	return 0;
}

static void put_long(char **buf, size_t *size, unsigned long val, bool neg)
{
	char tmp[TMPBUFLEN];
	size_t len = snprintf(tmp, sizeof(tmp), "%s%lu", neg ? "-" : "", val);

	if (len > *size)
		len = *size;
	memcpy(*buf, tmp, len);
	*size -= len;
	*buf += len;
}

static void put_char(char **buf, size_t *size, char c)
{
	if (*size) {
		**buf = c;
		(*size)--;
		(*buf)++;
	}
}

/* int conversions: scale is the write multiplier / read divisor (HZ for seconds -> jiffies) */
enum int_conv { CONV_PLAIN, CONV_MINMAX, CONV_JIFFIES, CONV_USERHZ, CONV_MS };

static int conv_int(enum int_conv kind, const struct kemu_ctl *t, bool *neg, unsigned long *lval, int *valp, int write)
{
	if (write) {
		long v;

		switch (kind) {
		case CONV_JIFFIES:
			if (*lval > INT_MAX / HZ)
				return 1;
			v = *neg ? -(long)(*lval * HZ) : (long)(*lval * HZ);
			break;
		case CONV_USERHZ:
			if (USER_HZ < HZ && *lval > INT_MAX / (HZ / USER_HZ))
				return 1;
			v = clock_t_to_jiffies(*lval);
			if (*neg)
				v = -v;
			break;
		case CONV_MS: {
			unsigned long j = msecs_to_jiffies(*lval);

			if (j > INT_MAX)
				return 1;
			v = *neg ? -(long)j : (long)j;
			break;
		}
		default:
			if (*neg) {
				if (*lval > (unsigned long)INT_MAX + 1)
					return 1;
				v = -(long)*lval;
			} else {
				if (*lval > (unsigned long)INT_MAX)
					return 1;
				v = *lval;
			}
		}
		if (kind == CONV_MINMAX) {
			if ((t->extra1 && *(int *)t->extra1 > v) || (t->extra2 && *(int *)t->extra2 < v))
				return 1;
		}
		WRITE_ONCE(*valp, (int)v);
		return 0;
	} else {
		int val = READ_ONCE(*valp);
		unsigned long l;

		*neg = val < 0;
		l = val < 0 ? -(unsigned long)val : (unsigned long)val;
		switch (kind) {
		case CONV_JIFFIES:
			l /= HZ;
			break;
		case CONV_USERHZ:
			l = jiffies_to_clock_t(l);
			break;
		case CONV_MS:
			l = jiffies_to_msecs(l);
			break;
		default:
			break;
		}
		*lval = l;
		return 0;
	}
}

static int do_intvec(const struct kemu_ctl *t, int write, char *buffer, size_t *lenp, loff_t *ppos, enum int_conv kind)
{
	int *i, vleft, first = 1, err = 0;
	size_t left;
	char *p = buffer;

	if (!t->data || !t->maxlen || !*lenp || (*ppos && !write)) {
		*lenp = 0;
		return 0;
	}
	i = t->data;
	vleft = t->maxlen / sizeof(*i);
	left = *lenp;
	if (write) {
		if (first_pos_non_zero_ignore(ppos, t))
			goto out;
		if (left > PAGE_SIZE - 1)
			left = PAGE_SIZE - 1;
	}
	for (; left && vleft--; i++, first = 0) {
		unsigned long lval;
		bool neg;

		if (write) {
			left -= skip_spaces_n(&p, left);
			if (!left)
				break;
			err = get_long(&p, &left, &lval, &neg);
			if (err)
				break;
			if (conv_int(kind, t, &neg, &lval, i, 1)) {
				err = -EINVAL;
				break;
			}
		} else {
			conv_int(kind, t, &neg, &lval, i, 0);
			if (!first)
				put_char(&p, &left, '\t');
			put_long(&p, &left, lval, neg);
		}
	}
	if (!write && !first && left && !err)
		put_char(&p, &left, '\n');
	if (write && !err && left)
		left -= skip_spaces_n(&p, left);
	if (write && first)
		return err ? : -EINVAL;
	*lenp -= left;
out:
	*ppos += *lenp;
	return err;
}

static int intvec(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos, enum int_conv kind)
{
	struct kemu_ctl t;

	kemu_ctl_get(table, &t);
	return do_intvec(&t, write, buffer, lenp, ppos, kind);
}

int proc_dointvec(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return intvec(table, write, buffer, lenp, ppos, CONV_PLAIN);
}
EXPORT_SYMBOL(proc_dointvec);

int proc_dointvec_minmax(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return intvec(table, write, buffer, lenp, ppos, CONV_MINMAX);
}
EXPORT_SYMBOL(proc_dointvec_minmax);

int proc_dointvec_jiffies(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return intvec(table, write, buffer, lenp, ppos, CONV_JIFFIES);
}
EXPORT_SYMBOL(proc_dointvec_jiffies);

int proc_dointvec_userhz_jiffies(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return intvec(table, write, buffer, lenp, ppos, CONV_USERHZ);
}
EXPORT_SYMBOL(proc_dointvec_userhz_jiffies);

int proc_dointvec_ms_jiffies(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return intvec(table, write, buffer, lenp, ppos, CONV_MS);
}
EXPORT_SYMBOL(proc_dointvec_ms_jiffies);

int proc_dobool(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct kemu_ctl t;
	bool *data;
	int val, res;

	kemu_ctl_get(table, &t);
	if (t.maxlen != sizeof(bool))
		return -EINVAL;
	data = t.data;
	val = READ_ONCE(*data);
	t.data = &val;
	t.maxlen = sizeof(val);
	res = do_intvec(&t, write, buffer, lenp, ppos, CONV_PLAIN);
	if (res)
		return res;
	if (write)
		WRITE_ONCE(*data, val != 0);
	return 0;
}
EXPORT_SYMBOL(proc_dobool);

/* one unsigned int (arrays are refused, as in Linux), with an optional [extra1, extra2] range */
static int do_uint(const struct kemu_ctl *t, int write, char *buffer, size_t *lenp, loff_t *ppos,
		   bool minmax, unsigned int max_limit)
{
	unsigned int *valp = t->data;
	unsigned long lval;
	size_t left = *lenp;
	char *p = buffer;
	bool neg;

	if (!t->data || !t->maxlen || !*lenp || (*ppos && !write)) {
		*lenp = 0;
		return 0;
	}
	if (t->maxlen / sizeof(unsigned int) != 1) {
		*lenp = 0;
		return -EINVAL;
	}
	if (!write) {
		lval = READ_ONCE(*valp);
		put_long(&p, &left, lval, false);
		if (left)
			put_char(&p, &left, '\n');
		*lenp -= left;
		*ppos += *lenp;
		return 0;
	}
	if (first_pos_non_zero_ignore(ppos, t)) {
		*ppos += *lenp;
		return 0;
	}
	if (left > PAGE_SIZE - 1)
		left = PAGE_SIZE - 1;
	left -= skip_spaces_n(&p, left);
	if (!left)
		return -EINVAL;
	if (get_long(&p, &left, &lval, &neg) || neg)
		return -EINVAL;
	if (lval > max_limit)
		return -EINVAL;
	if (minmax && ((t->extra1 && *(unsigned int *)t->extra1 > lval) ||
		       (t->extra2 && *(unsigned int *)t->extra2 < lval)))
		return -ERANGE;
	WRITE_ONCE(*valp, lval);
	return 0;
}

int proc_douintvec(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct kemu_ctl t;

	kemu_ctl_get(table, &t);
	return do_uint(&t, write, buffer, lenp, ppos, false, UINT_MAX);
}
EXPORT_SYMBOL(proc_douintvec);

int proc_douintvec_minmax(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct kemu_ctl t;

	kemu_ctl_get(table, &t);
	return do_uint(&t, write, buffer, lenp, ppos, true, UINT_MAX);
}
EXPORT_SYMBOL_GPL(proc_douintvec_minmax);

int proc_dou8vec_minmax(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct kemu_ctl t;
	unsigned int min = 0, max = 255U, val;
	u8 *data;
	int res;

	kemu_ctl_get(table, &t);
	if (t.maxlen != sizeof(u8))
		return -EINVAL;
	if (t.extra1)
		min = *(unsigned int *)t.extra1;
	if (t.extra2)
		max = *(unsigned int *)t.extra2 < 255U ? *(unsigned int *)t.extra2 : 255U;
	data = t.data;
	val = READ_ONCE(*data);
	t.data = &val;
	t.maxlen = sizeof(val);
	t.extra1 = &min;
	t.extra2 = &max;
	res = do_uint(&t, write, buffer, lenp, ppos, true, UINT_MAX);
	if (res)
		return res;
	if (write)
		WRITE_ONCE(*data, val);
	return 0;
}
EXPORT_SYMBOL_GPL(proc_dou8vec_minmax);

static int do_ulongvec(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos,
		       unsigned long convmul, unsigned long convdiv)
{
	struct kemu_ctl t;
	unsigned long *i, *min, *max;
	int vleft, first = 1, err = 0;
	size_t left;
	char *p = buffer;

	kemu_ctl_get(table, &t);
	if (!t.data || !t.maxlen || !*lenp || (*ppos && !write)) {
		*lenp = 0;
		return 0;
	}
	i = t.data;
	min = t.extra1;
	max = t.extra2;
	vleft = t.maxlen / sizeof(unsigned long);
	left = *lenp;
	if (write) {
		if (first_pos_non_zero_ignore(ppos, &t))
			goto out;
		if (left > PAGE_SIZE - 1)
			left = PAGE_SIZE - 1;
	}
	for (; left && vleft--; i++, first = 0) {
		unsigned long val;

		if (write) {
			bool neg;

			left -= skip_spaces_n(&p, left);
			if (!left)
				break;
			err = get_long(&p, &left, &val, &neg);
			if (err || neg) {
				err = -EINVAL;
				break;
			}
			val = convmul * val / convdiv;
			if ((min && val < *min) || (max && val > *max)) {
				err = -EINVAL;
				break;
			}
			WRITE_ONCE(*i, val);
		} else {
			val = convdiv * READ_ONCE(*i) / convmul;
			if (!first)
				put_char(&p, &left, '\t');
			put_long(&p, &left, val, false);
		}
	}
	if (!write && !first && left && !err)
		put_char(&p, &left, '\n');
	if (write && !err)
		left -= skip_spaces_n(&p, left);
	if (write && first)
		return err ? : -EINVAL;
	*lenp -= left;
out:
	*ppos += *lenp;
	return err;
}

int proc_doulongvec_minmax(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return do_ulongvec(table, write, buffer, lenp, ppos, 1l, 1l);
}
EXPORT_SYMBOL(proc_doulongvec_minmax);

int proc_doulongvec_ms_jiffies_minmax(struct ctl_table *table, int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	return do_ulongvec(table, write, buffer, lenp, ppos, HZ, 1000l);
}
EXPORT_SYMBOL(proc_doulongvec_ms_jiffies_minmax);

/* the same handlers with the struct file * argument of kernels before 2.6.32 */
#define FILP_VARIANT(name)									\
int kemu_##name##_filp(struct ctl_table *table, int write, struct file *filp,			\
		       void *buffer, size_t *lenp, loff_t *ppos)				\
{												\
	return name(table, write, buffer, lenp, ppos);						\
}												\
EXPORT_SYMBOL(kemu_##name##_filp);
FILP_VARIANT(proc_dostring)
FILP_VARIANT(proc_dointvec)
FILP_VARIANT(proc_dointvec_minmax)
FILP_VARIANT(proc_dointvec_jiffies)
FILP_VARIANT(proc_dointvec_userhz_jiffies)
FILP_VARIANT(proc_dointvec_ms_jiffies)
FILP_VARIANT(proc_doulongvec_minmax)
FILP_VARIANT(proc_doulongvec_ms_jiffies_minmax)

/* sysctl(2) strategy routines: kemu has no sysctl(2), so nothing calls them */
#define STRATEGY(name)										\
int name(struct ctl_table *table, int __user *n, int nlen, void __user *oldval,			\
	 size_t __user *oldlenp, void __user *newval, size_t newlen)				\
{												\
	return -ENOSYS;										\
}												\
EXPORT_SYMBOL(name);
STRATEGY(sysctl_data)
STRATEGY(sysctl_string)
STRATEGY(sysctl_intvec)
STRATEGY(sysctl_jiffies)
STRATEGY(sysctl_ms_jiffies)
