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


# --- counted lists: separators, introducers, counts -------------------------------------------


@pytest.mark.parametrize(
    ("text", "group", "titles"),
    [
        (  # ";" between items, "và" before the last one
            "Thành phố đặt mục tiêu 3 đột phá trong phát triển đô thị, gồm đột phá về quy hoạch; "
            "cải tạo hạ tầng và thu hút nhà đầu tư chiến lược.",
            "đột phá",
            ["đột phá về quy hoạch", "cải tạo hạ tầng", "thu hút nhà đầu tư chiến lược"],
        ),
        (  # commas only, word count, "là"
            "Xã xác định bốn nhiệm vụ là làm đường liên thôn, kiên cố hóa kênh mương, "
            "xây trường mầm non, chỉnh trang nghĩa trang.",
            "nhiệm vụ",
            [
                "làm đường liên thôn",
                "kiên cố hóa kênh mương",
                "xây trường mầm non",
                "chỉnh trang nghĩa trang",
            ],
        ),
        (  # the last item holds its own "và": the split is at the "và" that opens an item
            "Sở đề xuất 3 vấn đề ưu tiên, bao gồm: mở rộng vùng nguyên liệu, nâng cấp chợ đầu mối "
            "và xử lý ô nhiễm môi trường và an toàn thực phẩm.",
            "vấn đề ưu tiên",
            [
                "mở rộng vùng nguyên liệu",
                "nâng cấp chợ đầu mối",
                "xử lý ô nhiễm môi trường và an toàn thực phẩm",
            ],
        ),
        (  # items that are names of programmes
            "Huyện ban hành 3 chương trình hành động, gồm: Đề án phát triển chăn nuôi bò; chương trình "
            "mỗi thôn một sản phẩm; Kế hoạch chuyển đổi số giai đoạn 2021-2025.",
            "chương trình hành động",
            [
                "Đề án phát triển chăn nuôi bò",
                "chương trình mỗi thôn một sản phẩm",
                "Kế hoạch chuyển đổi số giai đoạn 2021-2025",
            ],
        ),
        (  # "như:" introduces a list only with its colon
            "Hội đề ra 3 giải pháp như: cho vay vốn, tập huấn kỹ thuật, bao tiêu sản phẩm.",
            "giải pháp",
            ["cho vay vốn", "tập huấn kỹ thuật", "bao tiêu sản phẩm"],
        ),
        (  # the group noun is cut before its modifier clause
            "Tỉnh chọn ba khâu đột phá mà cả nhiệm kỳ phải tập trung, đó là: hạ tầng giao thông; "
            "cải cách hành chính; nguồn nhân lực.",
            "khâu đột phá",
            ["hạ tầng giao thông", "cải cách hành chính", "nguồn nhân lực"],
        ),
        (  # items written as short sentences
            "Ngành y tế đặt ra 3 nhiệm vụ: Nâng cấp trạm y tế xã. Đào tạo bác sĩ gia đình. "
            "Tiêm chủng đầy đủ cho trẻ em.",
            "nhiệm vụ",
            ["Nâng cấp trạm y tế xã", "Đào tạo bác sĩ gia đình", "Tiêm chủng đầy đủ cho trẻ em"],
        ),
        (  # items in quotes lose their quotes
            "Hội triển khai 2 phong trào: “Sạch nhà, đẹp ngõ”; “Phụ nữ giúp nhau làm kinh tế”.",
            "phong trào",
            ["Sạch nhà, đẹp ngõ", "Phụ nữ giúp nhau làm kinh tế"],
        ),
        (  # roman numerals in parentheses are markers, the counted list leaves them alone
            "Đề án có 2 mục tiêu: (i) giảm nghèo bền vững; (ii) nâng cao thu nhập.",
            None,
            ["giảm nghèo bền vững", "nâng cao thu nhập"],
        ),
    ],
)
def test_counted_list_shapes(pipe, text: str, group: str | None, titles: list[str]) -> None:
    assert _items(pipe, text) == [(group, n, t) for n, t in enumerate(titles, start=1)]


def test_count_of_two_ended_by_a_semicolon(pipe) -> None:
    # "A và B" is the whole list; the clause after ";" is the sentence going on.
    text = (
        "Huyện phát triển nông nghiệp, tập trung 2 mũi nhọn là cây ăn quả và thủy sản; "
        "hoàn thiện hạ tầng; xây dựng đô thị."
    )
    assert _items(pipe, text) == [("mũi nhọn", 1, "cây ăn quả"), ("mũi nhọn", 2, "thủy sản")]


