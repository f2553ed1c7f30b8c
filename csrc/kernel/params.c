/* kemu: kernel/params.c - the parameter setters/getters and their ops, with Linux's semantics
 * and messages. parse_args() itself (splitting "a=1 b=x") is in ts/kernel/params.ts. */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#define STANDARD_PARAM_DEF(name, type, format, strtolfn) \
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{ \
		return strtolfn(val, 0, (type *)kp->arg); \
	} \
	int param_get_##name(char *buffer, const struct kernel_param *kp) \
	{ \
		return scnprintf(buffer, PAGE_SIZE, format "\n", *((type *)kp->arg)); \
	} \
	const struct kernel_param_ops param_ops_##name = { \
		.set = param_set_##name, \
		.get = param_get_##name, \
	};

STANDARD_PARAM_DEF(byte, unsigned char, "%hhu", kstrtou8)
STANDARD_PARAM_DEF(short, short, "%hi", kstrtos16)
STANDARD_PARAM_DEF(ushort, unsigned short, "%hu", kstrtou16)
STANDARD_PARAM_DEF(int, int, "%i", kstrtoint)
STANDARD_PARAM_DEF(uint, unsigned int, "%u", kstrtouint)
STANDARD_PARAM_DEF(long, long, "%li", kstrtol)
STANDARD_PARAM_DEF(ulong, unsigned long, "%lu", kstrtoul)
STANDARD_PARAM_DEF(ullong, unsigned long long, "%llu", kstrtoull)

int param_set_hexint(const char *val, const struct kernel_param *kp)
{
	return kstrtouint(val, 0, (unsigned int *)kp->arg);
}

int param_get_hexint(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%#08x\n", *((unsigned int *)kp->arg));
}

const struct kernel_param_ops param_ops_hexint = {
	.set = param_set_hexint,
	.get = param_get_hexint,
};

/* charp values given at load time point into the module's argument copy in Linux; kemu always
 * duplicates them, which Linux also does once slab is up (param_set_charp). */
int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char **p = (char **)kp->arg;
	char *copy;
	if (strlen(val) > 1024) {
		pr_err("%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	copy = kmalloc(strlen(val) + 1, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	strcpy(copy, val);
	*p = copy;
	return 0;
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PAGE_SIZE, "%s\n", *((char **)kp->arg));
}

void param_free_charp(void *arg)
{
	(void)arg;
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	/* No equals means "set"... */
	if (!val)
		val = "1";
	return kstrtobool(val, (bool *)kp->arg);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool,
	.get = param_get_bool,
};

int param_set_bool_enable_only(const char *val, const struct kernel_param *kp)
{
	int err;
	bool new_value;
	bool orig_value = *(bool *)kp->arg;
	struct kernel_param dummy_kp = *kp;
	dummy_kp.arg = &new_value;
	err = param_set_bool(val, &dummy_kp);
	if (err)
		return err;
	if (!new_value && orig_value)
		return -EROFS;
	if (new_value)
		err = param_set_bool(val, kp);
	return err;
}

const struct kernel_param_ops param_ops_bool_enable_only = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool_enable_only,
	.get = param_get_bool,
};

int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	int ret;
	bool boolval;
	struct kernel_param dummy;
	dummy.arg = &boolval;
	ret = param_set_bool(val, &dummy);
	if (ret == 0)
		*(bool *)kp->arg = !boolval;
	return ret;
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return sprintf(buffer, "%c\n", (*(bool *)kp->arg) ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool,
	.get = param_get_invbool,
};

/* We break the rule and mangle the string. */
static int param_array(struct module *mod, const char *name, const char *val,
		       unsigned int min, unsigned int max, void *elem, int elemsize,
		       int (*set)(const char *, const struct kernel_param *kp),
		       s16 level, unsigned int *num)
{
	int ret;
	struct kernel_param kp;
	char save;

	kp.name = name;
	kp.arg = elem;
	kp.level = level;
	*num = 0;
	/* One use of a comma too many means too many arguments. */
	do {
		int len;
		if (*num == max) {
			pr_err("%s: can only take %i arguments\n", name, max);
			return -EINVAL;
		}
		len = strcspn(val, ",");
		save = val[len];
		((char *)val)[len] = '\0';
		ret = set(val, &kp);
		if (ret != 0)
			return ret;
		kp.arg += elemsize;
		val += len + 1;
		(*num)++;
	} while (save == ',');

	if (*num < min) {
		pr_err("%s: needs at least %i arguments\n", name, min);
		return -EINVAL;
	}
	return 0;
}

static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	unsigned int temp_num;
	return param_array(kp->mod, kp->name, val, 1, arr->max, arr->elem,
			   arr->elemsize, arr->ops->set, kp->level,
			   arr->num ?: &temp_num);
}

static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	int i, off, ret;
	const struct kparam_array *arr = kp->arr;
	struct kernel_param p = *kp;

	for (i = off = 0; i < (arr->num ? *arr->num : arr->max); i++) {
		/* Replace \n with comma */
		if (i)
			buffer[off - 1] = ',';
		p.arg = arr->elem + arr->elemsize * i;
		ret = arr->ops->get(buffer + off, &p);
		if (ret < 0)
			return ret;
		off += ret;
	}
	buffer[off] = '\0';
	return off;
}

static void param_array_free(void *arg)
{
	(void)arg;
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
	.free = param_array_free,
};

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;
	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strcpy(kps->string, val);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;
	return scnprintf(buffer, PAGE_SIZE, "%s\n", kps->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};
