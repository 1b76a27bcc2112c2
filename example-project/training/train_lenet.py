#!/usr/bin/env python3
"""Train the j2cmsis example network (LeNet-5 on Fashion-MNIST) and write its weights.

What it trains
--------------
LeNet-5 topology, float32, PyTorch attribute names fixed so the state_dict keys are
conv1.weight, conv1.bias, conv2.*, conv3.*, fc1.*, fc2.*:

    conv1 = Conv2d(1, 6, 5, padding=2) -> relu -> maxpool 2      28x28x1  -> 28x28x6  -> 14x14x6
    conv2 = Conv2d(6, 16, 5)           -> relu -> maxpool 2      14x14x6  -> 10x10x16 -> 5x5x16
    conv3 = Conv2d(16, 120, 5)         -> relu -> flatten        5x5x16   -> 1x1x120  -> 120
    fc1   = Linear(120, 84)            -> relu                                          84
    fc2   = Linear(84, 10)                                        (logits)               10

Input transform (used for training, evaluation and the reference outputs, exactly):

    x = (pixel * (1/255) - 0.2860) / 0.3530        pixel = uint8 0..255, Fashion-MNIST mean/std

computed in float64 and then rounded to float32 (same as the Java side doing it in double).
No data augmentation.

Training: Adam lr 1e-3 with per-step cosine decay to 0, batch 128, EPOCHS epochs (default 20),
torch.manual_seed(0), numpy seed 0, torch.use_deterministic_algorithms(True),
torch.set_num_threads(1) (results are reproducible run-to-run on the same CPU / torch build).

Outputs (in --out, normally example-project/src/main/resources/dev/j2cmsis/example):
  fashion_lenet.safetensors                 weights, PyTorch names, float32, contiguous
  calibration-images-idx3-ubyte.gz          2000 TRAINING images, 200 per class, chosen with
  calibration-labels-idx1-ubyte.gz          numpy default_rng(CALIB_SEED=2024); IDX format,
                                            gzipped with mtime=0 and an empty file name, so
                                            re-running gives identical bytes
and, next to this script:
  reference_outputs.npz                     'logits' float32 [32,10] for the first 32 test
                                            images, 'predictions' int64 [32], 'labels' int64 [32]

Environment (never needed by the Java build):

    python3 -m venv /tmp/h5venv
    /tmp/h5venv/bin/pip install --no-index --find-links /opt/wheels \\
        --find-links /opt/pypi/files --find-links /opt/pypi-more/files torch numpy safetensors

(resolved to torch 2.13.0+cpu, numpy 2.4.6, safetensors 0.8.0, Python 3.11.7).
Data: Debian package dataset-fashion-mnist, /usr/share/datasets/fashion-mnist/ (override with
--data).

Run (from example-project/training):

    /tmp/h5venv/bin/python train_lenet.py --out ../src/main/resources/dev/j2cmsis/example

Recorded result (torch 2.13.0+cpu, 1 thread, 20 epochs, 170 s of training, ~3 min in all):
    float test accuracy: 91.13%   (full 10,000-image test set)
"""

