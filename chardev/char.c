/*
 * Chardev registry and creation from -chardev option strings and from the
 * legacy -serial/-monitor specs.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "util/keyval.h"

static GPtrArray *chardevs;

/* -chardev backends by name; the mux is made with mux=on instead. */
static const ChardevClass *const backend_classes[] = {
    &chardev_null_class, &chardev_stdio_class, &chardev_file_class,
    &chardev_socket_class, &chardev_pty_class, &chardev_ringbuf_class,
};

static const ChardevClass *backend_class(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(backend_classes); i++) {
        if (!strcmp(backend_classes[i]->name, name)) {
            return backend_classes[i];
        }
    }
    return NULL;
}

Chardev *chardev_find(const char *id)
{
    for (guint i = 0; chardevs && i < chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(chardevs, i);
        if (!strcmp(chr->id, id)) {
            return chr;
        }
    }
    return NULL;
}

GPtrArray *chardev_list(void)
{
    GPtrArray *list = g_ptr_array_new();

    for (guint i = 0; chardevs && i < chardevs->len; i++) {
        g_ptr_array_add(list, g_ptr_array_index(chardevs, i));
    }
    return list;
}

const char *chardev_id(const Chardev *chr)
{
    return chr->id;
}

const char *chardev_filename(const Chardev *chr)
{
    return chr->filename ? chr->filename : chr->klass->name;
}

bool chardev_is_mux(const Chardev *chr)
{
    return chr->klass == &chardev_mux_class;
}

static bool check_new_id(const char *opt, const char *id, Error **errp)
{
    if (!id_wellformed(id)) {
        error_setg(errp, "%s: invalid id '%s' (a letter, then letters, "
                   "digits, '-', '.' or '_')", opt, id);
        return false;
    }
    if (chardev_find(id)) {
        error_setg(errp, "%s: duplicate chardev id '%s'", opt, id);
        return false;
    }
    return true;
}

static Chardev *chardev_alloc(const ChardevClass *klass, const char *id,
                              const char *opt_name)
{
    Chardev *chr = g_malloc0(klass->instance_size);

    chr->klass = klass;
    chr->id = g_strdup(id);
    chr->opt_name = g_strdup(opt_name);
    return chr;
}

static void chardev_free(Chardev *chr)
{
    if (chr->klass->finalize) {
        chr->klass->finalize(chr);
    }
    g_free(chr->id);
    g_free(chr->filename);
    g_free(chr->opt_name);
    g_free(chr);
}

static void chardev_register(Chardev *chr)
{
    if (!chardevs) {
        chardevs = g_ptr_array_new();
    }
    g_ptr_array_add(chardevs, chr);
}

Chardev *chardev_mux_new(const char *id, Chardev *base, Error **errp)
{
    Chardev *mux;

    if (!check_new_id("mux", id, errp)) {
        return NULL;
    }
    mux = chardev_alloc(&chardev_mux_class, id, base->opt_name);
    if (!chardev_mux_attach_base(mux, base, errp)) {
        chardev_free(mux);
        return NULL;
    }
    mux->filename = g_strdup("mux");
    chardev_register(mux);
    return mux;
}

static Chardev *chardev_new_from_keyval(Keyval *kv, Error **errp)
{
    const char *opt = keyval_option_name(kv);
    const char *backend = keyval_get(kv, "backend");
    const char *id = keyval_get(kv, "id");
    const ChardevClass *klass;
    g_autofree char *base_id = NULL;
    bool mux = false;
    Chardev *chr;

    if (!backend || !*backend) {
        error_setg(errp, "%s: backend name missing", opt);
        return NULL;
    }
    klass = backend_class(backend);
    if (!klass) {
        error_setg(errp, "%s: unknown backend '%s' (known: null, stdio, "
                   "file, socket, pty, ringbuf)", opt, backend);
        return NULL;
    }
    if (!id) {
        error_setg(errp, "%s: 'id' is required", opt);
        return NULL;
    }
    if (!keyval_get_bool(kv, "mux", &mux, errp)) {
        return NULL;
    }
    base_id = mux ? g_strdup_printf("%s-base", id) : g_strdup(id);
    if (!check_new_id(opt, id, errp) ||
        (mux && !check_new_id(opt, base_id, errp))) {
        return NULL;
    }
    chr = chardev_alloc(klass, base_id, opt);
    if ((klass->parse && !klass->parse(chr, kv, errp)) ||
        !keyval_check_unused(kv, errp) || !klass->open(chr, errp)) {
        chardev_free(chr);
        return NULL;
    }
    chardev_register(chr);
    return mux ? chardev_mux_new(id, chr, errp) : chr;
}