def test_semicolon_before_a_clause_opener_ends_the_list(pipe) -> None:
    text = (
        "Tỉnh chọn hai giải pháp trọng tâm là đơn giản hóa thủ tục và số hóa hồ sơ; "
        "đồng thời kiểm tra việc thực hiện."
    )
    assert _items(pipe, text) == [
        ("giải pháp trọng tâm", 1, "đơn giản hóa thủ tục"),
        ("giải pháp trọng tâm", 2, "số hóa hồ sơ"),
    ]


def test_two_slogan_lists_in_one_sentence(pipe) -> None:
    text = (
        "Cuộc vận động gồm 3 không là: không rác thải, không cháy nổ, không trộm cắp; "
        "2 sạch là: sạch đường làng, sạch kênh mương."
    )
    assert _items(pipe, text) == [
        ("không", 1, "không rác thải"),
        ("không", 2, "không cháy nổ"),
        ("không", 3, "không trộm cắp"),
        ("sạch", 1, "sạch đường làng"),
        ("sạch", 2, "sạch kênh mương"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện phương châm “3 tại chỗ” gồm: người tại chỗ; thuốc tại chỗ và xe tại chỗ "
        "gắn với trách nhiệm của từng thôn.",
        "Thực hiện phương châm “3 tại chỗ” (người tại chỗ; thuốc tại chỗ; xe tại chỗ) trong mùa lũ.",
    ],
)
def test_slogan_items_repeat_the_group_word(pipe, text: str) -> None:
    # The last item ends with the repeated group word, not with the clause after the list.
    assert _items(pipe, text) == [
        ("tại chỗ", 1, "người tại chỗ"),
        ("tại chỗ", 2, "thuốc tại chỗ"),
        ("tại chỗ", 3, "xe tại chỗ"),
    ]


def test_counted_list_of_plain_lines(pipe) -> None:
    text = (
        "Năm nay, phường thực hiện 3 nội dung sau:\nChỉnh trang vỉa hè;\n"
        "Lắp đèn chiếu sáng;\nTrồng cây xanh.\nCác khu phố đều hưởng ứng."
    )
    assert _items(pipe, text) == [
        ("nội dung", 1, "Chỉnh trang vỉa hè"),
        ("nội dung", 2, "Lắp đèn chiếu sáng"),
        ("nội dung", 3, "Trồng cây xanh"),
    ]


def test_counted_list_cut_off_by_the_end_of_the_text(pipe) -> None:
    text = (
        "Hội nghị thống nhất 4 nhiệm vụ, đó là: rà soát quy hoạch; giải phóng mặt bằng; huy động vố"
    )
    assert _items(pipe, text) == [
        ("nhiệm vụ", 1, "rà soát quy hoạch"),
        ("nhiệm vụ", 2, "giải phóng mặt bằng"),
        ("nhiệm vụ", 3, "huy động vố"),
    ]


# --- ordinal headings: positions and styles ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Các việc cần làm như sau: (1) làm sạch đồng ruộng; (2) gieo sạ đúng lịch; "
        "(3) bón phân cân đối.",
        "Nông dân được hướng dẫn. 1. Làm sạch đồng ruộng. 2. Gieo sạ đúng lịch. 3. Bón phân cân đối.",
        "Các việc cần làm gồm: a) Làm sạch đồng ruộng; b) Gieo sạ đúng lịch; c) Bón phân cân đối.",
        "Các việc cần làm gồm: 1) làm sạch đồng ruộng, 2) gieo sạ đúng lịch, 3) bón phân cân đối.",
        "Trạm khuyến nông lưu ý ba việc. Một là, làm sạch đồng ruộng. Hai là, gieo sạ đúng lịch. "
        "Ba là, bón phân cân đối.",
        "Trạm khuyến nông lưu ý: thứ nhất, làm sạch đồng ruộng; thứ hai, gieo sạ đúng lịch; "
        "và thứ ba là bón phân cân đối.",
        "Trạm khuyến nông lưu ý:\n- Một là: Làm sạch đồng ruộng.\n- Hai là: Gieo sạ đúng lịch.\n"
        "- Ba là: Bón phân cân đối.",
        "Các việc cần làm:\n1/ Làm sạch đồng ruộng.\n2/ Gieo sạ đúng lịch.\n3/ Bón phân cân đối.",
    ],
)
def test_ordinal_markers_inline_and_at_line_starts(pipe, text: str) -> None:
    titles = [t.lower() for _, _, t in _items(pipe, text)]
    assert titles == ["làm sạch đồng ruộng", "gieo sạ đúng lịch", "bón phân cân đối"]
    assert all(g is None for g, _, _ in _items(pipe, text))


