/* kemu: include/linux/moduleparam.h. Same structures and macros as Linux; the setters/getters
 * live in the C core (csrc/kernel/params.c), parse_args in ts/kernel/params.ts. */
#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/kernel.h>

#ifdef MODULE
#define MODULE_PARAM_PREFIX ""
#define __MODULE_INFO_PREFIX ""
#else
#define MODULE_PARAM_PREFIX KBUILD_MODNAME "."
#define __MODULE_INFO_PREFIX KBUILD_MODNAME "."
#endif
#define MAX_PARAM_PREFIX_LEN (64 - sizeof(unsigned long))

/* "modinfo" (not ".modinfo"): wasm-ld only defines __start_/__stop_ for C-identifier names. */
#define __MODULE_INFO(tag, name, info) \
	static const char __UNIQUE_ID(name)[] __used __section("modinfo") __aligned(1) = \
		__MODULE_INFO_PREFIX __stringify(tag) "=" info
#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)

struct kernel_param;
enum { KERNEL_PARAM_OPS_FL_NOARG = (1 << 0) };
struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);
	void (*free)(void *arg);
};
enum { KERNEL_PARAM_FL_UNSAFE = (1 << 0), KERNEL_PARAM_FL_HWPARAM = (1 << 1) };
struct kparam_string { unsigned int maxlen; char *string; };
struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};
struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	const u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

#define VERIFY_OCTAL_PERMISSIONS(perm) (perm)
#define __module_param_call(prefix, name, ops, arg, perm, level, flags) \
	static const char __param_str_##name[] = prefix #name; \
	static struct kernel_param __param_##name __used __section("__param") \
		__aligned(__alignof__(struct kernel_param)) = \
		{ __param_str_##name, THIS_MODULE, ops, VERIFY_OCTAL_PERMISSIONS(perm), level, flags, { arg } }

#define module_param_cb(name, ops, arg, perm) __module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)
#define module_param_cb_unsafe(name, ops, arg, perm) \
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, KERNEL_PARAM_FL_UNSAFE)
#define module_param_call(name, _set, _get, arg, perm) \
	static const struct kernel_param_ops __param_ops_##name = { .flags = 0, .set = _set, .get = _get }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &__param_ops_##name, arg, perm, -1, 0)

#define __param_check(name, p, type) static inline type __always_unused *__check_##name(void) { return (p); }
#define param_check_byte(name, p) __param_check(name, p, unsigned char)
#define param_check_short(name, p) __param_check(name, p, short)
#define param_check_ushort(name, p) __param_check(name, p, unsigned short)
#define param_check_int(name, p) __param_check(name, p, int)
#define param_check_uint(name, p) __param_check(name, p, unsigned int)
#define param_check_long(name, p) __param_check(name, p, long)
#define param_check_ulong(name, p) __param_check(name, p, unsigned long)
#define param_check_ullong(name, p) __param_check(name, p, unsigned long long)
#define param_check_hexint(name, p) param_check_uint(name, p)
#define param_check_charp(name, p) __param_check(name, p, char *)
#define param_check_bool(name, p) __param_check(name, p, bool)
#define param_check_bool_enable_only param_check_bool
#define param_check_invbool(name, p) __param_check(name, p, bool)

#define module_param_named(name, value, type, perm) \
	param_check_##type(name, &(value)); \
	module_param_cb(name, &param_ops_##type, &value, perm); \
	__MODULE_PARM_TYPE(name, #type)
#define module_param_named_unsafe(name, value, type, perm) \
	param_check_##type(name, &(value)); \
	module_param_cb_unsafe(name, &param_ops_##type, &value, perm); \
	__MODULE_PARM_TYPE(name, #type)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_unsafe(name, type, perm) module_param_named_unsafe(name, name, type, perm)

#define module_param_string(name, string, len, perm) \
	static const struct kparam_string __param_string_##name = { len, string }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string, \
			    .str = &__param_string_##name, perm, -1, 0); \
	__MODULE_PARM_TYPE(name, "string")

#define module_param_array_named(name, array, type, nump, perm) \
	param_check_##type(name, &(array)[0]); \
	static const struct kparam_array __param_arr_##name = \
		{ .max = ARRAY_SIZE(array), .num = nump, .ops = &param_ops_##type, \
		  .elemsize = sizeof(array[0]), .elem = array }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops, \
			    .arr = &__param_arr_##name, perm, -1, 0); \
	__MODULE_PARM_TYPE(name, "array of " #type)
#define module_param_array(name, type, nump, perm) module_param_array_named(name, name, type, nump, perm)

#define __param_ops_decl(type) \
	extern const struct kernel_param_ops param_ops_##type; \
	extern int param_set_##type(const char *val, const struct kernel_param *kp); \
	extern int param_get_##type(char *buffer, const struct kernel_param *kp)
__param_ops_decl(byte);
__param_ops_decl(short);
__param_ops_decl(ushort);
__param_ops_decl(int);
__param_ops_decl(uint);
__param_ops_decl(long);
__param_ops_decl(ulong);
__param_ops_decl(ullong);
__param_ops_decl(hexint);
__param_ops_decl(charp);
__param_ops_decl(bool);
__param_ops_decl(invbool);
extern const struct kernel_param_ops param_ops_bool_enable_only;
extern int param_set_bool_enable_only(const char *val, const struct kernel_param *kp);
extern void param_free_charp(void *arg);
extern const struct kernel_param_ops param_array_ops;
extern const struct kernel_param_ops param_ops_string;
extern int param_set_copystring(const char *val, const struct kernel_param *kp);
extern int param_get_string(char *buffer, const struct kernel_param *kp);
#define param_get_bint param_get_int
#define param_ops_bint param_ops_int
#define param_check_bint param_check_int
#endif
