#!/usr/bin/env python3
"""Write the seed corpus of fuzz-bzimage: small bzImages with protocol
2.12 and 2.15 headers (relocatable or not, various setup_sects).

    tests/fuzz/gen-corpus-bzimage.py tests/fuzz/corpus-bzimage
"""
import pathlib
import struct
import sys

MIB = 1 << 20


def bzimage(version, setup_sects, kernel_len, relocatable, init_size,
            pref=16 * MIB):
    setup = (setup_sects or 4) + 1
    out = bytearray(setup * 512 + kernel_len)
    out[0x1f1] = setup_sects
    struct.pack_into("<I", out, 0x1f4, kernel_len // 16)
    struct.pack_into("<H", out, 0x1fe, 0xaa55)
    out[0x200:0x202] = bytes([0xeb, 0x6a])
    out[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", out, 0x206, version)
    out[0x211] = 1
    struct.pack_into("<I", out, 0x22c, 0x7fffffff)
    struct.pack_into("<I", out, 0x230, 2 * MIB)
    out[0x234] = relocatable
    struct.pack_into("<H", out, 0x236, 0x7f)
    struct.pack_into("<I", out, 0x238, 2047)
    struct.pack_into("<Q", out, 0x258, pref)
    struct.pack_into("<I", out, 0x260, init_size)
    for i in range(kernel_len):
        out[setup * 512 + i] = (i * 7) & 0xff
    return bytes(out)


def main():
    d = pathlib.Path(sys.argv[1])
    d.mkdir(parents=True, exist_ok=True)
    (d / "v2.15-reloc").write_bytes(bzimage(0x20f, 4, 2048, 1, 32 * MIB))
    (d / "v2.12-fixed").write_bytes(bzimage(0x20c, 0, 1024, 0, 8 * MIB,
                                            pref=MIB))
    (d / "v2.15-sects30").write_bytes(bzimage(0x20f, 30, 4096, 1, 64 * MIB))


if __name__ == "__main__":
    main()
