"""Numbered initiatives on texts written for these tests."""

from __future__ import annotations

import pytest

from nlp.components import initiatives


def _items(pipe, text):
    return [(i.group, i.ordinal, i.title) for i in initiatives(pipe(text))]


def test_thu_nhat_headings_with_following_paragraphs(pipe) -> None:
    text = (
        "Huyện tập trung các giải pháp.\n"
        "Thứ nhất: Đổi mới công tác cán bộ, với quan điểm lấy hiệu quả làm thước đo.\n"
        "Việc đánh giá được thực hiện hằng quý.\n"
        "Thứ hai, nâng cao chất lượng sinh hoạt chi bộ.\n"
        "Thứ ba là tăng cường kiểm tra, giám sát: Kiểm tra định kỳ và đột xuất.\n"
        "Kết quả năm qua rất khả quan."
    )
    doc = pipe(text)
    items = initiatives(doc)
    assert [(i.ordinal, i.title) for i in items] == [
        (1, "Đổi mới công tác cán bộ, với quan điểm lấy hiệu quả làm thước đo"),
        (2, "nâng cao chất lượng sinh hoạt chi bộ"),
        (3, "tăng cường kiểm tra, giám sát"),
    ]
    assert items[0].group is None
    assert "hằng quý" in items[0].text  # an item runs until the next marker
    assert "khả quan" not in items[2].text  # the last ends with its paragraph
    assert doc.text[items[0].start :].startswith("Thứ nhất")


def test_mot_la_after_a_colon(pipe) -> None:
    text = (
        "Huyện tập trung 3 nhóm giải pháp chính: Một là, nâng cao chất lượng cán bộ.\n"
        "Hai là, đẩy mạnh cải cách hành chính.\nBa là, tăng cường kiểm tra giám sát."
    )
    assert _items(pipe, text) == [
        (None, 1, "nâng cao chất lượng cán bộ"),
        (None, 2, "đẩy mạnh cải cách hành chính"),
        (None, 3, "tăng cường kiểm tra giám sát"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "1. Đổi mới công tác tuyên truyền.\n2. Nâng cao năng lực lãnh đạo.\n3. Tăng cường kiểm tra.",
        "a) Đổi mới công tác tuyên truyền;\nb) Nâng cao năng lực lãnh đạo;\nc) Tăng cường kiểm tra.",
        "(1) Đổi mới công tác tuyên truyền.\n(2) Nâng cao năng lực lãnh đạo.\n(3) Tăng cường kiểm tra.",
    ],
)
def test_line_markers(pipe, text: str) -> None:
    assert _items(pipe, text) == [
        (None, 1, "Đổi mới công tác tuyên truyền"),
        (None, 2, "Nâng cao năng lực lãnh đạo"),
        (None, 3, "Tăng cường kiểm tra"),
    ]


@pytest.mark.parametrize(
    ("text", "group", "titles"),
    [
        (
            "Tỉnh tập trung 4 đột phá, đó là hạ tầng giao thông; cải cách hành chính; nguồn nhân lực; chuyển đổi số.",
            "đột phá",
            ["hạ tầng giao thông", "cải cách hành chính", "nguồn nhân lực", "chuyển đổi số"],
        ),
        (
            "Tỉnh xác định 3 khâu đột phá, gồm: phát triển hạ tầng, cải cách hành chính và phát triển nguồn nhân lực.",
            "khâu đột phá",
            ["phát triển hạ tầng", "cải cách hành chính", "phát triển nguồn nhân lực"],
        ),
        (
            "Thực hiện ba nhiệm vụ trọng tâm: giảm nghèo; xây dựng nông thôn mới; bảo vệ môi trường.",
            "nhiệm vụ trọng tâm",
            ["giảm nghèo", "xây dựng nông thôn mới", "bảo vệ môi trường"],
        ),
    ],
)
def test_counted_lists(pipe, text: str, group: str, titles: list[str]) -> None:
    assert _items(pipe, text) == [(group, n, t) for n, t in enumerate(titles, start=1)]


@pytest.mark.parametrize("bullet", ["-", "+", "•"])
def test_counted_list_of_bullet_lines(pipe, bullet: str) -> None:
    text = (
        f"Huyện đề ra 3 giải pháp:\n\n{bullet} Nâng cao chất lượng cán bộ;\n\n"
        f"{bullet} Đẩy mạnh cải cách hành chính;\n\n{bullet} Tăng cường kiểm tra, giám sát.\n\nKết quả tốt."
    )
    assert _items(pipe, text) == [
        ("giải pháp", 1, "Nâng cao chất lượng cán bộ"),
        ("giải pháp", 2, "Đẩy mạnh cải cách hành chính"),
        ("giải pháp", 3, "Tăng cường kiểm tra, giám sát"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thứ tư - 09/05/2018 09:14. Thứ năm, 10/05/2018 hội nghị tiếp tục.",
        "Thứ Hai, 12/3/2024, đoàn công tác làm việc tại xã.",
        "Đại hội lần thứ XV đã thành công. Hội nghị Trung ương khóa XII kết thúc.",
        "Huyện đứng thứ 2/9 về chỉ số PAPI.",
        "Tập trung thực hiện 4 chương trình trọng tâm trong năm.",
        "Tỉnh có 3 khâu đột phá, đó là hạ tầng; nhân lực.",  # count and items disagree
        "Thứ hai là công tác cán bộ được chú trọng.",  # a lone ordinal, no list
    ],
)
def test_not_initiatives(pipe, text: str) -> None:
    assert _items(pipe, text) == []
