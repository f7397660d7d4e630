"""underthesea.ner against nlp.tagging, on every sentence of the seeds and the dev set.

Run: .venv/bin/python benchmarks/bench_tagging.py [--min-syllables 50000] [--batch 32]

Inputs: the sentences (``nlp.tagging.sentence_spans`` of the cleaned text) of the seeds
(corpus/articles) and, when present, of the dev set texts (../shared/devset/texts),
repeated to at least MIN_SYLLABLES. ``underthesea.ner`` is called once per sentence;
``nlp.tagging`` is timed twice: the way ``vnminer extract`` tags (the sentences of BATCH
articles at a time, ``FastTagger.tag_many``) and one ``ner()`` call per sentence. Times
are CPU seconds of this process (``time.process_time``), so that other work on the
machine moves them less. Prints syllables/s for each, then ``speedup: X.X`` (batched)
and ``identical: N/N sentences`` last; both ways must equal underthesea on every
sentence.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles import article_paths  # noqa: E402  (benchmarks/articles.py, beside this)


def article_sentences() -> list[list[str]]:
    """The sentences of each article, seeds first, then the dev set when present."""
    from nlp.clean import clean_text
    from nlp.tagging import sentence_spans

    out = []
    for path in article_paths():
        text = clean_text(path.read_text(encoding="utf-8"))
        out.append([text[a:b] for a, b in sentence_spans(text)])
    return out


def corpus_sentences() -> list[str]:
    """Every sentence of :func:`article_sentences`, in order."""
    return [s for article in article_sentences() for s in article]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-syllables", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=32, help="articles tagged together")
    args = parser.parse_args()

    from underthesea import ner as reference

    from nlp.tagging import default_tagger, ner

    articles = article_sentences()
    base = [s for a in articles for s in a]
    per_pass = sum(len(s.split()) for s in base)
    repeats = -(-args.min_syllables // per_pass)
    sentences = base * repeats
    syllables = per_pass * repeats
    batches = [
        [s for a in articles[i : i + args.batch] for s in a]
        for i in range(0, len(articles), args.batch)
    ] * repeats
    print(
        f"{len(articles)} articles: {len(base)} sentences, {per_pass} syllables;"
        f" x{repeats} = {syllables} syllables"
    )

    # Load the models and warm every cache up before timing.
    tagger = default_tagger()
    reference(base[0])
    tagger.tag_many(batches[0])
    ner(base[0])

    t0 = time.process_time()
    expected = [[tuple(t) for t in reference(s)] for s in sentences]
    t_ref = time.process_time() - t0
    t0 = time.process_time()
    batched = [tagged for batch in batches for tagged in tagger.tag_many(batch)]
    t_batch = time.process_time() - t0
    t0 = time.process_time()
    single = [ner(s) for s in sentences]
    t_single = time.process_time() - t0

    same_batched = sum(a == b for a, b in zip(expected, batched, strict=True))
    same_single = sum(a == b for a, b in zip(expected, single, strict=True))
    print(
        f"underthesea.ner, per sentence       {syllables / t_ref:9.0f} syllables/s  ({t_ref:.2f} s)"
    )
    print(
        f"nlp.tagging, {args.batch} articles a batch   {syllables / t_batch:9.0f} syllables/s"
        f"  ({t_batch:.2f} s)  x{t_ref / t_batch:.1f}"
    )
    print(
        f"nlp.tagging.ner, per sentence       {syllables / t_single:9.0f} syllables/s"
        f"  ({t_single:.2f} s)  x{t_ref / t_single:.1f}"
    )
    print(f"identical one sentence at a time: {same_single}/{len(sentences)} sentences")
    print(f"speedup: {t_ref / t_batch:.1f}")
    print(f"identical: {same_batched}/{len(sentences)} sentences")


if __name__ == "__main__":
    main()
