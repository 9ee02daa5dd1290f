/*
 * The shared option-string parser and value parsers.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "util/keyval.h"

static void test_implied_key_and_order(void)
{
    Error *err = NULL;
    g_autoptr(Keyval) kv = keyval_parse("virtio-net-pci,id=n0,netdev=u", "driver", &err);

    g_assert_null(err);
    g_assert_cmpuint(keyval_count(kv), ==, 3);
    g_assert_cmpstr(keyval_key(kv, 0), ==, "driver");
    g_assert_cmpstr(keyval_value(kv, 0), ==, "virtio-net-pci");
    g_assert_cmpstr(keyval_get(kv, "id"), ==, "n0");
    g_assert_cmpstr(keyval_get(kv, "netdev"), ==, "u");
    g_assert_null(keyval_get(kv, "bus"));
}

static void test_comma_escape(void)
{
    g_autoptr(Keyval) kv = keyval_parse("file=a,,b.img,,,format=raw,x=,,", NULL, NULL);

    g_assert_nonnull(kv);
    g_assert_cmpstr(keyval_get(kv, "file"), ==, "a,b.img,");
    g_assert_cmpstr(keyval_get(kv, "format"), ==, "raw");
    g_assert_cmpstr(keyval_get(kv, "x"), ==, ",");
}

static void test_first_element_with_key(void)
{
    g_autoptr(Keyval) kv = keyval_parse("type=pc,accel=kvm", "type", NULL);

    g_assert_cmpstr(keyval_get(kv, "type"), ==, "pc");
    g_assert_cmpstr(keyval_get(kv, "accel"), ==, "kvm");
}

static void test_flags_and_last_wins(void)
{
    g_autoptr(Keyval) kv = keyval_parse("socket,server,wait=on,wait=off", "backend", NULL);

    g_assert_cmpuint(keyval_count(kv), ==, 3);
    g_assert_cmpstr(keyval_get(kv, "server"), ==, "on");
    g_assert_cmpstr(keyval_get(kv, "wait"), ==, "off");
}

static void test_merge(void)
{
    g_autoptr(Keyval) a = keyval_parse("pc,accel=kvm", "type", NULL);
    g_autoptr(Keyval) b = keyval_parse("accel=tcg,usb=off", NULL, NULL);

    keyval_merge(a, b);
    g_assert_cmpuint(keyval_count(a), ==, 3);
    g_assert_cmpstr(keyval_get(a, "type"), ==, "pc");
    g_assert_cmpstr(keyval_get(a, "accel"), ==, "tcg");
    g_assert_cmpstr(keyval_get(a, "usb"), ==, "off");
}

static void test_bad_strings(void)
{
    Error *err = NULL;

    g_assert_null(keyval_parse("a=1,=2", NULL, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "invalid parameter name"));
    error_free(err);
    err = NULL;
    g_assert_null(keyval_parse("a=1,b c", NULL, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "'b c'"));
    error_free(err);
}

static void test_empty_and_trailing(void)
{
    g_autoptr(Keyval) empty = keyval_parse("", "type", NULL);
    g_autoptr(Keyval) trailing = keyval_parse("pc,", "type", NULL);

    g_assert_cmpuint(keyval_count(empty), ==, 0);
    g_assert_cmpuint(keyval_count(trailing), ==, 1);
}

static void test_unused_keys(void)
{
    Error *err = NULL;
    g_autoptr(Keyval) kv = keyval_parse("pc,accel=tcg,bogus=1", "type", NULL);

    keyval_set_option_name(kv, "-machine");
    keyval_get(kv, "type");
    keyval_get(kv, "accel");
    g_assert_false(keyval_check_unused(kv, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "-machine: unknown parameter 'bogus'");
    error_free(err);
    keyval_mark_used(kv, "bogus");
    g_assert_true(keyval_check_unused(kv, NULL));
}

static void test_typed_getters(void)
{
    Error *err = NULL;
    g_autoptr(Keyval) kv = keyval_parse("on=yes,n=0x10,s=2G,bad=maybe", NULL, NULL);
    bool b = false;
    uint64_t n = 0, s = 0, untouched = 42;

    keyval_set_option_name(kv, "-x");
    g_assert_true(keyval_get_bool(kv, "on", &b, NULL));
    g_assert_true(b);
    g_assert_true(keyval_get_uint(kv, "n", &n, NULL));
    g_assert_cmpuint(n, ==, 16);
    g_assert_true(keyval_get_size(kv, "s", &s, NULL));
    g_assert_cmpuint(s, ==, 2ULL << 30);
    g_assert_true(keyval_get_uint(kv, "absent", &untouched, NULL));
    g_assert_cmpuint(untouched, ==, 42);
    g_assert_false(keyval_get_bool(kv, "bad", &b, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "-x: bad: 'maybe' is not a boolean (use on or off)");
    error_free(err);
}

static void test_parse_size(void)
{
    uint64_t v;

    g_assert_true(parse_size("512", 1 << 20, &v));
    g_assert_cmpuint(v, ==, 512ULL << 20);
    g_assert_true(parse_size("4k", 1, &v));
    g_assert_cmpuint(v, ==, 4096);
    g_assert_true(parse_size("1.5G", 1, &v));
    g_assert_cmpuint(v, ==, 3ULL << 29);
    g_assert_true(parse_size("8MiB", 1, &v));
    g_assert_cmpuint(v, ==, 8ULL << 20);
    g_assert_true(parse_size("100B", 1 << 20, &v));
    g_assert_cmpuint(v, ==, 100);
    g_assert_false(parse_size("", 1, &v));
    g_assert_false(parse_size("-1", 1, &v));
    g_assert_false(parse_size("12Q", 1, &v));
    g_assert_false(parse_size("1.5", 1, &v));
    g_assert_false(parse_size("16E", 1, &v));     /* overflows 64 bits */
    g_assert_false(parse_size("99999999999999999999", 1, &v));
}

