"""Named models on sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.components import models

CASES = [
    # every quote style, stray spaces inside
    ("Xã triển khai mô hình “Con đường hoa” từ năm ngoái.", ["Con đường hoa"]),
    ('Xã triển khai mô hình " Con đường hoa " từ năm ngoái.', ["Con đường hoa"]),
    ("Xã triển khai mô hình 'Con đường hoa' từ năm ngoái.", ["Con đường hoa"]),
    ("Xã triển khai mô hình ‘Con đường hoa’ từ năm ngoái.", ["Con đường hoa"]),
    ("Xã triển khai mô hình « Con đường hoa » từ năm ngoái.", ["Con đường hoa"]),
    ("Mô hình “Tổ tự quản, an toàn - văn minh” đạt kết quả.", ["Tổ tự quản, an toàn - văn minh"]),
    # a campaign name used as a model family, counted
    ("Năm nay có 12 mô hình “Dân vận khéo” được công nhận.", ["Dân vận khéo"]),
    # unquoted noun phrase up to its end
    ("Huyện xây dựng mô hình nuôi tôm công nghệ cao tại xã Hải An.", ["nuôi tôm công nghệ cao"]),
    ("Gia đình anh áp dụng mô hình nuôi gà thả vườn, cho thu nhập ổn định.", ["nuôi gà thả vườn"]),
    # generic modifiers or a colon between "mô hình" and the quoted name
    ("Xã xây dựng mô hình điểm “Khu dân cư kiểu mẫu” năm 2023.", ["Khu dân cư kiểu mẫu"]),
    ("Mô hình: “Ngày thứ Bảy tình nguyện” được triển khai.", ["Ngày thứ Bảy tình nguyện"]),
    # a specific practice that begins with a generic word
    ("Huyện nhân rộng mô hình kinh tế trang trại tổng hợp.", ["kinh tế trang trại tổng hợp"]),
    # lists introduced as models
    (
        "Nhiều mô hình hay như “Thắp sáng đường quê”, “Tuyến đường tự quản” và “Ngôi nhà xanh” được hưởng ứng.",
        ["Thắp sáng đường quê", "Tuyến đường tự quản", "Ngôi nhà xanh"],
    ),
    (
        "Các mô hình tiêu biểu gồm: mô hình trồng bưởi da xanh; mô hình nuôi bò vỗ béo; “Tổ hợp tác rau an toàn”.",
        ["trồng bưởi da xanh", "nuôi bò vỗ béo", "Tổ hợp tác rau an toàn"],
    ),
    (
        "Người dân được phục vụ tốt hơn như: Mô hình tiếp nhận hồ sơ qua bưu điện; dịch vụ công trực tuyến.",
        ["tiếp nhận hồ sơ qua bưu điện", "dịch vụ công trực tuyến"],
    ),
    # one name reported once per article, case-insensitively
    ("Mô hình “Dân vận khéo” lan tỏa. Nhiều mô hình “dân vận khéo” ra đời.", ["Dân vận khéo"]),
    # not models
    ("Cần chuyển đổi mô hình tăng trưởng và đổi mới mô hình tổ chức.", []),
    ("Đây là mô hình mới, lần đầu được áp dụng.", []),
    ("Mô hình này đã giúp nhiều hộ thoát nghèo.", []),
    ("Đây là mô hình điểm về xây dựng nông thôn mới.", []),
    ("Các mô hình sản xuất nông nghiệp công nghệ cao được nhân rộng.", []),
    ("Toàn tỉnh ghi danh 948 mô hình mới, tập thể điển hình.", []),
    ("Chủ đề năm là “Năm hành động, nói đi đôi với làm”.", []),
    ("Phát huy cơ chế “Một cửa liên thông” và website “Sản phẩm đặc trưng”.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_models(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


def test_last_list_item_stops_at_its_paragraph(pipe) -> None:
    doc = pipe("Các mô hình tiêu biểu như: “Vườn mẫu”; mô hình nuôi tôm trên cát.\n\nĐoạn sau.")
    assert [m.name for m in models(doc)] == ["Vườn mẫu", "nuôi tôm trên cát"]


def test_model_offsets_and_sentence(pipe) -> None:
    doc = pipe("Câu trước. Xã triển khai mô hình “Con đường hoa” hiệu quả.")
    (model,) = models(doc)
    assert doc.text[model.start : model.end] == "Con đường hoa"
    assert model.sentence == "Xã triển khai mô hình “Con đường hoa” hiệu quả."
    assert doc.spans["models"][0]._.model == model
