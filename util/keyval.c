/*
 * "key=value,key=value" option strings, with ",," escaping and an implied
 * first key, as QEMU's command line writes them.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "util/keyval.h"

typedef struct KeyvalPair {
    char *key;
    char *value;
    bool used;
} KeyvalPair;

struct Keyval {
    GArray *pairs;          /* KeyvalPair, first-seen order, keys unique */
    char *opt_name;         /* for messages, e.g. "-machine" */
};

static void pair_clear(gpointer p)
{
    KeyvalPair *pair = p;

    g_free(pair->key);
    g_free(pair->value);
}

static KeyvalPair *find_pair(const Keyval *kv, const char *key)
{
    for (guint i = 0; i < kv->pairs->len; i++) {
        KeyvalPair *pair = &g_array_index(kv->pairs, KeyvalPair, i);
        if (!strcmp(pair->key, key)) {
            return pair;
        }
    }
    return NULL;
}

static void set_pair(Keyval *kv, char *key, char *value)
{
    KeyvalPair *pair = find_pair(kv, key);

    if (pair) {                 /* the last value given wins */
        g_free(key);
        g_free(pair->value);
        pair->value = value;
        return;
    }
    KeyvalPair fresh = { .key = key, .value = value };
    g_array_append_val(kv->pairs, fresh);
}

/*
 * Read one element starting at *pos: everything up to a single comma, with
 * ",," standing for a literal comma.  Advances *pos past the separator.
 */
static char *next_element(const char **pos)
{
    GString *out = g_string_new(NULL);
    const char *p = *pos;

    while (*p) {
        if (*p == ',') {
            if (p[1] == ',') {
                g_string_append_c(out, ',');
                p += 2;
                continue;
            }
            p++;
            break;
        }
        g_string_append_c(out, *p++);
    }
    *pos = p;
    return g_string_free(out, FALSE);
}

char *keyval_take_repeated(const char *str, const char *key,
                           GPtrArray *values)
{
    g_autofree char *prefix = g_strdup_printf("%s=", key);
    GString *rest = g_string_new(NULL);
    const char *pos = str;

    while (*pos) {
        g_autofree char *elem = next_element(&pos);

        if (g_str_has_prefix(elem, prefix)) {
            g_ptr_array_add(values, g_strdup(elem + strlen(prefix)));
            continue;
        }
        if (rest->len) {
            g_string_append_c(rest, ',');
        }
        for (const char *c = elem; *c; c++) {   /* escape again */
            g_string_append(rest, *c == ',' ? ",," : (char[]){ *c, 0 });
        }
    }
    return g_string_free(rest, FALSE);
}

static bool valid_key(const char *key)
{
    if (!*key) {
        return false;
    }
    for (const char *c = key; *c; c++) {
        if (!g_ascii_isalnum(*c) && !strchr("-_.", *c)) {
            return false;
        }
    }
    return true;
}

Keyval *keyval_parse(const char *str, const char *implied_key, Error **errp)
{
    Keyval *kv = g_new0(Keyval, 1);
    const char *pos = str;
    bool first = true;

    kv->pairs = g_array_new(FALSE, TRUE, sizeof(KeyvalPair));
    g_array_set_clear_func(kv->pairs, pair_clear);

    while (*pos) {
        char *elem = next_element(&pos);
        char *eq = strchr(elem, '=');

        if (eq) {
            *eq = '\0';
            if (!valid_key(elem)) {
                error_setg(errp, "invalid parameter name '%s' in '%s'", elem, str);
                g_free(elem);
                keyval_free(kv);
                return NULL;
            }
            set_pair(kv, g_strdup(elem), g_strdup(eq + 1));
            g_free(elem);
        } else if (first && implied_key) {
            set_pair(kv, g_strdup(implied_key), elem);
        } else if (valid_key(elem)) {
            set_pair(kv, elem, g_strdup("on"));     /* a bare flag */
        } else {
            error_setg(errp, "expected 'key=value' in '%s', got '%s'", str, elem);
            g_free(elem);
            keyval_free(kv);
            return NULL;
        }
        first = false;
    }
    return kv;
}

void keyval_free(Keyval *kv)
{
    if (kv) {
        g_array_free(kv->pairs, TRUE);
        g_free(kv->opt_name);
        g_free(kv);
    }
}

size_t keyval_count(const Keyval *kv)
{
    return kv->pairs->len;
}

const char *keyval_key(const Keyval *kv, size_t i)
{
    return g_array_index(kv->pairs, KeyvalPair, i).key;
}

const char *keyval_value(const Keyval *kv, size_t i)
{
    return g_array_index(kv->pairs, KeyvalPair, i).value;
}

bool keyval_has(const Keyval *kv, const char *key)
{
    return find_pair(kv, key) != NULL;
}

