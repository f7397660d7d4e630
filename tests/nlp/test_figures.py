"""Figures on sentences written for these tests (general news prose, not seed strings)."""

from __future__ import annotations

import pytest

from nlp.components import figures


def _figs(pipe, text):
    return [(f.value, f.of, f.unit, f.qualifier) for f in figures(pipe(text))]


CASES = [
    # counts with the counted noun
    ("Toàn huyện có 1.250 hộ thoát nghèo.", [(1250, None, "hộ", "=")]),
    ("Hội đã kết nạp 45 hội viên mới.", [(45, None, "hội viên", "=")]),
    ("Đã có 12/15 xã đạt chuẩn nông thôn mới.", [(12, 15, "xã", "=")]),
    ("Kết quả 103/103 chi bộ hoàn thành nhiệm vụ.", [(103, 103, "chi bộ", "=")]),
    ("Đội đã thuyên chuyển 13 công chức cấp xã.", [(13, None, "công chức", "=")]),
    # percentages, qualifiers
    ("Tỷ lệ hộ nghèo giảm còn 3,2%.", [(3.2, None, "%", "=")]),
    ("Có hơn 60% lao động đã qua đào tạo.", [(60, None, "%", ">")]),
    ("Tỷ lệ hài lòng đạt gần 97%.", [(97, None, "%", "~")]),
    ("Cắt giảm tối thiểu 30% thời gian giải quyết.", [(30, None, "%", ">=")]),
    ("Lãi suất dưới 5%.", [(5, None, "%", "<")]),
    ("Chi phí tối đa 2 triệu đồng mỗi hồ sơ.", [(2e6, None, "VND", "<=")]),
    ("Huyện có trên 20.000 người trong độ tuổi lao động.", [(20000, None, "người", ">")]),
    ("Phấn đấu có từ 5 doanh nghiệp trở lên.", [(5, None, "doanh nghiệp", ">=")]),
    ("Ước đạt 120 tỷ đồng.", [(120e9, None, "VND", "=")]),
    ("Hoàn thành trên 80%/năm.", [(80, None, "%", ">")]),
    # money and scale words
    ("Tổng kinh phí là 12,5 tỷ đồng.", [(12.5e9, None, "VND", "=")]),
    ("Thu ngân sách 285.197 triệu đồng.", [(285197e6, None, "VND", "=")]),
    ("Kim ngạch xuất khẩu đạt 1,2 triệu USD.", [(1.2e6, None, "USD", "=")]),
    ("Dự án có tổng mức đầu tư hơn 300 tỉ đồng.", [(300e9, None, "VND", ">")]),
    ("Mỗi năm đón gần 1,5 triệu lượt khách.", [(1.5e6, None, "lượt", "~")]),
    ("Giá trị sản xuất đạt 1.000 nghìn tỷ đồng.", [(1e15, None, "VND", "=")]),
    ("Đảng bộ có 2.345 đồng chí đảng viên.", [(2345, None, "đồng chí", "=")]),
    # measures and informal decimals
    ("Diện tích gieo cấy đạt 15.600 ha.", [(15600, None, "ha", "=")]),
    ("Năng suất bình quân 62,5 tạ/ha.", [(62.5, None, "tạ", "=")]),
    ("Xây dựng 32 km đường giao thông.", [(32, None, "km", "=")]),
    ("Chỉ số đạt 8.5 điểm.", [(8.5, None, "điểm", "=")]),
    ("Nhà máy công suất 50 MW.", [(50, None, "MW", "=")]),
    # ranges: both bounds
    ("Tăng trưởng đạt 12-13%.", [(12, None, "%", ">="), (13, None, "%", "<=")]),
    (
        "Thu nhập từ 75-80 triệu đồng/người/năm.",
        [(75e6, None, "VND", ">="), (80e6, None, "VND", "<=")],
    ),
    ("Tăng ít nhất 3-4% mỗi năm.", [(3, None, "%", ">="), (4, None, "%", ">=")]),
    (
        "Mức hỗ trợ từ 10 đến 15 triệu đồng/hộ.",
        [(10e6, None, "VND", ">="), (15e6, None, "VND", "<=")],
    ),
    # ratio of two measured amounts
    ("Thu đạt 45.799/36.875 tỷ đồng.", [(45799e9, 36875e9, "VND", "=")]),
    # not figures
    ("Năm 2023, huyện tổ chức đại hội.", []),
    ("Giai đoạn 2016 - 2020 và nhiệm kỳ 2020-2025 có nhiều đổi mới.", []),
    ("Ngày 25/1/2016 và ngày 30/6, tỉnh họp.", []),
    ("Sáng 1/11, hội nghị khai mạc lúc 8 giờ 30 phút.", []),
    ("Theo công văn số 26-CV/HU và Kế hoạch 417/KH-UBND của tỉnh.", []),
    ("Thực hiện Chỉ thị 05 và Nghị quyết Trung ương 4 khóa XII.", []),
    ("Đề án số 17 được ban hành.", []),
    ("Đại hội Đảng bộ lần thứ XV thành công.", []),
    ("Ông ở tổ 2, khu phố số 3, thị trấn Phố Lu.", []),
    ("Nếu lần 1 không hoàn thành thì nhắc nhở.", []),
    ("Bảo đảm thông tin 2 chiều giữa chính quyền và người dân.", []),
    ("Gọi 0233 3852 123 để phản ánh.", []),
    ("Dịch Covid-19 đã được kiểm soát.", []),
    ("Mô hình “5 không 3 sạch” được nhân rộng.", []),
    ("Đường dây nóng hoạt động 24/7.", []),
    ("Vào 7 giờ sáng, lễ ra quân bắt đầu.", []),
    ("Cách mạng công nghiệp 4.0 mở ra cơ hội.", []),
    ("Xe chạy trên Quốc lộ 1A.", []),
    ("Hồ sơ trực tuyến mức độ 3, 4 được ưu tiên.", []),
    ("1. Số hóa toàn bộ hồ sơ.\n\n2) Bố trí công chức.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_figures(pipe, text: str, expected: list[tuple]) -> None:
    assert _figs(pipe, text) == [
        tuple(float(x) if isinstance(x, int) else x for x in e) for e in expected
    ]


def test_figure_text_and_offsets(pipe) -> None:
    doc = pipe("Huyện đã tổ chức hơn 2.000 hội nghị quán triệt nghị quyết.")
    (fig,) = figures(doc)
    assert fig.text == "hơn 2.000 hội nghị"
    assert doc.text[fig.start : fig.end] == fig.text
    assert fig.sentence == doc.text


def test_spans_expose_figures(pipe) -> None:
    doc = pipe("Tăng trưởng đạt 12-13%.")
    spans = doc.spans["figures"]
    assert [s._.figure.qualifier for s in spans] == [">=", "<="]
    assert all(s.label_ == "FIGURE" for s in spans)
