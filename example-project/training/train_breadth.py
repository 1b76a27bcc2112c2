#!/usr/bin/env python3
"""Train the four "breadth" example networks on Fashion-MNIST and write their weights.

Same data, input transform, IDX reader, deterministic setup and hand-written safetensors writer
as train_lenet.py (imported from it). The calibration subset is NOT rewritten; the committed
calibration-images-idx3-ubyte.gz made by train_lenet.py serves every network.

Topologies (module attribute names are fixed: they become the Java field names)
-------------------------------------------------------------------------------

--net nonsquare  -> fashion_nonsquare.safetensors   (non-square kernels, padding and pooling)

    conv1 = Conv2d(1, 8, kernel_size=(3,5), padding=(1,2)) -> relu      28x28x1  -> 28x28x8
    pool1 = MaxPool2d(kernel_size=2)                                    28x28x8  -> 14x14x8
    conv2 = Conv2d(8, 16, kernel_size=(5,3), padding=(2,1)) -> relu     14x14x8  -> 14x14x16
    pool2 = AvgPool2d(kernel_size=(2,4), stride=(2,4))                  14x14x16 -> 7x3x16
                                                    (H x W; the last 2 columns are dropped)
    flatten (PyTorch NCHW order, 16*7*3 = 336)
    fc1   = Linear(336, 64) -> relu
    fc2   = Linear(64, 10)                                              logits

--net depthwise  -> fashion_depthwise.safetensors   (depthwise-separable with batch norm)

    conv1 = Conv2d(1, 16, 3, padding=1) -> relu                         28x28x1  -> 28x28x16
    pool1 = MaxPool2d(2)                                                         -> 14x14x16
    dw2   = Conv2d(16, 16, 3, padding=1, groups=16, bias=False)                  -> 14x14x16
    bn2   = BatchNorm2d(16) -> relu
    pw2   = Conv2d(16, 32, 1) -> relu                                            -> 14x14x32
    pool2 = MaxPool2d(2)                                                         -> 7x7x32
    dw3   = Conv2d(32, 32, 3, padding=1, groups=32, bias=False)                  -> 7x7x32
    bn3   = BatchNorm2d(32) -> relu
    pw3   = Conv2d(32, 64, 1) -> relu                                            -> 7x7x64
    pool3 = AvgPool2d(7)                                                         -> 1x1x64
    flatten (64)
    fc    = Linear(64, 10)                                              logits

--net residual   -> fashion_residual.safetensors    (residual add and channel concat)

    conv1  = Conv2d(1, 16, 3, padding=1) -> relu                        28x28x1  -> 28x28x16
    pool1  = MaxPool2d(2)                                                        -> 14x14x16  (= p)
    conv2a = Conv2d(16, 16, 3, padding=1) -> relu                                -> 14x14x16
    conv2b = Conv2d(16, 16, 3, padding=1)            (no relu)                   -> 14x14x16
    add    = p + conv2b_out -> relu
    pool2  = MaxPool2d(2)                                                        -> 7x7x16    (= q)
    c3a    = Conv2d(16, 8, 1)                        (applied to q)              -> 7x7x8
    c3b    = Conv2d(16, 8, 3, padding=1)             (applied to q)              -> 7x7x8
    cat    = torch.cat([c3a_out, c3b_out], dim=1) -> relu                        -> 7x7x16
    flatten (PyTorch NCHW order, 784)
    fc     = Linear(784, 10)                                            logits

--net tanh       -> fashion_tanh.safetensors        (classic LeNet-5, saturating activations)

    conv1 = Conv2d(1, 6, 5, padding=2) -> tanh                          28x28x1  -> 28x28x6
    pool1 = MaxPool2d(2)                                                         -> 14x14x6
    conv2 = Conv2d(6, 16, 5) -> tanh                                             -> 10x10x16
    pool2 = MaxPool2d(2)                                                         -> 5x5x16
    flatten (PyTorch NCHW order, 16*5*5 = 400)
    fc1   = Linear(400, 120) -> sigmoid
    fc2   = Linear(120, 84)  -> tanh
    fc3   = Linear(84, 10)                                              logits

    Plain float training (same recipe as the others, 20 epochs, lr 1e-3), nothing added to bound
    the pre-activations. The q7 tanh/sigmoid are CMSIS table lookups on inputs in Q3.4 at most
    (|x| < 8 in 1/16 steps), so the script prints, for the full 10,000-image test set, max |x|
    before each tanh/sigmoid, the share of values with |x| >= 8 and the 99.9th percentile of |x|.
    Recorded (torch 2.13.0+cpu, 1 thread, 20 epochs, 226-241 s of training, ~4 min in all):

        before          max |x|   |x| >= 8   99.9th pct |x|
        conv1 tanh        5.10     0          3.85
        conv2 tanh       11.08     0.20%      8.70
        fc1   sigmoid    18.84     3.30%     13.50
        fc2   tanh        4.49     0          3.64

    The values beyond 8 are all in saturation (tanh(8) = 1 - 2.3e-7, sigmoid(8) = 0.99966).
    Note: the FakeQuant "quant" mode below rounds the tanh/sigmoid OUTPUTS to q7 only; it does not
    emulate the Q3.4 rounding/saturation of their inputs (an ad-hoc float check with every
    pre-activation rounded to 1/16 and clamped to [-8, 127/16] gave 90.52% on the test set).

Input transform (training, evaluation, reference outputs), exactly as train_lenet.py:

    x = (pixel * (1/255) - 0.2860) / 0.3530     computed in float64, rounded to float32

No data augmentation, no weight decay.

Training: Adam with per-step cosine decay to 0, batch 128, torch.manual_seed(0) right before the
model is built, numpy seed 0, torch.use_deterministic_algorithms(True), torch.set_num_threads(1);
the batch order comes from torch.Generator().manual_seed(0). Per network (DEFAULT_EPOCHS,
DEFAULT_LR; chosen so each trains in about 5 minutes on one thread):

    net         epochs  peak lr
    nonsquare   25      1e-3
    depthwise   16      1e-2    (1e-3 underfits this 3,994-parameter net: 85.3% after 16 epochs)
    residual    15      1e-3
    tanh        20      1e-3

Re-running on the same CPU / torch build gives byte-identical files.

q7 notes. After training the script prints the q7 formats (frac = 7 - ceil(log2 max|x|), minmax
over the calibration subset, as j2cmsis picks them) and a "fake-quant q7 estimate" (FakeQuant
below: per-tensor power-of-two rounding, BN folded, average pool truncating in its input's
format like CMSIS arm_avepool_q7_HWC; biases, shift limits and NN_ROUND not modelled; a hint,
not the simulator). For the depthwise net that estimate is ~86.9% against 89.70% float (4.2
points lost with the twice-truncating DSP pool in a separate integer emulation): pw3's rare peaks
(max 36.6, 99th percentile 9.3) put it in Q6.1 and the 7x7 mean feeding fc keeps that format.
j2cmsis itself avoids this (average pools through its own kernel whose output gains fractional
bits, plus cross-layer range equalization; 89.55% q7 in BENCHMARKS.md), so the weights stay the
plain float ones. A training-side alternative was tried and not adopted: cross-layer
equalization plus 2 epochs of FakeQuant "quant" fine-tuning brought the estimate level with
float but cost ~1 point of float accuracy (88.63% float / 88.65% estimate). --qat-epochs N still
runs that fine-tuning (lr --qat-lr, q7 formats recomputed from the calibration subset every 100
steps, BN running statistics frozen, straight-through gradients); it is off for every network.

Outputs
-------
  <out>/fashion_<net>.safetensors   float32, PyTorch state_dict names, tensors sorted by name.
                                    For each BatchNorm2d: <bn>.weight, <bn>.bias,
                                    <bn>.running_mean, <bn>.running_var and a scalar (shape [])
                                    <bn>.eps holding the module's eps (1e-5) so the Java side
                                    can fold BN at compile time; num_batches_tracked is skipped.
  reference_<net>.npz (next to this script)
                                    'logits' float32 [32,10] for the first 32 test images
                                    (eval mode), 'predictions' int64 [32], 'labels' int64 [32]

Run (from example-project/training, one network after another):

    /tmp/h5venv/bin/python train_breadth.py --net nonsquare --out ../src/main/resources/dev/j2cmsis/example
    /tmp/h5venv/bin/python train_breadth.py --net depthwise --out ../src/main/resources/dev/j2cmsis/example
    /tmp/h5venv/bin/python train_breadth.py --net residual  --out ../src/main/resources/dev/j2cmsis/example
    /tmp/h5venv/bin/python train_breadth.py --net tanh      --out ../src/main/resources/dev/j2cmsis/example

Recorded results (torch 2.13.0+cpu, numpy 2.4.6, Python 3.11.7, 1 thread, full 10,000-image
test set; training time with the machine otherwise idle; see README.md for hashes):
    nonsquare  90.27% float, 25 epochs, 205 s of training (fake-quant q7 estimate 90.13%);
               28/32 correct in reference_nonsquare.npz
    depthwise  89.70% float, 16 epochs, 287 s of training (fake-quant q7 estimate 86.93%, see
               above); 26/32 correct in reference_depthwise.npz
    residual   91.08% float, 15 epochs, 199 s of training (fake-quant q7 estimate 90.95%);
               29/32 correct in reference_residual.npz
    tanh       90.44% float, 20 epochs, 226-241 s of training (fake-quant q7 estimate 90.50%);
               27/32 correct in reference_tanh.npz
"""

