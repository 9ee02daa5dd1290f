#!/usr/bin/env python3
"""decodegen: turn an instruction pattern file into a C decoder.

    decodegen.py [--name NAME] [--stats] -o OUT.c.inc FILE.decode

The pattern language and the generated code are described in
docs/devel/decodegen.md.  Python 3 standard library only.
"""
import argparse
import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
RE_IDENT = re.compile(IDENT + r"$")
RE_BITS = re.compile(r"[01.\-]+$")
RE_INLINE = re.compile(r"(" + IDENT + r"):(s?)([0-9]+)$")
RE_SEGMENT = re.compile(r"(s?)([0-9]+):([0-9]+)$")
RE_ASSIGN = re.compile(r"(" + IDENT + r")=(.+)$")
C_KEYWORDS = {"int", "char", "if", "else", "for", "while", "do", "return",
              "switch", "case", "default", "break", "struct", "union", "void",
              "static", "const", "unsigned", "signed", "long", "short"}


class DecodeError(Exception):
    def __init__(self, where, msg):
        super().__init__(f"{where}: error: {msg}")


class Where:
    """A position in the pattern file, printed as file:line."""

    def __init__(self, path, line):
        self.path, self.line = path, line

    def __str__(self):
        return f"{self.path}:{self.line}"


class Field:
    """Bits of the instruction turned into one int value.

    segments run from the most significant part of the value to the least;
    each is (pos, len) in the instruction, pos counting from bit 0.  A field
    without 'where' is written inline in a pattern or format (rd:5)."""

    def __init__(self, name, segments, signed, shift=0, func=None, where=None):
        self.name, self.segments, self.signed = name, segments, signed
        self.shift, self.func, self.where = shift, func, where

    def inline(self):
        return self.where is None

    def length(self):
        return sum(n for _, n in self.segments)

    def bits_expr(self):
        """A C expression of type uint32_t: the segments of 'insn', joined."""
        parts, left = [], self.length()
        for pos, n in self.segments:
            left -= n
            part = f"insn >> {pos}" if pos else "insn"
            if n < 32:
                part = f"{part} & 0x{(1 << n) - 1:x}u"
            if left:
                part = f"({part}) << {left}"
            parts.append(part)
        return parts[0] if len(parts) == 1 else " | ".join(f"({p})" for p in parts)

    def c_expr(self):
        """A C expression of type int reading the field from 'insn'."""
        total = self.length()
        if self.signed and total < 32:
            k = 32 - total
            return f"(int)((int32_t)(({self.bits_expr()}) << {k}) >> {k})"
        return f"(int)({self.bits_expr()})"


class Const:
    def __init__(self, value):
        self.value = value


class ArgSet:
    def __init__(self, name, members, where, auto=False):
        self.name, self.members, self.where, self.auto = name, members, where, auto


class Format:
    def __init__(self, name, mask, bits, values, argset, where):
        self.name, self.mask, self.bits = name, mask, bits
        self.values, self.argset, self.where = values, argset, where


class Pattern:
    def __init__(self, name, mask, bits, values, argset, where):
        self.name, self.mask, self.bits = name, mask, bits
        self.values, self.argset, self.where = values, argset, where
        self.extractor = None

    def leaves(self):
        return [self]


class Group:
    """'{' tries its members in order; '[' holds members that never overlap."""

    def __init__(self, kind, where):
        self.kind, self.where, self.items = kind, where, []

    def leaves(self):
        return [p for item in self.items for p in item.leaves()]

    def fixed(self):
        """(mask, bits) that every member pattern agrees on."""
        leaves = self.leaves()
        mask, bits = ~0, leaves[0].bits
        for p in leaves:
            mask &= p.mask & ~(p.bits ^ bits)
        return mask, bits & mask


def item_fixed(item):
    return (item.mask, item.bits) if isinstance(item, Pattern) else item.fixed()


def overlap(a, b):
    return (a.bits ^ b.bits) & a.mask & b.mask == 0


def parse_int(text):
    try:
        return int(text, 0)
    except ValueError:
        return None


