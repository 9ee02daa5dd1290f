"""An independent, deliberately naive reading of a pattern file.

It shares no code with scripts/decodegen.py: it reads the file its own way,
decodes an instruction by trying patterns one by one, and computes the
field values with Python integers.  The tests compare the generated C
decoder with it.  It assumes the file is valid (the generator checks that).
"""
import re

# The functions the test harness defines for '!function='.
FUNCTIONS = {
    "plus_one": lambda x: x + 1,
    "negate": lambda x: -x,
}


def to_int32(v):
    v &= 0xffffffff
    return v - (1 << 32) if v >> 31 else v


class Value:
    """A field: segments from the most significant, sign, shift, function."""

    def __init__(self, segments, signed, shift=0, func=None):
        self.segments, self.signed, self.shift, self.func = segments, signed, shift, func

    def read(self, insn):
        v, n = 0, 0
        for pos, length in self.segments:
            v = (v << length) | (insn >> pos) & ((1 << length) - 1)
            n += length
        if self.signed and v >> (n - 1):
            v -= 1 << n
        v = to_int32(v << self.shift)
        return FUNCTIONS[self.func](v) if self.func else to_int32(v)


class Const:
    def __init__(self, value):
        self.value = value

    def read(self, insn):
        return self.value


class Pattern:
    def __init__(self, name, line):
        self.name, self.line = name, line
        self.mask = self.bits = 0
        self.values = {}
        self.setname = None

    def matches(self, insn):
        return insn & self.mask == self.bits

    def struct(self):
        return f"arg_{self.setname or self.name}"


class Group:
    def __init__(self, kind):
        self.kind, self.items = kind, []


class Model:
    def __init__(self, path):
        self.width = 32
        self.fields, self.sets, self.formats = {}, {}, {}
        self.top = Group("[")
        self.patterns = []
        stack = [self.top]
        for line, toks in self.lines(path):
            head = toks[0]
            if head in "{[":
                stack.append(Group(head))
                stack[-2].items.append(stack[-1])
            elif head in "}]":
                stack.pop()
            elif head == ".width":
                self.width = int(toks[1])
            elif head[0] == "%":
                self.fields[head[1:]] = self.field(toks[1:])
            elif head[0] == "&":
                self.sets[head[1:]] = toks[1:]
            elif head[0] == "@":
                self.formats[head[1:]] = toks[1:]
            else:
                pat = self.pattern(head, line, toks[1:])
                stack[-1].items.append(pat)
                self.patterns.append(pat)

    @staticmethod
    def lines(path):
        joined, first = "", None
        for num, text in enumerate(open(path, encoding="utf-8"), 1):
            text = text.split("#")[0].strip()
            first = first or num
            if text.endswith("\\"):
                joined += text[:-1] + " "
                continue
            joined += text
            if joined.split():
                yield first, joined.split()
            joined, first = "", None

    def field(self, toks):
        segs, signed, shift, func = [], False, 0, None
        for t in toks:
            if t.startswith("!shift="):
                shift = int(t[7:])
            elif t.startswith("!function="):
                func = t[10:]
            else:
                signed = signed or t.startswith("s")
                pos, length = t.lstrip("s").split(":")
                segs.append((int(pos), int(length)))
        return Value(segs, signed, shift, func)

    def pattern(self, name, line, toks):
        pat = Pattern(name, line)
        for t in toks:
            if t[0] == "@":
                self.apply(pat, self.formats[t[1:]])
        self.apply(pat, [t for t in toks if t[0] != "@"])
        return pat

    def apply(self, pat, toks):
        """Add a line's bits and values to pat; a line with no bits adds none."""
        bit = self.width
        for t in toks:
            m = re.fullmatch(r"(\w+):(s?)(\d+)", t)
            if re.fullmatch(r"[01.-]+", t):
                for ch in t:
                    bit -= 1
                    if ch in "01":
                        pat.mask |= 1 << bit
                        pat.bits |= int(ch) << bit
            elif m:
                bit -= int(m.group(3))
                pat.values[m.group(1)] = Value([(bit, int(m.group(3)))], m.group(2) == "s")
            elif t[0] == "&":
                pat.setname = t[1:]
            elif t[0] == "%":
                pat.values[t[1:]] = self.fields[t[1:]]
            elif "=" in t:
                name, rhs = t.split("=")
                pat.values[name] = (self.fields[rhs[1:]] if rhs[0] == "%"
                                    else Const(int(rhs, 0)))

    def members(self, pat):
        return self.sets[pat.setname] if pat.setname else sorted(pat.values)

    def call(self, pat, insn):
        """The line the harness prints when trans_<pat> is called."""
        fields = " ".join(f"{m}={pat.values[m].read(insn)}" for m in sorted(self.members(pat)))
        return f"{pat.name} {fields}".rstrip()

    def decode(self, insn, rejects=()):
        """The trans_ calls made for insn and the decoder's result."""
        calls = []
        result = self.run(self.top, insn, rejects, calls, False)
        return calls, result is True

    def run(self, item, insn, rejects, calls, in_try):
        """True/False: the decoder returns it; None: go on with the next item."""
        if isinstance(item, Pattern):
            if not item.matches(insn):
                return None
            calls.append(self.call(item, insn))
            if item.name not in rejects:
                return True
            return None if in_try else False
        for member in item.items:
            r = self.run(member, insn, rejects, calls, in_try or item.kind == "{")
            if r is not None:
                return r
        return None