void keyval_set(Keyval *kv, const char *key, const char *value)
{
    set_pair(kv, g_strdup(key), g_strdup(value));
}

void keyval_merge(Keyval *dst, const Keyval *src)
{
    for (size_t i = 0; i < keyval_count(src); i++) {
        keyval_set(dst, keyval_key(src, i), keyval_value(src, i));
    }
}

const char *keyval_get(Keyval *kv, const char *key)
{
    KeyvalPair *pair = find_pair(kv, key);

    if (!pair) {
        return NULL;
    }
    pair->used = true;
    return pair->value;
}

void keyval_mark_used(Keyval *kv, const char *key)
{
    keyval_get(kv, key);
}

void keyval_set_option_name(Keyval *kv, const char *opt_name)
{
    g_free(kv->opt_name);
    kv->opt_name = g_strdup(opt_name);
}

const char *keyval_option_name(const Keyval *kv)
{
    return kv->opt_name ? kv->opt_name : "option";
}

bool keyval_check_unused(const Keyval *kv, Error **errp)
{
    for (guint i = 0; i < kv->pairs->len; i++) {
        KeyvalPair *pair = &g_array_index(kv->pairs, KeyvalPair, i);
        if (!pair->used) {
            error_setg(errp, "%s: unknown parameter '%s'",
                       keyval_option_name(kv), pair->key);
            return false;
        }
    }
    return true;
}

bool keyval_get_bool(Keyval *kv, const char *key, bool *out, Error **errp)
{
    const char *v = keyval_get(kv, key);

    if (v && !parse_bool(v, out)) {
        error_setg(errp, "%s: %s: '%s' is not a boolean (use on or off)",
                   keyval_option_name(kv), key, v);
        return false;
    }
    return true;
}

bool keyval_get_uint(Keyval *kv, const char *key, uint64_t *out, Error **errp)
{
    const char *v = keyval_get(kv, key);

    if (v && !parse_uint(v, out)) {
        error_setg(errp, "%s: %s: '%s' is not a non-negative integer",
                   keyval_option_name(kv), key, v);
        return false;
    }
    return true;
}

bool keyval_get_size(Keyval *kv, const char *key, uint64_t *out, Error **errp)
{
    const char *v = keyval_get(kv, key);

    if (v && !parse_size(v, 1, out)) {
        error_setg(errp, "%s: %s: '%s' is not a size (like 512M or 2G)",
                   keyval_option_name(kv), key, v);
        return false;
    }
    return true;
}

bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

bool parse_bool(const char *str, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (!g_ascii_strcasecmp(str, yes[i])) {
            *out = true;
            return true;
        }
        if (!g_ascii_strcasecmp(str, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

bool parse_uint(const char *str, uint64_t *out)
{
    char *end;
    uint64_t v;

    if (!g_ascii_isdigit(*str)) {
        return false;           /* no sign, no space */
    }
    errno = 0;
    v = g_ascii_strtoull(str, &end, 0);
    if (errno || *end) {
        return false;
    }
    *out = v;
    return true;
}

static int size_suffix_shift(const char *suffix)
{
    static const char units[] = "BKMGTPE";
    const char *u;

    if (!*suffix) {
        return -1;              /* no suffix: caller applies the default unit */
    }
    u = strchr(units, g_ascii_toupper(*suffix));
    if (!u || !*u) {
        return -2;
    }
    suffix++;
    /* Accept "K", "KB", "KiB" and their lower-case spellings. */
    if (*suffix && g_ascii_strcasecmp(suffix, "b") && g_ascii_strcasecmp(suffix, "ib")) {
        return -2;
    }
    if (u == units && *suffix) {
        return -2;              /* "BB" or "Bib" */
    }
    return 10 * (int)(u - units);
}

bool parse_size(const char *str, uint64_t default_unit, uint64_t *out)
{
    char *end;
    double frac;
    uint64_t whole, mult;
    int shift;

    if (!g_ascii_isdigit(*str)) {
        return false;
    }
    errno = 0;
    whole = g_ascii_strtoull(str, &end, 10);
    if (errno) {
        return false;
    }
    /* QEMU accepts a fraction with a suffix, e.g. "1.5G". */
    frac = 0;
    if (*end == '.') {
        char *fend;
        frac = g_ascii_strtod(end, &fend);
        if (fend == end + 1) {
            return false;
        }
        end = fend;
    }
    shift = size_suffix_shift(end);
    if (shift == -2) {
        return false;
    }
    mult = shift == -1 ? default_unit : (uint64_t)1 << shift;
    if (frac != 0 && shift == -1 && default_unit == 1) {
        return false;           /* "1.5" bytes makes no sense */
    }
    if (mult && whole > UINT64_MAX / mult) {
        return false;
    }
    return !__builtin_add_overflow(whole * mult,
                                   (uint64_t)(frac * (double)mult), out);
}
