"""underthesea.ner against nlp.tagging.ner, per sentence, on the bundled corpus.

Run: .venv/bin/python benchmarks/bench_tagging.py [--min-syllables 50000]
Prints syllables/s for both, then `speedup: X.X` and `identical: N/N sentences` last.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_sentences() -> list[str]:
    from nlp.clean import clean_text
    from nlp.tagging import sentence_spans

    out = []
    for path in sorted((ROOT / "corpus" / "articles").glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        out += [text[a:b] for a, b in sentence_spans(text)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-syllables", type=int, default=50_000)
    args = parser.parse_args()

    from underthesea import ner as reference

    from nlp.tagging import ner

    base = corpus_sentences()
    per_pass = sum(len(s.split()) for s in base)
    repeats = -(-args.min_syllables // per_pass)
    sentences = base * repeats
    syllables = per_pass * repeats
    print(
        f"corpus: {len(base)} sentences, {per_pass} syllables; x{repeats} = {syllables} syllables"
    )

    # Load both sets of models before timing.
    reference(base[0])
    ner(base[0])

    t0 = time.perf_counter()
    expected = [reference(s) for s in sentences]
    t_ref = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = [ner(s) for s in sentences]
    t_fast = time.perf_counter() - t0

    identical = sum(a == b for a, b in zip(expected, got, strict=True))
    print(f"underthesea.ner   {syllables / t_ref:10.0f} syllables/s  ({t_ref:.2f} s)")
    print(f"nlp.tagging.ner   {syllables / t_fast:10.0f} syllables/s  ({t_fast:.2f} s)")
    print(f"speedup: {t_ref / t_fast:.1f}")
    print(f"identical: {identical}/{len(sentences)} sentences")


if __name__ == "__main__":
    main()