import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from train_lenet import (BATCH, DEFAULT_DATA, LR, N_REFERENCE, SEED,  # noqa: E402
                         evaluate, read_idx, transform, write_safetensors)

DEFAULT_LR = {"nonsquare": LR, "depthwise": 1e-2, "residual": LR, "tanh": LR}
DEFAULT_EPOCHS = {"nonsquare": 25, "depthwise": 16, "residual": 15, "tanh": 20}
DEFAULT_QAT_EPOCHS = {"nonsquare": 0, "depthwise": 0, "residual": 0, "tanh": 0}
QAT_LR = 1e-4
QAT_RECALIBRATE_STEPS = 100
DEFAULT_CALIBRATION = os.path.join(HERE, "..", "src", "main", "resources", "dev", "j2cmsis", "example",
                                   "calibration-images-idx3-ubyte.gz")


class NonSquare(nn.Module):
    DESCRIPTION = ("conv1 8@3x5 pad(1,2), maxpool 2, conv2 16@5x3 pad(2,1), avgpool (2,4)/(2,4) -> 7x3, "
                   "fc1 336->64, fc2 64->10")

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=(3, 5), padding=(1, 2))
        self.pool1 = nn.MaxPool2d(kernel_size=2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=(5, 3), padding=(2, 1))
        self.pool2 = nn.AvgPool2d(kernel_size=(2, 4), stride=(2, 4))
        self.fc1 = nn.Linear(336, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x, fq=None):
        fq = fq or FLOAT
        x = fq.input(x)
        x = self.pool1(fq.act("conv1", F.relu(fq.layer(self.conv1, x))))
        x = fq.avgpool(self.pool2, fq.act("conv2", F.relu(fq.layer(self.conv2, x))), "conv2")
        x = torch.flatten(x, 1)
        x = fq.act("fc1", F.relu(fq.layer(self.fc1, x)))
        return fq.act("fc2", fq.layer(self.fc2, x))


