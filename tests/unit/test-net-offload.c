/*
 * net/offload.c: the Internet checksum, checksum completion and TCP
 * segmentation of IPv4, IPv6 and VLAN-tagged frames, checked by verifying
 * every emitted frame the way a receiver would; frames that do not parse
 * are refused.
 */
#include "kemu/osdep.h"
#include "net/offload.h"

#define MAC_LEN 12

/* A TCP frame: [vlan] IPv4 or IPv6, a 32-byte TCP header, payload i & 0xff. */
static GByteArray *make_tcp(bool ipv6, bool vlan, size_t payload,
                            uint8_t flags)
{
    GByteArray *f = g_byte_array_new();
    uint8_t eth[18] = { 0x52, 0x54, 0, 0, 0, 1, 0x52, 0x54, 0, 0, 0, 2 };
    uint8_t ip[40] = { 0 };
    uint8_t tcp[32] = { 0x9c, 0x40, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78,
                        0, 0, 0, 1, 8 << 4, flags, 0xff, 0xff };
    size_t elen = vlan ? 18 : 14;

    if (vlan) {
        eth[12] = 0x81;
        eth[14] = 0x00;
        eth[15] = 0x05;
    }
    eth[elen - 2] = ipv6 ? 0x86 : 0x08;
    eth[elen - 1] = ipv6 ? 0xdd : 0x00;
    g_byte_array_append(f, eth, elen);
    if (ipv6) {
        ip[0] = 0x60;
        ip[6] = 6;
        ip[7] = 64;
        ip[8] = 0xfe;
        ip[23] = 1;
        ip[24] = 0xfe;
        ip[39] = 2;
        g_byte_array_append(f, ip, 40);
    } else {
        ip[0] = 0x45;
        ip[4] = 0x10;               /* ID 0x1000 */
        ip[8] = 64;
        ip[9] = 6;
        memcpy(ip + 12, (uint8_t[]){ 10, 0, 2, 15, 10, 0, 2, 2 }, 8);
        g_byte_array_append(f, ip, 20);
    }
    g_byte_array_append(f, tcp, sizeof(tcp));
    for (size_t i = 0; i < payload; i++) {
        uint8_t b = i;

        g_byte_array_append(f, &b, 1);
    }
    return f;
}

typedef struct Seen {
    GPtrArray *frames;          /* GBytes * */
} Seen;

static void collect(void *opaque, const uint8_t *frame, size_t len)
{
    g_ptr_array_add(((Seen *)opaque)->frames, g_bytes_new(frame, len));
}

static uint16_t be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)be16(p) << 16 | be16(p + 2);
}

/* Check one segment as a receiver would; returns its payload length. */
static size_t check_segment(GBytes *b, bool ipv6, size_t l3, unsigned index,
                            uint32_t seq, size_t off)
{
    size_t len;
    const uint8_t *f = g_bytes_get_data(b, &len);
    size_t l4 = l3 + (ipv6 ? 40 : 20), plen = len - l4 - 32;
    uint32_t sum;

    if (ipv6) {
        g_assert_cmpuint(be16(f + l3 + 4), ==, 32 + plen);
        sum = net_checksum_add(0, f + l3 + 8, 32);
    } else {
        g_assert_cmpuint(be16(f + l3 + 2), ==, len - l3);
        g_assert_cmphex(be16(f + l3 + 4), ==, 0x1000 + index);
        g_assert_cmphex(net_checksum_finish(net_checksum_add(0, f + l3, 20)),
                        ==, 0);
        sum = net_checksum_add(0, f + l3 + 12, 8);
    }
    sum += 6 + 32 + plen;
    g_assert_cmphex(net_checksum_finish(net_checksum_add(sum, f + l4,
                                                         32 + plen)), ==, 0);
    g_assert_cmphex(be32(f + l4 + 4), ==, seq + off);
    for (size_t i = 0; i < plen; i++) {
        g_assert_cmpuint(f[l4 + 32 + i], ==, (uint8_t)(off + i));
    }
    return plen;
}

static void test_checksum(void)
{
    /* RFC 1071's example: the sum of these words is 0xddf2. */
    static const uint8_t words[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
                                     0xf6, 0xf7 };
    uint8_t odd[3] = { 0x12, 0x34, 0x56 };

    g_assert_cmphex(net_checksum_finish(net_checksum_add(0, words, 8)), ==,
                    (uint16_t)~0xddf2);
    /* An odd byte counts as its high half. */
    g_assert_cmphex(net_checksum_add(0, odd, 3), ==, 0x1234 + 0x5600);
}

