/*
 * Checksum and TCP segmentation offload in software (see net/offload.h).
 */
#include "kemu/osdep.h"
#include "net/offload.h"

#define ETH_HLEN        14
#define ETH_P_IPV4      0x0800
#define ETH_P_IPV6      0x86dd
#define ETH_P_VLAN      0x8100
#define IPV6_HLEN       40
#define IPPROTO_TCP_    6
#define TCP_HLEN_MIN    20
#define TCP_FIN         0x01
#define TCP_PSH         0x08
#define TCP_CWR         0x80

static uint16_t get_be16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

uint32_t net_checksum_add(uint32_t sum, const uint8_t *buf, size_t len)
{
    uint64_t s = sum;
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        s += get_be16(buf + i);
    }
    if (i < len) {
        s += buf[i] << 8;           /* an odd byte is padded with zero */
    }
    while (s >> 32) {
        s = (s & 0xffffffff) + (s >> 32);
    }
    return s;
}

uint16_t net_checksum_finish(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

bool net_checksum_complete(uint8_t *frame, size_t len, size_t start,
                           size_t offset)
{
    if (start > len || offset > len - start || len - start - offset < 2) {
        return false;
    }
    put_be16(frame + start + offset,
             net_checksum_finish(net_checksum_add(0, frame + start,
                                                  len - start)));
    return true;
}

/* Where the headers of a TCP frame are. */
typedef struct TcpFrame {
    size_t l3;                  /* IP header */
    size_t l4;                  /* TCP header */
    size_t hlen;                /* all headers: the payload starts here */
    bool ipv6;
} TcpFrame;

static bool parse_tcp_frame(const uint8_t *f, size_t len, TcpFrame *t)
{
    uint16_t type;

    if (len < ETH_HLEN) {
        return false;
    }
    t->l3 = ETH_HLEN;
    type = get_be16(f + 12);
    if (type == ETH_P_VLAN) {
        if (len < ETH_HLEN + 4) {
            return false;
        }
        t->l3 += 4;
        type = get_be16(f + 16);
    }
    if (type == ETH_P_IPV4) {
        size_t ihl;

        if (len < t->l3 + 20 || f[t->l3] >> 4 != 4 ||
            f[t->l3 + 9] != IPPROTO_TCP_) {
            return false;
        }
        ihl = (f[t->l3] & 0xf) * 4;
        t->ipv6 = false;
        t->l4 = t->l3 + ihl;
        if (ihl < 20) {
            return false;
        }
    } else if (type == ETH_P_IPV6) {
        if (len < t->l3 + IPV6_HLEN || f[t->l3] >> 4 != 6 ||
            f[t->l3 + 6] != IPPROTO_TCP_) {
            return false;
        }
        t->ipv6 = true;
        t->l4 = t->l3 + IPV6_HLEN;
    } else {
        return false;
    }
    if (len < t->l4 + TCP_HLEN_MIN) {
        return false;
    }
    t->hlen = t->l4 + (f[t->l4 + 12] >> 4) * 4;
    return t->hlen >= t->l4 + TCP_HLEN_MIN && t->hlen <= len;
}

/* Fix the IP and TCP headers of seg (headers + plen payload bytes). */
static void fix_segment(uint8_t *seg, const TcpFrame *t, size_t plen,
                        unsigned index, uint32_t seq, bool last)
{
    uint8_t *ip = seg + t->l3, *tcp = seg + t->l4;
    size_t tcp_len = t->hlen - t->l4 + plen;
    uint32_t sum;

    if (t->ipv6) {
        put_be16(ip + 4, tcp_len);
        sum = net_checksum_add(0, ip + 8, 32);      /* source, destination */
    } else {
        put_be16(ip + 2, t->l4 - t->l3 + tcp_len);
        put_be16(ip + 4, get_be16(ip + 4) + index);  /* IDs count up */
        put_be16(ip + 10, 0);
        put_be16(ip + 10, net_checksum_finish(
                     net_checksum_add(0, ip, t->l4 - t->l3)));
        sum = net_checksum_add(0, ip + 12, 8);
    }
    sum += IPPROTO_TCP_ + tcp_len;
    tcp[4] = seq >> 24;
    tcp[5] = seq >> 16;
    tcp[6] = seq >> 8;
    tcp[7] = seq;
    if (!last) {
        tcp[13] &= ~(TCP_FIN | TCP_PSH);
    }
    if (index) {
        tcp[13] &= ~TCP_CWR;
    }
    put_be16(tcp + 16, 0);
    put_be16(tcp + 16, net_checksum_finish(net_checksum_add(sum, tcp,
                                                            tcp_len)));
}

bool net_tso_segment(const uint8_t *frame, size_t len, unsigned mss,
                     NetFrameFn *emit, void *opaque)
{
    g_autofree uint8_t *seg = NULL;
    uint32_t seq0;
    size_t payload, off = 0;
    unsigned index = 0;
    TcpFrame t;

    if (!mss || !parse_tcp_frame(frame, len, &t)) {
        return false;
    }
    /* The IP length field (IPv4: with its header) must hold a segment. */
    mss = MIN(mss, 0xffff - (t.hlen - (t.ipv6 ? t.l4 : t.l3)));
    if (!mss) {
        return false;
    }
    seg = g_malloc(t.hlen + MIN(mss, len - t.hlen));
    seq0 = (uint32_t)get_be16(frame + t.l4 + 4) << 16 |
           get_be16(frame + t.l4 + 6);
    payload = len - t.hlen;
    do {
        size_t plen = MIN(mss, payload - off);
        bool last = off + plen == payload;

        memcpy(seg, frame, t.hlen);
        memcpy(seg + t.hlen, frame + t.hlen + off, plen);
        fix_segment(seg, &t, plen, index++, seq0 + off, last);
        emit(opaque, seg, t.hlen + plen);
        off += plen;
    } while (off < payload);
    return true;
}