class Parser:
    def __init__(self, path):
        self.path = path
        self.width = 32
        self.fields, self.argsets, self.formats = {}, {}, {}
        self.patterns = {}          # name -> first Pattern with that name
        self.functions = []         # !function names, in order
        self.top = Group("[", Where(path, 0))
        self.stack = [self.top]
        self.errors = []
        self.seen_definition = False

    # -- lines -------------------------------------------------------------

    def parse(self, text):
        for where, toks in self.logical_lines(text):
            try:
                self.parse_line(where, toks)
            except DecodeError as e:
                self.errors.append(str(e))
        for group in self.stack[1:]:
            self.errors.append(str(DecodeError(
                group.where, f"group '{group.kind}' is never closed")))

    def logical_lines(self, text):
        """Yield (where, tokens), joining lines that end in a backslash."""
        toks, start = [], None
        for num, line in enumerate(text.splitlines(), 1):
            line = line.split("#", 1)[0].rstrip()
            more = line.endswith("\\")
            if more:
                line = line[:-1]
            if start is None:
                start = num
            toks += line.split()
            if not more:
                if toks:
                    yield Where(self.path, start), toks
                toks, start = [], None
        if toks:
            yield Where(self.path, start), toks

    def parse_line(self, where, toks):
        head = toks[0]
        if head in ("{", "["):
            self.expect_alone(where, toks)
            group = Group(head, where)
            self.stack[-1].items.append(group)
            self.stack.append(group)
        elif head in ("}", "]"):
            self.expect_alone(where, toks)
            self.close_group(where, head)
        elif head.startswith("."):
            self.parse_directive(where, toks)
        elif head.startswith("%"):
            self.parse_field(where, toks)
        elif head.startswith("&"):
            self.parse_argset(where, toks)
        elif head.startswith("@"):
            self.parse_format(where, toks)
        else:
            self.parse_pattern(where, toks)

    def expect_alone(self, where, toks):
        if len(toks) > 1:
            raise DecodeError(where, f"'{toks[0]}' must be alone on its line")

    def close_group(self, where, close):
        opener = {"}": "{", "]": "["}[close]
        if len(self.stack) == 1:
            raise DecodeError(where, f"'{close}' without an open group")
        group = self.stack[-1]
        if group.kind != opener:
            raise DecodeError(where, f"'{close}' closes the '{group.kind}' "
                              f"opened at line {group.where.line}")
        if not group.items:
            raise DecodeError(where, "empty group")
        self.stack.pop()

    def parse_directive(self, where, toks):
        if toks[0] != ".width":
            raise DecodeError(where, f"unknown directive '{toks[0]}'")
        if len(toks) != 2 or toks[1] not in ("16", "32"):
            raise DecodeError(where, ".width takes 16 or 32")
        if self.seen_definition:
            raise DecodeError(where, ".width must come before any definition")
        self.width = int(toks[1])

    def new_name(self, where, kind, name, table):
        if not RE_IDENT.match(name) or name in C_KEYWORDS:
            raise DecodeError(where, f"bad {kind} name '{name}'")
        if name in table:
            raise DecodeError(where, f"duplicate {kind} '{name}' "
                              f"(first defined at line {table[name].where.line})")
        self.seen_definition = True

    # -- %field, &argset ---------------------------------------------------

    def parse_field(self, where, toks):
        name = toks[0][1:]
        self.new_name(where, "field", name, self.fields)
        segments, signed, shift, func = [], False, 0, None
        for tok in toks[1:]:
            m = RE_SEGMENT.match(tok)
            if m:
                if m.group(1) and segments:
                    raise DecodeError(where, f"'{tok}': only the first (most "
                                      "significant) segment can be signed")
                pos, n = int(m.group(2)), int(m.group(3))
                if n == 0 or pos + n > self.width:
                    raise DecodeError(where, f"segment '{tok}' does not fit "
                                      f"in a {self.width}-bit instruction")
                signed = signed or bool(m.group(1))
                segments.append((pos, n))
            elif tok.startswith("!function="):
                func = tok.split("=", 1)[1]
                if not RE_IDENT.match(func):
                    raise DecodeError(where, f"bad function name '{func}'")
            elif tok.startswith("!shift="):
                shift = parse_int(tok.split("=", 1)[1])
                if shift is None or not 0 < shift < 32:
                    raise DecodeError(where, f"bad shift in '{tok}' (1..31)")
            else:
                raise DecodeError(where, f"unexpected '{tok}' in field %{name} "
                                  "(expected pos:len, !shift=N or !function=F)")
        if not segments:
            raise DecodeError(where, f"field %{name} has no bits")
        if sum(n for _, n in segments) > 32:
            raise DecodeError(where, f"field %{name} is wider than 32 bits")
        if func and func not in self.functions:
            self.functions.append(func)
        self.fields[name] = Field(name, segments, signed, shift, func, where)

    def parse_argset(self, where, toks):
        name = toks[0][1:]
        self.new_name(where, "argument set", name, self.argsets)
        members = toks[1:]
        for m in members:
            if not RE_IDENT.match(m) or m in C_KEYWORDS:
                raise DecodeError(where, f"bad member name '{m}' in &{name}")
            if members.count(m) > 1:
                raise DecodeError(where, f"member '{m}' repeated in &{name}")
        pat = self.patterns.get(name)
        if pat and pat.argset.auto:
            raise DecodeError(where, f"&{name} clashes with the struct arg_{name} "
                              f"of pattern {name} (line {pat.where.line})")
        self.argsets[name] = ArgSet(name, members, where)

    # -- bits and values shared by @formats and patterns ------------------

    def parse_body(self, where, toks, allow_format):
        """Parse bit tokens and the rest of a format or pattern line.

        Returns (nbits, mask, bits, values, argset name, format name)."""
        pos, mask, bits = self.width, 0, 0
        values, argset, fmt = {}, None, None
        for tok in toks:
            m = RE_INLINE.match(tok)
            if RE_BITS.match(tok):
                for ch in tok:
                    pos -= 1
                    if ch in "01" and pos >= 0:
                        mask |= 1 << pos
                        bits |= int(ch) << pos
            elif m:
                n = int(m.group(3))
                if n == 0:
                    raise DecodeError(where, f"field '{tok}' has no bits")
                pos -= n
                if pos >= 0:
                    self.set_value(where, values, m.group(1),
                                   Field(m.group(1), [(pos, n)], bool(m.group(2))))
            elif tok.startswith("@"):
                if not allow_format:
                    raise DecodeError(where, "a format cannot use another format")
                if fmt:
                    raise DecodeError(where, "more than one @format")
                fmt = tok[1:]
                if fmt not in self.formats:
                    raise DecodeError(where, f"unknown format '@{fmt}'")
            elif tok.startswith("&"):
                if argset:
                    raise DecodeError(where, "more than one &argument set")
                argset = tok[1:]
                if argset not in self.argsets:
                    raise DecodeError(where, f"unknown argument set '&{argset}'")
            elif tok.startswith("%"):
                self.set_value(where, values, tok[1:], self.lookup_field(where, tok[1:]))
            elif RE_ASSIGN.match(tok):
                name, rhs = RE_ASSIGN.match(tok).groups()
                if rhs.startswith("%"):
                    value = self.lookup_field(where, rhs[1:])
                else:
                    num = parse_int(rhs)
                    if num is None or not -2**31 <= num < 2**31:
                        raise DecodeError(where, f"bad constant in '{tok}'")
                    value = Const(num)
                self.set_value(where, values, name, value)
            else:
                raise DecodeError(where, f"unexpected '{tok}'")
        return self.width - pos, mask, bits, values, argset, fmt

    def lookup_field(self, where, name):
        if name not in self.fields:
            raise DecodeError(where, f"unknown field '%{name}'")
        return self.fields[name]

    def set_value(self, where, values, name, value):
        if not RE_IDENT.match(name) or name in C_KEYWORDS:
            raise DecodeError(where, f"bad member name '{name}'")
        if name in values:
            raise DecodeError(where, f"field '{name}' is given twice")
        values[name] = value

    def check_width(self, where, nbits):
        if nbits != self.width:
            raise DecodeError(where, f"{nbits} bits given, the instruction "
                              f"has {self.width}")

    def parse_format(self, where, toks):
        name = toks[0][1:]
        self.new_name(where, "format", name, self.formats)
        nbits, mask, bits, values, argset, _ = self.parse_body(where, toks[1:], False)
        self.check_width(where, nbits)
        self.formats[name] = Format(name, mask, bits, values, argset, where)

    # -- patterns ------------------------------------------------------------

    def parse_pattern(self, where, toks):
        name = toks[0]
        if not RE_IDENT.match(name):
            raise DecodeError(where, f"unexpected '{name}' (expected a pattern name)")
        self.seen_definition = True
        nbits, mask, bits, values, argset, fmt = self.parse_body(where, toks[1:], True)
        if nbits or not fmt:
            self.check_width(where, nbits)
        if fmt:
            f = self.formats[fmt]
            clash = mask & f.mask & (bits ^ f.bits)
            if clash:
                raise DecodeError(where, f"fixed bit {clash.bit_length() - 1} "
                                  f"differs from format @{fmt}")
            mask, bits = mask | f.mask, bits | f.bits
            for fname, value in f.values.items():
                self.set_value(where, values, fname, value)
            if argset and f.argset and argset != f.argset:
                raise DecodeError(where, f"&{argset} differs from the format's "
                                  f"&{f.argset}")
            argset = argset or f.argset
        pat = Pattern(name, mask, bits, values, self.pattern_argset(where, name, values, argset),
                      where)
        self.stack[-1].items.append(pat)
        self.patterns.setdefault(name, pat)

    def pattern_argset(self, where, name, values, argset):
        first = self.patterns.get(name)
        if argset:
            a = self.argsets[argset]
            for m in a.members:
                if m not in values:
                    raise DecodeError(where, f"pattern {name} gives no value for "
                                      f"member '{m}' of &{argset}")
            for v in values:
                if v not in a.members:
                    raise DecodeError(where, f"pattern {name}: '{v}' is not a "
                                      f"member of &{argset}")
            if first and first.argset is not a:
                raise DecodeError(where, f"duplicate pattern '{name}' (first at line "
                                  f"{first.where.line}) must use the same &set")
            return a
        if first:
            raise DecodeError(where, f"duplicate pattern '{name}' (first at line "
                              f"{first.where.line}); patterns sharing a trans_ "
                              "function must name the same &argument set")
        if name in self.argsets:
            raise DecodeError(where, f"pattern {name}'s own struct arg_{name} "
                              f"clashes with &{name}")
        return ArgSet(name, list(values), where, auto=True)

    # -- checks after parsing --------------------------------------------------

    def check_overlaps(self):
        self.check_group(self.top)

    def check_group(self, group):
        if group.kind == "[":
            for i, a in enumerate(group.items):
                for b in group.items[i + 1:]:
                    self.check_pair(a, b)
        for item in group.items:
            if isinstance(item, Group):
                self.check_group(item)

    def check_pair(self, a, b):
        for p in a.leaves():
            for q in b.leaves():
                if overlap(p, q):
                    example = p.bits | q.bits
                    digits = self.width // 4
                    self.errors.append(str(DecodeError(
                        q.where, f"pattern {q.name} overlaps pattern {p.name} "
                        f"({p.where}); both match 0x{example:0{digits}x} (put "
                        "them in a '{ }' group if that is intended)")))
                    return


