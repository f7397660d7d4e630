"""The scoring rules of docs/extraction.md, one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.evaluate import (
    evaluate,
    initiative_match,
    load_gold,
    load_predictions,
    model_match,
    score_article,
    unit_equal,
)
from pipelines.records import Record


def fig(value, of=None, unit=None, qualifier="=", **kw):
    return {"value": value, "of": of, "unit": unit, "qualifier": qualifier, **kw}


def test_figures_match_on_value_and_of_only() -> None:
    gold = {"figures": [fig(16, 19, "chỉ tiêu")]}
    s = score_article(gold, {"figures": [fig(16.0000001, 19, "xã", ">")]})
    assert (s.counts["figures"].tp, s.counts["figures"].fp, s.counts["figures"].fn) == (1, 0, 0)
    assert (s.unit.correct, s.qualifier.correct) == (0, 0)
    s = score_article(gold, {"figures": [fig(16, None, "chỉ tiêu")]})
    assert (s.counts["figures"].tp, s.counts["figures"].fp) == (0, 1)


def test_each_gold_figure_matches_once() -> None:
    gold = {"figures": [fig(3, unit="năm")]}
    s = score_article(gold, {"figures": [fig(3), fig(3)]})
    assert (s.counts["figures"].tp, s.counts["figures"].fp) == (1, 1)


def test_optional_gold_is_neither_miss_nor_false_positive() -> None:
    gold = {"figures": [fig(3, optional=True), fig(5, optional=True)]}
    s = score_article(gold, {"figures": [fig(3)]})
    assert (s.counts["figures"].tp, s.counts["figures"].fp, s.counts["figures"].fn) == (0, 0, 0)


def test_required_gold_wins_over_optional_in_matching() -> None:
    gold = {"figures": [fig(3, optional=True, unit="năm"), fig(3, unit="giảm")]}
    s = score_article(gold, {"figures": [fig(3, unit="năm")]})
    assert (s.counts["figures"].tp, s.counts["figures"].fn) == (1, 0)


def test_unit_prefix_rule() -> None:
    assert unit_equal({"unit": "Tổ Dân vận"}, {"unit": "Tổ Dân vận thôn"})
    assert unit_equal({"unit": "thủ tục"}, {"unit": "thủ tục hành chính"})
    assert unit_equal({"unit": None}, {"unit": None})
    assert not unit_equal({"unit": None}, {"unit": "hộ"})
    assert not unit_equal({"unit": "hộ"}, {"unit": "người"})


def test_model_prefix_needs_sixty_percent() -> None:
    gold = {"name": "sản xuất rau, củ, quả"}
    assert model_match(gold, {"name": "Sản xuất rau"})  # 3 of 5 syllables
    assert not model_match(gold, {"name": "sản xuất"})  # 2 of 5
    assert model_match({"name": "x", "alt": ["Dân vận khéo"]}, {"name": "“dân vận khéo”"})


def test_initiative_match_rules() -> None:
    gold = {"group": "trụ cột", "ordinal": 2, "title": "Xây dựng nguồn nhân lực chất lượng cao"}
    assert initiative_match(
        gold,
        {
            "group": "trụ cột sức mạnh",
            "ordinal": 2,
            "title": "xây dựng nguồn nhân lực, chất lượng thấp",
        },
    )
    assert not initiative_match(gold, {"group": None, "ordinal": 2, "title": gold["title"]})
    assert not initiative_match(gold, {"group": "trụ cột", "ordinal": 1, "title": gold["title"]})
    assert not initiative_match(gold, {"group": "trụ cột", "ordinal": 2, "title": "Xây dựng nguồn"})


def test_micro_average_and_missing_articles() -> None:
    gold = {
        "a": {"models": [{"name": "A"}, {"name": "B"}]},
        "b": {"models": [{"name": "C"}]},
    }
    report = evaluate(gold, {"a": {"models": [{"name": "A"}, {"name": "Z"}]}})
    c = report.counts["models"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert report.missing == ["b"]
    assert abs(c.f1 - 0.4) < 1e-9


def test_measure_is_right_at_half_syllable_f1() -> None:
    from pipelines.evaluate import measure_equal

    assert measure_equal({"measure": None}, {"measure": None})
    assert not measure_equal({"measure": "tỷ lệ hộ nghèo"}, {"measure": None})
    assert measure_equal({"measure": "Tỷ lệ hộ nghèo"}, {"measure": "tỷ lệ hộ nghèo toàn tỉnh"})
    # 2 of 4 gold syllables, 2 of 2 predicted: F1 = 0.67
    assert measure_equal({"measure": "thu ngân sách nhà"}, {"measure": "thu ngân"})
    # 1 of 4 and 1 of 3: F1 = 0.29
    assert not measure_equal({"measure": "tỷ lệ hộ nghèo"}, {"measure": "hộ cận biên"})


def test_measure_and_target_accuracy_over_matched_figures_only() -> None:
    gold = {
        "figures": [
            fig(12.6, unit="%", measure="tỷ lệ hộ nghèo", target=False),
            fig(95, unit="%", measure="tỷ lệ che phủ rừng", target=True),
            fig(7, unit="xã", measure="xã", target=False),
        ]
    }
    pred = {
        "figures": [
            fig(12.6, unit="%", measure="tỷ lệ hộ nghèo", target=False),
            fig(95, unit="%", measure=None, target=False),
        ]
    }
    s = score_article(gold, pred)
    assert (s.measure.correct, s.measure.total) == (1, 2)
    assert (s.target.correct, s.target.total) == (1, 2)
    assert {r.error for r in s.rows} == {"missed", "measure", "target"}


def test_gold_without_measure_is_not_scored_for_it() -> None:
    s = score_article({"figures": [fig(3, unit="xã")]}, {"figures": [fig(3, unit="xã")]})
    assert (s.measure.total, s.target.total) == (0, 0)
    assert s.unit.total == 1


def test_details_table_shows_each_error_with_its_sentence() -> None:
    text = "Huyện có 12 xã đạt chuẩn. Thu nhập bình quân đạt 60 triệu đồng/người."
    gold = {
        "a": {
            "figures": [fig(12, unit="xã"), fig(60e6, unit="VND")],
            "models": [{"name": "Dân vận khéo"}],
        }
    }
    pred = {
        "a": {
            "text": text,
            "figures": [fig(12, unit="xã", sentence="Huyện có 12 xã đạt chuẩn.", text="12 xã")],
            "models": [{"name": "chung", "sentence": "Huyện có 12 xã đạt chuẩn."}],
        }
    }
    report = evaluate(gold, pred)
    table = report.details_table()
    assert "== a" in table
    assert "missed" in table and "spurious" in table
    # a missed gold figure is shown in the sentence that holds it in the record's text
    missed = next(
        r for r in report.articles["a"].rows if r.error == "missed" and r.kind == "figures"
    )
    assert missed.sentence == ""  # gold has no surface text here: nothing to locate
    assert "Huyện có 12 xã đạt chuẩn." in table
    as_json = report.to_dict(details=True)["errors"]["a"]
    assert {row["error"] for row in as_json} == {"missed", "spurious"}
    assert all(set(row) == {"kind", "error", "item", "sentence", "gold", "pred"} for row in as_json)


def test_missed_item_is_located_in_the_record_text() -> None:
    text = "Mở đầu bài viết.\nXã triển khai mô hình “Dân vận khéo” hiệu quả. Câu sau."
    s = score_article({"models": [{"name": "Dân vận khéo"}]}, {"text": text, "models": []})
    (row,) = s.rows
    assert row.sentence == "Xã triển khai mô hình “Dân vận khéo” hiệu quả."


def test_every_shipped_and_reference_gold_file_passes_the_gold_format() -> None:
    """The strict gold format (a number as a string, an unknown key are errors) accepts the
    bundled gold and the reference devset's, so eval stays usable on them."""
    root = Path(__file__).resolve().parents[2]
    assert len(load_gold(root / "corpus" / "gold")) == 5
    one = sorted((root / "corpus" / "gold").glob("*.json"))[0]
    assert list(load_gold(one)) == [one.stem]  # one gold file, not only a directory
    devset = root.parent / "shared" / "devset" / "gold"
    if not devset.is_dir():
        pytest.skip(f"reference devset absent: {devset}")
    assert len(load_gold(devset)) == 60


def test_a_repeated_prediction_id_is_logged_and_the_first_kept(tmp_path: Path, caplog) -> None:
    def line(text: str) -> str:
        record = Record(id="a", text=text, initiatives=[], models=[], figures=[], entities=[])
        return json.dumps(record.model_dump(mode="json"), ensure_ascii=False)

    path = tmp_path / "p.jsonl"
    path.write_text(line("đầu") + "\n\n" + line("sau") + "\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        preds = load_predictions(path)
    assert preds["a"]["text"] == "đầu"
    assert f"{path}:3: id 'a' repeated" in caplog.text
