"""Places and the 2025 reorganisation, on sentences written for these tests.

The expected post-2025 units are what the ``vietnamadminunits`` data says (Resolution
202/2025/QH15: e.g. Quảng Bình → Quảng Trị, Hà Giang → Tuyên Quang).
"""

from __future__ import annotations

import pytest

from nlp.places import (
    Gazetteer,
    Place,
    ascii_key,
    distinct_places,
    find_places,
    main_province,
    name_key,
    province_from_site,
)
from nlp.types import Entity


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def loc(text: str, name: str, nth: int = 0) -> Entity:
    """A LOC entity on the ``nth`` occurrence of ``name`` (as underthesea would give it)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Entity(name, "LOC", start, start + len(name))


def summary(places: list[Place]) -> list[tuple[str, str, str, str]]:
    return [(p.name, p.level, p.province_as_written, p.province) for p in places]


# -- old province → new province, through every prefix ------------------------------

OLD_TO_NEW = [
    ("Tỉnh Quảng Bình tổng kết công tác năm.", "Quảng Bình", "Quảng Trị"),
    ("Hội Nông dân tỉnh Hà Giang ra quân.", "Hà Giang", "Tuyên Quang"),
    ("Đoàn công tác làm việc tại tỉnh Bình Định.", "Bình Định", "Gia Lai"),
    ("Bí thư Tỉnh ủy Hòa Bình chủ trì hội nghị.", "Hòa Bình", "Phú Thọ"),
    ("Sản phẩm của tỉnh Bà Rịa - Vũng Tàu được ưa chuộng.", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("UBND tỉnh Hải Dương ban hành kế hoạch.", "Hải Dương", "Hải Phòng"),
    ("Thành ủy Cần Thơ ra nghị quyết.", "Cần Thơ", "Cần Thơ"),
    ("Tỉnh Thừa Thiên Huế đón khách du lịch.", "Huế", "Huế"),
    ("Tỉnh Quảng Nam có thêm 5 xã đạt chuẩn.", "Quảng Nam", "Đà Nẵng"),
]


@pytest.mark.parametrize(("text", "old", "new"), OLD_TO_NEW)
def test_old_province_maps_to_new(gaz: Gazetteer, text: str, old: str, new: str) -> None:
    places = find_places(text, rules=gaz)
    assert [(p.level, p.province_as_written, p.province) for p in places] == [
        ("province", old, new)
    ]
    p = places[0]
    assert p.source == "text"
    assert text[p.start : p.end] == p.name


# -- spellings ---------------------------------------------------------------------

SPELLINGS = [
    # TP. HCM and its variants; the capital
    ("Hội nghị diễn ra tại TP.HCM hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại TP. HCM hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại TP HCM hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại TPHCM hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại Tp. Hồ Chí Minh hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại thành phố Hồ Chí Minh hôm qua.", "Hồ Chí Minh"),
    ("Hội nghị diễn ra tại Thủ đô Hà Nội hôm qua.", "Hà Nội"),
    ("Hội nghị diễn ra tại thành phố Hà Nội hôm qua.", "Hà Nội"),
    # Đắk Lắk written four ways, one with the eth letter standing in for Đ
    ("Cà phê tỉnh Đắk Lắk được mùa.", "Đắk Lắk"),
    ("Cà phê tỉnh Đăk Lăk được mùa.", "Đắk Lắk"),
    ("Cà phê tỉnh Daklak được mùa.", "Đắk Lắk"),
    ("Cà phê tỉnh Ðắk Lắk được mùa.", "Đắk Lắk"),
    # old tone placement (hoà/thuỷ) and upper case
    ("Lãnh đạo tỉnh Khánh Hoà tiếp đoàn.", "Khánh Hòa"),
    ("UỶ BAN NHÂN DÂN TỈNH LÀO CAI", "Lào Cai"),
    # highland names with an inner apostrophe, straight or curly
    ("Nông dân huyện Cư M'gar thu hoạch cà phê.", "Đắk Lắk"),
    ("Nông dân huyện M’Đrắk thu hoạch cà phê.", "Đắk Lắk"),
]


@pytest.mark.parametrize(("text", "province"), SPELLINGS)
def test_spelling_variants(gaz: Gazetteer, text: str, province: str) -> None:
    places = find_places(text, rules=gaz)
    assert [p.province for p in places] == [province]
    assert all(text[p.start : p.end] == p.name for p in places)


def test_keys_unify_spellings() -> None:
    assert name_key("Hoà Bình") == name_key("Hòa Bình") == name_key("HÒA BÌNH")
    assert name_key("Thuỷ Nguyên") == name_key("Thủy Nguyên")
    assert name_key("Ðan Phượng") == name_key("Đan Phượng")
    assert name_key("Bà Rịa - Vũng Tàu") == name_key("Bà Rịa – Vũng Tàu")
    assert ascii_key("Đắk Lắk") == ascii_key("Đăk Lăk") == "daklak"


# -- districts and communes -----------------------------------------------------------


def test_huyen_prefix_names_a_district(gaz: Gazetteer) -> None:
    text = "Người dân huyện Mèo Vạc phát triển chăn nuôi bò."
    (p,) = find_places(text, rules=gaz)
    assert (p.name, p.level, p.province_as_written, p.province) == (
        "Mèo Vạc",
        "district",
        "Hà Giang",
        "Tuyên Quang",
    )
    assert p.commune is None  # districts were abolished: no post-2025 unit of their own


def test_ambiguous_district_resolved_under_the_article_province(gaz: Gazetteer) -> None:
    # Many provinces have a huyện Châu Thành; the article's province decides.
    text = "Tỉnh Tiền Giang vừa tổng kết. Năm nay, huyện Châu Thành có thêm 3 xã đạt chuẩn."
    places = find_places(text, rules=gaz)
    assert summary(places) == [
        ("Tiền Giang", "province", "Tiền Giang", "Đồng Tháp"),
        ("Châu Thành", "district", "Tiền Giang", "Đồng Tháp"),
    ]


def test_bare_district_counts_only_within_the_article_province(gaz: Gazetteer) -> None:
    text = "Tỉnh Lào Cai có nhiều vùng quế. Người dân Bắc Hà thu hoạch quế."
    places = find_places(text, [loc(text, "Bắc Hà")], rules=gaz)
    assert summary(places)[1] == ("Bắc Hà", "district", "Lào Cai", "Lào Cai")
    # without the province the bare name is not enough
    alone = "Người dân Bắc Hà thu hoạch quế."
    assert find_places(alone, [loc(alone, "Bắc Hà")], rules=gaz) == []


def test_address_chain_picks_the_district_not_the_province(gaz: Gazetteer) -> None:
    # "huyện Hòa Bình" of Bạc Liêu, not the province of Hòa Bình
    text = "Anh Tư ở ấp 5, xã Vĩnh Hậu A, huyện Hòa Bình (Bạc Liêu) nuôi tôm dưới tán rừng."
    places = find_places(text, rules=gaz)
    assert summary(places) == [
        ("Vĩnh Hậu A", "commune", "Bạc Liêu", "Cà Mau"),
        ("Hòa Bình", "district", "Bạc Liêu", "Cà Mau"),
        ("Bạc Liêu", "province", "Bạc Liêu", "Cà Mau"),
    ]
    assert places[0].commune is not None and places[0].commune.startswith("Xã ")


def test_commune_list_after_one_prefix(gaz: Gazetteer) -> None:
    text = "Các xã Bản Phố, Nậm Đét và Cốc Ly (huyện Bắc Hà) đã về đích nông thôn mới."
    places = find_places(text, rules=gaz)
    assert [(p.name, p.level) for p in places] == [
        ("Bản Phố", "commune"),
        ("Nậm Đét", "commune"),
        ("Cốc Ly", "commune"),
        ("Bắc Hà", "district"),
    ]
    assert {p.province for p in places} == {"Lào Cai"}
    assert all(p.commune for p in places[:3])


ABBREVIATED = [
    ("TX. Ninh Hòa ra quân làm đường.", ("Ninh Hòa", "district", "Khánh Hòa")),
    ("TT Phố Lu ra quân làm đường.", ("Phố Lu", "commune", "Lào Cai")),
    ("TP.Vinh tổ chức lễ hội.", ("Vinh", "district", "Nghệ An")),
]


def test_former_names_of_merged_units(gaz: Gazetteer) -> None:
    # huyện Kỳ Sơn of Hòa Bình was merged into Hòa Bình city; Nghệ An still has its own.
    text = "Tỉnh Hòa Bình: huyện Kỳ Sơn ra quân làm đường giao thông nông thôn."
    assert summary(find_places(text, rules=gaz))[1] == ("Kỳ Sơn", "district", "Hòa Bình", "Phú Thọ")
    alone = "Huyện Kỳ Sơn ra quân làm đường giao thông nông thôn."
    assert summary(find_places(alone, rules=gaz)) == [("Kỳ Sơn", "district", "Nghệ An", "Nghệ An")]
    # a commune under its former name still maps to its post-2025 commune
    ward = "Thành phố Hà Nội: phường Nguyễn Trung Trực ra mắt tổ hòa giải."
    (_city, p) = find_places(ward, rules=gaz)
    assert (p.level, p.province) == ("commune", "Hà Nội") and p.commune


@pytest.mark.parametrize(("text", "expected"), ABBREVIATED)
def test_abbreviated_prefixes(gaz: Gazetteer, text: str, expected: tuple) -> None:
    assert [(p.name, p.level, p.province) for p in find_places(text, rules=gaz)] == [expected]


def test_numbered_units_keep_their_prefix(gaz: Gazetteer) -> None:
    text = "Phường 12, quận Gò Vấp, TP.HCM ra mắt tổ tự quản."
    places = find_places(text, rules=gaz)
    assert [(p.name, p.level) for p in places] == [
        ("Phường 12", "commune"),
        ("Gò Vấp", "district"),
        ("HCM", "province"),
    ]
    assert places[0].commune is not None  # the chain "Phường 12, quận Gò Vấp" resolves it


def test_post_2025_units_need_their_prefix(gaz: Gazetteer) -> None:
    island = "Đặc khu Phú Quốc đón nhiều du khách."
    places = find_places(island, rules=gaz)
    assert [(p.name, p.level, p.province, p.commune) for p in places] == [
        ("Phú Quốc", "commune", "An Giang", "Đặc khu Phú Quốc"),
    ]
    assert places[0].province_as_written == "Kiên Giang"  # where Phú Quốc was before 2025
    city = "Người dân phường Sài Gòn (TP.HCM) tham gia ngày hội."
    places = find_places(city, rules=gaz)
    assert [(p.name, p.level, p.province, p.commune) for p in places] == [
        ("Sài Gòn", "commune", "Hồ Chí Minh", "Phường Sài Gòn"),
        ("HCM", "province", "Hồ Chí Minh", None),
    ]
    # a bare name that only a post-2025 commune bears is an event's or a person's name
    bare = "Tỉnh Bến Tre phát huy tinh thần Đồng Khởi trong xây dựng nông thôn mới."
    assert [p.name for p in find_places(bare, [loc(bare, "Đồng Khởi")], rules=gaz)] == ["Bến Tre"]


# -- decoys: nothing invented ---------------------------------------------------------

DECOYS = [
    # common words that are also unit names
    ("Cả nước chung tay giữ gìn hòa bình và ổn định xã hội.", []),
    # a prefix word ending a sentence, then a capitalised word
    ("Kế hoạch được triển khai đến cấp xã. Với quyết tâm cao, các đơn vị đã hoàn thành.", []),
    ("Hội nghị cán bộ chủ chốt cấp huyện. Chủ tịch UBND huyện phát biểu.", []),
    # prefix words inside common compounds, even capitalised
    ("Tỉnh Đoàn phát động phong trào; Huyện Đội ra quân huấn luyện.", []),
    ("Các Huyện ủy viên được phân công phụ trách từng xã.", []),
    # a person after a prefix
    ("Phó Chủ tịch UBND huyện Lê Thanh Tùng dự lễ.", []),
    ("Chủ tịch UBND xã Hồ Văn Tám phát biểu.", []),
    # an ambiguous commune with no province to place it
    ("Xã Tân Hiệp vừa đạt chuẩn nông thôn mới.", []),
]


@pytest.mark.parametrize(("text", "expected"), DECOYS)
def test_no_place_from_common_words(gaz: Gazetteer, text: str, expected: list) -> None:
    assert find_places(text, rules=gaz) == expected


def test_no_place_from_a_person_named_like_a_city(gaz: Gazetteer) -> None:
    text = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
    assert find_places(text, [loc(text, "Hồ Chí Minh")], rules=gaz) == []
    person = "Ông Thái Bình là cựu chiến binh tiêu biểu."
    ent = Entity("Thái Bình", "PER", 4, 13)
    assert find_places(person, [ent], rules=gaz) == []


# Accent-free spellings: a province is looked for only in windows whose first word can open
# a province name, and "Ha"/"Hanoi"/"DA" open one through their accent-free keys.
ACCENT_FREE = [
    ("Đoàn công tác của tỉnh ra Ha Noi học tập kinh nghiệm.", "Ha Noi", "Hà Nội"),
    ("Nông sản được đưa ra Hanoi và các tỉnh lân cận.", "Hanoi", "Hà Nội"),
    ("Bà con ở Dak Lak mở rộng diện tích cà phê.", "Dak Lak", "Đắk Lắk"),
    ("Du khách đến Thua Thien Hue ngày càng đông.", "Thua Thien Hue", "Huế"),
]


@pytest.mark.parametrize(("text", "name", "province"), ACCENT_FREE)
def test_accent_free_province_names(gaz: Gazetteer, text: str, name: str, province: str) -> None:
    places = find_places(text, [loc(text, name)], rules=gaz)
    assert [(p.name, p.level, p.province) for p in places] == [(name, "province", province)]


def test_accent_free_dateline_in_capitals(gaz: Gazetteer) -> None:
    text = "DA NANG: Sáng nay, thành phố khai mạc lễ hội pháo hoa."
    assert [(p.name, p.province) for p in find_places(text, rules=gaz)] == [("DA NANG", "Đà Nẵng")]


def test_gazetteers_keep_their_own_rules() -> None:
    # Rule-derived state lives in each Gazetteer (no module-level cache shared between them).
    default = Gazetteer.default()
    assert Gazetteer.default() is not default  # built anew: callers build once, pass it down
    rules = {**default.rules, "prefixed_only": []}
    loose = Gazetteer.build(rules)
    assert loose.data is default.data  # the library's tables are loaded once
    text = "Cán bộ, đảng viên làm theo tấm gương đạo đức Hồ Chí Minh."
    ents = [loc(text, "Hồ Chí Minh")]
    assert find_places(text, ents, rules=default) == []
    assert [p.province for p in find_places(text, ents, rules=loose)] == ["Hồ Chí Minh"]
    assert find_places(text, ents, rules=default) == []


def test_bare_province_needs_ner_or_a_geographic_shape(gaz: Gazetteer) -> None:
    text = "Người dân Hà Giang đón Tết."
    assert find_places(text, rules=gaz) == []  # no NER, no prefix, no shape
    assert [p.province for p in find_places(text, [loc(text, "Hà Giang")], rules=gaz)] == [
        "Tuyên Quang"
    ]
    # a dateline at the start of a line and a province in parentheses need no NER
    dateline = "Tin tức\nHà Giang: Đón nhận bằng công nhận huyện nông thôn mới"
    assert [p.name for p in find_places(dateline, rules=gaz)] == ["Hà Giang"]
    paren = "Nông dân huyện Vĩnh Thuận (Kiên Giang) trúng mùa."
    assert [(p.name, p.level) for p in find_places(paren, rules=gaz)] == [
        ("Vĩnh Thuận", "district"),
        ("Kiên Giang", "province"),
    ]


def test_hamlet_or_street_is_not_the_unit_of_the_same_name(gaz: Gazetteer) -> None:
    text = "Tỉnh Sóc Trăng: Chi hội ở ấp Thuận Hòa làm kinh tế giỏi."
    places = find_places(text, [loc(text, "Thuận Hòa")], rules=gaz)
    assert [p.name for p in places] == ["Sóc Trăng"]
    # a street named after a province is not that province
    street = "Tỉnh Quảng Ngãi: nhiều cửa hàng trên đường Hà Nội bị ngập."
    places = find_places(street, [loc(street, "Hà Nội")], rules=gaz)
    assert [p.name for p in places] == ["Quảng Ngãi"]


def test_commune_of_another_province_is_dropped(gaz: Gazetteer) -> None:
    # Nậm Đét exists only in Lào Cai; an article placed in Nghệ An must not jump there on
    # a commune name alone (communes merge and names recur).
    text = "Tỉnh Nghệ An hướng dẫn người dân xã Nậm Đét trồng quế."
    assert [p.name for p in find_places(text, rules=gaz)] == ["Nghệ An"]


# -- site and title ---------------------------------------------------------------------


def test_site_province_used_when_the_text_names_none(gaz: Gazetteer) -> None:
    text = "UBND huyện tổ chức hội nghị tổng kết năm."
    places = find_places(text, site_province="Quảng Bình", rules=gaz)
    assert [(p.source, p.name, p.province, p.start) for p in places] == [
        ("site", "Quảng Bình", "Quảng Trị", None)
    ]
    assert main_province(places) == places[0]


def test_site_province_resolves_a_bare_commune(gaz: Gazetteer) -> None:
    text = "Chi hội phụ nữ xã Bình Trung xây dựng mô hình tiết kiệm."
    assert find_places(text, rules=gaz) == []  # Bình Trung is in many provinces
    places = find_places(text, site_province="Quảng Nam", rules=gaz)
    assert [(p.name, p.level, p.province) for p in places] == [
        ("Quảng Nam", "province", "Đà Nẵng"),
        ("Bình Trung", "commune", "Đà Nẵng"),
    ]


def test_text_outweighs_the_site(gaz: Gazetteer) -> None:
    text = "Tỉnh Sơn La có nhiều hộ sản xuất giỏi. Nông dân tỉnh Sơn La trồng cây ăn quả."
    places = find_places(text, site_province="Bình Định", rules=gaz)
    main = main_province(places)
    assert main is not None and main.province == "Sơn La"


def test_title_places_have_no_offsets(gaz: Gazetteer) -> None:
    places = find_places(
        "Ngày hội đại đoàn kết.", title="Quảng Bình: Ngày hội ở huyện Lệ Thủy", rules=gaz
    )
    assert [(p.source, p.name, p.start, p.end) for p in places] == [
        ("title", "Quảng Bình", None, None),
        ("title", "Lệ Thủy", None, None),
    ]


SITES = [
    ("baoquangbinh.vn", "Quảng Bình"),
    ("https://sotnmt.quangtri.gov.vn/tin-tuc/123", "Quảng Trị"),
    ("daklak.gov.vn", "Đắk Lắk"),
    ("tphcm.gov.vn", "Hồ Chí Minh"),
    ("www.tinhuyninhbinh.vn", "Ninh Bình"),
    ("hoinongdanhagiang.org.vn", "Hà Giang"),
    ("langsoncity.gov.vn", "Lạng Sơn"),
    ("mocchau.gov.vn", "Sơn La"),  # a district portal: the only Mộc Châu is in Sơn La
    ("baodienbienphu.info.vn", "Điện Biên"),  # a newspaper named after a district-level city
    ("baomoi.com", None),
    ("thanhnien.vn", None),
    ("baodantoc.vn", None),
    ("nhandan.vn", None),
]


@pytest.mark.parametrize(("site", "province"), SITES)
def test_province_from_site(gaz: Gazetteer, site: str, province: str | None) -> None:
    assert province_from_site(site, gaz) == province


# -- main province, distinct places, serialisation ------------------------------------


def test_main_province_counts_merged_provinces_together(gaz: Gazetteer) -> None:
    # Bến Tre and Trà Vinh both became Vĩnh Long: together they outnumber Long An.
    text = "Tỉnh Long An, tỉnh Bến Tre và tỉnh Trà Vinh tổ chức đại hội cùng ngày."
    places = find_places(text, rules=gaz)
    main = main_province(places)
    assert main is not None and main.province == "Vĩnh Long" and main.name == "Bến Tre"
    assert main_province([]) is None


def test_distinct_places_and_to_dict(gaz: Gazetteer) -> None:
    text = "Tỉnh Lào Cai có xã Nậm Đét. Xã Nậm Đét trồng nhiều quế."
    places = find_places(text, rules=gaz)
    assert len(places) == 3
    unique = distinct_places(places)
    assert [p.name for p in unique] == ["Lào Cai", "Nậm Đét"]
    d = unique[1].to_dict()
    assert set(d) == {
        "name",
        "level",
        "start",
        "end",
        "province",
        "province_as_written",
        "commune",
        "source",
    }
    assert d["level"] == "commune" and d["province"] == "Lào Cai" and d["commune"]


def test_place_is_frozen() -> None:
    p = Place("Lào Cai", "province", 0, 7, "Lào Cai", "Lào Cai", None, "text")
    with pytest.raises(AttributeError):
        p.name = "x"  # type: ignore[misc]


def test_missing_library_gives_an_actionable_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.places as places

    monkeypatch.setattr(places, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match="pip install 'vietnamadminunits"):
        places._library_dir()


def test_a_bare_name_of_a_person_is_a_street_not_a_commune(gaz: Gazetteer) -> None:
    text = (
        "Tối qua, tại thành phố Vinh, tỉnh Nghệ An, các tuyến đường như Lê Lợi, Trần Phú "
        "đông nghịt người. Phường Lê Lợi tổ chức trang trí đường phố."
    )
    ents = [loc(text, "Lê Lợi"), loc(text, "Trần Phú")]
    found = summary(find_places(text, ents, rules=gaz))
    assert ("Trần Phú", "commune", "Nghệ An", "Nghệ An") not in found
    # only the prefixed mention of the ward counts, once
    assert [p for p in found if p[0] == "Lê Lợi"] == [("Lê Lợi", "commune", "Nghệ An", "Nghệ An")]


def test_list_joiners_come_from_the_rules() -> None:
    # "và" between names listed after one prefix is rule data (list_joiners), like a comma.
    text = "Đoàn đến thăm các xã Tân Phú, Tân Lập và Tân Hòa của huyện Đồng Phú, tỉnh Bình Phước."
    default = Gazetteer.default()
    assert "Tân Hòa" in [p.name for p in find_places(text, rules=default)]
    strict = Gazetteer.build({**default.rules, "list_joiners": []})
    names = [p.name for p in find_places(text, rules=strict)]
    assert "Tân Lập" in names and "Tân Hòa" not in names


def _runs_word_by_word(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words by the definition: every word visited in order."""
    from nlp.places import _JOINER_RE, _WORD_RE

    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    for m in _WORD_RE.finditer(text):
        if m.group(0)[:1].isupper():
            if run and not _JOINER_RE.fullmatch(text[run[-1][1] : m.start()]):
                runs.append(run)
                run = []
            run.append(m.span())
        elif run:
            runs.append(run)
            run = []
    return [*runs, run] if run else runs


