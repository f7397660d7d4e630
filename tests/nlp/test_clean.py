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
        # datelines and update stamps, whatever their order
        "Cập nhật ngày: 12/03/2021 | 15:20 GMT+7",
        "Cập nhật, 07:45, Thứ Sáu, 08/09/2023 (GMT+7)",
        "Thứ Sáu 08/09/2023 , 07:45 (GMT+7)",
        "Thứ Hai, ngày 3 tháng 6 năm 2024",
        "Chủ nhật, ngày 14 tháng 01 năm 2024 | 16:05",
        "Ngày 02/05/2022 11:20:45",
        "Minh Châu - 09:12, 03/04/2022",
        "Thứ 2, 12/05/2022 - 08:00",
        "Ngày xuất bản: 12/05/2022",
        "Ngày 12/05/2022 | 1234 lượt xem",
        # header and footer bars, counters, contacts, teaser links
        "11:20 AM 02/05/2022 | Lượt xem: 1532 | In bài viết |",
        "| Hotline: 0912.345.678",
        "Thống kê: 15.230",
        "Số lượt truy cập: 1.234.567",
        "Online: 42",
        "Hôm nay: 120",
        "Bình luận 3",
        "Tel: (0243) 123 4567",
        "Địa chỉ: Số 10, đường Lê Lợi, TP Vinh",
        ">> Huyện ra quân làm đường giao thông nông thôn",
    ],
)
def test_more_page_furniture_is_dropped(line: str) -> None:
    assert clean_text(f"Nội dung bài viết có 30 hộ tham gia.\n{line}\nĐoạn cuối.") == (
        "Nội dung bài viết có 30 hộ tham gia.\n\nĐoạn cuối."
    )


def test_metadata_stamp_before_the_first_words_goes() -> None:
    text = " date 2023-05 Sáng 12/5, huyện tổ chức hội nghị tổng kết.\nĐoạn hai."
    assert clean_text(text) == "Sáng 12/5, huyện tổ chức hội nghị tổng kết.\n\nĐoạn hai."


BODY = (
    "Năm 2023, toàn huyện có 120 hộ thoát nghèo, 15 xã đạt chuẩn nông thôn mới và hơn 300 "
    "hội viên được vay vốn phát triển sản xuất, chăn nuôi, mở rộng ngành nghề nông thôn."
)


def test_comment_and_poll_widgets_end_the_article() -> None:
    text = f"{BODY}\n{BODY} Tiếp theo.\nViết bình luận\nÝ kiến của một bạn đọc có 12 chữ."
    assert clean_text(text) == f"{BODY}\n\n{BODY} Tiếp theo."
    poll = f"{BODY}\n{BODY} Tiếp theo.\nThăm dò ý kiến\nTỉnh có 25 ca mắc, bạn nghĩ sao?"
    assert clean_text(poll) == f"{BODY}\n\n{BODY} Tiếp theo."


def test_a_widget_heading_above_the_body_is_only_a_line() -> None:
    text = f"Ý kiến thăm dò\nHôm nay:\n65\n{BODY}\nĐoạn cuối."
    assert clean_text(text) == f"{BODY}\n\nĐoạn cuối."


@pytest.mark.parametrize(
    "line",
    [
        "Năm 2023, toàn huyện có 120 hộ thoát nghèo.",
        "Xã Tân Lập | 19/19 tiêu chí | đạt chuẩn năm 2022",
        "Ngày 12/5, hội nghị thông qua 4 nghị quyết.",
        "Thứ Năm, 14/3, đoàn công tác làm việc với 6 xã.",
        "Thứ 2, huyện họp với 30 xã.",
        # a weekday and a full date opening a paragraph, with or without a final period
        "Thứ Hai, 12/5/2025, Huyện ủy tổ chức hội nghị sơ kết với 300 đại biểu.",
        "Chủ nhật, 8/6/2025, đoàn thanh niên ra quân dọn vệ sinh tại 15 thôn",
        # "Theo báo cáo", "Theo kế hoạch": a source credit only when the line is one
        "Theo báo cáo, toàn huyện có 320 hộ thoát nghèo",
        "Theo báo cáo của Sở Y tế, trong tuần ghi nhận 12 ca mắc mới",
        "Theo kế hoạch, mỗi hộ được hỗ trợ 500 nghìn đồng/tháng",
        # an all-capitals headline with a number is not a caption code
        "GIẢI NGÂN ĐẠT 95% KẾ HOẠCH VỐN",
        "HUYỆN CÓ 12 XÃ ĐẠT CHUẨN",
        # a hotline mentioned in a sentence
        "Hotline 0905 123 456 của Sở Y tế tiếp nhận phản ánh suốt 24 giờ",
        # sentences that open like a comment box
        "Hiện chưa có ý kiến nào phản đối phương án bồi thường cho 45 hộ",
        "Chưa có bình luận nào của lãnh đạo tỉnh về 3 dự án chậm tiến độ.",
        # a bracketed body line, and a table row with a bracket, are not credits
        "(Số liệu năm 2023: toàn xã có 1.150 hộ, 4.800 nhân khẩu.)",
        "Xã Phú Lộc (huyện Nam Đàn) | 19/19 tiêu chí | 2022",
    ],
)
def test_body_lines_with_dates_and_bars_stay(line: str) -> None:
    assert clean_text(f"Mở đầu bài.\n{line}") == f"Mở đầu bài.\n\n{line}"