def test_inline_ordinal_after_semicolon_and_va(pipe) -> None:
    # The title stops before "; và" and the next marker.
    text = (
        "Tỉnh nêu 3 giải pháp. Thứ nhất, hỗ trợ giống cây trồng. Thứ hai, mở lớp tập huấn, "
        "tham quan mô hình; và thứ ba là kết nối tiêu thụ nông sản."
    )
    assert _items(pipe, text) == [
        (None, 1, "hỗ trợ giống cây trồng"),
        (None, 2, "mở lớp tập huấn, tham quan mô hình"),
        (None, 3, "kết nối tiêu thụ nông sản"),
    ]


def test_nested_list(pipe) -> None:
    text = (
        "Kế hoạch gồm các nội dung:\n"
        "1. Về sản xuất: a) Mở rộng diện tích lúa chất lượng cao; b) Phát triển chăn nuôi nông hộ.\n"
        "2. Về tiêu thụ: Xây dựng chuỗi liên kết.\n"
        "Kết quả sẽ được sơ kết hằng năm."
    )
    doc = pipe(text)
    items = initiatives(doc)
    assert [(i.ordinal, i.title) for i in items] == [
        (1, "Về sản xuất"),
        (1, "Mở rộng diện tích lúa chất lượng cao"),
        (2, "Phát triển chăn nuôi nông hộ"),
        (2, "Về tiêu thụ"),
    ]
    assert "chăn nuôi nông hộ" in items[0].text  # the outer item holds its inner list
    assert "chuỗi liên kết" not in items[2].text  # the inner list ends where the outer goes on


def test_single_heading_cut_off_by_the_end_of_the_text(pipe) -> None:
    text = (
        "Huyện nêu bốn nhiệm vụ trọng tâm.\n\nMột là, củng cố tổ chức cơ sở đảng: Từ việc rà soát"
    )
    assert _items(pipe, text) == [(None, 1, "củng cố tổ chức cơ sở đảng")]


# --- decoys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # weekdays, in every dateline shape
        "Thứ năm, ngày 14 tháng 3 năm 2024. Thứ sáu, ngày 15 tháng 3, đoàn về xã.",
        "Thứ Sáu - 15/3/2024 08:30\nThứ bảy - 16/3/2024 09:00",
        # congress, term and session ordinals; ranks
        "Kỳ họp thứ 9 HĐND huyện khóa XIX bế mạc. Đại hội lần thứ nhất, lần thứ hai đều thành công.",
        "Xã xếp thứ nhất, thôn Bắc xếp thứ hai, thôn Nam xếp thứ ba trong cụm thi đua.",
        # a lone marker that is not cut off
        "Một là, phải kiên trì. Người dân đã hiểu điều đó.",
        # a count with nothing listed, or with a breakdown of numbers
        "Nghị quyết nêu 5 quan điểm, 4 mục tiêu và 6 nhóm nhiệm vụ, giải pháp.",
        "Tổng số 40 công trình gồm: 25 công trình giao thông; 15 công trình thủy lợi.",
        # places
        "Dự án triển khai ở 3 thôn gồm: Nà Hẩu, Khe Mạ và Làng Chùa.",
        "Mô hình chia thành 3 nhóm: thôn Đông Sơn, thôn Tây Sơn và thôn Bắc Sơn.",
        "Toàn tỉnh có 4 huyện là: Lục Yên, Văn Chấn, Trạm Tấu và Mù Cang Chải đạt chỉ tiêu.",
        # people
        "Hai đồng chí: Phạm Văn Lợi, Phó Chủ tịch UBND huyện; Đỗ Thị Hoa, Trưởng phòng Nội vụ.",
        "Ban chấp hành gồm: 1. Ông Nguyễn Văn Hùng, Bí thư; 2. Bà Trần Thị Lan, Phó Bí thư.",
        "Đại hội bầu 3 đại biểu gồm: ông Hà Văn Sơn, bà Lò Thị Xuân và ông Vi Văn Hải.",
        "Kết quả kiểm phiếu: 1. Lý Văn Tài 96%; 2. Hoàng Thị Mến 91%; 3. Nông Văn Dũng 88%.",
        # target groups
        "Chương trình hỗ trợ 3 nhóm đối tượng gồm: người cao tuổi, trẻ mồ côi và hộ nghèo.",
        "Quỹ ưu tiên 3 nhóm: hộ nghèo, hộ cận nghèo và hộ mới thoát nghèo.",
        # numbered instances of the group noun, stages of a procedure
        "Huyện tổ chức 2 đợt ra quân là đợt 1 vào tháng 3 và đợt 2 vào tháng 9.",
        "Kế hoạch chia 2 giai đoạn: giai đoạn 1 từ năm 2021 đến 2023; giai đoạn 2 đến năm 2025.",
        # things counted that are not tasks or solutions
        "Khu công nghiệp có 2 nhà máy là nhà máy may và nhà máy chế biến gỗ.",
        "Sau 2 năm là những đổi thay rõ rệt và niềm vui của người dân.",
    ],
)
def test_more_not_initiatives(pipe, text: str) -> None:
    assert _items(pipe, text) == []


