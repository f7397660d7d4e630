"""The offline check that a text is Vietnamese prose."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.langid import check_vietnamese


@pytest.mark.parametrize(
    "text",
    [
        "Năm qua, Hội Nông dân xã đã vận động hội viên tham gia xây dựng nông thôn mới, "
        "hiến đất mở rộng đường giao thông và trồng cây xanh ở các thôn.",
        # a short report dense with numbers and nouns: few function syllables
        "Lực lượng chức năng tổ chức 1.560 ca tuần tra, phát hiện, bắt giữ 45 vụ, "
        "78 đối tượng; thu giữ 12 xe mô tô, 35 điện thoại di động, 1,2 kg ma túy tổng hợp.",
    ],
)
def test_vietnamese_prose_passes(text: str) -> None:
    verdict = check_vietnamese(text)
    assert verdict.is_vietnamese, verdict.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "The provincial committee held its annual meeting to review the results of the "
            "new rural development programme in all districts.",
            "not Vietnamese",
        ),
        (
            "Le comité provincial a présenté à l'assemblée générale les résultats de l'année "
            "écoulée, en particulier les réformes économiques élaborées à Hanoï.",
            "not Vietnamese",
        ),
        ("Ảnh 1", "too little text"),
    ],
)
def test_other_text_is_rejected_with_a_reason(text: str, reason: str) -> None:
    verdict = check_vietnamese(text)
    assert not verdict.is_vietnamese
    assert reason in verdict.reason


def test_decomposed_tone_marks_are_judged_as_they_read() -> None:
    # Windows-1258 tools and macOS file names write tone marks combining (NFD): the same
    # text, so the same verdict.
    text = (
        "Kỳ họp thứ 12, HĐND tỉnh khóa XVI: biểu quyết thông qua 5 nghị quyết về ngân sách, "
        "đầu tư công và chính sách hỗ trợ nông nghiệp."
    )
    nfd = unicodedata.normalize("NFD", text)
    assert check_vietnamese(nfd) == check_vietnamese(text)
    assert check_vietnamese(nfd).is_vietnamese
