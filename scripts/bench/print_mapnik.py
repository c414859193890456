#!/usr/bin/python3
# print_mapnik.py - the Mapnik side of scripts/bench/print.sh: the same map as
# `coopmap print --map-only --paper A3 --landscape` (same fills and outlines, every bureau),
# written as a PDF through Mapnik's cairo backend.
# usage: print_mapnik.py AREAS.geojson CLASSES.csv OUT.pdf
# Prints "mapnik seconds: S (best of R)" for loading the data and rendering the page.
import os
import sys
import time

import mapnik

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tiles_mapnik import make_map, with_colors  # noqa: E402  (same style as the tiles bench)

A3_W, A3_H = 1191, 842  # points
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def main():
    areas, classes, out = sys.argv[1:4]
    colored = out + ".colored.geojson"
    colors = with_colors(areas, classes, colored)
    best = None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        m = make_map(colored, colors, A3_W, A3_H, outline_all=True)
        m.zoom_all()
        mapnik.render_to_file(m, out, "pdf")
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    os.remove(colored)
    print("mapnik seconds: %.3f (best of %d)" % (best, REPEAT))


main()
