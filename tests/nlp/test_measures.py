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


# Second round: mechanisms checked on sentences written for these tests.
MEASURES_ROUND2 = [
    # a comparative after a result measures what the clause before measures
    (
        "Tỷ lệ tốt nghiệp của huyện đạt 98,6%, cao hơn bình quân của tỉnh 1,2%.",
        [(98.6, "Tỷ lệ tốt nghiệp của huyện", False), (1.2, "Tỷ lệ tốt nghiệp của huyện", False)],
    ),
    (
        "Giá thép xây dựng giảm, vẫn đắt hơn năm trước gần 800.000 đồng.",
        [(800000, "Giá thép xây dựng", False)],
    ),
    # a comma chains the predicates of one subject
    (
        "Giá heo hơi hôm nay tiếp tục giảm, xuống mức 58.000 đồng/kg.",
        [(58000, "Giá heo hơi hôm nay", False)],
    ),
    (
        "Tỷ lệ hộ nghèo ở các xã vùng cao vẫn còn cao, chiếm 14,2%.",
        [(14.2, "Tỷ lệ hộ nghèo ở các xã vùng cao", False)],
    ),
    # more verbs of change: dao động, có giá, dự kiến; the measure head tỷ giá
    (
        "Giá cà phê dao động từ 95.000 - 98.000 đồng/kg.",
        [(95000, "Giá cà phê", False), (98000, "Giá cà phê", False)],
    ),
    (
        "Riêng chè đặc sản luôn có giá từ 400.000 - 500.000 đồng/kg.",
        [(400000, "chè đặc sản", False), (500000, "chè đặc sản", False)],
    ),
    ("Tổng kinh phí dự kiến 48 tỷ đồng.", [(48e9, "Tổng kinh phí", True)]),
    ("Tỷ giá trung tâm hiện ở mức 24.300 đồng.", [(24300, "Tỷ giá trung tâm", False)]),
    # a date or a span inside the subject is stepped over
    (
        "Tỷ lệ giải ngân vốn đầu tư công đến ngày 31/10 mới đạt 52%.",
        [(52, "Tỷ lệ giải ngân vốn đầu tư công", False)],
    ),
    (
        "Lượng khách du lịch đến huyện trong 6 tháng đạt 420.000 lượt, tổng doanh thu du lịch "
        "ước đạt 310 tỷ đồng.",
        [
            (6, None, False),
            (420000, "Lượng khách du lịch đến huyện", False),
            (310e9, "tổng doanh thu du lịch", False),
        ],
    ),
    # a verb of change that names the measure itself
    ("Năm 2025, huyện phấn đấu tăng trưởng 9%.", [(9, "tăng trưởng", True)]),
    # who acts is no measure: the verb of the clause, else the figure before, else nothing
    ("Toàn huyện đạt 97,5%.", [(97.5, None, False)]),
    (
        "Kế hoạch giao trồng 800 ha rừng; hiện nay các xã đã trồng được 560 ha.",
        [(800, "rừng", True), (560, "trồng", False)],
    ),
    (
        "Kế hoạch năm nay thu 150 tỷ đồng, xã thực hiện được 165 tỷ đồng.",
        [(150e9, "thu", True), (165e9, "thu", False)],
    ),
    # a generic unit counts the noun phrase before it, or the subject of "có"
    (
        "Đàn gia súc toàn huyện có 52.000 con, trong đó đàn trâu 9.400 con.",
        [(52000, "Đàn gia súc toàn huyện", False), (9400, "đàn trâu", False)],
    ),
    ("Huyện có 12.000 đoàn viên, trong đó nữ 6.100 người.", [(6100, "nữ", False)]),
    ("Toàn xã có 300 người.", [(300, "người", False)]),
    # a conjunct number opens its own phrase; a phrase never reaches into an earlier figure
    (
        "Tỉnh phấn đấu có 85% hộ dân dùng điện an toàn và 60% hộ dân có nước máy.",
        [(85, "hộ dân dùng điện an toàn", True), (60, "hộ dân có nước máy", True)],
    ),
    (
        "Cửa hàng bán hoa với mức giá dưới 300.000 đồng hoặc từ 300.000 đồng đến 600.000 đồng.",
        [(600000, "mức giá", False)],
    ),
    # "nhà ở" is one noun; "do" opens an agent clause before a noun, a cause before a verb
    ("Xã xây mới 40 nhà ở cho hộ nghèo.", [(40, "nhà ở", False)]),
    (
        "Hội trao 25 suất học bổng do doanh nghiệp tài trợ.",
        [(25, "suất học bổng do doanh nghiệp tài trợ", False)],
    ),
    (
        "Năm qua, 12 doanh nghiệp do vi phạm quy định đã bị xử phạt.",
        [(12, "doanh nghiệp", False)],
    ),
    # "với số tiền": the sum is what the clause before raised
    (
        "Xã đã vận động quỹ “Nghĩa tình đồng đội” với số tiền hơn 300 triệu đồng.",
        [(300e6, "vận động quỹ “Nghĩa tình đồng đội”", False)],
    ),
    # a duration followed by an adverb or a passive verb frames the clause
    ("Sau 12 năm mới có dịp trở lại quê.", [(12, None, False)]),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES_ROUND2)