def test_group_noun_with_a_year_and_a_later_count(pipe) -> None:
    text = (
        "Phường đề ra 3 nhiệm vụ trọng tâm năm 2025 gồm: lát vỉa hè; thu gom rác; lắp camera.\n"
        "Quận giao 4 chỉ tiêu và 2 giải pháp là: rà soát hồ sơ; đối thoại với dân."
    )
    assert _items(pipe, text) == [
        ("nhiệm vụ trọng tâm", 1, "lát vỉa hè"),
        ("nhiệm vụ trọng tâm", 2, "thu gom rác"),
        ("nhiệm vụ trọng tâm", 3, "lắp camera"),
        ("giải pháp", 1, "rà soát hồ sơ"),
        ("giải pháp", 2, "đối thoại với dân"),
    ]


def test_one_people_item_does_not_sink_the_list(pipe) -> None:
    text = "Đến nay, xã còn 2 tiêu chí chưa đạt là thu nhập và hộ nghèo."
    assert _items(pipe, text) == [("tiêu chí", 1, "thu nhập"), ("tiêu chí", 2, "hộ nghèo")]


def test_a_weekday_does_not_continue_a_list(pipe) -> None:
    text = "Thứ nhất, hội nghị bàn về quy hoạch. Thứ hai, ngày 5/6, đoàn kiểm tra thực địa."
    assert _items(pipe, text) == []


# --- the group's head decides; other groups need actions ----------------------------------------


@pytest.mark.parametrize(
    ("text", "group", "titles"),
    [
        (  # a classifier before the head noun
            "Huyện chọn 4 nhóm giải pháp là tuyên truyền, hỗ trợ vốn, đào tạo nghề và kết nối "
            "thị trường.",
            "nhóm giải pháp",
            ["tuyên truyền", "hỗ trợ vốn", "đào tạo nghề", "kết nối thị trường"],
        ),
        (  # a priority modifier on another noun: the items are actions
            "Xã triển khai 3 công trình trọng điểm: nâng cấp trạm bơm; kiên cố hóa kênh mương; "
            "mở rộng chợ trung tâm.",
            "công trình trọng điểm",
            ["nâng cấp trạm bơm", "kiên cố hóa kênh mương", "mở rộng chợ trung tâm"],
        ),
        (  # any group after a verb of doing and a colon, when the items are actions
            "Ban Thường vụ yêu cầu các chi bộ làm tốt 3 việc: rà soát đảng viên, thu đảng phí "
            "đúng hạn và sinh hoạt chuyên đề hằng quý.",
            "việc",
            ["rà soát đảng viên", "thu đảng phí đúng hạn", "sinh hoạt chuyên đề hằng quý"],
        ),
        (
            "Huyện đoàn phát động 3 công trình thanh niên: thắp sáng đường quê; xây cầu dân sinh; "
            "trồng hàng cây xanh.",
            "công trình thanh niên",
            ["thắp sáng đường quê", "xây cầu dân sinh", "trồng hàng cây xanh"],
        ),
        (  # an adjective made a verb ("đơn giản hóa") is an action
            "Hội nghị đưa ra 3 kiến nghị: giảm lãi suất; đơn giản hóa thủ tục; hỗ trợ tiêu thụ "
            "nông sản.",
            "kiến nghị",
            ["giảm lãi suất", "đơn giản hóa thủ tục", "hỗ trợ tiêu thụ nông sản"],
        ),
        (  # a long group is cut at the verb that opens its clause
            "Hạt Kiểm lâm thực hiện 3 biện pháp bảo vệ rừng phòng chống cháy trong mùa khô, gồm: "
            "tuần tra canh gác, phát dọn thực bì và tuyên truyền đến từng hộ.",
            "biện pháp",
            ["tuần tra canh gác", "phát dọn thực bì", "tuyên truyền đến từng hộ"],
        ),
        (  # "năm" inside "năm học" is no word numeral: one list, one group
            "Nhà trường thực hiện 4 nhiệm vụ trọng tâm của năm học mới gắn với đổi mới chương "
            "trình, gồm: nâng cao chất lượng dạy học; tăng cường cơ sở vật chất; bồi dưỡng giáo "
            "viên; đẩy mạnh chuyển đổi số.",
            "nhiệm vụ trọng tâm",
            [
                "nâng cao chất lượng dạy học",
                "tăng cường cơ sở vật chất",
                "bồi dưỡng giáo viên",
                "đẩy mạnh chuyển đổi số",
            ],
        ),
        (  # a demonstrative before "gồm:" restates the list
            "Nghị quyết đề ra 3 nhiệm vụ trọng tâm. 3 nhiệm vụ này gồm: rà soát quy hoạch; "
            "giải phóng mặt bằng; huy động vốn.",
            "nhiệm vụ",
            ["rà soát quy hoạch", "giải phóng mặt bằng", "huy động vốn"],
        ),
        (  # breakthroughs, whatever the head noun and the items
            "Tỉnh chọn 3 hướng đột phá là hạ tầng, nhân lực và thể chế.",
            "hướng đột phá",
            ["hạ tầng", "nhân lực", "thể chế"],
        ),
        (  # "đó là" without a comma after an object still introduces the list
            "Huyện xác định 3 khâu đột phá đó là hạ tầng giao thông, nguồn nhân lực và cải cách "
            "hành chính.",
            "khâu đột phá",
            ["hạ tầng giao thông", "nguồn nhân lực", "cải cách hành chính"],
        ),
    ],
)
def test_group_heads_and_action_items(pipe, text: str, group: str, titles: list[str]) -> None:
    assert _items(pipe, text) == [(group, n, t) for n, t in enumerate(titles, start=1)]


