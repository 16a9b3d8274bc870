#!/usr/bin/env python3
"""Draws docs/images/icon.png, the packages' icon: two cycles of a triangular learning rate on a rounded square.

Standard library only (zlib for PNG), 4x4 supersampling for smooth edges; the output is byte-for-byte the same on
every run. Usage: python3 docs/images/make-icon.py
"""
import math
import os
import struct
import zlib

SIZE, SS = 128, 4
BACKGROUND = (31, 58, 96)      # dark blue
WAVE = (255, 176, 59)          # amber
RADIUS = 22                    # corner radius of the square
WIDTH = 7.0                    # stroke width of the wave, in pixels
# Three cycles: base at the bottom, max at the top, like Triangular's first 6 * stepSize iterations.
POINTS = [(12, 92), (29.33, 36), (46.67, 92), (64, 36), (81.33, 92), (98.67, 36), (116, 92)]


def inside_rounded_square(x, y):
    cx = min(max(x, RADIUS), SIZE - RADIUS)
    cy = min(max(y, RADIUS), SIZE - RADIUS)
    return (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2


def distance_to_segment(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def on_wave(x, y):
    return min(distance_to_segment(x, y, a, b) for a, b in zip(POINTS, POINTS[1:])) <= WIDTH / 2


def pixel(ix, iy):
    r = g = b = a = 0.0
    for sy in range(SS):
        for sx in range(SS):
            x, y = ix + (sx + 0.5) / SS, iy + (sy + 0.5) / SS
            if not inside_rounded_square(x, y):
                continue
            colour = WAVE if on_wave(x, y) else BACKGROUND
            r, g, b, a = r + colour[0], g + colour[1], b + colour[2], a + 1
    n = SS * SS
    if a == 0:
        return (0, 0, 0, 0)
    return (round(r / a), round(g / a), round(b / a), round(255 * a / n))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    rows = b"".join(b"\x00" + bytes(c for ix in range(SIZE) for c in pixel(ix, iy)) for iy in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(path, "wb") as f:
        f.write(png)
    print(f"{path}: {len(png)} bytes")


if __name__ == "__main__":
    main()