Chardev *chardev_new_from_str(const char *optstr, Error **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(optstr, "backend", errp);

    if (!kv) {
        error_prepend(errp, "-chardev: ");
        return NULL;
    }
    keyval_set_option_name(kv, "-chardev");
    return chardev_new_from_keyval(kv, errp);
}

/* "tcp:HOST:PORT,opts" (after "tcp:") as keyval text; NULL when malformed. */
static char *legacy_tcp(const char *addr)
{
    const char *comma = strchr(addr, ',');
    g_autofree char *hostport = comma ? g_strndup(addr, comma - addr)
                                      : g_strdup(addr);
    char *colon = strrchr(hostport, ':');
    char *host = hostport;

    if (!colon) {
        return NULL;
    }
    *colon = '\0';
    /* [v6addr]:port */
    if (host[0] == '[' && colon > host + 1 && colon[-1] == ']') {
        host++;
        colon[-1] = '\0';
    }
    return g_strdup_printf("socket,host=%s,port=%s%s", host, colon + 1,
                           comma ? comma : "");
}

/* ',' inside a keyval value is written ",,". */
static char *escape_commas(const char *s)
{
    g_auto(GStrv) parts = g_strsplit(s, ",", -1);

    return g_strjoinv(",,", parts);
}

/* A legacy spec (without "mon:") as a keyval option string, or NULL. */
static char *legacy_to_opts(const char *spec)
{
    if (!strcmp(spec, "stdio") || !strcmp(spec, "null") ||
        !strcmp(spec, "pty")) {
        return g_strdup(spec);
    }
    if (!strcmp(spec, "vc") || g_str_has_prefix(spec, "vc:")) {
        return g_strdup("null");
    }
    if (g_str_has_prefix(spec, "file:") && spec[5]) {
        g_autofree char *path = escape_commas(spec + 5);
        return g_strdup_printf("file,path=%s", path);
    }
    if (g_str_has_prefix(spec, "unix:") && spec[5] && spec[5] != ',') {
        return g_strdup_printf("socket,path=%s", spec + 5);
    }
    if (g_str_has_prefix(spec, "tcp:")) {
        return legacy_tcp(spec + 4);
    }
    return NULL;
}

Chardev *chardev_new_from_legacy(const char *spec, const char *id,
                                 Error **errp)
{
    bool mon = g_str_has_prefix(spec, "mon:");
    g_autofree char *opts = NULL, *full = NULL;
    g_autoptr(Keyval) kv = NULL;

    if (!strcmp(spec, "none")) {
        return NULL;
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        Chardev *chr = chardev_find(spec + 8);
        if (!chr) {
            error_setg(errp, "'%s': no chardev with id '%s'", spec, spec + 8);
        }
        return chr;
    }
    opts = legacy_to_opts(mon ? spec + 4 : spec);
    if (!opts) {
        error_setg(errp, "'%s': unknown character device (use stdio, null, "
                   "pty, vc, file:PATH, tcp:HOST:PORT, unix:PATH, mon:SPEC, "
                   "chardev:ID or none)", spec);
        return NULL;
    }
    full = g_strdup_printf("%s,id=%s%s", opts, id, mon ? ",mux=on" : "");
    kv = keyval_parse(full, "backend", errp);
    if (!kv) {
        error_prepend(errp, "'%s': ", spec);
        return NULL;
    }
    keyval_set_option_name(kv, spec);
    return chardev_new_from_keyval(kv, errp);
}

void chardev_cleanup_all(void)
{
    if (!chardevs) {
        return;
    }
    /* Newest first: a mux goes before its base. */
    for (guint i = chardevs->len; i-- > 0;) {
        Chardev *chr = g_ptr_array_index(chardevs, i);

        chardev_input_stop(chr);
        if (chr->klass->close) {
            chr->klass->close(chr);
        }
        if (chr->fe) {
            chr->fe->chr = NULL;
        }
        chardev_free(chr);
    }
    g_ptr_array_free(chardevs, TRUE);
    chardevs = NULL;
}