@pytest.mark.parametrize(
    "text",
    [
        # priorities that are things: works, roads, crops, markets
        "Huyện hoàn thành 3 công trình trọng điểm là chợ Đồng Xuân mới, cầu Bản Mển và đường "
        "tránh thị trấn.",
        "Tỉnh nâng cấp 3 tuyến đường trọng điểm gồm: Quốc lộ 32, Tỉnh lộ 175 và đường Điện Biên.",
        "Xã xác định 3 loại cây ăn quả chủ lực là cam, bưởi và nhãn.",
        "Tỉnh có 2 thị trường trọng điểm là Hàn Quốc và Nhật Bản.",
        # an initiative head whose items name built works
        "Huyện thi công 2 dự án trọng điểm là cầu Thác Bà và Bệnh viện Đa khoa Lục Yên.",
        # fields are not actions
        "Đại hội bàn về 3 lĩnh vực: kinh tế, văn hóa - xã hội và quốc phòng - an ninh.",
        "Hội thi gồm 3 nội dung: chào hỏi, kiến thức và năng khiếu.",
        # a colon and actions, but no verb of planning or doing before the count
        "Công an tỉnh triệt phá 3 đường dây: mua bán ma túy, đánh bạc qua mạng và cho vay nặng lãi.",
        # games, steps of a procedure: not initiatives even with verb items
        "Học sinh tham gia 4 trò chơi dân gian: kéo co, nhảy bao bố, bịt mắt bắt dê và ném còn.",
        "Thủ tục gồm 3 bước: nộp hồ sơ, thẩm định và trả kết quả.",
        # a group that points back, and a subject with a copula before adjectives
        "Theo đại biểu, 2 giải pháp này là cần thiết và cấp bách.",
        "Theo ông, 3 nhiệm vụ trên là rất quan trọng và cấp thiết.",
        "Hai giải pháp nói trên là đúng đắn và kịp thời.",
        "Theo ông, 2 giải pháp là cần thiết và cấp bách.",
        # one item short of the count is a miscount only from three items on
        "Nghị quyết nêu 3 nhiệm vụ: rà soát quy hoạch; giải phóng mặt bằng.",
        # two ordinals after a comma are a ranking, not a list
        "Kết quả chung cuộc, thứ nhất là đội Tân An, thứ hai là đội Bình Hòa.",
        # three after a comma, but a ranking of teams: names behind chained prefixes
        "Kết quả chung cuộc, thứ nhất là đội xã Tân An, thứ hai là Chi đoàn Y tế, thứ ba là "
        "đội thị trấn Phú Mỹ.",
    ],
)
def test_group_decoys(pipe, text: str) -> None:
    assert _items(pipe, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị thống nhất 5 nhiệm vụ: rà soát quy hoạch; giải phóng mặt bằng; huy động vốn; "
        "đào tạo nhân lực.",
        "Tỉnh xác định 5 nhiệm vụ:\n- Rà soát quy hoạch;\n- Giải phóng mặt bằng;\n- Huy động vốn;"
        "\n- Đào tạo nhân lực.\nCác sở triển khai ngay.",
    ],
)
def test_a_miscounted_list_with_clear_separators(pipe, text: str) -> None:
    titles = [t.lower() for _, _, t in _items(pipe, text)]
    assert titles == [
        "rà soát quy hoạch",
        "giải phóng mặt bằng",
        "huy động vốn",
        "đào tạo nhân lực",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Để giữ vững danh hiệu, theo Bí thư xã, thứ nhất là phải duy trì các tiêu chí; thứ hai là "
        "vận động nhân dân đóng góp; thứ ba là nâng cao thu nhập.",
        "Muốn giữ vững danh hiệu, một là phải duy trì các tiêu chí, hai là vận động nhân dân đóng "
        "góp, ba là nâng cao thu nhập.",
    ],
)
def test_a_run_of_three_may_open_after_a_comma(pipe, text: str) -> None:
    assert _items(pipe, text) == [
        (None, 1, "phải duy trì các tiêu chí"),
        (None, 2, "vận động nhân dân đóng góp"),
        (None, 3, "nâng cao thu nhập"),
    ]


