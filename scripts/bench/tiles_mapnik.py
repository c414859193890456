#!/usr/bin/python3
# tiles_mapnik.py - the Mapnik side of scripts/bench/tiles.sh: render the tiles that
# `coopmap tiles` wrote, with the same style, then compare the two renderings pixel by pixel.
# usage: tiles_mapnik.py AREAS.geojson CLASSES.csv OURS_DIR MAPNIK_DIR
# AREAS.geojson: code + geometry in EPSG:3857; CLASSES.csv: code,value,class,color (from
# `coopmap tiles --classes`). Prints "mapnik seconds: S (cpu C, best of R)", "tiles: N" and
# "mean pixel difference: D/255" (over all channels, both images composited over white).
import csv
import glob
import json
import math
import os
import sys
import time

import mapnik
import numpy as np

MERC = ("+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m"
        " +nadgrids=@null +wktext +no_defs")
ORIGIN = math.pi * 6378137.0
Z13_SCALE = 559082264.028 / 2 ** 13  # Mapnik scale denominator of z13 (0.28 mm pixels)
OUTLINE, OUTLINE_PX = "#737373", 0.6  # as render_style_init
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


def with_colors(areas, classes, out):
    color = {}
    with open(classes) as f:
        for row in csv.DictReader(f):
            color[row["code"]] = row["color"]
    with open(areas) as f:
        gj = json.load(f)
    for feat in gj["features"]:
        feat["properties"]["color"] = color.get(feat["properties"]["code"], "#d9d9d9")
    with open(out, "w") as f:
        json.dump(gj, f)
    return sorted(set(color.values()) | {"#d9d9d9"})


def make_map(geojson, colors, size, height=None, outline_all=False):
    m = mapnik.Map(size, height or size, MERC)
    style = mapnik.Style()
    for c in colors:
        r = mapnik.Rule()
        r.filter = mapnik.Expression("[color] = '%s'" % c)
        ps = mapnik.PolygonSymbolizer()
        ps.fill = mapnik.Color(c)
        r.symbols.append(ps)
        style.rules.append(r)
    r = mapnik.Rule()
    if not outline_all:
        r.max_scale = Z13_SCALE * 1.001
    ls = mapnik.LineSymbolizer()
    ls.stroke = mapnik.Color(OUTLINE)
    ls.stroke_width = OUTLINE_PX
    ls.stroke_linejoin = mapnik.stroke_linejoin.ROUND_JOIN
    r.symbols.append(ls)
    style.rules.append(r)
    m.append_style("areas", style)
    layer = mapnik.Layer("areas", MERC)
    layer.datasource = mapnik.Datasource(type="geojson", file=geojson)
    layer.styles.append("areas")
    m.layers.append(layer)
    return m


def tile_box(z, x, y):
    size = 2 * ORIGIN / 2 ** z
    minx, maxy = -ORIGIN + x * size, ORIGIN - y * size
    return mapnik.Box2d(minx, maxy - size, minx + size, maxy)


def over_white(path):
    im = mapnik.Image.open(path)
    a = np.frombuffer(im.tostring(), dtype=np.uint8).reshape(im.height(), im.width(), 4)
    a = a.astype(np.float64)
    alpha = a[:, :, 3:4] / 255.0
    return a[:, :, :3] * alpha + 255.0 * (1.0 - alpha)


def main():
    areas, classes, ours, outdir = sys.argv[1:5]
    colors = with_colors(areas, classes, os.path.join(outdir, "areas_colored.geojson"))
    tiles = []
    for p in sorted(glob.glob(os.path.join(ours, "*", "*", "*.png"))):
        z, x = p.split(os.sep)[-3:-1]
        tiles.append((int(z), int(x), int(os.path.basename(p).split(".")[0]), p))
    m = make_map(os.path.join(outdir, "areas_colored.geojson"), colors, 256)
    m.zoom_to_box(tile_box(*tiles[0][:3]))  # the geojson plugin indexes on first use
    mapnik.render(m, mapnik.Image(256, 256))
    secs, cpu = [], []
    for _ in range(REPEAT):  # best of REPEAT: the machine may be busy with other work
        t0, c0 = time.monotonic(), time.process_time()
        for z, x, y, _ in tiles:
            m.zoom_to_box(tile_box(z, x, y))
            im = mapnik.Image(256, 256)
            mapnik.render(m, im)
            d = os.path.join(outdir, str(z), str(x))
            os.makedirs(d, exist_ok=True)
            im.save(os.path.join(d, "%d.png" % y), "png32:z=1")
        secs.append(time.monotonic() - t0)
        cpu.append(time.process_time() - c0)
    diff, npx = 0.0, 0
    for z, x, y, p in tiles:
        a = over_white(p)
        b = over_white(os.path.join(outdir, str(z), str(x), "%d.png" % y))
        diff += np.abs(a - b).sum()
        npx += a.size
    print("mapnik seconds: %.3f (cpu %.3f, best of %d)" % (min(secs), min(cpu), REPEAT))
    print("tiles: %d" % len(tiles))
    print("mean pixel difference: %.2f/255" % (diff / npx))


if __name__ == "__main__":
    main()
