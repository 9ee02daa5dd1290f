"""Replay each fuzz target's seed corpus, then a few thousand deterministic
mutations of it (truncations, bit flips, overwritten header fields), with
the ordinary build: a crash or a sanitizer-free out-of-bounds abort fails."""
import random
import subprocess

import pytest

from conftest import BUILD, SRC

TARGETS = ["fuzz-elf", "fuzz-qcow2", "fuzz-virtqueue", "fuzz-bzimage"]


def mutations(seed_files, count, rng):
    seeds = [f.read_bytes() for f in seed_files]
    for _ in range(count):
        data = bytearray(rng.choice(seeds))
        kind = rng.randrange(3)
        if kind == 0 and data:
            del data[rng.randrange(len(data)):]
        elif kind == 1 and data:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        elif data:
            pos = rng.randrange(len(data))
            data[pos:pos + 8] = rng.randbytes(8)
        yield bytes(data)


@pytest.mark.parametrize("target", TARGETS)
def test_replay_corpus_and_mutations(target, tmp_path):
    prog = BUILD / "tests" / "fuzz" / f"replay-{target}"
    corpus = sorted((SRC / "tests" / "fuzz" / f"corpus-{target[5:]}").iterdir())
    assert corpus, "empty seed corpus"
    rng = random.Random(20261126)
    inputs = list(corpus)
    for i, data in enumerate(mutations(corpus, 3000, rng)):
        path = tmp_path / f"m{i}"
        path.write_bytes(data)
        inputs.append(path)
    res = subprocess.run([str(prog)] + [str(p) for p in inputs],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"replayed {len(inputs)} inputs" in res.stdout
