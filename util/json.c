/*
 * A small JSON parser, builder and printer (RFC 8259), for QMP.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "util/json.h"

#define JSON_MAX_DEPTH 64

struct JsonNode {
    JsonType type;
    union {
        bool b;
        int64_t i;
        double d;
        char *s;
        GPtrArray *items;       /* array: JsonNode *; object: JsonMember * */
    };
};

typedef struct JsonMember {
    char *key;
    JsonNode *val;
} JsonMember;

static JsonNode *node_new(JsonType type)
{
    JsonNode *n = g_new0(JsonNode, 1);

    n->type = type;
    return n;
}

static void member_free(gpointer p)
{
    JsonMember *m = p;

    g_free(m->key);
    json_free(m->val);
    g_free(m);
}

void json_free(JsonNode *node)
{
    if (!node) {
        return;
    }
    if (node->type == JSON_STRING) {
        g_free(node->s);
    } else if (node->type == JSON_ARRAY || node->type == JSON_OBJECT) {
        g_ptr_array_unref(node->items);
    }
    g_free(node);
}

JsonNode *json_new_null(void)
{
    return node_new(JSON_NULL);
}

JsonNode *json_new_bool(bool v)
{
    JsonNode *n = node_new(JSON_BOOL);

    n->b = v;
    return n;
}

JsonNode *json_new_int(int64_t v)
{
    JsonNode *n = node_new(JSON_INT);

    n->i = v;
    return n;
}

static JsonNode *json_new_double(double v)
{
    JsonNode *n = node_new(JSON_DOUBLE);

    n->d = v;
    return n;
}

JsonNode *json_new_string(const char *s)
{
    JsonNode *n = node_new(JSON_STRING);

    n->s = g_strdup(s);
    return n;
}

JsonNode *json_new_array(void)
{
    JsonNode *n = node_new(JSON_ARRAY);

    n->items = g_ptr_array_new_with_free_func((GDestroyNotify)json_free);
    return n;
}

JsonNode *json_new_object(void)
{
    JsonNode *n = node_new(JSON_OBJECT);

    n->items = g_ptr_array_new_with_free_func(member_free);
    return n;
}

void json_array_append(JsonNode *array, JsonNode *val)
{
    assert(array->type == JSON_ARRAY);
    g_ptr_array_add(array->items, val);
}

static JsonMember *find_member(const JsonNode *obj, const char *key)
{
    for (guint i = 0; i < obj->items->len; i++) {
        JsonMember *m = g_ptr_array_index(obj->items, i);
        if (!strcmp(m->key, key)) {
            return m;
        }
    }
    return NULL;
}

void json_object_set(JsonNode *obj, const char *key, JsonNode *val)
{
    JsonMember *m;

    assert(obj->type == JSON_OBJECT);
    m = find_member(obj, key);
    if (m) {
        json_free(m->val);
        m->val = val;
        return;
    }
    m = g_new(JsonMember, 1);
    m->key = g_strdup(key);
    m->val = val;
    g_ptr_array_add(obj->items, m);
}

JsonNode *json_copy(const JsonNode *node)
{
    JsonNode *copy;

    switch (node->type) {
    case JSON_STRING:
        return json_new_string(node->s);
    case JSON_ARRAY:
        copy = json_new_array();
        for (guint i = 0; i < node->items->len; i++) {
            json_array_append(copy, json_copy(g_ptr_array_index(node->items, i)));
        }
        return copy;
    case JSON_OBJECT:
        copy = json_new_object();
        for (guint i = 0; i < node->items->len; i++) {
            JsonMember *m = g_ptr_array_index(node->items, i);
            json_object_set(copy, m->key, json_copy(m->val));
        }
        return copy;
    default:
        copy = node_new(node->type);
        *copy = *node;
        return copy;
    }
}

JsonType json_type(const JsonNode *node)
{
    return node->type;
}

bool json_bool(const JsonNode *node)
{
    return node->type == JSON_BOOL && node->b;
}

int64_t json_int(const JsonNode *node)
{
    return node->type == JSON_INT ? node->i :
           node->type == JSON_DOUBLE ? (int64_t)node->d : 0;
}

double json_double(const JsonNode *node)
{
    return node->type == JSON_DOUBLE ? node->d :
           node->type == JSON_INT ? (double)node->i : 0;
}

const char *json_string(const JsonNode *node)
{
    return node->type == JSON_STRING ? node->s : NULL;
}

size_t json_length(const JsonNode *node)
{
    return node->type == JSON_ARRAY || node->type == JSON_OBJECT ?
           node->items->len : 0;
}

JsonNode *json_array_get(const JsonNode *array, size_t i)
{
    assert(array->type == JSON_ARRAY && i < array->items->len);
    return g_ptr_array_index(array->items, i);
}

JsonNode *json_object_get(const JsonNode *obj, const char *key)
{
    JsonMember *m;

    if (!obj || obj->type != JSON_OBJECT) {
        return NULL;
    }
    m = find_member(obj, key);
    return m ? m->val : NULL;
}

