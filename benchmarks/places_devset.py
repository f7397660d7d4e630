"""Places on the dev set: the article's post-2025 province against the manifest's.

Runs the real pipeline (cleaning, underthesea NER) over ``../shared/devset/texts``,
finds places with :func:`nlp.places.find_places` and compares :func:`main_province`
with the manifest's ``province`` (a pre-2025 province, mapped to its post-2025 one with
the same gazetteer). Two runs: text only, and text plus the site's province as a crawl
would know it from the domain (:func:`province_from_site`). Also counts places whose
name the text does not hold at their offsets, or that do not name their unit (should be 0).

    .venv/bin/python benchmarks/places_devset.py [--devset ../shared/devset] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp import extractions, load_pipeline  # noqa: E402
from nlp.places import (  # noqa: E402
    Gazetteer,
    Place,
    find_places,
    main_province,
    province_from_site,
)


def _unnamed(place: Place, text: str, gaz: Gazetteer) -> bool:
    """True when the text does not hold the place's name at its offsets, or the name is not
    a name of a unit in the place's province."""
    if place.source != "text":
        return False
    if place.start is None or place.end is None or text[place.start : place.end] != place.name:
        return True
    name = place.name
    prefix = gaz.prefix_re.match(name)
    if prefix and name[prefix.end() :].strip().isdigit():
        name = name[prefix.end() :].strip()  # "Quận 3" is looked up as "3"
    # any spelling, or a former name the library keeps for a merged unit
    units = gaz.lookup(name) + gaz.lookup_ascii(name)
    return not any(gaz.new_province(u) == place.province for u in units)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)
    texts = args.devset / "texts"
    manifest = args.devset / "manifest.jsonl"
    if not texts.is_dir() or not manifest.is_file():
        print(f"skipped: no dev set at {args.devset} (texts/ and manifest.jsonl needed)")
        return 0

    meta = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            meta[row["id"]] = row
    t0 = time.perf_counter()
    gaz = Gazetteer.default()
    pipe = load_pipeline()
    t_load = time.perf_counter() - t0

    totals = {"text": [0, 0], "text+site": [0, 0]}
    unnamed = 0
    n_places = 0
    t_find = 0.0
    for path in sorted(texts.glob("*.txt")):
        row = meta.get(path.stem)
        if row is None:
            continue
        doc = pipe(path.read_text(encoding="utf-8"))
        entities = extractions(doc).entities
        expected_unit = gaz.province_unit(row["province"]) if row.get("province") else None
        expected = gaz.new_province(expected_unit) if expected_unit else None
        site_province = province_from_site(row.get("site") or "", gaz)
        cells = []
        for mode, site in (("text", None), ("text+site", site_province)):
            t1 = time.perf_counter()
            places = find_places(doc.text, entities, site_province=site, rules=gaz)
            t_find += time.perf_counter() - t1
            main = main_province(places)
            found = main.province if main else None
            if expected:
                totals[mode][1] += 1
                totals[mode][0] += found == expected
            cells.append(f"{mode}={found or '-'}{'' if found == expected else ' ✗'}")
            if mode == "text":
                n_places += len(places)
                bad = [p for p in places if _unnamed(p, doc.text, gaz)]
                unnamed += len(bad)
                for p in bad:
                    print(f"  UNNAMED {path.stem}: {p}")
        if not args.quiet:
            print(
                f"{path.stem}  expected={expected or '-'} ({row.get('province')})  "
                f"site={row.get('site')}→{site_province or '-'}  " + "  ".join(cells)
            )
    print()
    for mode, (ok, n) in totals.items():
        print(f"{mode:10s} main province correct: {ok}/{n} = {ok / max(n, 1):.1%}")
    print(f"places found (text mode): {n_places}; not named by the text: {unnamed}")
    print(f"load {t_load:.1f}s; find_places total {t_find * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
