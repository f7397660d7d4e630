"""The scoring rules of docs/extraction.md, one by one."""

from __future__ import annotations

from pipelines.evaluate import evaluate, initiative_match, model_match, score_article, unit_equal


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
