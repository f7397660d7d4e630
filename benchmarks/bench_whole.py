"""Whole-article extraction against ``underthesea.ner`` alone, on the same articles, in one run.

Run: .venv/bin/python benchmarks/bench_whole.py [--repeat 3]

Inputs: the seeds (corpus/articles) and, when present, the dev set texts
(../shared/devset/texts). ``underthesea.ner`` is called once per sentence of each
cleaned article (the sentences of ``nlp.tagging.sentence_spans``), which is only the
tagging; the extraction is everything ``vnminer extract`` does per article (clean,
check the language, tag, the three extractors, places, the record). Both are loaded and
warmed up first and timed in this process, in CPU seconds (``time.process_time``), so
that other work on the machine moves the two timings less, in REPEAT rounds of one
``ner`` pass then one extraction pass (so that a drift of the machine's speed moves
both). Prints the median times, each round's ratio and ``ratio: X.X``, the median of
the rounds' ratios (ner time / extraction time).

``vnminer extract`` freezes the loaded models and tables out of the garbage collector
(``gc.freeze()`` in ``pipelines/parallel.py``); both timings are taken that way, and the
extraction is also timed before the freeze (the ``ArticleExtractor`` alone, as a
library caller that does not freeze gets it).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles import article_paths  # noqa: E402  (benchmarks/articles.py, beside this)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from underthesea import ner

    from nlp.clean import clean_text
    from nlp.tagging import sentence_spans
    from pipelines.extract import ArticleExtractor
    from pipelines.inputs import iter_inputs

    paths = article_paths()
    articles = list(iter_inputs([str(p) for p in paths]))
    texts = [clean_text(p.read_text(encoding="utf-8")) for p in paths]
    sentences = [t[a:b] for t in texts for a, b in sentence_spans(t)]
    syllables = sum(len(s.split()) for s in sentences)
    print(f"{len(articles)} articles, {len(sentences)} sentences, {syllables} syllables")

    extractor = ArticleExtractor()
    list(extractor.process(articles[:3]))  # warm-up: models, lazy tables, caches
    ner(sentences[0])

    def whole() -> tuple[float, int]:
        passes = []
        for _ in range(args.repeat):
            t0 = time.process_time()
            n = sum(1 for _ in extractor.process(articles))
            passes.append(time.process_time() - t0)
        return statistics.median(passes), n

    t_unfrozen, n = whole()
    gc.freeze()  # as vnminer extract runs (pipelines/parallel.py)

    # The machine's speed drifts (a shared VM: the same pass can take 20% longer a
    # minute later), so the two are timed in alternation, REPEAT rounds of one ner pass
    # and one extraction pass, and each round gives its own ratio; the median is printed.
    rounds = []
    for _ in range(args.repeat):
        t0 = time.process_time()
        for sentence in sentences:
            ner(sentence)
        t_ner = time.process_time() - t0
        t0 = time.process_time()
        n = sum(1 for _ in extractor.process(articles))
        rounds.append((t_ner, time.process_time() - t0))
    t_ner = statistics.median(r[0] for r in rounds)
    t_whole = statistics.median(r[1] for r in rounds)
    ratios = sorted(r[0] / r[1] for r in rounds)

    print(f"underthesea.ner, one call per sentence  {1000 * t_ner / len(articles):8.1f} ms/article")
    print(f"whole extraction (vnminer extract)       {1000 * t_whole / n:8.1f} ms/article")
    print(f"  without gc.freeze (library call)       {1000 * t_unfrozen / n:8.1f} ms/article")
    print(f"rounds: {', '.join(f'{r:.1f}' for r in ratios)}")
    print(f"ratio: {statistics.median(ratios):.1f}  (without gc.freeze: {t_ner / t_unfrozen:.1f})")


if __name__ == "__main__":
    main()
