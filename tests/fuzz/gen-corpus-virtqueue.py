#!/usr/bin/env python3
"""Write the seed corpus of fuzz-virtqueue: a header (flags, log2 queue
size, kicks, ring offsets) and a guest RAM image with well-formed rings:
a plain chain, an indirect table, event idx with several requests, and a
buffer that crosses the end of RAM.

    tests/fuzz/gen-corpus-virtqueue.py tests/fuzz/corpus-virtqueue
"""
import pathlib
import struct
import sys

DESC, AVAIL, USED, INDIRECT, DATA = 0x0, 0x1000, 0x2000, 0x3000, 0x4000
RAM_SIZE = 0x10000
NEXT, WRITE, INDIR = 1, 2, 4


def image(flags, log2num, kicks, descs, heads, indirect=()):
    ram = bytearray(0x5000)
    for i, (addr, length, fl, nxt) in enumerate(descs):
        struct.pack_into("<QIHH", ram, DESC + 16 * i, addr, length, fl, nxt)
    for i, (addr, length, fl, nxt) in enumerate(indirect):
        struct.pack_into("<QIHH", ram, INDIRECT + 16 * i, addr, length, fl,
                         nxt)
    struct.pack_into("<HH", ram, AVAIL, 0, len(heads))
    for i, h in enumerate(heads):
        struct.pack_into("<H", ram, AVAIL + 4 + 2 * i, h)
    hdr = struct.pack("<BBBBIII", flags, log2num, kicks, 0, DESC, AVAIL, USED)
    return hdr + bytes(ram)


def ram(off):
    return 0x40000000 + off


SEEDS = {
    "chain": image(0, 4, 0, [(ram(DATA), 16, NEXT, 1),
                             (ram(DATA + 16), 64, WRITE, 0)], [0]),
    "indirect": image(1, 4, 0, [(ram(INDIRECT), 48, INDIR, 0)], [0],
                      [(ram(DATA), 16, NEXT, 1), (ram(DATA + 32), 512,
                                                  WRITE | NEXT, 2),
                       (ram(DATA + 1024), 1, WRITE, 0)]),
    "event-idx": image(2, 3, 2, [(ram(DATA + 64 * i), 32, WRITE, 0)
                                 for i in range(4)], [0, 1, 2, 3]),
    "ram-edge": image(3, 1, 0, [(ram(RAM_SIZE - 8), 16, WRITE, 0)], [0]),
}

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for name, data in SEEDS.items():
    (out / name).write_bytes(data)
