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
    # zero-padded small counts, glued units and scale words, missing spaces
    ("Chi bộ có 08 đảng viên.", [(8, None, "đảng viên", "=")]),
    ("Đến nay, 05/05 xã đạt chuẩn.", [(5, 5, "xã", "=")]),
    ("Thôn có 3 hộ: ông An, ông Bình và bà Cúc.", [(3, None, "hộ", "=")]),
    (
        "Trong năm, hội giúp đỡ 03 hộ thoát nghèo và 150 hộ vay vốn.",
        [(3, None, "hộ", "="), (150, None, "hộ", "=")],
    ),
    ("Tổng kinh phí đạt 12,5tỷ đồng.", [(12.5e9, None, "VND", "=")]),
    ("Giá bán 25.000đ/kg.", [(25000, None, "VND", "=")]),
    (
        "Toàn xã có 30 tổ hợp tác với1.200 thành viên.",
        [(30, None, "tổ", "="), (1200, None, "thành viên", "=")],
    ),
    (
        "Cơ cấu kinh tế tương ứng là:52,3% - 30,1% - 17,6%.",
        [(52.3, None, "%", "="), (30.1, None, "%", "="), (17.6, None, "%", "=")],
    ),
    # two counts joined by a slash; the base of a rate after a slash is not one
    (
        "Hội có 12 chi hội/1.350 hội viên.",
        [(12, None, "chi hội", "="), (1350, None, "hội viên", "=")],
    ),
    ("Tỷ lệ bác sĩ đạt 9 bác sĩ/10.000 dân.", [(9, None, "bác sĩ", "=")]),
    ("Giá lúa tươi 7.500 đồng/1 kg.", [(7500, None, "VND", "=")]),
    # rates and counts after words that otherwise cue identifiers
    (
        "Các thành viên góp mỗi tháng 20 - 50 nghìn đồng.",
        [(20e3, None, "VND", ">="), (50e3, None, "VND", "<=")],
    ),
    ("Mỗi tổ 5 hội viên cùng sản xuất.", [(5, None, "hội viên", "=")]),
    ("Ông là một trong số 420 đảng viên cao tuổi.", [(420, None, "đảng viên", "=")]),
    # a per-unit suffix does not swallow "trở lên"
    ("Phấn đấu tăng trưởng 8%/năm trở lên.", [(8, None, "%", ">=")]),
    ("Thu nhập đạt 60 triệu đồng/hội viên.", [(60e6, None, "VND", "=")]),
    # things counted by a quoted, capitalised name
    ("Thôn xây dựng 4 “Tuyến đường hoa” kiểu mẫu.", [(4, None, "Tuyến", "=")]),
    # fractions stay; a proper fraction is not a date
    ("Diện tích lúa giảm 1/3 so với năm trước.", [(1, 3, None, "=")]),
    ("Toàn huyện có 48 sản phẩm OCOP đạt 3 sao.", [(48, None, "sản phẩm", "=")]),
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
    ("1.1. Mục tiêu chung\n\n1.2 Mục tiêu cụ thể\n\n2.1. Nhiệm vụ", []),
    # dates written with dots, ranges of days, dates without a cue
    ("Hội nghị diễn ra từ 14 - 16.11 tại tỉnh.", []),
    ("Lễ hội kéo dài từ 28 đến 30-4-2023.", []),
    ("Hội tổ chức gặp mặt vào dịp 2.9 và 22.12 hằng năm.", []),
    ("Đoàn công tác làm việc với huyện (21/8).", []),
    ("Chiều nay 5/9, hội nghị bế mạc.", []),
    ("Kỳ họp diễn ra trong 2 ngày 7 và 8/12.", [(2, None, "ngày", "=")]),
    # "one of ten": only the ten is a figure
    ("Ông Tám là 1 trong 10 gương điển hình tiêu biểu.", [(10, None, "gương", "=")]),
    # scales, names, slogans, levels, codes, addresses, phone numbers
    ("Phê duyệt quy hoạch chi tiết tỷ lệ 1/2000 khu trung tâm.", []),
    ("Nhân rộng mô hình Tổ liên gia 3 trong 1 ở khu dân cư.", []),
    ("Thực hiện 3 giảm: giảm giấy tờ, giảm thời gian, giảm chi phí.", []),
    ("Phát động phong trào 5 không, 3 sạch trong hội viên.", []),
    ("Gia đình ông sống ở ấp Phú Hòa 2, xã Tân Lập.", []),
    ("Giống lúa OM 18 cho năng suất cao.", []),
    ("Dịch cúm H5N1 và giống lúa ST25 được nhắc đến.", []),
    ("Giờ Hà Nội là GMT+7 theo chuẩn quốc tế.", []),
    ("Trụ sở đặt tại 68 Lý Thường Kiệt, phường Trần Hưng Đạo.", []),
    ("Gọi số (024) 3512 1806 để đăng ký.", []),
    ("Thu hút hàng nghìn lượt khách, doanh thu hàng chục tỷ đồng.", []),
    # day-month pairs with a dash after a date cue or a name, scores, descending pairs
    ("Tối 2-9, người dân xem bắn pháo hoa tại 12 điểm.", [(12, None, "điểm", "=")]),
    ("Sáng 19-8, tỉnh mít tinh với 1.500 người.", [(1500, None, "người", "=")]),
    ("Dịp 30-4, các khu du lịch đón 25.000 lượt khách.", [(25000, None, "lượt", "=")]),
    ("Nhân dịp kỷ niệm 20-11, trường tặng 50 suất quà.", [(50, None, "suất", "=")]),
    ("Lễ diễn ra tại Quảng trường 26-3 với 800 đoàn viên.", [(800, None, "đoàn viên", "=")]),
    ("Trường THCS 2-9 có 620 học sinh.", [(620, None, "học sinh", "=")]),
    ("Chung kết, đội xã Tân Phú thắng 2-0, đội xã An Bình hòa 1-1.", []),
    ("Từ 12-15.6, tỉnh tổ chức hội chợ với 200 gian hàng.", [(200, None, "gian hàng", "=")]),
    # ...while ranges of counts and amounts stay ranges
    ("Xã có 3-4 thôn còn khó khăn.", [(3, None, "thôn", ">="), (4, None, "thôn", "<=")]),
    ("Thời gian chờ khoảng 6-12 tháng.", [(6, None, "tháng", "~"), (12, None, "tháng", "~")]),
    # dates: N tháng M / month names / Tết, a cue before a bracket, dates joined by "và", M/YYYY
    ("Chiều 12 tháng 4, huyện đối thoại với 200 nông dân.", [(200, None, "nông dân", "=")]),
    ("Ngày mùng 3 tháng Giêng, xã tổ chức hội làng.", []),
    ("Năm nay, ngày 25 tháng Chạp, chợ hoa có 120 gian hàng.", [(120, None, "gian hàng", "=")]),
    ("Sáng mùng 5 Tết, 300 người dự lễ khai bút.", [(300, None, "người", "=")]),
    ("Chiều nay (12/6), hội nghị khai mạc với 300 đại biểu.", [(300, None, "đại biểu", "=")]),
    ("Ngày 2/9 và 19/8, đoàn viên thu gom 3 tấn rác.", [(3, None, "tấn", "=")]),
    ("Ngày 19/8 và 150 hộ được hỗ trợ.", [(150, None, "hộ", "=")]),
    ("Đến 6/2025, toàn tỉnh giải ngân 75% kế hoạch vốn.", [(75, None, "%", "=")]),
    # ...while durations in months stay
    (
        "Sau 6 tháng, 12 hộ đã có thu nhập ổn định.",
        [(6, None, "tháng", "="), (12, None, "hộ", "=")],
    ),
    (
        "Cứ 3 tháng một lần, trạm khám cho 200 người.",
        [(3, None, "tháng", "="), (200, None, "người", "=")],
    ),
    # a %, currency or measure after the number overrides an identifier cue before it
    ("Thu ngân sách vượt dự toán 12%.", [(12, None, "%", "=")]),
    ("Tuyến đường 9,5 km được khởi công; tuyến đường số 3 hoàn thành.", [(9.5, None, "km", "=")]),
    ("Theo kế hoạch 2 tỷ đồng được bố trí cho xã.", [(2e9, None, "VND", "=")]),
    ("Vụ tai nạn tại Km 45 quốc lộ 14 làm 3 người bị thương.", [(3, None, "người", "=")]),
    # quoted speech is read; short quoted names and slogans are not
    ("“Năm nay thôn tôi có 30 hộ trồng sầu riêng”, anh Hoàng kể.", [(30, None, "hộ", "=")]),
    ("Ông Nam nói: “Chúng tôi thu 500 triệu đồng mỗi vụ”.", [(500e6, None, "VND", "=")]),
    ("Phong trào “3 sạch” được triển khai rộng khắp, bà Lan cho biết.", []),
    # qualifiers: trên dưới, ngoài only before an age, a comparative's exact difference
    ("Mỗi ngày chợ đón trên dưới 2.000 lượt khách.", [(2000, None, "lượt", "~")]),
    (
        "Ngoài 3 xã nói trên, huyện còn hỗ trợ 4 xã khác.",
        [(3, None, "xã", "="), (4, None, "xã", "=")],
    ),
    ("Cụ ông đã ngoài 80 tuổi vẫn sinh hoạt chi hội.", [(80, None, "tuổi", ">")]),
    ("Giá cà phê cao hơn 2.000 đồng/kg so với tuần trước.", [(2000, None, "VND", "=")]),
    ("Sản lượng tăng hơn 12% so với năm trước.", [(12, None, "%", ">")]),
    ("Doanh nghiệp có vốn lớn hơn 10 tỷ đồng được tham gia.", [(10e9, None, "VND", ">")]),
    # ranges with the unit on both sides, without "từ", under a qualifier
    (
        "Mức hỗ trợ từ 2 triệu đồng đến 5 triệu đồng mỗi hộ.",
        [(2e6, None, "VND", ">="), (5e6, None, "VND", "<=")],
    ),
    (
        "Giá phòng khoảng 400.000 đồng đến 600.000 đồng/đêm.",
        [(4e5, None, "VND", "~"), (6e5, None, "VND", "~")],
    ),
    ("Lượng khách tăng khoảng từ 15% đến 20%.", [(15, None, "%", "~"), (20, None, "%", "~")]),
    ("Tỷ lệ bao phủ tăng 3 đến 5% mỗi năm.", [(3, None, "%", ">="), (5, None, "%", "<=")]),
    ("Số hộ đăng ký khoảng từ 200 đến 250 hộ.", [(200, None, "hộ", "~"), (250, None, "hộ", "~")]),
    ("Tỉnh chuyển 300 triệu đồng đến 12 xã.", [(300e6, None, "VND", "="), (12, None, "xã", "=")]),
    # "trên" right after a figure is a preposition ("per"), elsewhere "more than"
    (
        "Mật độ 2.500 cây trên 1 ha.",
        [(2500, None, "cây", "="), (1, None, "ha", "=")],
    ),
    ("Huyện có 15 xã, trên 200 thôn.", [(15, None, "xã", "="), (200, None, "thôn", ">")]),
    # money: chains of scale words, abbreviations holding the scale
    ("Tổng vốn 3 tỷ 200 triệu đồng.", [(3.2e9, None, "VND", "=")]),
    ("Mỗi suất học bổng trị giá 2 triệu 500 nghìn đồng.", [(2.5e6, None, "VND", "=")]),
    (
        "Lợi nhuận đạt 850 trđ, mỗi hội viên góp 1,5 tr.đ.",
        [(850e6, None, "VND", "="), (1.5e6, None, "VND", "=")],
    ),
    # phones and hotlines
    ("Liên hệ đường dây nóng 1800.6789 để được hỗ trợ.", []),
    ("Gọi (0236) 3852 146, 3852 147 để đăng ký.", []),
    # kinship pronoun phrases; slogan words only when they end the phrase
    ("Năm nay 2 vợ chồng anh thu hơn 300 triệu đồng.", [(300e6, None, "VND", ">")]),
    ("Cả 2 đứa đều đã đi làm.", []),
    ("Bà có 2 đứa con đang học đại học.", [(2, None, "đứa", "=")]),
    ("Có 12 chỉ tiêu đạt, 2 không đạt.", [(12, None, "chỉ tiêu", "="), (2, None, None, "=")]),
    # counted nouns the tagger mislabels (lao động V, trẻ and nhân khẩu A, lượt M, em P)
    (
        "Ngày hội có 40 doanh nghiệp tham gia tuyển dụng 1.500 lao động phổ thông với mức "
        "lương từ 7 triệu đồng đến 12 triệu đồng/tháng.",
        [
            (40, None, "doanh nghiệp", "="),
            (1500, None, "lao động", "="),
            (7e6, None, "VND", ">="),
            (12e6, None, "VND", "<="),
        ],
    ),
    (
        "Trạm y tế tiêm vắc xin đầy đủ cho 850 trẻ dưới 1 tuổi.",
        [
            (850, None, "trẻ", "="),
            (1, None, "tuổi", "<"),
        ],
    ),
    ("Đợt khám phát hiện 37 trẻ suy dinh dưỡng.", [(37, None, "trẻ", "=")]),
    ("Bản có 82 hộ với 390 nhân khẩu.", [(82, None, "hộ", "="), (390, None, "nhân khẩu", "=")]),
    ("Quỹ đã cho 1.800 lượt hộ vay vốn sản xuất.", [(1800, None, "lượt", "=")]),
    ("Trường tặng quà cho 120 em học sinh nghèo.", [(120, None, "em", "=")]),
    # a road chainage is an identifier, not two numbers
    ("Đoạn Km3+500 – Km9+120 dài 5,6 km được khởi công.", [(5.6, None, "km", "=")]),
    ("Sự cố xảy ra tại Km 45+300 quốc lộ 1A.", []),
    # "trên" as "per" before 1 and a unit, as "on" after a verb of placing and its object...
    (
        "Giá trị thu được trên 1 ha đất canh tác đạt 140 triệu đồng.",
        [
            (1, None, "ha", "="),
            (140e6, None, "VND", "="),
        ],
    ),
    ("Lượng phân bón trên 1 ha lúa giảm 15%.", [(1, None, "ha", "="), (15, None, "%", "=")]),
    ("Mật độ trên 1 km2 là 300 người.", [(1, None, "km2", "="), (300, None, "người", "=")]),
    (
        "Tỉnh lắp đặt 2.150 bóng đèn chiếu sáng trên 120 km đường nông thôn.",
        [
            (2150, None, "bóng đèn", "="),
            (120, None, "km", "="),
        ],
    ),
    (
        "Hợp tác xã thả 30.000 con cá giống trên 12 ha mặt nước.",
        [
            (30000, None, "con", "="),
            (12, None, "ha", "="),
        ],
    ),
    # ...and "more than" elsewhere: %, money, time, no object, another verb, a larger count
    ("Lãi suất tăng trên 1%.", [(1, None, "%", ">")]),
    ("Mỗi hộ có trên 1 ha đất sản xuất.", [(1, None, "ha", ">")]),
    ("Đoạn kênh dài trên 1 km bị sạt lở.", [(1, None, "km", ">")]),
    (
        "Có 30 trang trại quy mô trên 1 ha.",
        [(30, None, "trang trại", "="), (1, None, "ha", ">")],
    ),
    ("Hội viên có thu nhập trên 1 tỷ đồng mỗi năm.", [(1e9, None, "VND", ">")]),
    ("Người làm việc trên 1 năm được hưởng chế độ.", [(1, None, "năm", ">")]),
    ("Huyện trồng trên 20 ha rừng phòng hộ.", [(20, None, "ha", ">")]),
    ("Xã đã bê tông hóa trên 85 km đường giao thông.", [(85, None, "km", ">")]),
    (
        "Năm nay, 3 thôn làm được trên 5 km đường bê tông.",
        [
            (3, None, "thôn", "="),
            (5, None, "km", ">"),
        ],
    ),
    (
        "Xã có trên 500 hộ nuôi bò, trên 95% hộ dùng nước sạch.",
        [
            (500, None, "hộ", ">"),
            (95, None, "%", ">"),
        ],
    ),
    # a cue that ends a longer word is no cue; a document word in lower case before a
    # counted noun counts things, capitalised it names a document
    ("Ủy ban Kiểm tra đã thi hành kỷ luật 47 đảng viên vi phạm.", [(47, None, "đảng viên", "=")]),
    ("Đoàn kiểm tra đã kết luận 12 vụ việc sai phạm.", [(12, None, "vụ việc", "=")]),
    ("Thực hiện Kết luận 12 của Bộ Chính trị, huyện ra quân.", []),
    ("Luật 47 được Quốc hội thông qua năm 2019.", []),
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


