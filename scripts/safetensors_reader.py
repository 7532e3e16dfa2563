#!/usr/bin/env python3
"""Read a bss run's portable weights with numpy, and check a PyTorch port of the small-cnn model against Java.

A run directory's checkpoints/ holds model.safetensors (every parameter under its DJL block name, e.g.
01encoder-audio_01Conv2d_weight, 03head-audio_weight, 05fusion_02Linear_bias) and test-logits.safetensors (the Java
model's test logits: fused, unimodal.<modality>, labels). Format: uint64 little-endian header length N, N bytes of JSON
{name: {dtype, shape, data_offsets}}, then the packed little-endian data.

usage:
  safetensors_reader.py FILE.safetensors                 list the tensors (numpy only)
  safetensors_reader.py --check RUN_DIR --split TEST.bin
      load model.safetensors into a PyTorch small-cnn late-fusion model (concat fusion), predict the split file
      (bss's prepared cache, e.g. ~/.cache/bss/datasets/av-digits-small/test.bin) and print how often its predicted
      classes agree with the Java model's (from test-logits.safetensors), per head and for the summed heads.
      Needs PyTorch (Debian: apt-get install -y python3-torch).
"""
import argparse, json, re, struct, sys
import numpy as np

DTYPES = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I64': '<i8', 'I32': '<i4', 'I16': '<i2', 'I8': 'i1', 'U8': 'u1',
          'BOOL': '?', 'U16': '<u2', 'U32': '<u4', 'U64': '<u8'}


def read_safetensors(path):
    """(metadata, {name: np.ndarray}) of a safetensors file; raises ValueError naming the file and byte offset."""
    data = open(path, 'rb').read()
    if len(data) < 8:
        raise ValueError(f'{path} at byte 0: no 8-byte header length')
    (n,) = struct.unpack_from('<Q', data, 0)
    if n > len(data) - 8:
        raise ValueError(f'{path} at byte 0: header length {n} does not fit the file')
    try:
        header = json.loads(data[8:8 + n])
    except ValueError as e:
        raise ValueError(f'{path} at byte 8: header is not JSON ({e})')
    base, tensors = 8 + n, {}
    meta = header.pop('__metadata__', {})
    for name, e in header.items():
        begin, end = e['data_offsets']
        if base + end > len(data) or end < begin:
            raise ValueError(f'{path} at byte {base + begin}: tensor {name} outside the data buffer')
        tensors[name] = np.frombuffer(data, DTYPES[e['dtype']], (end - begin) // np.dtype(DTYPES[e['dtype']]).itemsize,
                                      base + begin).reshape(e['shape'])
    return meta, tensors


def read_split(path):
    """(labels, [array per modality], header) of a bss split cache file (BSSSPLIT, version 1)."""
    data = open(path, 'rb').read()
    if data[:8] != b'BSSSPLIT':
        raise ValueError(f'{path}: not a bss split file')
    version, h = struct.unpack_from('<ii', data, 8)
    header = json.loads(data[16:16 + h])
    sizes = [int(np.prod(m['shape'])) for m in header['modalities']]
    rec = np.dtype([('label', '<i4')] + [(f'm{i}', '<f4', (s,)) for i, s in enumerate(sizes)])
    r = np.frombuffer(data, rec, header['count'], 16 + h)
    xs = [r[f'm{i}'].reshape([-1] + m['shape']) for i, m in enumerate(header['modalities'])]
    return r['label'].astype(np.int64), xs, header


