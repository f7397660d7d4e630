"""Quality gate: extraction on the bundled gold must not fall below the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluate import evaluate, load_gold
from pipelines.inputs import iter_inputs

BASELINE = Path(__file__).resolve().parent.parent / "corpus" / "quality_baseline.json"


@pytest.fixture(scope="module")
def report(extractor, articles_dir: Path, gold_dir: Path):
    preds = {}
    for record in extractor.process(iter_inputs([articles_dir])):
        preds[record.id] = record.model_dump(mode="json")
    return evaluate(load_gold(gold_dir), preds)


def test_every_gold_article_was_extracted(report) -> None:
    assert report.missing == []


@pytest.mark.parametrize(
    "metric",
    ["initiatives_f1", "models_f1", "figures_f1", "unit_accuracy", "qualifier_accuracy"],
)
def test_quality_floor(report, metric: str) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))
    value = {
        "initiatives_f1": report.counts["initiatives"].f1,
        "models_f1": report.counts["models"].f1,
        "figures_f1": report.counts["figures"].f1,
        "unit_accuracy": report.unit.value,
        "qualifier_accuracy": report.qualifier.value,
    }[metric]
    assert value >= floors[metric], (
        f"{metric} fell to {value:.3f} (floor {floors[metric]})\n{report.table()}"
    )