class Emitter:
    """Writes the C decoder: types, extractors, then the decision tree."""

    def __init__(self, parser, name):
        self.p, self.name = parser, name
        self.out = []
        self.extractors = {}        # key -> (C name, ArgSet, values)
        self.switches = 0
        self.max_depth = 0

    def line(self, depth, text=""):
        self.out.append("    " * depth + text if text else "")

    def generate(self, source):
        p = self.p
        self.line(0, f"/* Generated by scripts/decodegen.py from {source}: do not edit. */")
        self.line(0, "#include <stdbool.h>")
        self.line(0, "#include <stdint.h>")
        self.line(0)
        sets = list(p.argsets.values()) + [pat.argset for pat in p.patterns.values()
                                           if pat.argset.auto]
        for a in sets:
            members = "".join(f" int {m};" for m in a.members)
            self.line(0, f"typedef struct {{{members} }} arg_{a.name};")
        self.line(0)
        for func in p.functions:
            self.line(0, f"static int {func}(DisasContext *ctx, int x);")
        for pat in p.patterns.values():
            self.line(0, f"static bool trans_{pat.name}(DisasContext *ctx, "
                      f"arg_{pat.argset.name} *a);")
        self.line(0)
        for f in p.fields.values():
            self.emit_field(f)
        body_start = len(self.out)
        self.line(0, f"static bool decode_{self.name}(DisasContext *ctx, uint32_t insn)")
        self.line(0, "{")
        self.emit_disjoint(p.top.items, 0, False, 1, 0)
        self.line(1, "return false;")
        self.line(0, "}")
        # Extractors are named while the tree is emitted: put them before it.
        body = self.out[body_start:]
        del self.out[body_start:]
        for cname, argset, values in self.extractors.values():
            self.emit_extractor(cname, argset, values)
        self.out += body
        return "\n".join(self.out) + "\n"

    def emit_field(self, f):
        self.line(0, f"static inline int {self.name}_field_{f.name}("
                  "DisasContext *ctx, uint32_t insn)")
        self.line(0, "{")
        self.line(1, f"int x = {f.c_expr()};")
        if f.shift:
            self.line(1, f"x = (int)((uint32_t)x << {f.shift});")
        if f.func:
            self.line(1, f"return {f.func}(ctx, x);")
        else:
            self.line(1, "(void)ctx;")
            self.line(1, "return x;")
        self.line(0, "}")
        self.line(0)

    def value_expr(self, value):
        if isinstance(value, Const):
            return str(value.value)
        if value.inline():
            return value.c_expr()
        return f"{self.name}_field_{value.name}(ctx, insn)"

    def extractor(self, pat):
        """Name of the function filling pat's struct; identical ones are shared."""
        key = (pat.argset.name,) + tuple(
            (m, self.value_expr(pat.values[m])) for m in pat.argset.members)
        if key not in self.extractors:
            self.extractors[key] = (f"{self.name}_extract_{pat.name}_{len(self.extractors)}",
                                    pat.argset, pat.values)
        return self.extractors[key][0]

    def emit_extractor(self, cname, argset, values):
        self.line(0, f"static void {cname}(DisasContext *ctx, arg_{argset.name} *a, "
                  "uint32_t insn)")
        self.line(0, "{")
        uses_ctx = False
        for m in argset.members:
            expr = self.value_expr(values[m])
            uses_ctx = uses_ctx or "ctx" in expr
            self.line(1, f"a->{m} = {expr};")
        if not uses_ctx:
            self.line(1, "(void)ctx;")
        if all(isinstance(values[m], Const) for m in argset.members):
            self.line(1, "(void)insn;")
        self.line(0, "}")
        self.line(0)

    # -- the decision tree ------------------------------------------------------

    def guard(self, d, mask, bits):
        self.line(d, f"if ((insn & 0x{mask:08x}u) == 0x{bits & mask:08x}u) {{")

    def emit_item(self, item, known, in_try, d, level):
        """Code for one pattern or group once the bits in 'known' are decided."""
        mask, bits = item_fixed(item)
        rest = mask & ~known
        block = bool(rest) or isinstance(item, Pattern)
        if rest:
            self.guard(d, rest, bits)
        elif block:
            self.line(d, "{")
        d += block
        if isinstance(item, Pattern):
            self.max_depth = max(self.max_depth, level)
            self.line(d, f"arg_{item.argset.name} a;")
            if item.argset.members:
                self.line(d, f"{self.extractor(item)}(ctx, &a, insn);")
            call = f"trans_{item.name}(ctx, &a)"
            if in_try:
                self.line(d, f"if ({call}) {{")
                self.line(d + 1, "return true;")
                self.line(d, "}")
            else:
                self.line(d, f"return {call};")
        elif item.kind == "{":
            for member in item.items:
                self.emit_item(member, known | rest, True, d, level)
        else:
            self.emit_disjoint(item.items, known | rest, in_try, d, level)
        if block:
            self.line(d - 1, "}")

    def emit_disjoint(self, items, known, in_try, d, level):
        """Decision tree over items that never match the same instruction."""
        if len(items) == 1:
            self.emit_item(items[0], known, in_try, d, level)
            return
        fixed = [item_fixed(i) for i in items]
        common = ~known & ((1 << self.p.width) - 1)
        for mask, _ in fixed:
            common &= mask
        if common:
            self.emit_switch(items, fixed, common, known, in_try, d, level)
            return
        # No bit is fixed in every item: split on the bit most items fix,
        # copying the items that do not care about it into both halves.
        counts = [(sum(1 for m, _ in fixed if m >> b & 1), b)
                  for b in range(self.p.width) if not known >> b & 1]
        best, bit = max(counts)
        if best == 0:
            # Nothing left to switch on: each item checks its own bits.
            for item in items:
                self.emit_item(item, known, in_try, d, level)
            return
        dontcare = [i for i, (m, _) in zip(items, fixed) if not m >> bit & 1]
        if len(dontcare) * 2 > best:
            # Too many copies: decide the items that fix the bit, then the rest.
            self.emit_disjoint([i for i in items if i not in dontcare],
                               known, in_try, d, level)
            self.emit_disjoint(dontcare, known, in_try, d, level)
            return
        self.emit_switch(items, fixed, 1 << bit, known, in_try, d, level)

    def emit_switch(self, items, fixed, mask, known, in_try, d, level):
        self.switches += 1
        cases = {}
        for item, (m, b) in zip(items, fixed):
            if m & mask == mask:
                cases.setdefault(self.pext(b, mask), []).append(item)
            else:                       # does not care: belongs to every case
                for v in range(1 << bin(mask).count("1")):
                    cases.setdefault(v, []).append(item)
        self.line(d, f"switch ({self.extract_expr(mask)}) {{")
        for value in sorted(cases):
            self.line(d, f"case 0x{value:x}:")
            self.emit_disjoint(cases[value], known | mask, in_try, d + 1, level + 1)
            self.line(d + 1, "break;")
        self.line(d, "}")

    @staticmethod
    def runs(mask):
        """Contiguous runs of set bits, most significant first, as (pos, len)."""
        out, pos = [], 0
        while mask >> pos:
            if mask >> pos & 1:
                n = 0
                while mask >> (pos + n) & 1:
                    n += 1
                out.append((pos, n))
                pos += n
            else:
                pos += 1
        return out[::-1]

    def pext(self, value, mask):
        out = 0
        for pos, n in self.runs(mask):
            out = (out << n) | (value >> pos & ((1 << n) - 1))
        return out

    def extract_expr(self, mask):
        return Field(None, self.runs(mask), False).bits_expr()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a C instruction decoder "
                                 "from a pattern file (docs/devel/decodegen.md).")
    ap.add_argument("input", help="the pattern file (NAME.decode)")
    ap.add_argument("-o", "--output", required=True, help="the C file to write")
    ap.add_argument("--name", help="decoder name: decode_NAME() (default: "
                    "the input file name without .decode)")
    ap.add_argument("--stats", action="store_true",
                    help="print the decision tree's size on stderr")
    args = ap.parse_args(argv)
    name = args.name or os.path.basename(args.input).split(".")[0]
    if not RE_IDENT.match(name.replace("-", "_")):
        ap.error(f"bad decoder name '{name}' (use --name)")
    name = name.replace("-", "_")
    try:
        with open(args.input, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        print(f"{args.input}: error: {e.strerror}", file=sys.stderr)
        return 1
    parser = Parser(args.input)
    parser.parse(text)
    if not parser.errors:
        if parser.top.items:
            parser.check_overlaps()
        else:
            parser.errors.append(f"{args.input}: error: no patterns")
    if parser.errors:
        print("\n".join(parser.errors), file=sys.stderr)
        return 1
    emitter = Emitter(parser, name)
    code = emitter.generate(args.input)
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(code)
    os.replace(tmp, args.output)
    if args.stats:
        print(f"{args.input}: {len(parser.top.leaves())} patterns, "
              f"{emitter.switches} switches, decision depth {emitter.max_depth}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
