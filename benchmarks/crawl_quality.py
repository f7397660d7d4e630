"""Body-text quality of a crawl of the bundled mirror.

Run: .venv/bin/python benchmarks/crawl_quality.py [OUTPUT.jsonl]
Without an argument it runs `vnminer run` into a temporary directory first.
Compares each record's text with the article's paragraphs in
corpus/sites/expected.json: the share of paragraphs recovered, and every line
of `text` that is not an article paragraph (leaked boilerplate).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from nlp.clean import clean_text

    expected = {
        e["url"]: e for e in json.loads((ROOT / "corpus/sites/expected.json").read_text("utf-8"))
    }
    if len(sys.argv) > 1:
        output = Path(sys.argv[1])
    else:
        tmp = Path(tempfile.mkdtemp())
        vnminer = Path(sys.executable).with_name("vnminer")
        subprocess.run([str(vnminer), "run", "--out", str(tmp)], check=True, capture_output=True)
        output = tmp / "articles.jsonl"
    records = [json.loads(line) for line in output.read_text("utf-8").splitlines() if line.strip()]
    found = total = 0
    leaked: list[tuple[str, str]] = []
    by_url = {r["url"]: r for r in records}
    for url, e in expected.items():
        paragraphs = [clean_text(p) for p in e["paragraphs"]]
        total += len(paragraphs)
        record = by_url.get(url)
        if record is None:
            continue
        lines = record["text"].split("\n\n")
        found += sum(p in lines for p in paragraphs)
        leaked += [(url, line) for line in lines if line not in paragraphs]
    extra = [u for u in by_url if u not in expected]
    counts = f"{len(by_url)} records for {len(expected)} mirror articles"
    print(f"articles: {counts}, {len(extra)} not in the mirror")
    print(f"paragraphs recovered: {found}/{total} = {found / total:.1%}")
    print(f"boilerplate lines leaked into text: {len(leaked)}")
    for url, line in leaked[:20]:
        print(f"  {url}: {line[:100]}")


if __name__ == "__main__":
    main()
