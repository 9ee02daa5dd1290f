/*
 * Transmit offloads done in software: what a NIC that offers checksum and
 * TCP segmentation offload to its driver does for a backend that takes
 * only plain Ethernet frames (user, socket, tap without vnet_hdr, hubs).
 *
 * Frames are guest data: every length and offset is checked against the
 * frame; a frame that does not parse is refused (false), never read past.
 */
#ifndef NET_OFFLOAD_H
#define NET_OFFLOAD_H

/* Receives one finished frame (len bytes at frame, valid for the call). */
typedef void NetFrameFn(void *opaque, const uint8_t *frame, size_t len);

/* RFC 1071 ones' complement sum of len bytes added to sum (not folded). */
uint32_t net_checksum_add(uint32_t sum, const uint8_t *buf, size_t len);
/* Fold sum to 16 bits and complement it: the value a header stores. */
uint16_t net_checksum_finish(uint32_t sum);

/*
 * Complete a partial checksum (virtio's NEEDS_CSUM): the ones' complement
 * sum of frame[start..len), which covers the 16-bit field at start + offset
 * (that field holds the pseudo-header sum), stored in that field.  False
 * when the field does not lie within the frame.
 */
bool net_checksum_complete(uint8_t *frame, size_t len, size_t start,
                           size_t offset);

/*
 * TCP segmentation: cut an Ethernet frame (optionally one 802.1Q tag)
 * carrying IPv4 or IPv6 (no extension headers) and TCP, whose payload may
 * be far longer than mss, into frames with at most mss payload bytes.
 * Each gets its own IP length (and IPv4 ID and header checksum), sequence
 * number and TCP checksum; FIN and PSH stay on the last, CWR on the first.
 * Each frame goes to emit in order; a payload is also cut where the IP
 * length would pass 65535 (mss UINT16_MAX: only there).  False (nothing
 * emitted) when the frame is not such a TCP frame or mss is 0.
 */
bool net_tso_segment(const uint8_t *frame, size_t len, unsigned mss,
                     NetFrameFn *emit, void *opaque);

#endif
