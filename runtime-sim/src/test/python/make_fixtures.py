#!/usr/bin/env python3
"""Writes the committed test fixtures of runtime-sim's data readers and float reference kernels.

The Java build and tests never run this script; they only read what it wrote. Regenerate after changing it:

    python3 -m venv /tmp/h2venv
    /tmp/h2venv/bin/pip install --no-index --find-links <wheel dir> torch numpy safetensors
    /tmp/h2venv/bin/python runtime-sim/src/test/python/make_fixtures.py

(made with torch 2.13.0+cpu, numpy 2.1.3, safetensors 0.8.0). Output goes to
runtime-sim/src/test/resources/fixtures/, replacing it. Every random tensor comes from seeded generators,
so a rerun with the same versions writes the same files (zip timestamps in .npz aside).

Layout:
  npy/          .npy files in several dtypes, byte orders and format versions, plus .npz archives. Their values
                follow closed formulas that the Java tests recompute (see each array below).
  idx/          tiny IDX files, plain and gzip, written with struct + gzip.
  safetensors/  a state dict written by safetensors.torch.save_file (F32, F16, BF16, F64) with the same values
                as float32 in model_expected.npz, and a hand-written file with a pretty-printed header.
  kernels/      one .npz per case: input, weight, bias, params (int32) and output computed by torch.nn.functional.
"""
import gzip
import json
import os
import shutil
import struct

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write_npy_version(p, a, version):
    with open(p, "wb") as f:
        np.lib.format.write_array(f, a, version=version)


