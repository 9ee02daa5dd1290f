"""Build a C program around a generated decoder and run instructions through it.

The program reads lines "HEX [REJECT,...]" on stdin.  Each trans_ function
prints its pattern name and struct members ("NAME m=v ..."), then returns
false if its pattern is in the line's reject list, true otherwise; after
decoding the program prints "= 0" or "= 1", the decoder's result.
"""
import shutil
import subprocess
import sys

from conftest import SRC
from decode_oracle import Model

GENERATOR = SRC / "scripts" / "decodegen.py"
CFLAGS = ["-std=gnu11", "-O1", "-Wall", "-Wextra", "-Werror"]

PROLOGUE = r"""#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct DisasContext {
    const char *reject;     /* ",NAME,NAME," */
} DisasContext;

__attribute__((unused)) static int plus_one(DisasContext *ctx, int x)
{
    (void)ctx;
    return x + 1;
}

__attribute__((unused)) static int negate(DisasContext *ctx, int x)
{
    (void)ctx;
    return -x;
}

static bool answer(DisasContext *ctx, const char *name)
{
    char key[80];

    snprintf(key, sizeof(key), ",%s,", name);
    printf("\n");
    return strstr(ctx->reject, key) == NULL;
}

"""

MAIN = r"""
int main(void)
{
    char line[4096], reject[4000];
    unsigned insn;

    while (fgets(line, sizeof(line), stdin)) {
        DisasContext ctx = { reject };
        strcpy(reject, ",");
        if (sscanf(line, "%x %3998s", &insn, reject + 1) == 2) {
            strcat(reject, ",");
        }
        printf("= %d\n", decode_NAME(&ctx, insn));
    }
    return 0;
}
"""


def generate(decode_file, out, *extra):
    return subprocess.run([sys.executable, str(GENERATOR), "-o", str(out),
                           *extra, str(decode_file)],
                          capture_output=True, text=True, check=False)


def trans_function(model, pat):
    printf = ["    (void)a;", f'    printf("{pat.name}");']
    for m in sorted(model.members(pat)):
        printf.append(f'    printf(" {m}=%d", a->{m});')
    return "\n".join([f"static bool trans_{pat.name}(DisasContext *ctx, "
                      f"{pat.struct()} *a)", "{", *printf,
                      f'    return answer(ctx, "{pat.name}");', "}", ""])


class Harness:
    """The generated decoder of one pattern file, compiled with its oracle."""

    def __init__(self, decode_file, tmp_path, cc="cc"):
        self.model = Model(decode_file)
        name = decode_file.name.split(".")[0].replace("-", "_")
        inc = tmp_path / f"decode-{name}.c.inc"
        r = generate(decode_file, inc)
        assert r.returncode == 0, r.stderr
        functions, seen = [], set()
        for pat in self.model.patterns:
            if pat.name not in seen:
                seen.add(pat.name)
                functions.append(trans_function(self.model, pat))
        src = tmp_path / f"harness-{name}.c"
        src.write_text(PROLOGUE + f'#include "{inc.name}"\n\n' + "\n".join(functions)
                       + MAIN.replace("NAME", name))
        self.exe = tmp_path / f"harness-{name}"
        r = subprocess.run([shutil.which(cc) or cc, *CFLAGS, "-o", str(self.exe), str(src)],
                           capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr

    def run(self, inputs):
        """[(insn, rejects)] -> [(calls, result)] from the C decoder."""
        text = "".join(f"{insn:x} {','.join(rej)}\n" for insn, rej in inputs)
        out = subprocess.run([str(self.exe)], input=text, capture_output=True,
                             text=True, check=True).stdout
        results, calls = [], []
        for line in out.splitlines():
            if line.startswith("= "):
                results.append((calls, line == "= 1"))
                calls = []
            else:
                calls.append(line)
        assert len(results) == len(inputs)
        return results
