/*
 * Option strings as QEMU writes them: "name,key=value,key=value".
 *
 * - A comma inside a value is written ",,".
 * - The first element may omit its key; it then takes the implied key
 *   (for -device that is "driver", for -M "type", for -accel "accel").
 * - A bare word elsewhere is a flag: "server" means "server=on".
 * - A key given twice keeps the last value, as QEMU does.
 *
 * Consumers read the keys they know with keyval_get*(), which marks them
 * used, then call keyval_check_unused() so an unknown key is one clear
 * error naming the option.
 */
#ifndef UTIL_KEYVAL_H
#define UTIL_KEYVAL_H

typedef struct Error Error;
typedef struct Keyval Keyval;

/* NULL implied_key: every element needs "key=" (bare words are flags). */
Keyval *keyval_parse(const char *str, const char *implied_key, Error **errp);
void keyval_free(Keyval *kv);
/*
 * For keys that may be given many times (-netdev user,hostfwd=...): append
 * every value of key in str to values (g_strdup'd, in order) and return
 * str without those elements, for keyval_parse().
 */
char *keyval_take_repeated(const char *str, const char *key,
                           GPtrArray *values);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Keyval, keyval_free)

/* Number of distinct keys, and the i-th key/value in first-seen order. */
size_t keyval_count(const Keyval *kv);
const char *keyval_key(const Keyval *kv, size_t i);
const char *keyval_value(const Keyval *kv, size_t i);

bool keyval_has(const Keyval *kv, const char *key);
/* Add or replace key (for merging repeated options: the last one wins). */
void keyval_set(Keyval *kv, const char *key, const char *value);
/* Copy every pair of src into dst with keyval_set(). */
void keyval_merge(Keyval *dst, const Keyval *src);
/* The value for key (marks it used), or NULL when absent. */
const char *keyval_get(Keyval *kv, const char *key);
/*
 * Typed getters: absent keys leave *out untouched and succeed; a malformed
 * value fails with "OPT: KEY: ..." using the option name given to
 * keyval_set_option_name() (e.g. "-machine").
 */
bool keyval_get_bool(Keyval *kv, const char *key, bool *out, Error **errp);
bool keyval_get_uint(Keyval *kv, const char *key, uint64_t *out, Error **errp);
bool keyval_get_size(Keyval *kv, const char *key, uint64_t *out, Error **errp);
void keyval_set_option_name(Keyval *kv, const char *opt_name);
const char *keyval_option_name(const Keyval *kv);
/* Mark a key consumed without reading it. */
void keyval_mark_used(Keyval *kv, const char *key);
/* Fails naming the first key nobody read: "-device: unknown parameter 'x'". */
bool keyval_check_unused(const Keyval *kv, Error **errp);

/* QEMU's rule for ids (-device id=, -chardev id=, ...): a letter, then
 * letters, digits, '-', '.' or '_'. */
bool id_wellformed(const char *id);

/*
 * Value parsers shared by every option.
 * parse_bool: on/off, yes/no, true/false, y/n.
 * parse_uint: decimal, 0x hex, 0 octal; no sign, no trailing junk.
 * parse_size: a number with an optional suffix B, K, M, G, T, P, E (powers
 *   of 1024, case-insensitive, "k"/"KiB" style too); default_unit multiplies
 *   a bare number (-m uses MiB, so "-m 512" is 512 MiB).
 */
bool parse_bool(const char *str, bool *out);
bool parse_uint(const char *str, uint64_t *out);
bool parse_size(const char *str, uint64_t default_unit, uint64_t *out);

#endif