def npy_fixtures():
    # base[i] = i * 0.25 - 1.5, shape (3, 4)
    base = (np.arange(12, dtype=np.float32) * 0.25 - 1.5).reshape(3, 4)
    np.save(path("npy", "f4_v1.npy"), base)
    write_npy_version(path("npy", "f4_v2.npy"), base, (2, 0))
    write_npy_version(path("npy", "f4_v3.npy"), base, (3, 0))
    np.save(path("npy", "f4_big_endian.npy"), base.astype(">f4"))
    # f8[i] = (i - 2.5) / 3, shape (2, 3)
    np.save(path("npy", "f8.npy"), ((np.arange(6, dtype=np.float64) - 2.5) / 3).reshape(2, 3))
    # f2: values chosen to cover normal, max, subnormal, negative and inexact
    np.save(path("npy", "f2.npy"), np.array([0.5, -2.0, 65504.0, 2.0 ** -24, 1.0 / 3.0], dtype=np.float16))
    # u1[i] = 17 * i, shape (4, 4): 0 .. 255
    np.save(path("npy", "u1.npy"), (np.arange(16, dtype=np.uint8) * 17).reshape(4, 4))
    # i1[i] = -128 + 32 * i, shape (8,)
    np.save(path("npy", "i1.npy"), np.arange(-128, 128, 32, dtype=np.int8))
    labels = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int64)
    np.save(path("npy", "i4.npy"), labels.astype(np.int32))
    np.save(path("npy", "i8.npy"), labels)
    np.save(path("npy", "scalar.npy"), np.float32(3.5))
    np.save(path("npy", "fortran.npy"), np.asfortranarray(base))
    # Hand-written v1.0 header with odd spacing, double quotes, other key order and a trailing comma.
    header = b"{ \"shape\" : ( 2 , ) ,'fortran_order':False,\t'descr' :'<f4' , }"
    header += b" " * ((64 - (10 + len(header) + 1) % 64) % 64) + b"\n"
    with open(path("npy", "odd_header.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header)
        f.write(np.array([1.25, -7.0], dtype="<f4").tobytes())
    np.savez(path("npy", "arrays.npz"), weights=base, labels=labels)
    np.savez_compressed(path("npy", "arrays_compressed.npz"), weights=base, labels=labels)


def write_idx(p, type_code, fmt, shape, values, compress):
    body = struct.pack(">BBBB", 0, 0, type_code, len(shape)) + struct.pack(">" + "I" * len(shape), *shape)
    body += struct.pack(">" + fmt * len(values), *values)
    if compress:
        # mtime=0 keeps the gzip bytes stable across runs.
        body = gzip.compress(body, mtime=0)
    with open(p, "wb") as f:
        f.write(body)


def idx_fixtures():
    # images[n][y][x] = (n * 12 + y * 3 + x) * 7 % 256, shape (5, 4, 3)
    images = [(i * 7) % 256 for i in range(5 * 4 * 3)]
    labels = [7, 2, 1, 0, 9]
    write_idx(path("idx", "images-idx3-ubyte"), 0x08, "B", (5, 4, 3), images, False)
    write_idx(path("idx", "images-idx3-ubyte.gz"), 0x08, "B", (5, 4, 3), images, True)
    # gzip content under a name without .gz: detection is by magic bytes.
    write_idx(path("idx", "gzipped-labels-idx1-ubyte"), 0x08, "B", (5,), labels, True)
    write_idx(path("idx", "labels-idx1-ubyte"), 0x08, "B", (5,), labels, False)
    # float32 [i] = i / 4 - 1, shape (2, 3); int16 [i] = (i - 3) * 1000, shape (6,)
    write_idx(path("idx", "floats-idx2"), 0x0D, "f", (2, 3), [i / 4 - 1 for i in range(6)], False)
    write_idx(path("idx", "shorts-idx1"), 0x0B, "h", (6,), [(i - 3) * 1000 for i in range(6)], False)


def safetensors_fixtures():
    g = torch.Generator().manual_seed(1234)
    tensors = {
        "conv.weight": torch.randn(2, 1, 3, 3, generator=g),
        "conv.bias": torch.randn(2, generator=g),
        "fc.weight": torch.randn(3, 4, generator=g).half(),
        "fc.bias": torch.randn(3, generator=g).bfloat16(),
        "extra.scale": torch.randn(2, 2, generator=g).double(),
    }
    save_file(tensors, path("safetensors", "model.safetensors"), metadata={"format": "pt"})
    np.savez(path("safetensors", "model_expected.npz"),
             **{k: v.float().numpy() for k, v in tensors.items()})
    # Hand-written: pretty-printed JSON, an escaped non-ASCII key, metadata last, a gap-free layout.
    a = np.array([[1.5, -2.25], [0.0, 8.0]], dtype="<f4")
    b = np.array([0.1, 0.2, 0.3], dtype="<f8")
    header = {
        "caf\u00e9.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
        "b": {"dtype": "F64", "shape": [3], "data_offsets": [16, 40]},
        "__metadata__": {"note": "tab\there \"quoted\""},
    }
    text = json.dumps(header, indent=2).encode("ascii")
    with open(path("safetensors", "pretty.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + a.tobytes() + b.tobytes())


def save_case(name, params, output, **arrays):
    arrays = {k: v.detach().numpy().astype(np.float32) for k, v in arrays.items()}
    np.savez(path("kernels", name + ".npz"), params=np.array(params, dtype=np.int32),
             output=output.detach().numpy().astype(np.float32), **arrays)


def kernel_fixtures():
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(42)
    # params: c, h, w, outC, kh, kw, sh, sw, ph, pw, hasBias
    conv_cases = [
        ("conv2d_pad1", 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, True),
        ("conv2d_stride2_odd", 1, 9, 7, 2, 5, 5, 2, 2, 2, 2, True),
        ("conv2d_rect_nobias", 2, 8, 9, 3, 3, 2, 2, 1, 1, 0, False),
    ]
    for name, c, h, w, oc, kh, kw, sh, sw, ph, pw, has_bias in conv_cases:
        x = torch.randn(1, c, h, w, generator=g)
        wt = torch.randn(oc, c, kh, kw, generator=g)
        b = torch.randn(oc, generator=g) if has_bias else torch.zeros(oc)
        y = F.conv2d(x, wt, b if has_bias else None, stride=(sh, sw), padding=(ph, pw))
        save_case(name, [c, h, w, oc, kh, kw, sh, sw, ph, pw, int(has_bias)], y[0], input=x[0], weight=wt, bias=b)
    # params: inF, outF, hasBias
    for name, i, o, has_bias in [("linear", 20, 7, True), ("linear_nobias", 12, 5, False)]:
        x = torch.randn(i, generator=g)
        wt = torch.randn(o, i, generator=g)
        b = torch.randn(o, generator=g) if has_bias else torch.zeros(o)
        y = F.linear(x, wt, b if has_bias else None)
        save_case(name, [i, o, int(has_bias)], y, input=x, weight=wt, bias=b)
    # params: c, h, w, kh, kw, sh, sw, ph, pw, countIncludePad
    pool_cases = [
        ("maxpool_pad1", 2, 7, 7, 3, 3, 2, 2, 1, 1, False),
        ("maxpool_floor", 3, 6, 5, 2, 2, 2, 2, 0, 0, False),
        ("maxpool_negative_pad", 1, 5, 6, 3, 2, 2, 1, 1, 1, False),
        ("avgpool_pad_include", 2, 7, 6, 3, 3, 2, 2, 1, 1, True),
        ("avgpool_pad_exclude", 2, 7, 6, 3, 3, 2, 2, 1, 1, False),
        ("avgpool_floor", 3, 5, 7, 2, 2, 2, 2, 0, 0, True),
    ]
    for name, c, h, w, kh, kw, sh, sw, ph, pw, cip in pool_cases:
        x = torch.randn(1, c, h, w, generator=g)
        if "negative" in name:
            x = -x.abs() - 1  # all below zero: padding must act as -inf, not 0
        if name.startswith("max"):
            y = F.max_pool2d(x, (kh, kw), (sh, sw), (ph, pw))
        else:
            y = F.avg_pool2d(x, (kh, kw), (sh, sw), (ph, pw), count_include_pad=cip)
        save_case(name, [c, h, w, kh, kw, sh, sw, ph, pw, int(cip)], y[0], input=x[0])
    x = torch.randn(10, generator=g)
    save_case("softmax", [10], F.softmax(x, dim=0), input=x)
    x = torch.randn(10, generator=g) * 40 + 200  # exp() overflows float32 without the max shift
    save_case("softmax_large", [10], F.softmax(x, dim=0), input=x)
    x = torch.randn(16, generator=g)
    save_case("relu", [16], F.relu(x), input=x)
    x = torch.tensor([0.5, 2.0, -1.0, 2.0, 2.0, 0.0])
    save_case("argmax_ties", [6], torch.argmax(x).float().reshape(1), input=x)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    npy_fixtures()
    idx_fixtures()
    safetensors_fixtures()
    kernel_fixtures()
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
