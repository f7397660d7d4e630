"""Discovery and reading quality of a crawl of the bundled mirror.

Run: .venv/bin/python benchmarks/crawl_quality.py [OUTPUT.jsonl]
Without an argument it runs `vnminer run` into a temporary directory first
(every profiled site, and the sites without a profile through generic discovery).
Compares the records with corpus/sites/expected.json, per site: articles found
(each once, nothing else), titles, dates and authors that match, the share of
paragraphs recovered, a byline kept as the text's last line (allowed), photo
captions kept, and every other line of `text` that is not an article paragraph
(leaked boilerplate).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
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
    per_url = Counter(r["url"] for r in records)
    by_url = {r["url"]: r for r in records}
    rows: dict[str, Counter] = defaultdict(Counter)
    leaked: list[tuple[str, str]] = []
    for url, e in expected.items():
        row = rows[e["site"] + ("" if e.get("profile") else " (generic)")]
        paragraphs = [clean_text(p) for p in e["paragraphs"]]
        row["articles"] += 1
        row["paragraphs"] += len(paragraphs)
        record = by_url.get(url)
        if record is None:
            continue
        row["found"] += 1
        row["found once"] += per_url[url] == 1
        row["title"] += record["title"] == e["title"]
        row["date"] += record["published"] == e["published"]
        row["author"] += record["author"] == e["author"]
        lines = record["text"].split("\n\n")
        row["recovered"] += sum(p in lines for p in paragraphs)
        rest = [line for line in lines if line not in paragraphs]
        if rest and e.get("byline") and rest[-1] == clean_text(e["byline"]) == lines[-1]:
            row["byline"] += 1
            rest.pop()
        captions = {clean_text(c) for c in e.get("captions") or ()}
        row["captions"] += sum(line in captions for line in rest)
        rest = [line for line in rest if line not in captions]
        row["leaked"] += len(rest)
        leaked += [(url, line) for line in rest]
    extra = [u for u in by_url if u not in expected]
    print(f"{'site':<37} {'found':>7} {'once':>5} {'title':>6} {'date':>5} {'author':>6} "
          f"{'paragraphs':>11} {'byline':>6} {'leaked':>6}")  # fmt: skip
    total: Counter = Counter()
    for site, row in sorted(rows.items()):
        total.update(row)
        _row(site, row)
    _row("all", total)
    print(f"records not in the mirror: {len(extra)}")
    for url in extra[:20]:
        print(f"  {url}")
    print(f"paragraphs recovered: {total['recovered']}/{total['paragraphs']}"
          f" = {total['recovered'] / total['paragraphs']:.1%}")  # fmt: skip
    print(f"boilerplate lines leaked into text: {len(leaked)}")
    for url, line in leaked[:20]:
        print(f"  {url}: {line[:100]}")


def _row(site: str, r: Counter) -> None:
    n = r["articles"]
    print(
        f"{site:<37} {r['found']:>3}/{n:<3} {r['found once']:>5} {r['title']:>6} {r['date']:>5} "
        f"{r['author']:>6} {r['recovered']:>5}/{r['paragraphs']:<5} {r['byline']:>6} "
        f"{r['leaked']:>6}"
    )


if __name__ == "__main__":
    main()