static void test_id_wellformed(void)
{
    g_assert_true(id_wellformed("serial0"));
    g_assert_true(id_wellformed("n.1-a_b"));
    g_assert_false(id_wellformed("0net"));
    g_assert_false(id_wellformed(""));
    g_assert_false(id_wellformed("a b"));
    g_assert_false(id_wellformed("a/b"));
}

static void test_parse_uint_bool(void)
{
    uint64_t v;
    bool b;

    g_assert_true(parse_uint("0x1F", &v));
    g_assert_cmpuint(v, ==, 31);
    g_assert_true(parse_uint("010", &v));
    g_assert_cmpuint(v, ==, 8);
    g_assert_false(parse_uint(" 1", &v));
    g_assert_false(parse_uint("+1", &v));
    g_assert_false(parse_uint("1x", &v));
    g_assert_true(parse_bool("OFF", &b));
    g_assert_false(b);
    g_assert_false(parse_bool("2", &b));
}

/* Repeatable keys come out in order; the rest keeps its escapes. */
static void test_take_repeated(void)
{
    g_autoptr(GPtrArray) vals = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *rest = keyval_take_repeated(
        "user,hostfwd=tcp::1-:2,id=a,,b,hostfwd=udp::3-:4", "hostfwd", vals);
    g_autoptr(Keyval) kv = keyval_parse(rest, "type", &error_fatal);

    g_assert_cmpuint(vals->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(vals, 0), ==, "tcp::1-:2");
    g_assert_cmpstr(g_ptr_array_index(vals, 1), ==, "udp::3-:4");
    g_assert_cmpstr(rest, ==, "user,id=a,,b");
    g_assert_cmpstr(keyval_get(kv, "type"), ==, "user");
    g_assert_cmpstr(keyval_get(kv, "id"), ==, "a,b");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/implied-key-and-order", test_implied_key_and_order);
    g_test_add_func("/keyval/comma-escape", test_comma_escape);
    g_test_add_func("/keyval/first-element-with-key", test_first_element_with_key);
    g_test_add_func("/keyval/flags-and-last-wins", test_flags_and_last_wins);
    g_test_add_func("/keyval/merge", test_merge);
    g_test_add_func("/keyval/bad-strings", test_bad_strings);
    g_test_add_func("/keyval/empty-and-trailing", test_empty_and_trailing);
    g_test_add_func("/keyval/unused-keys", test_unused_keys);
    g_test_add_func("/keyval/typed-getters", test_typed_getters);
    g_test_add_func("/keyval/parse-size", test_parse_size);
    g_test_add_func("/keyval/parse-uint-bool", test_parse_uint_bool);
    g_test_add_func("/keyval/id-wellformed", test_id_wellformed);
    g_test_add_func("/keyval/take-repeated", test_take_repeated);
    return g_test_run();
}