class Depthwise(nn.Module):
    DESCRIPTION = ("conv1 16@3x3 pad1, maxpool 2, dw2 3x3 x16 + bn2, pw2 32@1x1, maxpool 2, "
                   "dw3 3x3 x32 + bn3, pw3 64@1x1, avgpool 7, fc 64->10")

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.pool1 = nn.MaxPool2d(2)
        self.dw2 = nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)
        self.bn2 = nn.BatchNorm2d(16)
        self.pw2 = nn.Conv2d(16, 32, 1)
        self.pool2 = nn.MaxPool2d(2)
        self.dw3 = nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)
        self.bn3 = nn.BatchNorm2d(32)
        self.pw3 = nn.Conv2d(32, 64, 1)
        self.pool3 = nn.AvgPool2d(7)
        self.fc = nn.Linear(64, 10)

    def forward(self, x, fq=None):
        fq = fq or FLOAT
        x = fq.input(x)
        x = self.pool1(fq.act("conv1", F.relu(fq.layer(self.conv1, x))))
        x = fq.act("dw2", F.relu(fq.layer(self.dw2, x, self.bn2)))
        x = self.pool2(fq.act("pw2", F.relu(fq.layer(self.pw2, x))))
        x = fq.act("dw3", F.relu(fq.layer(self.dw3, x, self.bn3)))
        x = fq.avgpool(self.pool3, fq.act("pw3", F.relu(fq.layer(self.pw3, x))), "pw3")
        return fq.act("fc", fq.layer(self.fc, torch.flatten(x, 1)))