const char *json_object_key(const JsonNode *obj, size_t i)
{
    assert(obj->type == JSON_OBJECT && i < obj->items->len);
    return ((JsonMember *)g_ptr_array_index(obj->items, i))->key;
}

/* ---- Parser ---- */

typedef struct Parser {
    const char *p, *end;
    int depth;
    Error **errp;
} Parser;

static bool parse_fail(Parser *ps, const char *what)
{
    error_setg(ps->errp, "JSON parse error: %s", what);
    return false;
}

static void skip_ws(Parser *ps)
{
    while (ps->p < ps->end && strchr(" \t\r\n", *ps->p)) {
        ps->p++;
    }
}

static bool parse_value(Parser *ps, JsonNode **out);

static bool parse_hex4(Parser *ps, gunichar *out)
{
    *out = 0;
    for (int i = 0; i < 4; i++) {
        int d = ps->p < ps->end ? g_ascii_xdigit_value(*ps->p++) : -1;
        if (d < 0) {
            return parse_fail(ps, "bad \\u escape");
        }
        *out = *out << 4 | d;
    }
    return true;
}

static bool parse_escape(Parser *ps, GString *s)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e;
    gunichar c, lo;

    if (ps->p >= ps->end) {
        return parse_fail(ps, "unterminated string");
    }
    e = strchr(from, *ps->p);
    if (e && *ps->p) {
        g_string_append_c(s, to[e - from]);
        ps->p++;
        return true;
    }
    if (*ps->p++ != 'u' || !parse_hex4(ps, &c)) {
        return parse_fail(ps, "bad escape");
    }
    if (c >= 0xd800 && c < 0xdc00) {            /* a surrogate pair */
        if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
            return parse_fail(ps, "lone surrogate");
        }
        ps->p += 2;
        if (!parse_hex4(ps, &lo) || lo < 0xdc00 || lo > 0xdfff) {
            return parse_fail(ps, "bad surrogate pair");
        }
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
    } else if (c >= 0xdc00 && c < 0xe000) {
        return parse_fail(ps, "lone surrogate");
    }
    g_string_append_unichar(s, c);
    return true;
}

static bool parse_string(Parser *ps, char **out)
{
    g_autoptr(GString) s = g_string_new(NULL);

    ps->p++;                                    /* the opening quote */
    while (ps->p < ps->end && *ps->p != '"') {
        if ((uint8_t)*ps->p < 0x20) {
            return parse_fail(ps, "control character in string");
        }
        if (*ps->p == '\\') {
            ps->p++;
            if (!parse_escape(ps, s)) {
                return false;
            }
        } else {
            g_string_append_c(s, *ps->p++);
        }
    }
    if (ps->p >= ps->end) {
        return parse_fail(ps, "unterminated string");
    }
    ps->p++;
    if (!g_utf8_validate(s->str, s->len, NULL)) {
        return parse_fail(ps, "invalid UTF-8");
    }
    *out = g_string_free(g_steal_pointer(&s), FALSE);
    return true;
}

static bool parse_number(Parser *ps, JsonNode **out)
{
    const char *start = ps->p;
    bool is_double = false;
    g_autofree char *text = NULL;
    char *end;

    while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p)) {
        is_double |= strchr(".eE", *ps->p) != NULL;
        ps->p++;
    }
    text = g_strndup(start, ps->p - start);
    errno = 0;
    if (!is_double) {
        int64_t v = g_ascii_strtoll(text, &end, 10);
        if (!errno && !*end && *text) {
            *out = json_new_int(v);
            return true;
        }
    }
    double d = g_ascii_strtod(text, &end);
    if (*end || !*text) {
        return parse_fail(ps, "bad number");
    }
    *out = json_new_double(d);
    return true;
}

static bool parse_literal(Parser *ps, const char *word, JsonNode *node,
                          JsonNode **out)
{
    size_t n = strlen(word);

    if ((size_t)(ps->end - ps->p) < n || strncmp(ps->p, word, n)) {
        json_free(node);
        return parse_fail(ps, "unexpected character");
    }
    ps->p += n;
    *out = node;
    return true;
}

/* Elements of an array or members of an object, up to the closing char. */
static bool parse_container(Parser *ps, JsonNode *node, char close)
{
    bool first = true;

    ps->p++;
    for (;;) {
        char *key = NULL;
        JsonNode *val;

        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == close && first) {
            ps->p++;
            return true;
        }
        if (close == '}') {
            if (ps->p >= ps->end || *ps->p != '"' || !parse_string(ps, &key)) {
                return parse_fail(ps, "expected a member name");
            }
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p++ != ':') {
                g_free(key);
                return parse_fail(ps, "expected ':'");
            }
        }
        if (!parse_value(ps, &val)) {
            g_free(key);
            return false;
        }
        if (key) {
            json_object_set(node, key, val);
            g_free(key);
        } else {
            json_array_append(node, val);
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return true;
        }
        if (ps->p >= ps->end || *ps->p++ != ',') {
            return parse_fail(ps, "expected ',' or a closing bracket");
        }
        first = false;
    }
}

