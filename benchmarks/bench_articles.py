"""Time per article of the whole extraction (clean, tag, extractors, record), in one process.

Run: .venv/bin/python benchmarks/bench_articles.py [--ref REV] [--repeat 5]

Inputs: the seeds (corpus/articles) and, when present, the dev set texts
(../shared/devset/texts). The pipeline is loaded once and warmed up; each article is
then extracted REPEAT times and the median of the per-pass totals is reported, in CPU
seconds of the process (``time.process_time``: other work on the machine moves it less
than the wall clock). With ``--ref REV`` the same measurement runs on a git worktree of
REV (in a subprocess, with the same interpreter and packages), so "before" and "after"
come from one run on one machine and their ratio is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from articles import article_paths  # noqa: E402  (benchmarks/articles.py, beside this)


def measure(code_root: Path, repeat: int) -> dict:
    """Median seconds per article of code at ``code_root`` (run in a fresh interpreter)."""
    script = f"""
import json, statistics, sys, time
sys.path.insert(0, {str(code_root)!r})
from pipelines.extract import ArticleExtractor
from pipelines.inputs import iter_inputs
paths = {[str(p) for p in article_paths()]!r}
articles = list(iter_inputs(paths))
ex = ArticleExtractor()
list(ex.process(articles[:3]))  # warm-up: lazy tables, caches
passes = []
for _ in range({repeat}):
    t0 = time.process_time()
    n = sum(1 for _ in ex.process(articles))
    passes.append(time.process_time() - t0)
print(json.dumps({{"articles": n, "seconds": statistics.median(passes)}}))
"""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ref", help="also time this git revision (e.g. HEAD~3)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.ref:
            tree = Path(tmp) / "ref"
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.ref],
                check=True,
                capture_output=True,
            )
            try:
                results[args.ref] = measure(tree, args.repeat)
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    check=True,
                    capture_output=True,
                )
        results["working tree"] = measure(ROOT, args.repeat)
    for name, r in results.items():
        ms = 1000 * r["seconds"] / r["articles"]
        print(f"{name:<14} {r['articles']} articles  {ms:6.1f} ms/article  ({r['seconds']:.2f} s)")
    if args.ref:
        before, after = results[args.ref], results["working tree"]
        ratio = (after["seconds"] / after["articles"]) / (before["seconds"] / before["articles"])
        print(f"time per article, working tree / {args.ref}: {ratio:.2f}")


if __name__ == "__main__":
    main()
