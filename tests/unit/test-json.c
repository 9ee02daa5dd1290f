/*
 * The JSON parser, printer and stream splitter used by QMP.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "util/json.h"

static char *roundtrip(const char *text)
{
    g_autoptr(JsonNode) n = json_parse(text, strlen(text), NULL);
    GString *out = g_string_new(NULL);

    g_assert_nonnull(n);
    json_to_gstring(n, out);
    return g_string_free(out, FALSE);
}

static void test_parse_and_print(void)
{
    g_autofree char *a = roundtrip(" {\"execute\" : \"stop\", \"id\": [1, -2, 3.5, "
                                   "true, false, null, {}, []]} ");
    g_autofree char *b = roundtrip("\"tab\\tq\\\"u\\u00e9\\ud83d\\ude00\"");

    g_assert_cmpstr(a, ==, "{\"execute\": \"stop\", \"id\": [1, -2, 3.5, true, "
                    "false, null, {}, []]}");
    g_assert_cmpstr(b, ==, "\"tab\\tq\\\"u\xc3\xa9\xf0\x9f\x98\x80\"");
}

static void test_accessors(void)
{
    const char *text = "{\"a\": 9223372036854775807, \"b\": \"x\", \"a\": 1}";
    g_autoptr(JsonNode) n = json_parse(text, strlen(text), NULL);

    g_assert_cmpint(json_type(n), ==, JSON_OBJECT);
    g_assert_cmpuint(json_length(n), ==, 2);          /* duplicate key replaced */
    g_assert_cmpint(json_int(json_object_get(n, "a")), ==, 1);
    g_assert_cmpstr(json_string(json_object_get(n, "b")), ==, "x");
    g_assert_null(json_object_get(n, "c"));
    g_assert_null(json_string(json_object_get(n, "a")));
}

static void test_errors(void)
{
    static const char *const bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "{a: 1}", "tru", "\"abc", "1 2",
        "\"\\x\"", "\"\\ud800\"", "\"a\x01\"", "\"\xff\"", "-", "{\"a\":}",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        g_assert_null(json_parse(bad[i], strlen(bad[i]), &err));
        g_assert_nonnull(err);
        g_assert_true(g_str_has_prefix(error_get_pretty(err), "JSON parse error"));
        error_free(err);
    }
}

static void test_deep_nesting_refused(void)
{
    g_autofree char *deep = g_strnfill(100000, '[');
    Error *err = NULL;

    g_assert_null(json_parse(deep, strlen(deep), &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "too deep"));
    error_free(err);
}

static void collect(void *opaque, const char *text, size_t len)
{
    g_ptr_array_add(opaque, text ? g_strndup(text, len) : g_strdup("<too long>"));
}

static void test_streamer(void)
{
    g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func(g_free);
    JsonStreamer js;
    const char *feed = "{\"a\": \"}{\\\"\"}\n  [1, {\"b\": []}]garbage\n{\"x\":";

    json_streamer_init(&js, 64, collect, got);
    /* Byte by byte: splitting must not depend on chunk boundaries. */
    for (const char *p = feed; *p; p++) {
        json_streamer_feed(&js, p, 1);
    }
    g_assert_cmpuint(got->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(got, 0), ==, "{\"a\": \"}{\\\"\"}");
    g_assert_cmpstr(g_ptr_array_index(got, 1), ==, "[1, {\"b\": []}]");
    g_assert_cmpstr(g_ptr_array_index(got, 2), ==, "garbage");
    json_streamer_feed(&js, "1234567890123456789012345678901234567890123456789012345678901234567", 67);
    g_assert_cmpstr(g_ptr_array_index(got, 3), ==, "<too long>");
    json_streamer_destroy(&js);
}

static void test_builders(void)
{
    g_autoptr(JsonNode) obj = json_new_object();
    JsonNode *arr = json_new_array();
    g_autoptr(GString) out = g_string_new(NULL);

    json_array_append(arr, json_new_int(-5));
    json_array_append(arr, json_new_string("a\"b\n"));
    json_object_set(obj, "list", arr);
    json_object_set(obj, "ok", json_new_bool(true));
    json_object_set(obj, "none", json_new_null());
    json_to_gstring(obj, out);
    g_assert_cmpstr(out->str, ==,
                    "{\"list\": [-5, \"a\\\"b\\n\"], \"ok\": true, \"none\": null}");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/parse-and-print", test_parse_and_print);
    g_test_add_func("/json/accessors", test_accessors);
    g_test_add_func("/json/errors", test_errors);
    g_test_add_func("/json/deep-nesting-refused", test_deep_nesting_refused);
    g_test_add_func("/json/streamer", test_streamer);
    g_test_add_func("/json/builders", test_builders);
    return g_test_run();
}