def test_measure_round2(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, measure, target in expected:
        f = _one(found, value)
        assert f.measure == measure, (value, f.measure)
        assert f.target is target, (value, f.target)


TARGETS_ROUND2 = [
    # a horizon year: a goal when it lies a planning term after every other year named
    ("Đến năm 2035, tỷ lệ hộ dân dùng nước sạch của huyện đạt 98%.", [(98, True)]),
    ("Tầm nhìn đến năm 2050, thu nhập bình quân đầu người đạt 15.000 USD.", [(15000, True)]),
    ("Theo quy hoạch, đến năm 2030 diện tích lúa chất lượng cao đạt 12.000 ha.", [(12000, True)]),
    (
        "Năm 2020, huyện có 9 xã đạt chuẩn. Đến năm 2023, huyện có 14 xã đạt chuẩn.",
        [(9, False), (14, False)],
    ),
    ("Từ năm 2016 đến năm 2020, huyện đã xây dựng 45 km đường.", [(45, False)]),
    ("Tính đến năm 2030, dân số của thành phố dự báo vượt 2 triệu người.", [(2e6, True)]),
    # a result marker or a contrast after a goal ends its reach
    (
        "Mục tiêu đến năm 2025 có 90% hộ dùng nước sạch; hiện nay tỷ lệ này đạt 82%.",
        [(90, True), (82, False)],
    ),
    (
        "Huyện cần 60 tỷ đồng để nâng cấp trường học nhưng mới bố trí được 25 tỷ đồng.",
        [(60e9, True), (25e9, False)],
    ),
    (
        "Năm 2024, xã đặt mục tiêu trồng 50 ha quế, kết quả trồng được 62 ha.",
        [(50, True), (62, False)],
    ),
    ("Kế hoạch đề ra 20 chỉ tiêu, đến nay có 17 chỉ tiêu đạt.", [(17, False)]),
    # a cue inside a longer word, a cue without its object, a role, a payment: no goal
    ("Sau khi giao lưu văn nghệ, đoàn trao 40 suất quà.", [(40, False)]),
    ("Sau khi được giao dịch trở lại, giá cổ phiếu tăng 12%.", [(12, False)]),
    ("Hướng tới kỷ niệm 50 năm giải phóng, huyện khánh thành 6 công trình.", [(6, False)]),
    ("Hướng tới mục tiêu 100% xã có nhà văn hóa.", [(100, True)]),
    (
        "Dự án được giao cho Sở Xây dựng làm chủ đầu tư với tổng mức đầu tư 120 tỷ đồng.",
        [(120e9, False)],
    ),
    ("Nhiều gia đình phải nộp 3 triệu đồng mỗi năm tiền học.", [(3e6, False)]),
    # a plan noun right before the number, with or without a colon
    ("Tỷ lệ bao phủ bảo hiểm y tế đạt 91% (KH 92%).", [(91, False), (92, True)]),
    ("Tỷ lệ tiêm vắc xin đạt 88%, chưa đạt mục tiêu 95%.", [(88, False), (95, True)]),
    ("Dự toán thu ngân sách năm 2025 được giao là 850 tỷ đồng.", [(850e9, True)]),
    # a planned count: the cue stands in the counted noun's phrase
    ("Năm nay, huyện có 18 công trình dự kiến khánh thành vào dịp Quốc khánh.", [(18, True)]),
    # quoted speech is read; a quoted title is not
    ("Ông Lò Văn Sơn cho biết: “Năm tới, xã sẽ mở rộng thêm 30 ha chè.”", [(30, True)]),
    (
        "Nghị quyết “Phát triển nông nghiệp đến năm 2030” đã được triển khai ở 15 xã.",
        [(15, False)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TARGETS_ROUND2)
def test_target_round2(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, target in expected:
        assert _one(found, value).target is target, value


def test_cue_table_matches_a_plain_scan(pipe):
    """The per-sentence phrase tables give what joining syllables at each position gives."""
    from nlp.extract.measures import _Sentence

    doc = pipe(
        "Theo kế hoạch, đến năm 2030 tỉnh phấn đấu giảm tỷ lệ hộ nghèo; "
        "hiện nay huyện đã giao cho xã thực hiện 40 km đường."
    )
    view = DocView.from_doc(doc)
    rules = MeasureRules.default()
    s = _Sentence.of(view, 0, len(doc.text))
    syls = [syl for syl, _ in s.syllables]
    for key in ("goal_cues", "negated_goal_cues", "result_markers", "future_year_cues"):
        phrases = rules.words(key)
        index = rules.index(key)
        plain = [
            max((k for k in range(1, 5) if " ".join(syls[p : p + k]) in phrases), default=0)
            if p + 1 <= len(syls)
            else 0
            for p in range(len(syls))
        ]
        assert list(s.syl_table(index)) == plain, key
    for i in range(len(s.words)):
        for key in ("change_verbs", "stops_after", "hard_stops_before"):
            phrases = rules.words(key)
            index = rules.index(key)
            plain_at = max(
                (k for k in range(1, 4) if " ".join(s.lower[i : i + k]) in phrases), default=0
            )
            plain_end = max(
                (
                    k
                    for k in range(1, 4)
                    if i - k + 1 >= 0 and " ".join(s.lower[i - k + 1 : i + 1]) in phrases
                ),
                default=0,
            )
            assert s.match_at(i, index) == plain_at, (key, i)
            assert s.match_ending(i, index) == plain_end, (key, i)


# -- the rules and the sentence tables the extractor reads -----------------------------------


@pytest.mark.parametrize("joiner", [" - ", " – ", " — ", "-", " đến "])
def test_range_is_read_as_one_figure_whatever_joins_its_bounds(pipe, joiner):
    """The bounds of a range share one measure, with every joiner the figure rules read."""
    text = f"Vụ này, huyện có 15{joiner}20% diện tích lúa được thay bằng giống mới."
    found = _by_value(pipe, text)
    low, high = _one(found, 15), _one(found, 20)
    assert (low.qualifier, high.qualifier) == (">=", "<=")
    assert high.measure is not None
    assert low.measure == high.measure


def test_measure_rules_read_units_and_range_words_from_the_figure_rules():
    from nlp.extract.figures import FigureRules

    figure_rules = FigureRules.default()
    data = dict(figure_rules.data)
    data["currencies"] = {**data["currencies"], "kíp": "LAK"}
    data["range_words"] = ["cho tới"]
    rules = MeasureRules.default(FigureRules(data))
    assert "lak" in rules.money_units and "lak" in rules.value_units
    assert "lak" not in MeasureRules.default(figure_rules).money_units
    assert rules.range_gap.fullmatch(" cho tới ")
    assert rules.range_gap.fullmatch(" — ")
    assert not rules.range_gap.fullmatch(" đến ")
    assert MeasureRules.default(figure_rules).range_gap.fullmatch(" đến ")


def test_rule_indexes_live_on_their_rules():
    rules = MeasureRules.default()
    both = rules.index("result_markers", "indicator_results")
    assert both is rules.index("result_markers", "indicator_results")  # built once
    assert both.phrases == rules.words("result_markers") | rules.words("indicator_results")
    assert rules.index("result_markers").phrases == rules.words("result_markers")
    assert MeasureRules.default().index("result_markers") is not rules.index("result_markers")


# (sentence, rule key, measure with the shipped rules, measure with that list emptied)
RULE_KEYS = [
    # "được" ends a predicate cut off before the number, as a verb does
    ("Có 15 hộ tham gia được hỗ trợ 20 triệu đồng.", 15, "passive_markers", "hộ", "hộ tham gia"),
    # "các" may lead a noun conjunct
    (
        "Toàn huyện có 12 trường học, các trạm y tế và nhà văn hóa được sửa chữa.",
        12,
        "plural_determiners",
        "trường học, các trạm y tế",
        "trường học",
    ),
    # a unit word after the number is read as the unit, not as what is counted
    (
        "Trong đó hàng container đạt 1,2 triệu TEU.",
        1.2e6,
        "unit_words",
        "hàng container",
        "TEU",
    ),
    # a bare ratio word takes the measure of the figure before it
    (
        "Số xã đạt chuẩn là 45 xã, đạt tỷ lệ 60%.",
        60,
        "bare_heads",
        "Số xã đạt chuẩn",
        "tỷ lệ",
    ),
]


@pytest.mark.parametrize(("text", "value", "key", "shipped", "emptied"), RULE_KEYS)
def test_function_words_are_rule_data(pipe, text, value, key, shipped, emptied):
    from nlp.extract.figures import FigureRules, extract_figures

    view = DocView.from_doc(pipe(text))
    figure_rules = FigureRules.default()
    found = extract_figures(view, figure_rules)
    rules = MeasureRules.default(figure_rules)
    bare = MeasureRules({**rules.data, key: []}, figure_rules)
    (f,) = [f for f in attach_measures(view, found, rules) if f.value == value]
    (g,) = [g for g in attach_measures(view, found, bare) if g.value == value]
    assert (f.measure, g.measure) == (shipped, emptied)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("Chỉ tiêu tuyển quân năm nay là 120 thanh niên.", True),
        ("Năm nay, huyện phấn đấu có thêm 120 hộ thoát nghèo.", False),
    ],
)
def test_goal_cue_says_whether_it_names_an_indicator(pipe, text, indicator):
    from nlp.extract.measures import _Sentence, _Targets

    view = DocView.from_doc(pipe(text))
    s = _Sentence.of(view, *view.sentences[0])
    number = next(i for i, w in enumerate(s.words) if w.text == "120")
    cue = _Targets(view, MeasureRules.default()).cue_before(s, number)
    assert cue is not None
    end, names_indicator = cue
    assert end < number
    assert names_indicator is indicator


def test_sentence_lookups_match_a_plain_scan(pipe):
    """Bisection on the view's word starts gives what scanning every word gives."""
    from nlp.extract.measures import _Sentence

    doc = pipe(
        'Hội thi “Nhà nông giỏi” có 40 đội tham gia. Phong trào "Ngày chủ nhật xanh" thu hút '
        "1.500 người, ông Nam nói: “Năm tới xã sẽ làm tiếp”."
    )
    view = DocView.from_doc(doc)
    quoted_sentences = 0
    for a, b in [*view.sentences, (0, len(view.text)), (3, len(view.text) - 5)]:
        s = _Sentence.of(view, a, b)
        assert s.words == tuple(w for w in view.words if a <= w.start and w.end <= b)
        for offset in range(a - 2, b + 2):
            plain = next((i for i, w in enumerate(s.words) if w.end > offset), len(s.words))
            assert s.index_at_or_after(offset) == plain, offset
        quotes = {
            i: qa
            for qa, qb in view.quoted_spans
            for i, w in enumerate(s.words)
            if qa <= w.start and w.end <= qb
        }
        assert s.quote_of == quotes
        assert s.quoted_words == frozenset(quotes)
        quoted_sentences += bool(quotes)
        bounds = sorted({w.start for w in s.words} | {w.end for w in s.words})
        for x in bounds:
            for y in bounds:
                plain_within = [i for i, w in enumerate(s.words) if x <= w.start and w.end <= y]
                assert list(s.words_within(x, y)) == plain_within, (x, y)
    assert quoted_sentences >= 3


MEASURES_ROUND3 = [
    # a coordinated noun pair after the number shares the clause that follows
    (
        "Toàn huyện có 92% ấp, khu phố đạt chuẩn văn hóa.",
        [(92, "ấp, khu phố đạt chuẩn văn hóa", False)],
    ),
    ("Năm qua, Viện kiểm sát đã thụ lý 1.200 vụ, việc dân sự.", [(1200, "vụ, việc dân sự", False)]),
    (
        "Ngành y tế kiểm tra 300 cơ sở chế biến, kinh doanh thực phẩm và phát hiện 20 cơ sở "
        "vi phạm.",
        [(300, "cơ sở chế biến, kinh doanh thực phẩm", False), (20, "cơ sở vi phạm", False)],
    ),
    # … not a new clause after the comma: a number, a verb of another kind, a clause word
    ("Đoàn kiểm tra 50 cơ sở, xử phạt 20 triệu đồng.", [(50, "cơ sở", False)]),
    (
        "Doanh nghiệp thu hút 300 lao động, tạo việc làm ổn định cho người dân.",
        [(300, "lao động", False)],
    ),
    (
        "Huyện có 14 xã và 86 ấp, trung tâm hành chính là thị trấn Ngã Sáu.",
        [(86, "ấp", False)],
    ),
    (
        "Khi nhận 5 ha rừng sản xuất, ông Hai đã trồng keo xen cây bản địa.",
        [(5, "rừng sản xuất", False)],
    ),
    # a bare ratio measures the figure before it, or the subject it is said of
    (
        "Số xã đạt chuẩn nông thôn mới là 45 xã, đạt tỷ lệ 60%.",
        [
            (45, "Số xã đạt chuẩn nông thôn mới", False),
            (60, "Số xã đạt chuẩn nông thôn mới", False),
        ],
    ),
    (
        "Học sinh tốt nghiệp trung học phổ thông đạt tỷ lệ 98,5%.",
        [(98.5, "Học sinh tốt nghiệp trung học phổ thông", False)],
    ),
    ("Tỷ lệ đạt 70%.", [(70, "Tỷ lệ", False)]),
    # an item of a series with its verb left out counts what the item before counts
    (
        "Xã Tân Phú làm 4 tuyến đường kiểu mẫu, xã Tân Lộc 3 tuyến.",
        [(4, "tuyến đường kiểu mẫu", False), (3, "tuyến đường kiểu mẫu", False)],
    ),
    (
        "Toàn tỉnh có 120 trường đạt chuẩn quốc gia; trong năm xây mới 5 trường.",
        [(120, "trường đạt chuẩn quốc gia", False), (5, "trường", False)],
    ),
    # a unit is never the measure
    (
        "Tỷ lệ hộ dùng nước sạch đạt 75,3%, tăng 4,3 điểm phần trăm so với năm 2022.",
        [(4.3, "Tỷ lệ hộ dùng nước sạch", False)],
    ),
    (
        "Sản lượng hàng hóa qua cảng đạt 20 triệu tấn; trong đó hàng container đạt 1,2 triệu TEU.",
        [(1.2e6, "hàng container", False)],
    ),
    # a hyphenated compound inside a subject, even when the tagger calls its half a verb
    (
        "Phấn đấu đến năm 2030, tỷ trọng công nghiệp - xây dựng trong GRDP chiếm 45%.",
        [(45, "tỷ trọng công nghiệp - xây dựng trong GRDP", True)],
    ),
    # the good after a unit of mass, even when the tagger calls it a verb
    (
        "Năm 2024, các đơn vị ngành than trên địa bàn tỉnh sản xuất 38,2 triệu tấn than nguyên "
        "khai, tiêu thụ 42,5 triệu tấn.",
        [(38.2e6, "than nguyên khai", False), (42.5e6, "tiêu thụ", False)],
    ),
    ("Hợp tác xã thu mua 500 tấn, tiêu thụ 300 tấn.", [(300, "tiêu thụ", False)]),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES_ROUND3)
def test_measure_round3(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, measure, target in expected:
        f = _one(found, value)
        assert f.measure == measure, (value, f.measure)
        assert f.target is target, (value, f.target)


TARGETS_ROUND3 = [
    # the plan a ratio is taken of reports a result: it opens no goal mode, carries nothing
    (
        "Năm 2024, tổng lượt khách đạt 2,1 triệu lượt, đạt 81% kế hoạch năm. Trong đó, khách "
        "quốc tế đạt 312.000 lượt.",
        [(2.1e6, False), (81, False), (312000, False)],
    ),
    ("Đến nay, 9/22 chỉ tiêu đạt trên 50% kế hoạch năm, 13 chỉ tiêu đạt thấp.", [(13, False)]),
    (
        "Doanh thu đạt 200 tỷ đồng, bằng 105% dự toán. Trong đó, thu từ dịch vụ đạt 80 tỷ đồng.",
        [(105, False), (80e9, False)],
    ),
    (
        "Năm 2025, tổng vốn đầu tư đạt 5.000 tỷ đồng, tăng 8% so với kế hoạch. Bên cạnh đó, "
        "thu hút 12 dự án mới.",
        [(8, False), (12, False)],
    ),
    # … while a plan noun that states the goal still does
    ("Phấn đấu năm 2025 đạt 100% kế hoạch năm, trong đó trồng mới 200 ha rừng.", [(200, True)]),
    ("Kế hoạch năm 2026, huyện trồng mới 300 ha rừng.", [(300, True)]),
    # setting a quota or an aim inside a clause is a goal cue
    (
        "Chương trình đề ra chỉ tiêu giai đoạn 2021-2025 nhựa hóa 900 km đường huyện, xây "
        "dựng mới 40 cầu treo.",
        [(900, True), (40, True)],
    ),
    ("Huyện đề ra mục tiêu đến năm 2027 có 80% hộ dân dùng nước sạch.", [(80, True)]),
    ("Nghị quyết đã đề ra 18 chỉ tiêu chủ yếu.", [(18, False)]),
    # a sentence opening with its own deadline continues the goals before it
    (
        "Trong giai đoạn 2025-2027, huyện sẽ xây mới 60 phòng học. Đến hết năm 2027, tỷ lệ "
        "trường đạt chuẩn đạt 80%.",
        [(60, True), (80, True)],
    ),
    (
        "Năm 2023, huyện đã xây mới 60 phòng học. Đến hết năm 2023, tỷ lệ trường đạt chuẩn "
        "đạt 80%.",
        [(60, False), (80, False)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TARGETS_ROUND3)
def test_target_round3(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, target in expected:
        assert _one(found, value).target is target, value


MEASURES_ROUND4 = [
    # a period phrase between the subject and the verb is no measure: the subject before it
    (
        "Tổng sản phẩm trên địa bàn tỉnh (GRDP) 6 tháng ước đạt 7,05%, cao hơn cùng kỳ.",
        [(7.05, "Tổng sản phẩm trên địa bàn tỉnh (GRDP)", False)],
    ),
    (
        "Kim ngạch xuất khẩu 9 tháng đầu năm đạt 1,2 tỷ USD.",
        [(1.2e9, "Kim ngạch xuất khẩu", False)],
    ),
    (
        "Kim ngạch xuất khẩu quý III đạt 410 triệu USD.",
        [(410e6, "Kim ngạch xuất khẩu", False)],
    ),
    ("Xuất khẩu gạo 9 tháng đạt 120 triệu USD.", [(120e6, "Xuất khẩu gạo", False)]),
    ("Khách quốc tế quý II tăng 15%.", [(15, "Khách quốc tế", False)]),
    # … also when the subject goes on after it
    (
        "Tổng thu ngân sách nhà nước 10 tháng năm 2023 trên địa bàn huyện đạt 812 tỷ đồng.",
        [(812e9, "Tổng thu ngân sách nhà nước 10 tháng năm 2023 trên địa bàn huyện", False)],
    ),
    # … but a verb after the period starts the predicate: the count measures its object
    (
        "Huyện đặt chỉ tiêu giai đoạn 2021-2025 bê tông hóa 300 km đường nội đồng.",
        [(300, "đường nội đồng", True)],
    ),
    # an age or size limit inside the phrase does not cut it
    (
        "Tỷ lệ suy dinh dưỡng thể nhẹ cân ở trẻ dưới 5 tuổi giảm còn 9,4%.",
        [(9.4, "Tỷ lệ suy dinh dưỡng thể nhẹ cân ở trẻ dưới 5 tuổi", False)],
    ),
    (
        "Tỷ lệ người cao tuổi trên 80 tuổi được nhận trợ cấp đạt 100%.",
        [(100, "Tỷ lệ người cao tuổi trên 80 tuổi được nhận trợ cấp", False)],
    ),
    # "còn lại" (remaining) modifies the noun before it; the remaining ones only act
    ("Các xã còn lại đạt từ 50-70%.", [(70, None, False)]),
    (
        "Có 6/10 xã đạt trên 95% kế hoạch; 4 xã còn lại đạt từ 70-85%.",
        [(4, "xã còn lại", False), (85, "xã còn lại", False)],
    ),
    # a place before a count in brackets is no measure: what the list is about, or the
    # counted noun
    (
        "Các huyện có số hộ thoát nghèo nhiều nhất là Tân Hiệp (320 hộ), Gò Quao (215 hộ) và "
        "An Biên (198 hộ).",
        [
            (320, "số hộ thoát nghèo nhiều nhất", False),
            (198, "số hộ thoát nghèo nhiều nhất", False),
        ],
    ),
    (
        "Số hộ được hỗ trợ tập trung ở các huyện Đại Lộc (410 hộ), Duy Xuyên (380 hộ).",
        [(410, "Số hộ được hỗ trợ tập trung", False)],
    ),
    ("Mô hình đã được nhân rộng ở Tân Hiệp (12 xã) và Gò Quao (8 xã).", [(12, "xã", False)]),
    ("Đoàn đã trao quà tại xã Hương Sơn (50 suất).", [(50, "suất", False)]),
    # … a phrase that is no place keeps the count in brackets as its annotation
    (
        "Huyện thực hiện xét nghiệm diện rộng (3 vòng).",
        [(3, "Huyện thực hiện xét nghiệm diện rộng", False)],
    ),
    # a product glued to a unit of mass: the unit is never part of the measure
    (
        "Sản lượng niên vụ này ước đạt khoảng 120.000 tấn nhân.",
        [(120000, "Sản lượng niên vụ này", False)],
    ),
    ("Vụ này nông dân thu hoạch khoảng 9.500 tấn nhân.", [(9500, "nhân", False)]),
    ("Toàn tỉnh xuất khẩu 30.000 tấn gạo.", [(30000, "gạo", False)]),
]


@pytest.mark.parametrize(("text", "expected"), MEASURES_ROUND4)
def test_measure_round4(pipe, text, expected):
    found = _by_value(pipe, text)
    for value, measure, target in expected:
        f = _one(found, value)
        assert f.measure == measure, (value, f.measure)
        assert f.target is target, (value, f.target)