class Residual(nn.Module):
    DESCRIPTION = ("conv1 16@3x3 pad1, maxpool 2, conv2a 16@3x3 pad1 + relu, conv2b 16@3x3 pad1, "
                   "add pool1 + conv2b, relu, maxpool 2, cat(c3a 8@1x1, c3b 8@3x3 pad1), relu, fc 784->10")

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2a = nn.Conv2d(16, 16, 3, padding=1)
        self.conv2b = nn.Conv2d(16, 16, 3, padding=1)
        self.pool2 = nn.MaxPool2d(2)
        self.c3a = nn.Conv2d(16, 8, 1)
        self.c3b = nn.Conv2d(16, 8, 3, padding=1)
        self.fc = nn.Linear(784, 10)

    def forward(self, x, fq=None):
        fq = fq or FLOAT
        x = fq.input(x)
        p = self.pool1(fq.act("conv1", F.relu(fq.layer(self.conv1, x))))
        r = fq.act("conv2a", F.relu(fq.layer(self.conv2a, p)))
        r = fq.act("conv2b", fq.layer(self.conv2b, r))
        q = self.pool2(fq.act("add", F.relu(p + r)))
        x = fq.act("cat", F.relu(torch.cat([fq.layer(self.c3a, q), fq.layer(self.c3b, q)], dim=1)))
        return fq.act("fc", fq.layer(self.fc, torch.flatten(x, 1)))


class Tanh(nn.Module):
    DESCRIPTION = ("classic LeNet-5: conv1 6@5x5 pad2 + tanh, maxpool 2, conv2 16@5x5 + tanh, maxpool 2, "
                   "fc1 400->120 + sigmoid, fc2 120->84 + tanh, fc3 84->10")
    # (name of the layer, activation) in forward order; max |x| before each activation is reported.
    ACTIVATIONS = (("conv1", "tanh"), ("conv2", "tanh"), ("fc1", "sigmoid"), ("fc2", "tanh"))

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x, fq=None, pre=None):
        """pre: optional dict, filled with the pre-activation tensors by layer name."""
        fq = fq or FLOAT

        def seen(name, y):
            if pre is not None:
                pre[name] = y.detach()
            return y

        x = fq.input(x)
        x = self.pool1(fq.act("conv1", torch.tanh(seen("conv1", fq.layer(self.conv1, x)))))
        x = self.pool2(fq.act("conv2", torch.tanh(seen("conv2", fq.layer(self.conv2, x)))))
        x = torch.flatten(x, 1)
        x = fq.act("fc1", torch.sigmoid(seen("fc1", fq.layer(self.fc1, x))))
        x = fq.act("fc2", torch.tanh(seen("fc2", fq.layer(self.fc2, x))))
        return fq.act("fc3", fq.layer(self.fc3, x))


