#!/usr/bin/env python3
"""Draws docs/performance/*.svg from the CSV tables beside them (standard library only: no plotting package here).

usage: scripts/perf-plot.py docs/performance/epoch-vs-n.csv "training samples N" "vanilla epoch seconds" out.svg [--log]
The CSV has a header and columns x,y[,series]; one line per series, log-log axes with --log.
"""
import csv, math, sys


def main():
    src, xlabel, ylabel, out = sys.argv[1:5]
    log = '--log' in sys.argv[5:]
    series = {}
    with open(src) as f:
        for row in csv.DictReader(f):
            keys = list(row)
            name = row[keys[2]] if len(keys) > 2 else keys[1]
            series.setdefault(name, []).append((float(row[keys[0]]), float(row[keys[1]])))
    t = (lambda v: math.log10(v)) if log else (lambda v: v)
    xs = [t(x) for s in series.values() for x, _ in s]
    ys = [t(y) for s in series.values() for _, y in s]
    x0, x1 = min(xs), max(xs)
    y0, y1 = (min(ys), max(ys)) if log else (0, max(ys) * 1.05)
    W, H, L, B = 640, 400, 70, 50
    px = lambda x: L + (t(x) - x0) / ((x1 - x0) or 1) * (W - L - 20)
    py = lambda y: H - B - (t(y) - y0) / ((y1 - y0) or 1) * (H - B - 20)
    colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd']
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<line x1="{L}" y1="{H - B}" x2="{W - 20}" y2="{H - B}" stroke="black"/>',
           f'<line x1="{L}" y1="20" x2="{L}" y2="{H - B}" stroke="black"/>',
           f'<text x="{(W + L) / 2}" y="{H - 10}" text-anchor="middle">{xlabel}{" (log)" if log else ""}</text>',
           f'<text x="15" y="{(H - B) / 2}" text-anchor="middle" transform="rotate(-90 15 {(H - B) / 2})">{ylabel}{" (log)" if log else ""}</text>']
    ticks = sorted({x for s in series.values() for x, _ in s})
    for x in ticks:
        svg.append(f'<text x="{px(x):.1f}" y="{H - B + 16}" text-anchor="middle">{x:g}</text>')
    yt = sorted({y for s in series.values() for _, y in s})
    for y in yt:
        svg.append(f'<text x="{L - 4}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    for i, (name, pts) in enumerate(series.items()):
        c = colors[i % len(colors)]
        pts.sort()
        svg.append(f'<polyline fill="none" stroke="{c}" stroke-width="2" points="'
                   + ' '.join(f'{px(x):.1f},{py(y):.1f}' for x, y in pts) + '"/>')
        svg += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{c}"/>' for x, y in pts]
        svg.append(f'<text x="{L + 10}" y="{30 + 16 * i}" fill="{c}">{name}</text>')
    svg.append('</svg>')
    with open(out, 'w') as f:
        f.write('\n'.join(svg) + '\n')


if __name__ == '__main__':
    main()