@pytest.mark.parametrize(
    "text",
    [
        "Ở Hà Nội và TP.HCM, Đắk–Lắk - Gia Lai",
        "ab'Cd Ef, x''Yz Ab, a_B C-D – E, 2B C",  # apostrophes join words; "_" does not
        "Ⓐx ⒶB ǅa Ωmega Σ ΣA aΣ 𝐀b c𝐀",  # upper case but no letter; title case; astral
        "Hà  Nội\nThái Bình ’Ab’Cd x’Y Bắc  -Ninh",
    ],
)
def test_capitalised_runs_of_a_whole_text_skip_lower_case_words_only(text: str) -> None:
    from nlp.places import _cap_runs

    runs = [[m.span() for m in run] for run in _cap_runs(text, 0, len(text))]
    assert runs == _runs_word_by_word(text)


def test_gazetteer_word_memo_survives_pickling(gaz: Gazetteer) -> None:
    import pickle

    text = "Đoàn công tác của tỉnh Lào Cai làm việc tại Hà Nội (Hà Nội)."
    first = find_places(text, rules=gaz)
    again = pickle.loads(pickle.dumps(gaz))  # as workers receive it
    assert again.word_memo.gaz is again
    assert find_places(text, rules=again) == first == find_places(text, rules=gaz)
    assert [p.province for p in first] == ["Lào Cai", "Hà Nội"]