@pytest.mark.parametrize(
    ("text", "group", "titles"),
    [
        # a document that "có" N contents lists what it sets, like "đề ra"
        (
            "Kế hoạch phòng chống thiên tai của xã có 3 nội dung chính như sau: rà soát các hộ ở "
            "vùng nguy cơ sạt lở; xây dựng phương án di dời; tổ chức diễn tập cứu hộ.",
            "nội dung chính",
            [
                "rà soát các hộ ở vùng nguy cơ sạt lở",
                "xây dựng phương án di dời",
                "tổ chức diễn tập cứu hộ",
            ],
        ),
        (
            "Chương trình có 3 nội dung: nâng cấp hệ thống thủy lợi; cải tạo đồng ruộng; chuyển "
            "giao giống lúa mới.",
            "nội dung",
            ["nâng cấp hệ thống thủy lợi", "cải tạo đồng ruộng", "chuyển giao giống lúa mới"],
        ),
        (
            "Kế hoạch có 3 nội dung: tuyên truyền, vận động và kiểm tra.",
            "nội dung",
            ["tuyên truyền", "vận động", "kiểm tra"],
        ),
        # lessons a report draws are a group of their own
        (
            "Hội nghị tổng kết rút ra 3 bài học kinh nghiệm: phải giữ vững đoàn kết nội bộ; phải "
            "phát huy dân chủ; phải chăm lo đời sống nhân dân.",
            "bài học kinh nghiệm",
            [
                "phải giữ vững đoàn kết nội bộ",
                "phải phát huy dân chủ",
                "phải chăm lo đời sống nhân dân",
            ],
        ),
        # a comma list closed by "và" ends at the next comma, where the sentence goes on
        (
            "Với phương châm “4 tại chỗ”, gồm chỉ huy tại chỗ, lực lượng tại chỗ, vật tư tại chỗ và "
            "hậu cần tại chỗ, xã Tân Lập đã sơ tán kịp thời 200 hộ dân.",
            "tại chỗ",
            ["chỉ huy tại chỗ", "lực lượng tại chỗ", "vật tư tại chỗ", "hậu cần tại chỗ"],
        ),
        (
            "Huyện triển khai 3 giải pháp, gồm nâng cấp đường giao thông, kiên cố hóa kênh mương "
            "và xây dựng nhà văn hóa, nhằm hoàn thành tiêu chí nông thôn mới.",
            "giải pháp",
            ["nâng cấp đường giao thông", "kiên cố hóa kênh mương", "xây dựng nhà văn hóa"],
        ),
        (
            "Tỉnh xác định 3 khâu đột phá là cải cách hành chính, phát triển hạ tầng và đào tạo "
            "nhân lực, qua đó tạo động lực tăng trưởng.",
            "khâu đột phá",
            ["cải cách hành chính", "phát triển hạ tầng", "đào tạo nhân lực"],
        ),
        (
            "Sở đề xuất 3 giải pháp, gồm điều chỉnh quy hoạch, hỗ trợ vốn và đào tạo lao động, "
            "góp phần thu hút đầu tư.",
            "giải pháp",
            ["điều chỉnh quy hoạch", "hỗ trợ vốn", "đào tạo lao động"],
        ),
        (
            "Huyện thực hiện 2 giải pháp là tăng cường tuyên truyền và xử lý vi phạm, qua đó giảm "
            "mạnh số vụ khai thác cát trái phép.",
            "giải pháp",
            ["tăng cường tuyên truyền", "xử lý vi phạm"],
        ),
        # a longer initiative head wins over a part word ("phần" is no group, "phần việc" is)
        (
            "Đoàn xã đăng ký 3 phần việc: sửa chữa nhà nhân ái; thắp sáng đường quê; trồng cây "
            "xanh.",
            "phần việc",
            ["sửa chữa nhà nhân ái", "thắp sáng đường quê", "trồng cây xanh"],
        ),
        # a "và" inside an item that the next comma does not end: the list keeps its parts
        (
            "Tỉnh xác định 3 nhiệm vụ là phát triển kinh tế, giữ vững quốc phòng và an ninh, xây "
            "dựng Đảng trong sạch.",
            "nhiệm vụ",
            ["phát triển kinh tế", "giữ vững quốc phòng và an ninh", "xây dựng Đảng trong sạch"],
        ),
        (
            "Tỉnh xác định 3 đột phá là nguồn nhân lực, hạ tầng giao thông và thủy lợi, cải cách "
            "hành chính.",
            "đột phá",
            ["nguồn nhân lực", "hạ tầng giao thông và thủy lợi", "cải cách hành chính"],
        ),
    ],
)
def test_contents_of_a_document_and_lists_closed_by_va(
    pipe, text: str, group: str, titles: list[str]
) -> None:
    assert _items(pipe, text) == [(group, n, t) for n, t in enumerate(titles, start=1)]


