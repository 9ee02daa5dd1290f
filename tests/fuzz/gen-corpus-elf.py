#!/usr/bin/env python3
"""Write the seed corpus of fuzz-elf: small ELF32/ELF64 images of both byte
orders (some with a symbol table), and one gzip-compressed image.

    tests/fuzz/gen-corpus-elf.py tests/fuzz/corpus-elf
"""
import gzip
import pathlib
import struct
import sys

EM_386, EM_MIPS, EM_X86_64, EM_AARCH64 = 3, 8, 62, 183
PT_LOAD, SHT_SYMTAB, SHT_STRTAB = 1, 2, 3


def build(is64, big, machine, segs, entry, syms=()):
    """segs: (paddr, vaddr, data, memsz); syms: (name, value)."""
    e = ">" if big else "<"
    ehsize, phsize, shsize = (64, 56, 64) if is64 else (52, 32, 40)
    out = bytearray(ehsize + phsize * len(segs))
    phdrs = []
    for paddr, vaddr, data, memsz in segs:
        phdrs.append((len(out), paddr, vaddr, len(data), memsz))
        out += data
    for i, (off, paddr, vaddr, filesz, memsz) in enumerate(phdrs):
        if is64:
            ph = struct.pack(e + "IIQQQQQQ", PT_LOAD, 7, off, vaddr, paddr,
                             filesz, memsz, 0x1000)
        else:
            ph = struct.pack(e + "IIIIIIII", PT_LOAD, off, vaddr, paddr,
                             filesz, memsz, 7, 0x1000)
        out[ehsize + i * phsize:ehsize + (i + 1) * phsize] = ph
    shoff, shnum = 0, 0
    if syms:
        strtab = b"\0" + b"".join(n.encode() + b"\0" for n, _ in syms)
        symtab = bytearray(24 if is64 else 16)
        pos = 1
        for name, value in syms:
            if is64:
                symtab += struct.pack(e + "IBBHQQ", pos, 0x12, 0, 1, value, 0)
            else:
                symtab += struct.pack(e + "IIIBBH", pos, value, 0, 0x12, 0, 1)
            pos += len(name) + 1
        sym_off = len(out)
        out += symtab
        str_off = len(out)
        out += strtab
        shoff, shnum = len(out), 3
        fmt = e + ("IIQQQQIIQQ" if is64 else "IIIIIIIIII")
        entsize = 24 if is64 else 16
        out += bytes(shsize)
        out += struct.pack(fmt, 0, SHT_SYMTAB, 0, 0, sym_off, len(symtab),
                           2, 1, 8, entsize)
        out += struct.pack(fmt, 0, SHT_STRTAB, 0, 0, str_off, len(strtab),
                           0, 0, 1, 0)
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1])
    ident += bytes(16 - len(ident))
    fmt = e + ("HHIQQQIHHHHHH" if is64 else "HHIIIIIHHHHHH")
    out[:ehsize] = ident + struct.pack(
        fmt, 2, machine, 1, entry, ehsize, shoff, 0, ehsize, phsize,
        len(segs), shsize if shnum else 0, shnum, 0)
    return bytes(out)


def main(outdir):
    d = pathlib.Path(outdir)
    d.mkdir(parents=True, exist_ok=True)
    text, data = b"\x90" * 16, b"data"
    two = [(0x1000, 0x1000, text, 16), (0x2000, 0x2000, data, 0x80)]
    kseg0 = [(0x1000, 0x80001000, text, 16),
             (0x2000, 0x80002000, data, 0x80)]
    start = [("_start", 0x1000), ("bss", 0x2004)]
    seeds = {
        "elf32le": build(False, False, EM_386, two, 0x1000),
        "elf32be-mips-syms": build(False, True, EM_MIPS, kseg0, 0x80001000,
                                   start),
        "elf64le-syms": build(True, False, EM_X86_64, two, 0x1000, start),
        "elf64be": build(True, True, EM_AARCH64, two, 0x1000),
    }
    seeds["elf64le.gz"] = gzip.compress(seeds["elf64le-syms"], mtime=0)
    for name, blob in seeds.items():
        (d / name).write_bytes(blob)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus-elf")
