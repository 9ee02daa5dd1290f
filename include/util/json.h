/*
 * A small JSON tree for QMP: parse one message, build replies, print them.
 * Numbers are 64-bit integers or doubles; objects keep their key order.
 */
#ifndef UTIL_JSON_H
#define UTIL_JSON_H

typedef struct Error Error;

typedef enum JsonType {
    JSON_NULL,
    JSON_BOOL,
    JSON_INT,
    JSON_DOUBLE,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonType;

typedef struct JsonNode JsonNode;

/* Parse exactly one JSON value (surrounding white space allowed). */
JsonNode *json_parse(const char *text, size_t len, Error **errp);
void json_free(JsonNode *node);
JsonNode *json_copy(const JsonNode *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonNode, json_free)

JsonType json_type(const JsonNode *node);
bool json_bool(const JsonNode *node);
int64_t json_int(const JsonNode *node);
double json_double(const JsonNode *node);
const char *json_string(const JsonNode *node);
size_t json_length(const JsonNode *node);               /* array/object */
JsonNode *json_array_get(const JsonNode *array, size_t i);
/* The member's value, or NULL when absent (or node is not an object). */
JsonNode *json_object_get(const JsonNode *obj, const char *key);
const char *json_object_key(const JsonNode *obj, size_t i);

JsonNode *json_new_null(void);
JsonNode *json_new_bool(bool v);
JsonNode *json_new_int(int64_t v);
JsonNode *json_new_string(const char *s);
JsonNode *json_new_array(void);
JsonNode *json_new_object(void);
/* Both take ownership of val; set replaces an existing key. */
void json_array_append(JsonNode *array, JsonNode *val);
void json_object_set(JsonNode *obj, const char *key, JsonNode *val);

/* Compact JSON text appended to out. */
void json_to_gstring(const JsonNode *node, GString *out);

/*
 * Splits a byte stream into top-level JSON values (QMP sends them back to
 * back): feed bytes, and each complete object or array is passed to emit.
 * Anything else is passed on a line by itself (the caller reports it).  A
 * value longer than max_len is dropped and reported as text NULL.
 */
typedef void JsonEmitFn(void *opaque, const char *text, size_t len);
typedef struct JsonStreamer {
    GString *buf;
    int depth;
    bool in_string, escape;
    bool scalar;            /* not an object/array: ends at a newline */
    size_t max_len;
    JsonEmitFn *emit;
    void *opaque;
} JsonStreamer;

void json_streamer_init(JsonStreamer *js, size_t max_len, JsonEmitFn *emit,
                        void *opaque);
void json_streamer_destroy(JsonStreamer *js);
void json_streamer_feed(JsonStreamer *js, const char *data, size_t len);

#endif