@torch.no_grad()
def preactivation_ranges(model, x, batch=1000):
    """For each (layer, activation) of model.ACTIVATIONS over x (eval mode): max |pre-activation|,
    the fraction of values with |x| >= 8 (outside the q7 Q3.4 table input) and the 99.9th percentile
    of |x|."""
    model.eval()
    chunks = {name: [] for name, _ in model.ACTIVATIONS}
    for i in range(0, len(x), batch):
        pre = {}
        model(x[i:i + batch], pre=pre)
        for name in chunks:
            chunks[name].append(pre[name].abs().flatten())
    out = []
    for name, act in model.ACTIVATIONS:
        a = torch.cat(chunks[name]).numpy()
        out.append((name, act, float(a.max()), float(np.mean(a >= 8)), float(np.quantile(a, 0.999))))
    return out


# ---------------------------------------------------------------- optional quantization-aware fine-tuning

def frac_for(max_abs):
    """Fractional bits of the q7 power-of-two format for max_abs (j2cmsis QFormat.fracFor):
    7 - ceil(log2(max_abs)); 7 for 0."""
    if not max_abs > 0:
        return 7
    m, e = math.frexp(max_abs)  # max_abs = m * 2^e, 0.5 <= m < 1
    return 7 - (e - 1 if m == 0.5 else e)


def ste(x, q):
    """Forward q, backward identity (straight-through estimator)."""
    return x + (q - x).detach()


class FakeQuant:
    """How a forward pass treats layers. mode "float": plain float ops (what is exported and what the
    reference logits use). mode "calibrate": float ops, recording max |x| of every named tensor (after its
    fused ReLU), as j2cmsis calibrates (method minmax, float network, calibration subset). mode "quant":
    emulates the q7 network for quantization-aware fine-tuning: input, weights and every named tensor are
    rounded to per-tensor power-of-two q7 formats (frac = 7 - ceil(log2 max)), BatchNorm is folded into
    the preceding convolution with its running statistics (frozen), average pooling truncates in its input's
    format (legacy CMSIS arm_avepool_q7_HWC keeps the format), gradients pass straight through. Biases and
    the CMSIS shift limits are not emulated; it is an approximation for training, not the bit-exact model."""

    def __init__(self, mode="float"):
        self.mode = mode
        self.max = {}

    def frac(self, name):
        return frac_for(self.max[name])

    def _round(self, x, frac):
        return torch.clamp(torch.round(x * 2.0 ** frac), -128, 127) * 2.0 ** -frac

    def input(self, x):
        if self.mode == "calibrate":
            self.max["input"] = max(self.max.get("input", 0.0), float(x.abs().max()))
        elif self.mode == "quant":
            x = self._round(x, self.frac("input"))
        return x

    def act(self, name, x):
        if self.mode == "calibrate":
            self.max[name] = max(self.max.get(name, 0.0), float(x.detach().abs().max()))
        elif self.mode == "quant":
            x = ste(x, self._round(x, self.frac(name)))
        return x

    def layer(self, m, x, bn=None):
        """Conv2d or Linear m, optionally followed by BatchNorm2d bn (folded in "quant" mode)."""
        if self.mode != "quant":
            y = m(x)
            return bn(y) if bn is not None else y
        w, b = m.weight, m.bias
        if bn is not None:
            scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            w = w * scale.view(-1, *([1] * (w.dim() - 1)))
            b = bn.bias - bn.running_mean * scale + (b * scale if b is not None else 0)
        w = ste(w, self._round(w, frac_for(float(w.detach().abs().max()))))
        if isinstance(m, nn.Linear):
            return F.linear(x, w, b)
        return F.conv2d(x, w, b, m.stride, m.padding, m.dilation, m.groups)

    def avgpool(self, pool, x, src):
        """AvgPool2d over the tensor named src; in "quant" mode the mean truncates in src's format."""
        y = pool(x)
        if self.mode == "quant":
            f = self.frac(src)
            y = ste(y, torch.floor(torch.round(y * (2.0 ** f * _window(pool))) / _window(pool)) * 2.0 ** -f)
        return y


