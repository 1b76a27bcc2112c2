#!/usr/bin/env python3
"""Export the j2cmsis example networks to ONNX, as a user would export a trained nn.Module.

For each example network this rebuilds the nn.Module whose attribute names are the field names of the
hand-written Java class (every layer is a module, so torch.onnx.export names each node after it, e.g.
"/relu1/Relu"; j2cmsis's importer takes layer names from there and from the initializer names such as
"conv1.weight"), loads the committed safetensors weights, exports it with torch.onnx.export and checks the
file with onnx.checker and onnxruntime against the PyTorch output.

Export settings and why:
  opset_version=17            any opset >= 13 imports; 17 is what current PyTorch writes by default
  dynamo=False                the TorchScript exporter: node names carry the module path
  training=PRESERVE (eval())  BatchNormalization stays a node (TrainingMode.EVAL would fold it into the
                              convolution before it, which j2cmsis then sees as a plain biased Conv)
  do_constant_folding=True    shape arithmetic becomes constants

FashionLeNetQ15 is FashionLeNet's network with other quantization settings: it imports from
fashion_lenet.onnx (the importer's --scheme / --layer-scheme options write its YAML).

Environment (never needed by the Java build):

    python3 -m venv /work/venv
    /work/venv/bin/pip install --no-index --find-links /opt/wheels --find-links /opt/pypi/files \\
        --find-links /opt/pypi-more/files torch onnx onnxruntime numpy
    cd example-project/training
    /work/venv/bin/python export_onnx.py --out ../src/test/resources/dev/j2cmsis/example/onnx

(recorded with torch 2.13.0+cpu, onnx 1.23.1, onnxruntime 1.30.0, numpy 2.4.6, Python 3.11.)
"""

import argparse
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
WEIGHTS = os.path.join(HERE, "..", "src", "main", "resources", "dev", "j2cmsis", "example")


def read_safetensors(path):
    """float32 tensors of a safetensors file (8-byte little-endian header length, JSON header, data)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        a, b = info["data_offsets"]
        out[name] = torch.from_numpy(
            np.frombuffer(data[8 + n + a:8 + n + b], dtype="<f4").reshape(info["shape"]).copy())
    return out


class AddOp(nn.Module):
    def forward(self, a, b):
        return a + b


class CatOp(nn.Module):
    def forward(self, a, b):
        return torch.cat([a, b], dim=1)


class Sequence(nn.Module):
    """Layers in the order of the Java class's fields, each fed by the one before."""

    def __init__(self, layers):
        super().__init__()
        self.order = [name for name, _ in layers]
        for name, m in layers:
            setattr(self, name, m)

    def forward(self, x):
        for name in self.order:
            x = getattr(self, name)(x)
        return x


def lenet():
    return Sequence([
        ("conv1", nn.Conv2d(1, 6, 5, padding=2)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(6, 16, 5)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("conv3", nn.Conv2d(16, 120, 5)), ("relu3", nn.ReLU()), ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(120, 84)), ("relu4", nn.ReLU()), ("fc2", nn.Linear(84, 10))])


def nonsquare():
    return Sequence([
        ("conv1", nn.Conv2d(1, 8, (3, 5), padding=(1, 2))), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(8, 16, (5, 3), padding=(2, 1))), ("relu2", nn.ReLU()),
        ("pool2", nn.AvgPool2d((2, 4), (2, 4))), ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(336, 64)), ("relu3", nn.ReLU()), ("fc2", nn.Linear(64, 10))])


def depthwise():
    return Sequence([
        ("conv1", nn.Conv2d(1, 16, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("dw2", nn.Conv2d(16, 16, 3, padding=1, groups=16, bias=False)), ("bn2", nn.BatchNorm2d(16)),
        ("relu2", nn.ReLU()), ("pw2", nn.Conv2d(16, 32, 1)), ("relu3", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("dw3", nn.Conv2d(32, 32, 3, padding=1, groups=32, bias=False)), ("bn3", nn.BatchNorm2d(32)),
        ("relu4", nn.ReLU()), ("pw3", nn.Conv2d(32, 64, 1)), ("relu5", nn.ReLU()), ("pool3", nn.AvgPool2d(7)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(64, 10))])


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2a = nn.Conv2d(16, 16, 3, padding=1)
        self.relu2 = nn.ReLU()
        self.conv2b = nn.Conv2d(16, 16, 3, padding=1)
        self.add = AddOp()
        self.relu3 = nn.ReLU()
        self.pool2 = nn.MaxPool2d(2)
        self.c3a = nn.Conv2d(16, 8, 1)
        self.c3b = nn.Conv2d(16, 8, 3, padding=1)
        self.cat = CatOp()
        self.relu4 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        p = self.pool1(self.relu1(self.conv1(x)))
        r = self.conv2b(self.relu2(self.conv2a(p)))
        q = self.pool2(self.relu3(self.add(p, r)))
        x = self.relu4(self.cat(self.c3a(q), self.c3b(q)))
        return self.fc(self.flatten(x))


def tanh():
    return Sequence([
        ("conv1", nn.Conv2d(1, 6, 5, padding=2)), ("tanh1", nn.Tanh()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(6, 16, 5)), ("tanh2", nn.Tanh()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("fc1", nn.Linear(400, 120)), ("sig3", nn.Sigmoid()),
        ("fc2", nn.Linear(120, 84)), ("tanh4", nn.Tanh()), ("fc3", nn.Linear(84, 10))])


NETS = {"lenet": lenet, "nonsquare": nonsquare, "depthwise": depthwise, "residual": Residual, "tanh": tanh}


def load(model, weights):
    state = read_safetensors(weights)
    eps = {k[:-4]: float(v) for k, v in state.items() if k.endswith(".eps")}
    missing, unexpected = model.load_state_dict({k: v for k, v in state.items() if not k.endswith(".eps")},
                                                strict=False)
    assert all(k.endswith("num_batches_tracked") for k in missing), missing
    assert not unexpected, unexpected
    for name, value in eps.items():
        getattr(model, name).eps = value
    return model.eval()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for fashion_<net>.onnx")
    ap.add_argument("--net", action="append", choices=sorted(NETS), help="default: all")
    args = ap.parse_args()
    import onnx
    import onnxruntime as ort

    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    for net in args.net or sorted(NETS):
        model = load(NETS[net](), os.path.join(WEIGHTS, f"fashion_{net}.safetensors"))
        path = os.path.join(args.out, f"fashion_{net}.onnx")
        x = torch.randn(8, 1, 28, 28)
        torch.onnx.export(model, (x[:1],), path, opset_version=17, dynamo=False,
                          training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True,
                          input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        onnx.checker.check_model(onnx.load(path), full_check=True)
        with torch.no_grad():
            expected = model(x).numpy()
        got = ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {"input": x.numpy()})[0]
        diff = float(np.abs(got - expected).max())
        assert diff < 1e-4, (net, diff)
        ops = [n.op_type for n in onnx.load(path).graph.node]
        print(f"{path}: {os.path.getsize(path)} bytes, {len(ops)} nodes ({', '.join(ops)}); "
              f"onnxruntime vs torch max |diff| {diff:.2e}")


if __name__ == "__main__":
    main()