# --- the cue searches ending at a number look only as far back as a cue can reach ------------

_TAIL_NAMES = (
    "qualifier_tail", "identifier_tail", "count_cue_tail", "rate_word_tail", "date_tail",
    "year_tail", "measure_noun_tail", "score_tail", "range_opener_tail", "per_one_bound_tail",
)  # fmt: skip


@pytest.fixture(scope="module")
def tail_words() -> list[str]:
    from nlp.extract.figures import FigureRules

    data = FigureRules.default().data
    keys = ("qualifiers", "identifier_cues", "count_cues", "year_cues", "measure_nouns")
    # Whole phrases (the longest reach furthest back) and their words.
    return sorted({p for k in keys for phrase in data[k] for p in (phrase, *phrase.split())})


def _line(draw, words: list[str]) -> str:
    from hypothesis import strategies as st

    pieces = st.sampled_from([*words, "12", "Số", "x", ":", "ab"])
    gaps = st.sampled_from(
        [" ", " ", " ", "", " : ", " :", ": ", "  ", "\t", "\u00a0", "\n", " \u2028"]
    )
    parts = draw(st.lists(st.tuples(pieces, gaps), max_size=10))
    return "".join(p + g for p, g in parts)


def test_tail_searches_find_what_the_whole_line_search_finds(tail_words: list[str]) -> None:
    """A cue pattern searched from ``span`` characters before the number (when the text has
    no run of white space) finds the match the search from the line start finds."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nlp.extract.figures import FigureRules

    rules = FigureRules.default()
    tails = [getattr(rules, name) for name in _TAIL_NAMES]
    keys = (
        "qualifiers", "identifier_cues", "count_cues", "rate_words", "date_cues",
        "year_cues", "measure_nouns", "score_cues", "range_openers", "per_one_bounds",
    )  # fmt: skip
    # Every phrase right before the number, with the widest gap a cue may have.
    for tail, key in zip(tails, keys, strict=True):
        for phrase in rules.data[key]:
            for gap in (" : ", ":", " ", ""):
                text = f"Theo đó {phrase.upper()}{gap}"
                want = tail.pattern.search(text, 0, len(text))
                got = tail.search(text, 0, len(text))
                assert want is not None and got is not None, (key, phrase)
                assert (got.span(), got.span(1)) == (want.span(), want.span(1)), (key, phrase)

    @settings(max_examples=600, deadline=None)
    @given(st.data())
    def check(data) -> None:
        text = data.draw(st.composite(lambda draw: _line(draw, tail_words))())
        end = data.draw(st.sampled_from([len(text), len(text) - 1, *range(len(text))][:4]))
        end = max(end, 0)
        pos = data.draw(st.integers(0, end))
        for tail in tails:
            got, want = tail.search(text, pos, end), tail.pattern.search(text, pos, end)
            assert (got and (got.span(), got.span(1))) == (want and (want.span(), want.span(1)))

    check()