static void test_checksum_complete(void)
{
    g_autoptr(GByteArray) f = make_tcp(false, false, 101, 0x18);
    size_t l4 = 14 + 20, tcp_len = f->len - l4;
    uint32_t pseudo;

    /* What Linux leaves: the pseudo-header sum in the field, not inverted. */
    pseudo = net_checksum_add(0, f->data + 14 + 12, 8) + 6 + tcp_len;
    while (pseudo >> 16) {
        pseudo = (pseudo & 0xffff) + (pseudo >> 16);
    }
    f->data[l4 + 16] = pseudo >> 8;
    f->data[l4 + 17] = pseudo;
    g_assert_true(net_checksum_complete(f->data, f->len, l4, 16));
    pseudo = net_checksum_add(0, f->data + 14 + 12, 8) + 6 + tcp_len;
    g_assert_cmphex(net_checksum_finish(net_checksum_add(pseudo, f->data + l4,
                                                         tcp_len)), ==, 0);
    /* The field must lie inside the frame. */
    g_assert_false(net_checksum_complete(f->data, f->len, f->len - 1, 0));
    g_assert_false(net_checksum_complete(f->data, f->len, f->len + 4, 0));
    g_assert_false(net_checksum_complete(f->data, f->len, l4, SIZE_MAX - 1));
}

static void check_tso(bool ipv6, bool vlan)
{
    g_autoptr(GByteArray) f = make_tcp(ipv6, vlan, 3000, 0x80 | 0x18 | 0x01);
    Seen s = { g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
    size_t l3 = vlan ? 18 : 14, off = 0;

    g_assert_true(net_tso_segment(f->data, f->len, 1448, collect, &s));
    g_assert_cmpuint(s.frames->len, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        GBytes *b = g_ptr_array_index(s.frames, i);
        const uint8_t *p = g_bytes_get_data(b, NULL);
        uint8_t flags = p[l3 + (ipv6 ? 40 : 20) + 13];

        off += check_segment(b, ipv6, l3, i, 0x12345678, off);
        /* CWR on the first only, FIN and PSH on the last only. */
        g_assert_cmphex(flags & 0x80, ==, i == 0 ? 0x80 : 0);
        g_assert_cmphex(flags & 0x09, ==, i == 2 ? 0x09 : 0);
        g_assert_cmphex(flags & 0x10, ==, 0x10);
        g_assert_cmpmem(p, MAC_LEN, f->data, MAC_LEN);
    }
    g_assert_cmpuint(off, ==, 3000);
    g_ptr_array_unref(s.frames);
}

static void test_tso_ipv4(void)
{
    check_tso(false, false);
}

static void test_tso_ipv6(void)
{
    check_tso(true, false);
}

static void test_tso_vlan(void)
{
    check_tso(false, true);
}

/* With mss UINT16_MAX a segment is as large as the IPv4 length allows. */
static void test_tso_ip_length_limit(void)
{
    g_autoptr(GByteArray) f = make_tcp(false, false, 65536, 0x10);
    Seen s = { g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
    size_t off = 0;

    g_assert_true(net_tso_segment(f->data, f->len, UINT16_MAX, collect, &s));
    g_assert_cmpuint(s.frames->len, ==, 2);
    off += check_segment(g_ptr_array_index(s.frames, 0), false, 14, 0,
                         0x12345678, off);
    g_assert_cmpuint(off, ==, 65535 - 20 - 32);
    off += check_segment(g_ptr_array_index(s.frames, 1), false, 14, 1,
                         0x12345678, off);
    g_assert_cmpuint(off, ==, 65536);
    g_ptr_array_unref(s.frames);
}

static void test_tso_refuses(void)
{
    g_autoptr(GByteArray) f = make_tcp(false, false, 100, 0x10);
    Seen s = { g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };

    g_assert_false(net_tso_segment(f->data, f->len, 0, collect, &s));
    /* Cut short inside the TCP header. */
    g_assert_false(net_tso_segment(f->data, 14 + 20 + 19, 100, collect, &s));
    /* A TCP data offset past the end. */
    f->data[14 + 20 + 12] = 15 << 4;
    g_assert_false(net_tso_segment(f->data, 14 + 20 + 40, 100, collect, &s));
    f->data[14 + 20 + 12] = 8 << 4;
    /* UDP, then ARP. */
    f->data[14 + 9] = 17;
    g_assert_false(net_tso_segment(f->data, f->len, 100, collect, &s));
    f->data[12] = 0x08;
    f->data[13] = 0x06;
    g_assert_false(net_tso_segment(f->data, f->len, 100, collect, &s));
    /* An IHL below 5. */
    f->data[13] = 0x00;
    f->data[14 + 9] = 6;
    f->data[14] = 0x44;
    g_assert_false(net_tso_segment(f->data, f->len, 100, collect, &s));
    g_assert_cmpuint(s.frames->len, ==, 0);
    g_ptr_array_unref(s.frames);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net-offload/checksum", test_checksum);
    g_test_add_func("/net-offload/checksum-complete", test_checksum_complete);
    g_test_add_func("/net-offload/tso-ipv4", test_tso_ipv4);
    g_test_add_func("/net-offload/tso-ipv6", test_tso_ipv6);
    g_test_add_func("/net-offload/tso-vlan", test_tso_vlan);
    g_test_add_func("/net-offload/tso-ip-length-limit",
                    test_tso_ip_length_limit);
    g_test_add_func("/net-offload/tso-refuses", test_tso_refuses);
    return g_test_run();
}