@pytest.mark.parametrize(
    "text",
    [
        # an event's programme, its parts and a building project's items are no initiatives
        "Chương trình giao lưu có 3 hoạt động: thi nấu ăn, đố vui và biểu diễn văn nghệ.",
        "Chương trình có 3 phần: khai mạc, biểu diễn văn nghệ và trao giải.",
        "Dự án có 3 hạng mục: xây dựng trụ sở, nâng cấp đường nội bộ và lắp đặt hệ thống điện.",
        # "có" without a document subject, or contents that are no actions
        "Huyện có 3 nội dung: hội thao, văn nghệ và triển lãm.",
        "Đề án có 3 nội dung: hạ tầng giao thông, nguồn nhân lực và thể chế.",
        "Thư viện có 3 khu vực: đọc sách, mượn sách và tra cứu.",
        "Báo cáo có 3 phụ lục: bảng tổng hợp, danh sách hộ và bản đồ.",
    ],
)
def test_content_decoys(pipe, text: str) -> None:
    assert _items(pipe, text) == []


def _with_rules(pipe, text, **changes):
    from nlp.extract.common import DocView
    from nlp.extract.initiatives import InitiativeRules, extract_initiatives

    rules = InitiativeRules({**InitiativeRules.default().data, **changes})
    return [(i.ordinal, i.title) for i in extract_initiatives(DocView.from_doc(pipe(text)), rules)]


def test_list_words_come_from_the_rules(pipe) -> None:
    # "còn"/"và" after ";" continue a run of markers (run_continuers); "và" opens the last
    # item of a counted list (last_item_joiner): both are rule data, not code.
    run = (
        "Xã đề ra các việc cần làm như sau: thứ nhất là sửa đường liên thôn; còn thứ hai là "
        "xây nhà văn hóa; và thứ ba là trồng cây xanh."
    )
    assert [o for o, _ in _with_rules(pipe, run)] == [1, 2, 3]
    assert _with_rules(pipe, run, run_continuers=[]) == []
    counted = (
        "Huyện triển khai 3 giải pháp gồm cải tạo giống, mở rộng thị trường và hỗ trợ vốn vay."
    )
    assert _with_rules(pipe, counted)[-1] == (3, "hỗ trợ vốn vay")
    assert _with_rules(pipe, counted, last_item_joiner="hoặc") == []


def test_a_word_joining_the_next_marker_is_not_part_of_the_title(pipe) -> None:
    text = (
        "Huyện xác định hai nhiệm vụ: thứ nhất là nâng cao chất lượng đội ngũ; "
        "còn thứ hai là đẩy mạnh cải cách hành chính."
    )
    assert _items(pipe, text) == [
        (None, 1, "nâng cao chất lượng đội ngũ"),
        (None, 2, "đẩy mạnh cải cách hành chính"),
    ]


_LONG_LEAD = (
    "Thời gian qua, tổ chức Đoàn các cấp trên địa bàn huyện đã chủ động bám sát nhiệm vụ chính "
    "trị của địa phương.\n"
)