@pytest.mark.parametrize(
    "line",
    [
        "IMG 2031",
        "DSC 0457",
        "NGUYEN 2024",
        "Theo Minh Anh/TTXVN",
        "Theo báo Nhân Dân",
        "Theo TTXVN",
        "Hotline: 0912 345 678",
        "HOTLINE: 0912 345 678 | LIÊN HỆ QUẢNG CÁO",
        "(1.203 bình chọn, 8/10 điểm)",
        "Nguồn: Sở Kế hoạch và Đầu tư",
        # counters in brackets, bracketed credits, share links, in one bar
        "Bình luận (0) | In bài | Gửi email",
        "Lượt xem (1.204) | Chia sẻ | Gửi cho bạn bè",
        "(Nguồn: Sở Nông nghiệp tỉnh Hà Tĩnh) | Số lượt đọc: 1.340",
        "(Ảnh: Thanh Hà) | Lượt xem: 85",
        "(Nguồn: Ban Tuyên giáo Huyện ủy)",
    ],
)
def test_furniture_lines_still_go(line: str) -> None:
    assert clean_text(f"Nội dung bài viết có 30 hộ tham gia.\n{line}\nĐoạn cuối.") == (
        "Nội dung bài viết có 30 hộ tham gia.\n\nĐoạn cuối."
    )


@pytest.mark.parametrize(
    "widget",
    [
        "Tối đa: 1000 ký tự",
        "Bạn còn 500/500 ký tự",
        "Hiện chưa có bình luận nào, hãy là người đầu tiên bình luận",
        "Chưa có bình luận nào.",
        "Báo Điện tử tỉnh hoan nghênh ý kiến của bạn đọc. Các ý kiến sẽ được biên tập.",
        "Tòa soạn hoan nghênh mọi ý kiến đóng góp của độc giả.",
    ],
)
def test_comment_box_text_ends_the_article(widget: str) -> None:
    teaser = "Xã bên cạnh có 45 hộ được hỗ trợ làm nhà từ 17-19.12."
    assert clean_text(f"{BODY}\n{BODY} Tiếp theo.\n{widget}\n{teaser}") == (
        f"{BODY}\n\n{BODY} Tiếp theo."
    )
    # above the body the same text is only a line
    assert clean_text(f"{widget}\n{BODY}") == BODY


def test_rating_widget_glued_to_the_body_cuts_inside_the_line() -> None:
    text = f"{BODY} {BODY} Theo Minh Hà (6816 bình chọn, 9/10 điểm) Tin cùng mục Giáo dục"
    assert clean_text(text) == f"{BODY} {BODY} Theo Minh Hà"
    # before enough body text it does nothing to the line
    short = "Xã có 12 hộ (45 bình chọn, 7/10 điểm) mới."
    assert clean_text(short) == short


