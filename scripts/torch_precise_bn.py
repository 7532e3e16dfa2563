#!/usr/bin/env python3
"""PyTorch side of the precise-BatchNorm check in docs/engine.md.

Trains one `small-cnn` encoder + linear head on one modality of a prepared bss dataset (our split files),
SGD 0.01 / momentum 0.9 / weight decay 1e-4, batch 32, and after every epoch prints the test accuracy three ways:
eval mode with the running averages (what the paper's code reports), train mode with each test batch's own
statistics, and eval mode after recomputing the statistics from the whole training set (precise BN).

usage: torch_precise_bn.py DATASET_DIR MODALITY EPOCHS   (needs python3-torch and python3-numpy)
"""
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_split(path):
    """A bss split file: magic, version, JSON header, then fixed-size records (int32 label, float32 modalities)."""
    raw = open(path, 'rb').read()
    if raw[:8] != b'BSSSPLIT':
        sys.exit(f'{path}: not a bss split file')
    _, header_len = struct.unpack('<ii', raw[8:16])
    header = json.loads(raw[16:16 + header_len])
    sizes = [int(np.prod(m['shape'])) for m in header['modalities']]
    record = 4 + 4 * sum(sizes)
    n = header['count']
    rows = np.frombuffer(raw, dtype=np.uint8, offset=16 + header_len, count=n * record).reshape(n, record)
    labels = rows[:, :4].copy().view('<i4').ravel()
    out, offset = {}, 4
    for m, size in zip(header['modalities'], sizes):
        out[m['name']] = rows[:, offset:offset + 4 * size].copy().view('<f4').reshape([n] + m['shape'])
        offset += 4 * size
    return out, labels


def small_cnn(channels):
    layers = []
    for i, (cin, cout) in enumerate([(channels, 32), (32, 64), (64, 128)]):
        layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]
        if i < 2:
            layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())


def main():
    root, modality, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(2)
    torch.manual_seed(1)
    train, train_y = load_split(root + '/train.bin')
    test, test_y = load_split(root + '/test.bin')
    x, y = torch.tensor(train[modality]), torch.tensor(train_y, dtype=torch.long)
    xt, yt = torch.tensor(test[modality]), torch.tensor(test_y, dtype=torch.long)
    model = nn.Sequential(small_cnn(x.shape[1]), nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]

    def test_accuracy(train_mode):
        saved = {k: v.clone() for k, v in model.state_dict().items()}  # train mode must not move the averages
        model.train(train_mode)
        with torch.no_grad():
            correct = sum((model(xt[i:i + 32]).argmax(1) == yt[i:i + 32]).sum().item() for i in range(0, len(xt), 32))
        model.load_state_dict(saved)
        return correct / len(xt)

    def precise_accuracy():
        saved = {k: v.clone() for k, v in model.state_dict().items()}
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # cumulative average of the batch statistics
        model.train()
        with torch.no_grad():
            for i in range(0, len(x), 64):
                model(x[i:i + 64])
        for m in norms:
            m.momentum = 0.1
        result = test_accuracy(False)
        model.load_state_dict(saved)
        return result

    for epoch in range(1, epochs + 1):
        start = time.time()
        model.train()
        order = torch.randperm(len(x))
        total, seen = 0.0, 0
        for i in range(0, len(x) - 31, 32):
            idx = order[i:i + 32]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, seen = total + loss.item() * 32, seen + 32
        print(f'epoch {epoch}: loss {total / seen:.4f} test eval-BN {test_accuracy(False):.4f} '
              f'test batch-BN {test_accuracy(True):.4f} precise-BN {precise_accuracy():.4f} {time.time() - start:.1f}s',
              flush=True)


if __name__ == '__main__':
    main()
