/*
 * GDB remote protocol framing.
 */
#include "kemu/osdep.h"
#include "packet.h"

enum { RS_IDLE, RS_DATA, RS_ESCAPE, RS_CSUM1, RS_CSUM2 };

void gdb_reader_init(GdbPacketReader *r)
{
    r->state = RS_IDLE;
    r->data = g_string_new(NULL);
}

void gdb_reader_destroy(GdbPacketReader *r)
{
    g_string_free(r->data, TRUE);
}

static GdbReadEvent finish_packet(GdbPacketReader *r)
{
    char hex[3] = { r->csum[0], r->csum[1], 0 };
    char *end;
    unsigned long sum = strtoul(hex, &end, 16);

    r->state = RS_IDLE;
    if (*end || end != hex + 2 || sum != r->sum) {
        return GDB_READ_BAD_CHECKSUM;
    }
    return GDB_READ_PACKET;
}

GdbReadEvent gdb_reader_feed(GdbPacketReader *r, uint8_t byte)
{
    switch (r->state) {
    case RS_IDLE:
        if (byte == '$') {
            g_string_truncate(r->data, 0);
            r->sum = 0;
            r->state = RS_DATA;
        } else if (byte == 0x03) {
            return GDB_READ_INTERRUPT;
        }
        return GDB_READ_NONE;       /* '+', '-' and noise */
    case RS_DATA:
        if (byte == '#') {
            r->state = RS_CSUM1;
            return GDB_READ_NONE;
        }
        r->sum += byte;
        if (byte == '}') {
            r->state = RS_ESCAPE;
        } else if (r->data->len < GDB_MAX_PACKET) {
            g_string_append_c(r->data, byte);
        }
        return GDB_READ_NONE;
    case RS_ESCAPE:
        r->sum += byte;
        if (r->data->len < GDB_MAX_PACKET) {
            g_string_append_c(r->data, byte ^ 0x20);
        }
        r->state = RS_DATA;
        return GDB_READ_NONE;
    case RS_CSUM1:
        r->csum[0] = byte;
        r->state = RS_CSUM2;
        return GDB_READ_NONE;
    default:
        r->csum[1] = byte;
        return finish_packet(r);
    }
}

void gdb_frame_packet(GString *out, const char *payload, size_t len)
{
    uint8_t sum = 0;

    g_string_truncate(out, 0);
    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];
        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(out, c);
        sum += c;
    }
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_append_hex(GString *out, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        g_string_append_printf(out, "%02x", buf[i]);
    }
}

bool gdb_decode_hex(const char *hex, uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int hi = g_ascii_xdigit_value(hex[2 * i]);
        int lo = hi < 0 ? -1 : g_ascii_xdigit_value(hex[2 * i + 1]);

        if (lo < 0) {
            return false;
        }
        buf[i] = hi << 4 | lo;
    }
    return true;
}