import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 0
CALIB_SEED = 2024
CALIB_PER_CLASS = 200
MEAN = 0.2860
STD = 0.3530
BATCH = 128
LR = 1e-3
DEFAULT_EPOCHS = 20
N_REFERENCE = 32
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.conv3 = nn.Conv2d(16, 120, 5)
        self.fc1 = nn.Linear(120, 84)
        self.fc2 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(F.relu(self.conv3(x)), 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


# ---------------------------------------------------------------- IDX files

def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size {arr.size} does not match dims {dims}")
    return arr.reshape(dims)


def write_idx_gz(path, arr):
    """IDX (ubyte, big-endian header) gzipped deterministically: mtime=0, empty name."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, arr.ndim) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(header)
            gz.write(arr.tobytes())


# ---------------------------------------------------------------- safetensors

def write_safetensors(path, tensors, metadata):
    """Writes float32 tensors (sorted by name) in the safetensors format by hand:
    8-byte little-endian header length, JSON header padded with spaces to a multiple of 8,
    then raw little-endian data. Same layout safetensors.torch.save_file produces."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        # np.asarray keeps 0-d (scalar) tensors at shape []; np.ascontiguousarray makes them [1]
        a = np.asarray(tensors[name].detach().cpu().numpy(), dtype="<f4", order="C")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ---------------------------------------------------------------- main

def transform(pixels):
    """uint8 [N,28,28] -> float32 [N,1,28,28]: (pixel * (1/255) - 0.2860) / 0.3530."""
    x = (pixels.astype(np.float64) * (1.0 / 255.0) - MEAN) / STD
    return torch.from_numpy(x.astype(np.float32)[:, None, :, :].copy())


@torch.no_grad()
def evaluate(model, x, y, batch=1000):
    model.eval()
    correct = 0
    for i in range(0, len(x), batch):
        correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for the weights and calibration subset")
    ap.add_argument("--data", default=DEFAULT_DATA, help="directory with the Fashion-MNIST *.gz files")
    ap.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                        "reference_outputs.npz"))
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    try:
        torch.use_deterministic_algorithms(True)
    except Exception as e:  # pragma: no cover
        print("note: deterministic algorithms unavailable:", e)
    print(f"torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()}")

    d = args.data
    train_img = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz"))
    train_lbl = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
    test_img = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"))
    test_lbl = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    print(f"train {train_img.shape}, test {test_img.shape}")

    os.makedirs(args.out, exist_ok=True)

    # Calibration subset: 200 training images per class, fixed seed, in training-set order.
    rng = np.random.default_rng(CALIB_SEED)
    picks = []
    for c in range(10):
        idx = np.flatnonzero(train_lbl == c)
        picks.append(rng.choice(idx, size=CALIB_PER_CLASS, replace=False))
    calib = np.sort(np.concatenate(picks))
    write_idx_gz(os.path.join(args.out, "calibration-images-idx3-ubyte.gz"), train_img[calib])
    write_idx_gz(os.path.join(args.out, "calibration-labels-idx1-ubyte.gz"), train_lbl[calib])
    print(f"calibration subset: {len(calib)} images, per class {np.bincount(train_lbl[calib]).tolist()}")

    x_train = transform(train_img)
    y_train = torch.from_numpy(train_lbl.astype(np.int64))
    x_test = transform(test_img)
    y_test = torch.from_numpy(test_lbl.astype(np.int64))

    model = LeNet5()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    steps_per_epoch = (len(x_train) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * steps_per_epoch)
    g = torch.Generator().manual_seed(SEED)

    t0 = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        perm = torch.randperm(len(x_train), generator=g)
        total, n = 0.0, 0
        for i in range(0, len(perm), BATCH):
            b = perm[i:i + BATCH]
            loss = F.cross_entropy(model(x_train[b]), y_train[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(b)
            n += len(b)
        acc = evaluate(model, x_test, y_test)
        print(f"epoch {epoch:2d}  loss {total / n:.4f}  test acc {100 * acc:.2f}%  "
              f"lr {sched.get_last_lr()[0]:.2e}  elapsed {time.time() - t0:.0f}s", flush=True)
    train_seconds = time.time() - t0

    acc = evaluate(model, x_test, y_test)
    print(f"training time: {train_seconds:.1f}s")
    print(f"float test accuracy: {100 * acc:.2f}%")

    state = {k: v.float().contiguous() for k, v in model.state_dict().items()}
    meta = {
        "format": "pt",
        "model": "LeNet-5 (conv1 6@5x5 pad2, conv2 16@5x5, conv3 120@5x5, fc1 84, fc2 10), Fashion-MNIST",
        "input_transform": "x = (pixel * (1/255) - 0.2860) / 0.3530",
        "float_test_accuracy": f"{100 * acc:.2f}%",
        "torch_version": torch.__version__,
        "seed": str(SEED),
        "epochs": str(args.epochs),
    }
    weights = os.path.join(args.out, "fashion_lenet.safetensors")
    write_safetensors(weights, state, meta)

    model.eval()
    with torch.no_grad():
        logits = model(x_test[:N_REFERENCE]).numpy().astype(np.float32)
    np.savez(args.reference, logits=logits, predictions=logits.argmax(1).astype(np.int64),
             labels=test_lbl[:N_REFERENCE].astype(np.int64))

    # Sanity check: reload the weights (with the safetensors package when present) and re-run.
    try:
        from safetensors.torch import load_file
        loaded = load_file(weights)
    except ImportError:
        loaded = None
    if loaded is not None:
        m2 = LeNet5()
        m2.load_state_dict(loaded)
        m2.eval()
        with torch.no_grad():
            assert np.array_equal(m2(x_test[:N_REFERENCE]).numpy(), logits), "reloaded weights differ"
        print("reloaded safetensors: logits identical")
    print(f"wrote {weights}, calibration subset and {args.reference}")


if __name__ == "__main__":
    main()
