/*
 * GDB remote protocol framing: "$data#cc" packets with a modulo-256
 * checksum, '}' escapes, '+'/'-' acknowledgements and the 0x03 interrupt.
 */
#ifndef GDBSTUB_PACKET_H
#define GDBSTUB_PACKET_H

typedef enum GdbReadEvent {
    GDB_READ_NONE,          /* need more bytes */
    GDB_READ_PACKET,        /* a complete packet with a good checksum */
    GDB_READ_BAD_CHECKSUM,  /* reply '-' so gdb resends */
    GDB_READ_INTERRUPT,     /* Ctrl-C outside a packet */
} GdbReadEvent;

typedef struct GdbPacketReader {
    int state;
    GString *data;          /* the unescaped payload */
    uint8_t sum;
    char csum[2];
} GdbPacketReader;

#define GDB_MAX_PACKET 0x4000

void gdb_reader_init(GdbPacketReader *r);
void gdb_reader_destroy(GdbPacketReader *r);
GdbReadEvent gdb_reader_feed(GdbPacketReader *r, uint8_t byte);

/* Frame payload as "$payload#cc" into out (replacing its contents). */
void gdb_frame_packet(GString *out, const char *payload, size_t len);

/* Hex helpers shared by the command handlers. */
void gdb_append_hex(GString *out, const uint8_t *buf, size_t len);
/* Decode 2*len hex digits; false on a bad digit or short input. */
bool gdb_decode_hex(const char *hex, uint8_t *buf, size_t len);

#endif