def test_related_news_block_before_the_body_is_dropped_and_the_body_kept() -> None:
    text = (
        "Tin liên quan:\n"
        "- Ra mắt 3 tổ tự quản về an ninh trật tự\n"
        "- Huyện tổng kết 5 năm phong trào toàn dân bảo vệ an ninh Tổ quốc\n"
        "Đến nay, người dân đã tự nguyện lắp đặt 58 camera với tổng kinh phí trên 150 triệu đồng.\n"
        "Tin liên quan\n"
        "- Xã đón nhận bằng công nhận đạt chuẩn nông thôn mới"
    )
    assert clean_text(text) == (
        "Đến nay, người dân đã tự nguyện lắp đặt 58 camera với tổng kinh phí trên 150 triệu đồng."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Thứ năm - 12/01/2023 09:15 | Đã xem: 2480",
        "Đánh giá bài viết: ☆☆☆☆☆ (0 bình chọn)",
        "Số lượt truy cập: 123.456",
    ],
)
def test_counters_and_rating_lines_go(line: str) -> None:
    body = "Năm 2022, huyện có 12 xã đạt chuẩn nông thôn mới, tăng 3 xã so với năm trước."
    assert clean_text(f"{line}\n{body}") == body


def test_newer_and_older_news_blocks_end_the_article() -> None:
    body = "Năm 2022, huyện có 12 xã đạt chuẩn nông thôn mới, tăng 3 xã so với năm trước."
    text = f"{body}\nTIN MỚI HƠN\nHạ Long: Đón 200 nghìn lượt khách dịp nghỉ lễ\nTin cũ hơn"
    assert clean_text(text) == body


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        ("^(a|b) c$", True),
        ("^a|b", False),
        (r"^a\|b", True),
        ("^[|(]a", True),
        ("a$", False),
        ("^(a)|(b)", False),
    ],
)
def test_anchored_patterns_are_told_apart(pattern: str, anchored: bool) -> None:
    from nlp.clean import _anchored

    assert _anchored(pattern) is anchored


_LINE_PIECES = st.sampled_from(
    ["Ảnh", ": ", "img_", "12", "/05/2023", " 10:20", ".jpg", ".PNG", "Lượt xem", "©", "theo ",
     "báo ", "Lào Cai", " ", "x", "https://", "www.", "Thứ Hai, ", "(GMT+7)", "hotline"]
)  # fmt: skip


@given(st.lists(_LINE_PIECES, max_size=8).map("".join))
def test_drop_line_split_in_two_finds_what_the_whole_pattern_finds(line: str) -> None:
    from nlp.clean import _RULES

    assert _RULES.drops_line(line) == bool(_RULES.drop_line.search(line))


_LONG_BODY = (
    "Năm 2023, toàn tỉnh có 261 mô hình kinh tế tập thể hoạt động hiệu quả, tổng vốn đạt "
    "285.197 triệu đồng; tỷ lệ hộ nghèo giảm còn 2,6%, hoàn thành 16/19 chỉ tiêu chủ yếu. "
    "Tỉnh tiếp tục nhân rộng mô hình Dân vận khéo ở các xã vùng sâu."
)


@pytest.mark.parametrize(
    "article",
    [
        # a JSONL feed's text: the whole article on one line, around a furniture phrase
        f"» {_LONG_BODY}",
        f">> {_LONG_BODY}",
        f"© {_LONG_BODY}",
        f"Bản quyền thuộc về người dân là tinh thần của chương trình. {_LONG_BODY}",
        f"Powered by sáng kiến của Đoàn thanh niên, {_LONG_BODY}",
        f"{_LONG_BODY} Ảnh: toàn cảnh hội nghị, IMG_2041.jpg",
        f"Tòa soạn hoan nghênh ý kiến bạn đọc về bài viết. {_LONG_BODY}",
        # phrases inside a sentence were never the line (pinned)
        f"UBND tỉnh vừa phê duyệt đề án. Theo báo Quảng Nam, {_LONG_BODY}",
        f"Chia sẻ kinh nghiệm, huyện cho biết: {_LONG_BODY}",
        f"{_LONG_BODY} Bản quyền thuộc Báo Quảng Trị",
    ],
)
def test_one_line_article_with_a_boilerplate_phrase_keeps_its_content(article: str) -> None:
    assert clean_text(article) == article


def test_short_furniture_lines_still_go() -> None:
    for line in ("» Huyện ra quân làm đường giao thông", "© 2024 Báo Quảng Trị", "IMG_2041.jpg"):
        assert clean_text(f"{_LONG_BODY}\n{line}\nĐoạn cuối.") == f"{_LONG_BODY}\n\nĐoạn cuối."