static bool parse_value(Parser *ps, JsonNode **out)
{
    JsonNode *node;
    bool ok;

    skip_ws(ps);
    if (ps->p >= ps->end) {
        return parse_fail(ps, "unexpected end of input");
    }
    switch (*ps->p) {
    case '{':
    case '[':
        if (++ps->depth > JSON_MAX_DEPTH) {
            return parse_fail(ps, "nesting too deep");
        }
        node = *ps->p == '{' ? json_new_object() : json_new_array();
        ok = parse_container(ps, node, *ps->p == '{' ? '}' : ']');
        ps->depth--;
        if (!ok) {
            json_free(node);
            return false;
        }
        *out = node;
        return true;
    case '"':
        node = node_new(JSON_STRING);
        if (!parse_string(ps, &node->s)) {
            g_free(node);
            return false;
        }
        *out = node;
        return true;
    case 't':
        return parse_literal(ps, "true", json_new_bool(true), out);
    case 'f':
        return parse_literal(ps, "false", json_new_bool(false), out);
    case 'n':
        return parse_literal(ps, "null", json_new_null(), out);
    default:
        return parse_number(ps, out);
    }
}

JsonNode *json_parse(const char *text, size_t len, Error **errp)
{
    Parser ps = { .p = text, .end = text + len, .errp = errp };
    JsonNode *node;

    if (!parse_value(&ps, &node)) {
        return NULL;
    }
    skip_ws(&ps);
    if (ps.p != ps.end) {
        json_free(node);
        parse_fail(&ps, "trailing characters");
        return NULL;
    }
    return node;
}

/* ---- Printer ---- */

static void print_string(const char *s, GString *out)
{
    g_string_append_c(out, '"');
    for (const uint8_t *p = (const uint8_t *)s; *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (*p < 0x20) {
                g_string_append_printf(out, "\\u%04x", *p);
            } else {
                g_string_append_c(out, *p);
            }
        }
    }
    g_string_append_c(out, '"');
}

void json_to_gstring(const JsonNode *node, GString *out)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    switch (node->type) {
    case JSON_NULL:
        g_string_append(out, "null");
        break;
    case JSON_BOOL:
        g_string_append(out, node->b ? "true" : "false");
        break;
    case JSON_INT:
        g_string_append_printf(out, "%" PRId64, node->i);
        break;
    case JSON_DOUBLE:
        g_string_append(out, g_ascii_dtostr(buf, sizeof(buf), node->d));
        break;
    case JSON_STRING:
        print_string(node->s, out);
        break;
    case JSON_ARRAY:
    case JSON_OBJECT:
        g_string_append_c(out, node->type == JSON_ARRAY ? '[' : '{');
        for (guint i = 0; i < node->items->len; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            if (node->type == JSON_ARRAY) {
                json_to_gstring(g_ptr_array_index(node->items, i), out);
            } else {
                JsonMember *m = g_ptr_array_index(node->items, i);
                print_string(m->key, out);
                g_string_append(out, ": ");
                json_to_gstring(m->val, out);
            }
        }
        g_string_append_c(out, node->type == JSON_ARRAY ? ']' : '}');
        break;
    }
}

/* ---- Stream splitter ---- */

void json_streamer_init(JsonStreamer *js, size_t max_len, JsonEmitFn *emit,
                        void *opaque)
{
    memset(js, 0, sizeof(*js));
    js->buf = g_string_new(NULL);
    js->max_len = max_len;
    js->emit = emit;
    js->opaque = opaque;
}

void json_streamer_destroy(JsonStreamer *js)
{
    g_string_free(js->buf, TRUE);
}

static void streamer_reset(JsonStreamer *js)
{
    g_string_truncate(js->buf, 0);
    js->depth = 0;
    js->in_string = js->escape = js->scalar = false;
}

static void streamer_emit(JsonStreamer *js)
{
    js->emit(js->opaque, js->buf->str, js->buf->len);
    streamer_reset(js);
}

static void streamer_byte(JsonStreamer *js, char c)
{
    if (!js->buf->len) {
        if (strchr(" \t\r\n", c)) {
            return;                             /* between values */
        }
        js->scalar = c != '{' && c != '[';
    }
    if (js->buf->len >= js->max_len) {
        js->emit(js->opaque, NULL, 0);          /* too long: dropped */
        streamer_reset(js);
        return;
    }
    if (js->scalar) {                           /* not an object: a line */
        if (c == '\n') {
            streamer_emit(js);
        } else {
            g_string_append_c(js->buf, c);
        }
        return;
    }
    g_string_append_c(js->buf, c);
    if (js->in_string) {
        js->in_string = js->escape || c != '"';
        js->escape = !js->escape && c == '\\';
    } else if (c == '"') {
        js->in_string = true;
    } else if (c == '{' || c == '[') {
        js->depth++;
    } else if ((c == '}' || c == ']') && --js->depth == 0) {
        streamer_emit(js);
    }
}

void json_streamer_feed(JsonStreamer *js, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        streamer_byte(js, data[i]);
    }
}
