"""What a figure measures, and whether it is a target, on sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest

from nlp.components import figures
from nlp.extract.common import DocView
from nlp.extract.measures import MeasureRules, attach_measures
from nlp.types import Figure


def _by_value(pipe, text: str) -> dict[float, list[Figure]]:
    out: dict[float, list[Figure]] = {}
    for f in figures(pipe(text)):
        out.setdefault(round(f.value, 6), []).append(f)
    return out


def _one(found: dict[float, list[Figure]], value: float) -> Figure:
    assert round(value, 6) in found, f"no figure {value} among {sorted(found)}"
    return found[round(value, 6)][0]


# (sentence, [(value, measure, target), ...]); value picks the figure, measure is exact.
MEASURES = [
    # the subject of a value, past the verbs of change and the qualifiers
    ("Tỷ lệ hộ nghèo toàn tỉnh giảm còn 2,8%.", [(2.8, "Tỷ lệ hộ nghèo toàn tỉnh", False)]),
    (
        "Thu ngân sách nhà nước trên địa bàn huyện đạt 312 tỷ đồng.",
        [(312e9, "Thu ngân sách nhà nước trên địa bàn huyện", False)],
    ),
    (
        "Giá trị sản xuất nông nghiệp tăng 3,5% so với cùng kỳ.",
        [(3.5, "Giá trị sản xuất nông nghiệp", False)],
    ),
    (
        "Tốc độ tăng trưởng kinh tế bình quân 6,8%/năm.",
        [(6.8, "Tốc độ tăng trưởng kinh tế", False)],
    ),
    # a time frame between the subject and the verb is skipped
    (
        "Năm 2023, tổng sản phẩm xã hội toàn huyện đạt 4.150 tỷ đồng.",
        [(4150e9, "tổng sản phẩm xã hội toàn huyện", False)],
    ),
    # a label and a colon: "X: value"
    ("Kim ngạch xuất khẩu: 1,6 triệu USD.", [(1.6e6, "Kim ngạch xuất khẩu", False)]),
    # money: the verb it is spent, lent or earned by
    (
        "Hội đã hỗ trợ 450 triệu đồng để sửa chữa 9 căn nhà.",
        [(450e6, "hỗ trợ", False), (9, "căn nhà", False)],
    ),
    ("Quỹ tín dụng cho vay 800 triệu đồng.", [(800e6, "cho vay", False)]),
    # … unless a measure noun governs the verb
    (
        "Giá trị hàng hóa xuất khẩu hơn 2,4 triệu USD.",
        [(2.4e6, "Giá trị hàng hóa xuất khẩu", False)],
    ),
    # a verb heading its own clause names the measure; a number inside the phrase is crossed
    (
        "Thu ngân sách 620 tỷ đồng; xuất khẩu đạt 95 triệu USD.",
        [(620e9, "Thu ngân sách", False), (95e6, "xuất khẩu", False)],
    ),
    (
        "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng giảm còn 11,4%.",
        [(11.4, "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng", False)],
    ),
    # counts: the counted noun with its modifiers
    ("Toàn huyện có 38 đội văn nghệ quần chúng.", [(38, "đội văn nghệ quần chúng", False)]),
    (
        "Xã đã xây dựng 12 mô hình “Khu dân cư tự quản”.",
        [(12, "mô hình “Khu dân cư tự quản”", False)],
    ),
    ("Đến nay, 21/24 xã đạt chuẩn nông thôn mới.", [(21, "xã đạt chuẩn nông thôn mới", False)]),
    (
        "Thành phố có 45 đơn vị hành chính cấp xã, phường, thị trấn.",
        [(45, "đơn vị hành chính cấp xã, phường, thị trấn", False)],
    ),
    # a preposition or the next figure ends the counted phrase
    ("Hội tặng quà cho 60 hộ nghèo tại 4 thôn.", [(60, "hộ nghèo", False), (4, "thôn", False)]),
    (
        "Năm qua, hội kết nạp 35 hội viên mới, 8 hội viên trẻ.",
        [(35, "hội viên mới", False), (8, "hội viên trẻ", False)],
    ),
    # a verb cut off before the next number belongs to the predicate, not the phrase
    (
        "Chi hội vận động 20 hội viên đóng góp 30 triệu đồng.",
        [(20, "hội viên", False), (30e6, "đóng góp", False)],
    ),
    # a share of a counted thing: the phrase after the percentage
    (
        "Có trên 90% hộ gia đình sử dụng nước hợp vệ sinh.",
        [(90, "hộ gia đình sử dụng nước hợp vệ sinh", False)],
    ),
    ("Xã trồng mới 25 ha rừng phòng hộ.", [(25, "rừng phòng hộ", False)]),
    # … but "X% kế hoạch" measures the subject, and a measured subject beats the phrase after
    (
        "Doanh thu du lịch đạt 640 tỷ đồng, bằng 104% kế hoạch.",
        [(640e9, "Doanh thu du lịch", False), (104, "Doanh thu du lịch", False)],
    ),
    (
        "Tỷ lệ tham gia bảo hiểm y tế đạt 93,1% dân số.",
        [(93.1, "Tỷ lệ tham gia bảo hiểm y tế", False)],
    ),
    ("Chỉ tiêu tuyển quân đạt 100%.", [(100, "Chỉ tiêu tuyển quân", False)]),
    # one phrase governs a series
    (
        "Tỷ lệ che phủ rừng đạt 45%, tăng 1,2% so với năm trước.",
        [(45, "Tỷ lệ che phủ rừng", False), (1.2, "Tỷ lệ che phủ rừng", False)],
    ),
    (
        "Cơ cấu kinh tế nông nghiệp - công nghiệp - dịch vụ tương ứng là 30% - 32% - 38%.",
        [
            (30, "Cơ cấu kinh tế nông nghiệp - công nghiệp - dịch vụ", False),
            (32, "Cơ cấu kinh tế nông nghiệp - công nghiệp - dịch vụ", False),
            (38, "Cơ cấu kinh tế nông nghiệp - công nghiệp - dịch vụ", False),
        ],
    ),
    (
        "Toàn tỉnh có 95/110 xã đạt chuẩn (chiếm 86,4%).",
        [(95, "xã đạt chuẩn", False), (86.4, "xã đạt chuẩn", False)],
    ),
    (
        "Số hộ nghèo giảm từ 1.300 hộ xuống còn 720 hộ.",
        [(1300, "Số hộ nghèo", False), (720, "Số hộ nghèo", False)],
    ),
    (
        "Kết nạp đảng viên mới đạt 1.450 đảng viên.",
        [(1450, "Kết nạp đảng viên mới", False)],
    ),
    # both bounds of a range share it
    (
        "Thu nhập đầu người từ 60-65 triệu đồng/năm.",
        [(60e6, "Thu nhập đầu người", False), (65e6, "Thu nhập đầu người", False)],
    ),
    # people counted as a measure or a body
    ("Dân số toàn huyện khoảng 85.000 người.", [(85000, "Dân số toàn huyện", False)]),
    ("Ban Chấp hành khóa mới gồm 27 người.", [(27, "Ban Chấp hành khóa mới", False)]),
    # durations: the activity after them, or nothing
    (
        "Sau 5 năm thực hiện đề án, diện mạo nông thôn đổi mới.",
        [(5, "thực hiện đề án", False)],
    ),
    (
        "Trong 3 năm qua, xã có 140 hộ thoát nghèo.",
        [(3, None, False), (140, "hộ thoát nghèo", False)],
    ),
    # a bare "lượt"/"người" after a verb of change counts the subject
    ("Trong đó, khách quốc tế đạt 150.000 lượt.", [(150000, "khách quốc tế", False)]),
    # a preposition of direction ends the phrase
    (
        "Nhiều hộ đã chuyển 120 ha đất lúa kém hiệu quả sang trồng cây ăn quả.",
        [(120, "đất lúa kém hiệu quả", False)],
    ),
    # a count alone in parentheses annotates the phrase before it
    (
        "Xã tiếp tục phun khử trùng toàn bộ khu chợ (2 đợt).",
        [(2, "phun khử trùng toàn bộ khu chợ", False)],
    ),
    # an event that lasts a number of days
    ("Lễ hội làng sẽ diễn ra trong 3 ngày.", [(3, "Lễ hội làng", True)]),
    # nothing to attach a bare value to
    ("Công tác này được triển khai hiệu quả, đạt 95%.", [(95, None, False)]),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES)
def test_measure(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, measure, target in expected:
        f = _one(found, value)
        assert f.measure == measure, (value, f.measure)
        assert f.target is target, (value, f.target)


TARGETS = [
    # goals, plans, forecasts, assigned quotas
    ("Phấn đấu đến năm 2030, tỷ lệ đô thị hóa đạt 50%.", [(50, True)]),
    ("Mục tiêu năm 2026, tỷ lệ lao động qua đào tạo đạt 75%.", [(75, True)]),
    ("Kế hoạch năm 2025, huyện trồng mới 600 ha rừng.", [(600, True)]),
    ("Dự kiến tổng vốn đầu tư của dự án khoảng 1.200 tỷ đồng.", [(1200e9, True)]),
    ("Năm tới, tỉnh sẽ xây dựng thêm 15 trường học đạt chuẩn.", [(15, True)]),
    ("Xã phải hoàn thành 40 km đường giao thông nông thôn.", [(40, True)]),
    ("Tỉnh giao cho huyện giảm 200 hộ nghèo trong năm.", [(200, True)]),
    # a plan label right before the number; the result before it stays a result
    ("Thu ngân sách đạt 520 tỷ đồng (KH: 480 tỷ đồng).", [(520e9, False), (480e9, True)]),
    ("Tăng trưởng đạt 7,2%, vượt mục tiêu đề ra (6,5%).", [(7.2, False), (6.5, True)]),
    ("Huyện ban hành 8 đề án trên kế hoạch đề ra là 10 đề án.", [(8, False), (10, True)]),
    ("Huyện yêu cầu các xã cấp 5.000 thẻ bảo hiểm y tế trước tháng 6.", [(5000, True)]),
    ("Chỉ tiêu năm 2025: trồng mới 900 ha rừng.", [(900, True)]),
    # results
    ("Năm 2024, sản lượng lúa ước đạt 210.000 tấn.", [(210000, False)]),
    ("Chỉ tiêu tuyển quân đạt 100%.", [(100, False)]),
    ("Kế hoạch số 12 của huyện có 30 nội dung.", [(30, False)]),
    ("Chỉ tiêu giảm tỷ lệ hộ nghèo là 1,5%, thực hiện đạt 1,8%.", [(1.5, True), (1.8, False)]),
    ("Huyện đã hoàn thành 17/20 chỉ tiêu chủ yếu.", [(17, False)]),
    ("Đến nay, tỉnh đã có 88 xã đạt chuẩn nông thôn mới.", [(88, False)]),
    ("Sản lượng đạt 102% so với kế hoạch.", [(102, False)]),
    # a result marker after the cue cancels it
    ("Tỉnh phấn đấu giảm nghèo và đã giảm được 1.100 hộ nghèo.", [(1100, False)]),
    # cue words that are not goals: a name, "phải kể đến", a goal referred to
    ("Thành phố Cần Thơ có 85 xã, phường.", [(85, False)]),
    ("Cần Giờ hiện có 7 xã, thị trấn.", [(7, False)]),
    ("Các đơn vị đáp ứng yêu cầu với 300 cán bộ được đào tạo.", [(300, False)]),
    ("Nổi bật phải kể đến 12 mô hình kinh tế tập thể.", [(12, False)]),
    ("Để thực hiện mục tiêu này, huyện đã huy động 60 tỷ đồng.", [(60e9, False)]),
    # structural counts are never targets
    ("Tỉnh phải thực hiện tốt 5 nhiệm vụ trọng tâm.", [(5, False)]),
]


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_target(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, target in expected:
        assert _one(found, value).target is target, value


def test_goal_carries_to_the_list_that_follows(pipe):
    text = (
        "Nghị quyết đề ra, đến năm 2030 tỉnh phấn đấu có 70% số xã đạt chuẩn nâng cao.\n\n"
        "Hằng năm, tạo việc làm mới cho 25.000 lao động. "
        "Đại hội bầu 45 đồng chí vào Ban Chấp hành."
    )
    found = _by_value(pipe, text)
    assert _one(found, 70).target is True
    assert _one(found, 25000).target is True
    assert _one(found, 45).target is False  # a new subject ends the list of goals


def test_goal_does_not_carry_to_an_unrelated_paragraph(pipe):
    text = (
        "Năm tới, tỉnh sẽ trồng mới 500 ha rừng.\n\n"
        "Ông Nguyễn Văn Bình cho biết gia đình có 3 ha vườn cây ăn quả."
    )
    found = _by_value(pipe, text)
    assert _one(found, 500).target is True
    assert _one(found, 3).target is False


def test_offsets_point_at_the_measure(pipe):
    doc = pipe("Năm 2024, tỷ lệ hộ nghèo giảm còn 1,9%; toàn xã có 12 hộ cận nghèo.")
    for f in figures(doc):
        assert f.measure is not None
        assert doc.text[f.measure_start : f.measure_end] == f.measure


def test_pure_function_keeps_order_and_input(pipe):
    doc = pipe("Xã có 40 hộ nghèo và 25 hộ cận nghèo; tỷ lệ hộ nghèo là 3,1%.")
    view = DocView.from_doc(doc)
    plain = [
        dataclasses.replace(f, measure=None, measure_start=None, measure_end=None, target=False)
        for f in figures(doc)
    ]
    shuffled = list(reversed(plain))
    out = attach_measures(view, shuffled, MeasureRules.default())
    assert [f.start for f in out] == [f.start for f in shuffled]
    assert [f.measure for f in reversed(out)] == ["hộ nghèo", "hộ cận nghèo", "tỷ lệ hộ nghèo"]
    assert all(f.measure is None for f in shuffled)  # the input is not changed
    assert attach_measures(view, []) == []


def test_null_measure_has_no_offsets(pipe):
    doc = pipe("Công tác này được triển khai hiệu quả, đạt 95%.")
    (f,) = figures(doc)
    assert (f.measure, f.measure_start, f.measure_end) == (None, None, None)