def torch_model(tensors, modalities, classes):
    """A PyTorch small-cnn late-fusion model holding the Java weights (DJL names mapped to PyTorch's)."""
    import torch, torch.nn as nn

    def small_cnn():  # conv-BN-ReLU-maxpool x2, conv-BN-ReLU, global average pool: bss's small-cnn preset
        def block(cin, cout, pool):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()] + ([nn.MaxPool2d(2)] if pool else [])
        return nn.Sequential(*block(1, 32, True), *block(32, 64, True), *block(64, 128, False),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten())

    class LateFusion(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = nn.ModuleDict({m: small_cnn() for m in modalities})
            self.head = nn.ModuleDict({m: nn.Linear(128, classes) for m in modalities})
            self.fusion = nn.Linear(128 * len(modalities), classes)

        def forward(self, xs):
            e = [self.enc[m](x) for m, x in zip(modalities, xs)]
            return self.fusion(torch.cat(e, 1)), [self.head[m](x) for m, x in zip(modalities, e)]

    model = LateFusion()
    state = {}
    part = {'weight': 'weight', 'bias': 'bias', 'gamma': 'weight', 'beta': 'bias', 'runningMean': 'running_mean',
            'runningVar': 'running_var'}
    pattern = r'\d+encoder-(.+)_(\d+)(Conv2d|BatchNorm)_(\w+)'
    children = {}  # (modality, kind) -> DJL child numbers, in order: the k-th conv / BN of the encoder
    for name in tensors:
        enc = re.fullmatch(pattern, name)
        if enc:
            children.setdefault((enc.group(1), enc.group(3)), set()).add(int(enc.group(2)))
    for name, t in tensors.items():
        enc = re.fullmatch(pattern, name)
        head = re.fullmatch(r'\d+head-(.+)_(weight|bias)', name)
        fus = re.fullmatch(r'\d+fusion_\d+Linear_(weight|bias)', name)
        if enc:  # PyTorch Sequential: conv at 0, 4, 8 and its BN right after
            k = sorted(children[(enc.group(1), enc.group(3))]).index(int(enc.group(2)))
            idx = 4 * k + (1 if enc.group(3) == 'BatchNorm' else 0)
            state[f'enc.{enc.group(1)}.{idx}.{part[enc.group(4)]}'] = torch.from_numpy(t.copy())
        elif head:
            state[f'head.{head.group(1)}.{head.group(2)}'] = torch.from_numpy(t.copy())
        elif fus:
            state[f'fusion.{fus.group(1)}'] = torch.from_numpy(t.copy())
        else:
            raise ValueError(f'unexpected tensor {name}: not a small-cnn concat-fusion model')
    missing = model.load_state_dict(state, strict=False)
    if [k for k in missing.missing_keys if not k.endswith('num_batches_tracked')] or missing.unexpected_keys:
        raise ValueError(f'weights do not fit the model: {missing}')
    return model.eval()


def check(run, split, threads):
    import torch
    torch.set_num_threads(threads)
    _, w = read_safetensors(f'{run}/checkpoints/model.safetensors')
    _, java = read_safetensors(f'{run}/checkpoints/test-logits.safetensors')
    labels, xs, header = read_split(split)
    modalities = [m['name'] for m in header['modalities']]
    if not np.array_equal(labels, java['labels']):
        sys.exit('the split file is not the split the Java logits were computed on (labels differ)')
    model = torch_model(w, modalities, java['fused'].shape[1])
    with torch.no_grad():
        outs = [model([torch.from_numpy(x[i:i + 256].copy()) for x in xs]) for i in range(0, len(labels), 256)]
    fused = torch.cat([o[0] for o in outs]).numpy()
    uni = [torch.cat([o[1][m] for o in outs]).numpy() for m in range(len(modalities))]
    heads = {'fused': (fused, java['fused'])}
    heads.update({m: (uni[i], java['unimodal.' + m]) for i, m in enumerate(modalities)})
    heads['sum of all heads'] = (fused + sum(uni), java['fused'] + sum(java['unimodal.' + m] for m in modalities))
    print(f'{len(labels)} test samples, modalities {modalities}')
    for name, (t, j) in heads.items():
        agree = np.mean(t.argmax(1) == j.argmax(1))
        print(f'{name:>18}: agreement {100 * agree:.2f} %, max |logit diff| {np.abs(t - j).max():.2e}, '
              f'acc torch {100 * np.mean(t.argmax(1) == labels):.2f} % java {100 * np.mean(j.argmax(1) == labels):.2f} %')


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('file', nargs='?')
    p.add_argument('--check', metavar='RUN_DIR')
    p.add_argument('--split', metavar='SPLIT_FILE')
    p.add_argument('--threads', type=int, default=2)
    a = p.parse_args()
    if a.check:
        if not a.split:
            p.error('--check needs --split')
        check(a.check, a.split, a.threads)
    elif a.file:
        meta, tensors = read_safetensors(a.file)
        for name, t in sorted(tensors.items()):
            print(f'{name}\t{t.dtype}\t{list(t.shape)}')
        if meta:
            print('metadata:', meta)
    else:
        p.error('give a FILE or --check RUN_DIR --split SPLIT_FILE')


if __name__ == '__main__':
    main()
