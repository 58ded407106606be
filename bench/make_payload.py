#!/usr/bin/env python3
"""Writes the deterministic benchmark payload: a parcel-like tree of mixed files.

Usage: make_payload.py DIR SIZE_MIB

The same SIZE_MIB always gives the same bytes (fixed seed, Python's Mersenne
Twister, whose sequence is stable across versions). 40 % of the bytes are
log-like text, 30 % synthetic machine-code-like binaries and 30 % random bytes
(a stand-in for already-compressed jars and images), in files of 5 MiB, as in
the payload of spec/toolchain-notes.md section 4. A file DIR.complete beside the tree
marks it finished, so callers can cache it.
"""
import os
import random
import sys

FILE_SIZE = 5 * 1024 * 1024
POOL_SIZE = 8 * 1024 * 1024


def text_pool(rng):
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10))) for _ in range(3000)]
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    lines = []
    size = 0
    second = 0
    while size < POOL_SIZE:
        second += rng.randint(0, 3)
        body = " ".join(rng.choices(words, weights, k=rng.randint(4, 18)))
        line = "2024-05-%02d %02d:%02d:%02d,%03d %s [worker-%d] org.example.%s: %s id=%d\n" % (
            1 + second // 86400 % 28, second // 3600 % 24, second // 60 % 60, second % 60, rng.randint(0, 999),
            rng.choice(levels), rng.randint(1, 32), rng.choice(words).capitalize(), body, rng.randint(0, 10**9))
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()[:POOL_SIZE]


def binary_pool(rng):
    # Instruction-like tokens with a skewed frequency, addresses and constants,
    # and zero padding: compresses about 3x with gzip -6, like stripped .so files.
    tokens = [rng.randbytes(rng.randint(1, 7)) for _ in range(1500)]
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(tokens))]
    parts = []
    size = 0
    while size < POOL_SIZE:
        kind = rng.random()
        if kind < 0.75:
            piece = b"".join(rng.choices(tokens, weights, k=64))
        elif kind < 0.95:
            piece = rng.randbytes(4) + (rng.randint(0, 2**20)).to_bytes(4, "little") * rng.randint(1, 4)
        else:
            piece = bytes(rng.randint(16, 512))
        parts.append(piece)
        size += len(piece)
    return b"".join(parts)[:POOL_SIZE]


def slices(rng, pool, size):
    out = []
    left = size
    while left > 0:
        length = min(left, rng.randint(64 * 1024, 1024 * 1024))
        start = rng.randint(0, len(pool) - length)
        out.append(pool[start:start + length])
        left -= length
    return b"".join(out)


def main():
    target, size_mib = sys.argv[1], int(sys.argv[2])
    if os.path.exists(target + ".complete"):
        return
    rng = random.Random(20240505 + size_mib)
    pools = {"text": text_pool(rng), "binary": binary_pool(rng)}
    count = max(1, size_mib * 1024 * 1024 // FILE_SIZE)
    for index in range(count):
        kind = ("text", "text", "text", "text", "binary", "binary", "binary", "random", "random", "random")[index % 10]
        folder = {"text": "logs", "binary": "lib", "random": "share"}[kind]
        os.makedirs(os.path.join(target, folder), exist_ok=True)
        data = rng.randbytes(FILE_SIZE) if kind == "random" else slices(rng, pools[kind], FILE_SIZE)
        suffix = {"text": ".log", "binary": ".so", "random": ".jar"}[kind]
        with open(os.path.join(target, folder, "part-%04d%s" % (index, suffix)), "wb") as handle:
            handle.write(data)
    open(target + ".complete", "w").close()


if __name__ == "__main__":
    main()
