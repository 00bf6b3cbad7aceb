"""A plain PyTorch CPU training loop (eager, NCHW), the same workload; prints images/s as JSON."""
import sys
import time

import numpy as np
import torch
from torch import nn

from workloads import data, report


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.proj = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
                     if stride != 1 or cin != cout else nn.Identity())

    def forward(self, x):
        r = self.b2(self.c2(torch.relu(self.b1(self.c1(x)))))
        return torch.relu(self.proj(x) + r)


def build(name):
    if name == "lenet5":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.AvgPool2d(2), nn.Conv2d(6, 16, 5),
                             nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(),
                             nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    if name == "mlp":
        return nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    blocks, cin = [], 16
    for stage, width in enumerate((16, 32, 64)):
        for b in range(3):
            blocks.append(Block(cin, width, 2 if stage and not b else 1)); cin = width
    return nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), *blocks,
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def epoch(model, opt, x, y, batch):
    perm = torch.randperm(len(x))
    for i in range(0, len(x), batch):
        idx = perm[i:i + batch]
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])   # softmax + CE from logits
        loss.backward()
        opt.step()


def main(name, quick):
    torch.manual_seed(0)
    x, y, w = data(name, quick)
    if x.ndim == 4:
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    x, y = torch.from_numpy(x), torch.from_numpy(y).long()
    model = build(name)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    epoch(model, opt, x, y, w["batch"])
    t, c = time.perf_counter(), time.process_time()
    for _ in range(w["epochs"]):
        epoch(model, opt, x, y, w["batch"])
    n = len(x) * w["epochs"]
    report("pytorch", name, n / (time.perf_counter() - t), n / (time.process_time() - c))


if __name__ == "__main__":
    main(sys.argv[1], "--quick" in sys.argv)