# Line-start "1." "2." "3." then "4)": one list whose writer switched the closing mark; a "1)"
# restarting inside a "1." item is a nested list; a ")" inside a line never continues a "." run.
MARKER_SWITCHES = [
    (
        "Huyện đề ra các nhiệm vụ trọng tâm.\n1. Chuyển đổi cơ cấu cây trồng.\n"
        "2. Phát triển chăn nuôi an toàn sinh học.\n3. Xây dựng thương hiệu nông sản.\n"
        "4) Hỗ trợ thành lập hợp tác xã kiểu mới.\nKết quả bước đầu khả quan.",
        [
            (None, 1, "Chuyển đổi cơ cấu cây trồng"),
            (None, 2, "Phát triển chăn nuôi an toàn sinh học"),
            (None, 3, "Xây dựng thương hiệu nông sản"),
            (None, 4, "Hỗ trợ thành lập hợp tác xã kiểu mới"),
        ],
    ),
    (
        "Tỉnh tập trung vào các việc sau.\n1) Rà soát quy hoạch sử dụng đất.\n"
        "2) Cấp giấy chứng nhận quyền sử dụng đất.\n3. Giải quyết dứt điểm đơn thư tồn đọng.",
        [
            (None, 1, "Rà soát quy hoạch sử dụng đất"),
            (None, 2, "Cấp giấy chứng nhận quyền sử dụng đất"),
            (None, 3, "Giải quyết dứt điểm đơn thư tồn đọng"),
        ],
    ),
    (
        "Xã triển khai các giải pháp.\n1. Nâng cao chất lượng cán bộ, gồm:\n"
        "1) Mở lớp bồi dưỡng nghiệp vụ.\n2) Luân chuyển cán bộ trẻ.\n"
        "2. Đẩy mạnh cải cách hành chính.\n3. Tăng cường kiểm tra, giám sát.",
        [
            (None, 1, "Nâng cao chất lượng cán bộ, gồm"),
            (None, 1, "Mở lớp bồi dưỡng nghiệp vụ"),
            (None, 2, "Luân chuyển cán bộ trẻ"),
            (None, 2, "Đẩy mạnh cải cách hành chính"),
            (None, 3, "Tăng cường kiểm tra, giám sát"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), MARKER_SWITCHES, ids=[c[0][:40] for c in MARKER_SWITCHES]
)
def test_line_start_numbers_switching_dot_and_parenthesis(pipe, text, expected) -> None:
    assert _items(pipe, text) == expected


# Youth projects set by a verb of planning or doing, whose items are quoted names, are named
# campaigns; built works named after a place or building noun, quoted or not, are not. The long
# lead puts the count far into the text (the task-verb window is read at any offset).
QUOTED_PROJECTS = [
    (
        _LONG_LEAD + "Năm nay, Huyện đoàn đã phát động và triển khai 4 công trình thanh niên cấp "
        "huyện gồm: “Con đường bích họa”; “Thắp sáng đường quê”; “Góc học tập cho em”; "
        "“Cây xanh cho trường học”.",
        [
            ("công trình thanh niên", 1, "Con đường bích họa"),
            ("công trình thanh niên", 2, "Thắp sáng đường quê"),
            ("công trình thanh niên", 3, "Góc học tập cho em"),
            ("công trình thanh niên", 4, "Cây xanh cho trường học"),
        ],
    ),
    (
        "Huyện đoàn thực hiện 3 công trình thanh niên: “Ngôi nhà khăn quàng đỏ”, "
        "“Sân chơi cho thiếu nhi”, “Điểm tựa nghĩa tình”.",
        [
            ("công trình thanh niên", 1, "Ngôi nhà khăn quàng đỏ"),
            ("công trình thanh niên", 2, "Sân chơi cho thiếu nhi"),
            ("công trình thanh niên", 3, "Điểm tựa nghĩa tình"),
        ],
    ),
    (
        _LONG_LEAD + "Huyện đã hoàn thành 3 công trình: “Nhà văn hóa thôn Tân Lập”; "
        "“Cầu Suối Cạn”; “Trường mầm non Hòa Bình”.",
        [],
    ),
    ("Công ty triển khai 3 công trình gồm: cầu Suối Đá, đường Trần Phú và chợ Tân An.", []),
    ("Hội đã trao 3 giải thưởng: “Tác phẩm xuất sắc”; “Tác giả trẻ”; “Giải khuyến khích”.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), QUOTED_PROJECTS, ids=[c[0][-40:] for c in QUOTED_PROJECTS]
)
def test_quoted_campaign_names_and_built_works(pipe, text, expected) -> None:
    got = [(g and " ".join(g.split()[:4]), o, t) for g, o, t in _items(pipe, text)]
    assert got == expected