def _window(pool):
    k = pool.kernel_size
    return k[0] * k[1] if isinstance(k, tuple) else k * k


FLOAT = FakeQuant("float")


@torch.no_grad()
def calibrate(model, x_calib):
    model.eval()
    fq = FakeQuant("calibrate")
    model(x_calib, fq)
    fq.mode = "quant"
    return fq


@torch.no_grad()
def evaluate_fq(model, fq, x, y, batch=1000):
    model.eval()
    return sum((model(x[i:i + batch], fq).argmax(1) == y[i:i + batch]).sum().item()
               for i in range(0, len(x), batch)) / len(x)


NETS = {"nonsquare": NonSquare, "depthwise": Depthwise, "residual": Residual, "tanh": Tanh}


def export_state(model):
    """state_dict as float32 (num_batches_tracked dropped) plus a scalar <bn>.eps per BatchNorm."""
    state = {k: v.float().contiguous() for k, v in model.state_dict().items()
             if not k.endswith("num_batches_tracked")}
    for name, m in model.named_modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            state[f"{name}.eps"] = torch.tensor(m.eps, dtype=torch.float32)
    return state


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--net", required=True, choices=sorted(NETS))
    ap.add_argument("--out", required=True, help="directory for fashion_<net>.safetensors")
    ap.add_argument("--data", default=DEFAULT_DATA, help="directory with the Fashion-MNIST *.gz files")
    ap.add_argument("--epochs", type=int, default=None, help="default: per network, see DEFAULT_EPOCHS")
    ap.add_argument("--lr", type=float, default=None, help="peak Adam lr; default: per network, see DEFAULT_LR")
    ap.add_argument("--qat-epochs", type=int, default=None,
                    help="quantization-aware fine-tuning epochs after the float ones; default: DEFAULT_QAT_EPOCHS")
    ap.add_argument("--qat-lr", type=float, default=QAT_LR)
    ap.add_argument("--calibration", default=DEFAULT_CALIBRATION,
                    help="IDX images for the q7 formats (QAT and the q7 estimate)")
    ap.add_argument("--reference", default=None, help="default: reference_<net>.npz next to this script")
    args = ap.parse_args()
    epochs = args.epochs if args.epochs is not None else DEFAULT_EPOCHS[args.net]
    lr = args.lr if args.lr is not None else DEFAULT_LR[args.net]
    qat_epochs = args.qat_epochs if args.qat_epochs is not None else DEFAULT_QAT_EPOCHS[args.net]
    reference = args.reference or os.path.join(HERE, f"reference_{args.net}.npz")

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    try:
        torch.use_deterministic_algorithms(True)
    except Exception as e:  # pragma: no cover
        print("note: deterministic algorithms unavailable:", e)
    print(f"net {args.net}, torch {torch.__version__}, numpy {np.__version__}, "
          f"threads {torch.get_num_threads()}, epochs {epochs}, lr {lr:g}, qat epochs {qat_epochs}")

    d = args.data
    x_train = transform(read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")))
    y_train = torch.from_numpy(read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    x_test = transform(read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")))
    test_lbl = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
    y_test = torch.from_numpy(test_lbl.astype(np.int64))
    x_calib = transform(read_idx(args.calibration))

    cls = NETS[args.net]
    model = cls()
    print(f"parameters: {sum(p.numel() for p in model.parameters())}")
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    steps_per_epoch = (len(x_train) + BATCH - 1) // BATCH
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs * steps_per_epoch)
    g = torch.Generator().manual_seed(SEED)

    t0 = time.time()
    for epoch in range(1, epochs + 1):
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

    if qat_epochs:
        # BatchNorm stays in eval mode (running statistics frozen, folded into the convolutions).
        model.eval()
        opt = torch.optim.Adam(model.parameters(), lr=args.qat_lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=qat_epochs * steps_per_epoch)
        step = 0
        for epoch in range(1, qat_epochs + 1):
            perm = torch.randperm(len(x_train), generator=g)
            total, n = 0.0, 0
            for i in range(0, len(perm), BATCH):
                if step % QAT_RECALIBRATE_STEPS == 0:
                    fq = calibrate(model, x_calib)
                b = perm[i:i + BATCH]
                loss = F.cross_entropy(model(x_train[b], fq), y_train[b])
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                step += 1
                total += loss.item() * len(b)
                n += len(b)
            fq = calibrate(model, x_calib)
            print(f"qat epoch {epoch:2d}  loss {total / n:.4f}  test acc float {100 * evaluate(model, x_test, y_test):.2f}%"
                  f"  fake-q7 {100 * evaluate_fq(model, fq, x_test, y_test):.2f}%  elapsed {time.time() - t0:.0f}s",
                  flush=True)
    train_seconds = time.time() - t0

    acc = evaluate(model, x_test, y_test)
    fq = calibrate(model, x_calib)
    acc_q = evaluate_fq(model, fq, x_test, y_test)
    print(f"training time: {train_seconds:.1f}s")
    print("q7 formats (calibration subset): " + ", ".join(
        f"{k} max {v:.2f} Q{7 - frac_for(v)}.{frac_for(v)}" for k, v in fq.max.items()))
    print(f"fake-quant q7 estimate: {100 * acc_q:.2f}%  (approximate, see FakeQuant)")
    print(f"float test accuracy: {100 * acc:.2f}%")
    if hasattr(cls, "ACTIVATIONS"):
        for name, act, mx, outside, p999 in preactivation_ranges(model, x_test):
            print(f"pre-activation {name} (before {act}), test set: max |x| {mx:.3f}, "
                  f"|x| >= 8: {100 * outside:.4f}%, 99.9th pct |x| {p999:.3f}")

    model.eval()
    state = export_state(model)
    meta = {
        "format": "pt",
        "model": f"{args.net}: {cls.DESCRIPTION}, Fashion-MNIST",
        "input_transform": "x = (pixel * (1/255) - 0.2860) / 0.3530",
        "float_test_accuracy": f"{100 * acc:.2f}%",
        "torch_version": torch.__version__,
        "seed": str(SEED),
        "epochs": str(epochs),
        "lr": f"{lr:g}",
        "qat_epochs": str(qat_epochs),
    }
    os.makedirs(args.out, exist_ok=True)
    weights = os.path.join(args.out, f"fashion_{args.net}.safetensors")
    write_safetensors(weights, state, meta)

    with torch.no_grad():
        logits = model(x_test[:N_REFERENCE]).numpy().astype(np.float32)
    np.savez(reference, logits=logits, predictions=logits.argmax(1).astype(np.int64),
             labels=test_lbl[:N_REFERENCE].astype(np.int64))

    # Sanity check: reload the weights (with the safetensors package when present) and re-run.
    try:
        from safetensors.torch import load_file
        loaded = load_file(weights)
    except ImportError:
        loaded = None
    if loaded is not None:
        eps = {k: v for k, v in loaded.items() if k.endswith(".eps")}
        for k, v in eps.items():
            assert v.shape == () and v.item() == np.float32(getattr(model, k[:-4]).eps), k
        m2 = cls()
        m2.load_state_dict({k: v for k, v in loaded.items() if k not in eps}, strict=False)
        missing = set(m2.state_dict()) - set(loaded)
        assert all(k.endswith("num_batches_tracked") for k in missing), missing
        m2.eval()
        with torch.no_grad():
            assert np.array_equal(m2(x_test[:N_REFERENCE]).numpy(), logits), "reloaded weights differ"
        print("reloaded safetensors: logits identical")
    print("tensors: " + ", ".join(f"{k} {list(v.shape)}" for k, v in sorted(state.items())))
    print(f"wrote {weights} ({os.path.getsize(weights)} bytes) and {reference}")


if __name__ == "__main__":
    main()
