from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.clean import CleanOptions, clean_text

BOILERPLATE = [
    "Bạn đã không sử dụng Site",
    "Thời gian chờ: 60 giây",
    "Tổng số điểm của bài viết",
    "Click để đánh giá bài viết",
    "Ý kiến bạn đọc",
    "Tin Liên Quan",
    "Các tin khác",
    "POWERED BY",
    "Screenshot 2024",
    "HUNG 43980",
    "09/05/2018 09:14 408 0",
    "Tác giả bài viết",
    "http://",
    "Theo Thu Ngọc/LCĐT",
    "Đồ họa: Lâm Tùng",
    "29/03/2021 10:25",
]


@pytest.mark.parametrize("needle", BOILERPLATE)
def test_seed_boilerplate_is_removed(seed_paths: list[Path], needle: str) -> None:
    raw_hits = [p for p in seed_paths if needle in p.read_text(encoding="utf-8")]
    assert raw_hits, f"test premise: some seed carries {needle!r}"
    for path in raw_hits:
        assert needle not in clean_text(path.read_text(encoding="utf-8")), path.name


def test_related_news_block_and_everything_after_it_goes() -> None:
    text = "Bài chính có nội dung.\n\nTin liên quan\n\nMột tin khác có 30 hộ.\nTin nữa."
    assert clean_text(text) == "Bài chính có nội dung."


def test_article_body_survives(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        # Every long paragraph of the seed is kept verbatim (boilerplate lines are short).
        for line in raw.splitlines():
            line = " ".join(line.split())
            if len(line) > 300 and "Tin Liên Quan" not in raw[: raw.find(line)]:
                assert line in cleaned, (path.name, line[:60])


def test_duplicated_caption_keeps_first_copy() -> None:
    text = "Tiêu đề\nẢnh chụp hội nghị. Ảnh: A.B\nẢnh chụp hội nghị. Ảnh: A.B\nNội dung bài."
    assert clean_text(text).split("\n\n") == [
        "Tiêu đề",
        "Ảnh chụp hội nghị. Ảnh: A.B",
        "Nội dung bài.",
    ]


def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Huyện ủy Cam Lộ đổi mới phương thức lãnh đạo.")
    assert clean_text(nfd) == unicodedata.normalize("NFC", nfd)


def test_whitespace_is_normalised() -> None:
    text = "  Dòng\u00a0một   có\tkhoảng trắng \r\n\r\n\r\n\u200bDòng hai  "
    assert clean_text(text) == "Dòng một có khoảng trắng\n\nDòng hai"


def test_boilerplate_can_be_kept() -> None:
    text = "Nội dung.\nPOWERED BY ONECMS"
    assert "POWERED BY" in clean_text(text, CleanOptions(drop_boilerplate=False))


def test_weekday_in_prose_is_kept() -> None:
    text = "Thứ tư, huyện tổ chức hội nghị với 200 đại biểu tham dự."
    assert clean_text(text) == text


def test_bad_separator_rejected() -> None:
    with pytest.raises(ValueError):
        CleanOptions(paragraph_separator=" | ")


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_cleaning_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@pytest.mark.parametrize(
    "line",
    [
        "In bài viết",
        "Chia sẻ",
        "Lên đầu trang",
        "Theo baoquangtri.vn",
        "Cập nhật: 14/03/2024 08:30",
        "Lượt xem: 1.245",
        "Thứ Năm, 14/03/2024 - 08:30 | Lượt xem: 1.245",
        "Đồ họa: Minh Anh",
    ],
)
def test_more_page_furniture_is_dropped(line: str) -> None:
    assert clean_text(f"Nội dung bài viết có 30 hộ tham gia.\n{line}\nĐoạn cuối.") == (
        "Nội dung bài viết có 30 hộ tham gia.\n\nĐoạn cuối."
    )
