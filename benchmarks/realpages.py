"""How well pages are read with no site profile, on a folder of real pages with a manifest.

Run: .venv/bin/python benchmarks/realpages.py [--dir DIR] [--ref REV] [--show FILE] [--json]

``--dir`` defaults to ../shared/realpages; any folder holding a ``manifest.jsonl`` in its
format (one JSON object a line: ``file``, ``url``, ``title``, ``lead``, ``first_paragraph``,
``last_paragraph``, ``published``, ``author``; see that folder's README) can be scored, e.g.
pages a user saved from the sites they are about to crawl.

Each page of the folder's ``manifest.jsonl`` is read by ``parse_article(url, html)``
(the generic reader; revisions before it existed get a profile with no selectors,
i.e. their og:title + trafilatura fallback) after ``decode_html``, and checked as the
folder's README defines "reads well":

- title: equal to the manifest's title (NFC, white space collapsed);
- first, last: the openings of the first and last body paragraphs are in the text;
- start: the text starts at the lead or at the first paragraph;
- end: nothing follows the last paragraph but a byline (at most two short lines
  naming the author, or starting "Theo", "Nguồn", "Ảnh", "Tin", "Bài");
- date: the published day is the manifest's.

With ``--ref REV`` the same table is printed first for a git worktree of REV (in a
subprocess with the same interpreter), so before and after come from one run.
``--show FILE`` prints what the working tree reads from one page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "realpages"
CHECKS = ("title", "first", "last", "start", "end", "date")
_BYLINE_START_RE = re.compile(r"^(theo|nguồn|ảnh|tin|bài|tin, ảnh|tin và ảnh|bài và ảnh)\b", re.I)

_READ = """
import json, sys
from pathlib import Path
from urllib.parse import urlsplit
from crawler.encoding import decode_html
import crawler.pages as pages
folder = Path(sys.argv[1])
out = []
for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
    entry = json.loads(line)
    html, _ = decode_html((folder / entry["file"]).read_bytes())
    url = entry["url"]
    try:
        result = pages.parse_article(url, html)
    except TypeError:  # before the generic reader: a profile with no selectors
        from crawler.profiles import SiteProfile
        host = urlsplit(url).hostname
        profile = SiteProfile(name=host, cms="generic", domains=(host,), article_url=(".",))
        result = pages.parse_article(url, html, profile)
    if isinstance(result, pages.Skipped):
        out.append({"file": entry["file"], "skipped": result.reason})
    else:
        out.append({"file": entry["file"], "title": result.title, "text": result.text,
                    "published": result.published, "author": result.author})
print(json.dumps(out, ensure_ascii=False))
"""


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _is_byline(line: str, author: str | None) -> bool:
    if len(line) > 80:
        return False
    if _BYLINE_START_RE.match(line):
        return True
    fl = _fold(line)
    parts = [_fold(p) for p in re.split(r"[,;()\-–/]| và ", author or "")]
    fa = _fold(author or "")
    return bool(fl) and (fl in fa or any(len(p) >= 3 and p in fl for p in parts))


def score(entry: dict, read: dict) -> dict[str, bool]:
    """The README's checks of one page read (``read``: title, text, published or skipped)."""
    if "skipped" in read:
        return dict.fromkeys(CHECKS, False)
    text = norm(read["text"])
    lines = [norm(x) for x in read["text"].split("\n") if norm(x)]
    first, last = norm(entry["first_paragraph"]), norm(entry["last_paragraph"])
    lead = norm(entry.get("lead"))
    opening = lines[0] if lines else ""
    starts = [s[:60] for s in (lead, first) if s]
    ends = [i for i, x in enumerate(lines) if x.startswith(last[:60])]
    tail = lines[ends[-1] + 1 :] if ends else None
    return {
        "title": norm(read["title"]) == norm(entry["title"]),
        "first": first in text,
        "last": last in text,
        "start": any(opening.startswith(s) for s in starts),
        "end": tail is not None
        and len(tail) <= 2
        and all(_is_byline(x, entry.get("author")) for x in tail),
        "date": bool(read.get("published")) and read["published"][:10] == entry["published"][:10],
    }


def read_pages(code_root: Path, folder: Path) -> list[dict]:
    """Every page of ``folder`` read by the code at ``code_root`` (in a fresh interpreter)."""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    out = subprocess.run(
        [sys.executable, "-c", _READ, str(folder)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=code_root,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(manifest: list[dict], reads: list[dict]) -> tuple[str, dict[str, int]]:
    by_file = {r["file"]: r for r in reads}
    rows = [f"{'page':<18}" + "".join(f"{c:>7}" for c in CHECKS) + "   note"]
    totals = dict.fromkeys(CHECKS, 0)
    for entry in manifest:
        read = by_file[entry["file"]]
        marks = score(entry, read)
        for c in CHECKS:
            totals[c] += marks[c]
        note = f"skipped: {read['skipped']}" if "skipped" in read else ""
        rows.append(
            f"{entry['file']:<18}"
            + "".join(f"{'✓' if marks[c] else '✗':>7}" for c in CHECKS)
            + (f"   {note}" if note else "")
        )
    n = len(manifest)
    rows.append(f"{'total':<18}" + "".join(f"{f'{totals[c]}/{n}':>7}" for c in CHECKS))
    return "\n".join(rows), totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", help="also read the pages with this git revision (a worktree)")
    ap.add_argument(
        "--dir",
        "--pages",
        dest="pages",
        type=Path,
        default=PAGES,
        help="folder with manifest.jsonl and the pages it lists (default: ../shared/realpages)",
    )
    ap.add_argument("--show", help="print what the working tree reads from this page")
    args = ap.parse_args(argv)
    if not (args.pages / "manifest.jsonl").is_file():
        print(f"error: {args.pages}/manifest.jsonl not found", file=sys.stderr)
        return 2
    manifest = [
        json.loads(x)
        for x in (args.pages / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    if args.show:
        read = next(r for r in read_pages(ROOT, args.pages) if r["file"] == args.show)
        entry = next(e for e in manifest if e["file"] == args.show)
        print(json.dumps({**read, "checks": score(entry, read)}, ensure_ascii=False, indent=1))
        return 0
    if args.ref:
        with tempfile.TemporaryDirectory(prefix="realpages-") as tmp:
            tree = Path(tmp) / "tree"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.ref],
                check=True,
                capture_output=True,
            )
            try:
                before = read_pages(tree, args.pages)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    check=True,
                    capture_output=True,
                )
        print(f"## {args.ref}\n")
        print(table(manifest, before)[0])
        print()
    print("## working tree\n")
    print(table(manifest, read_pages(ROOT, args.pages))[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
