"""Named models on sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.components import models
from nlp.extract.models import model_key

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

# Shapes of real news prose: where an unquoted name ends, which commas and dashes it keeps.
NAME_SHAPES = [
    # a hyphen between one-syllable nouns is inside the name, not a separator
    ("Nông dân chuyển sang mô hình lúa - cá, thu nhập tăng.", ["lúa - cá"]),
    (
        "Xã nhân rộng mô hình nuôi dê - thỏ - gà dưới tán vườn cây, nhiều hộ thoát nghèo.",
        ["nuôi dê - thỏ - gà dưới tán vườn cây"],
    ),
    # a spaced en dash in a headline sets off a comment
    ("Mô hình nuôi tôm – hướng đi mới của nông dân ven biển", ["nuôi tôm"]),
    # prepositions that belong to the practice do not end it; adjuncts of place do
    (
        "Huyện phát triển mô hình liên kết sản xuất theo chuỗi giá trị tại ba xã.",
        ["liên kết sản xuất theo chuỗi giá trị"],
    ),
    (
        "Đoàn tham quan mô hình trồng dưa lưới trong nhà màng của hợp tác xã.",
        ["trồng dưa lưới trong nhà màng"],
    ),
    (
        "Mô hình nuôi cá trong lồng trong những năm qua đã phát huy hiệu quả.",
        ["nuôi cá trong lồng"],
    ),
    ("Huyện nhân rộng mô hình nuôi lươn không bùn.", ["nuôi lươn không bùn"]),
    ("Huyện nhân rộng mô hình thôn thông minh ra toàn huyện.", ["thôn thông minh"]),
    ("Chị áp dụng mô hình VAC (vườn - ao - chuồng) để phát triển kinh tế.", ["VAC"]),
    (
        "Tỉnh có các mô hình liên kết sản xuất gắn với tiêu thụ nông sản nhằm tăng thu nhập.",
        ["liên kết sản xuất gắn với tiêu thụ nông sản"],
    ),
    ("Xã nhân rộng mô hình Chợ văn minh cùng với xây dựng đô thị.", ["Chợ văn minh"]),
    # a plural or a count before a specific practice still names it
    ("Xã nhân rộng các mô hình nuôi bò sinh sản.", ["nuôi bò sinh sản"]),
    ("Hội xây dựng 12 mô hình trồng nấm rơm, mang lại thu nhập khá.", ["trồng nấm rơm"]),
    ("Đây là một trong những mô hình dân vận khéo của huyện.", ["dân vận khéo"]),
    # words describing the model before its quoted name: the quote is the name
    ("Hội thành lập 20 mô hình câu lạc bộ “Phụ nữ với pháp luật”.", ["Phụ nữ với pháp luật"]),
    ("Phường ra mắt mô hình tuyến phố “Sáng, xanh, sạch, đẹp”.", ["Sáng, xanh, sạch, đẹp"]),
    # a short lower-case quote after a practice is a qualifier inside its name
    ("Xã xây dựng mô hình trồng rau “sạch” cho bếp ăn.", ["trồng rau “sạch”"]),
    ("Xã nhân rộng mô hình nuôi gà “thả vườn” cho hội viên.", ["nuôi gà “thả vườn”"]),
    (
        "Tỉnh ghi nhận 85 mô hình, cách làm “Chung tay vì người nghèo”.",
        ["Chung tay vì người nghèo"],
    ),
    # quotes joined to a quoted name, and counts whose noun is left out
    (
        "Hội duy trì mô hình “Tiết kiệm vì nhau” và “Bữa cơm nghĩa tình”.",
        ["Tiết kiệm vì nhau", "Bữa cơm nghĩa tình"],
    ),
    (
        "Chi hội làm mô hình “Ngõ xanh” (thôn 1), “Đường hoa” (thôn 4).",
        ["Ngõ xanh", "Đường hoa"],
    ),
    (
        "Hội có 6 mô hình “Nhà sạch, vườn đẹp”, 9 “Tổ liên gia an toàn” và 4 câu lạc bộ.",
        ["Nhà sạch, vườn đẹp", "Tổ liên gia an toàn"],
    ),
    (
        "Hội duy trì mô hình “Tổ tiết kiệm”; “Hũ gạo yêu thương”; “Nuôi heo đất”.",
        ["Tổ tiết kiệm", "Hũ gạo yêu thương", "Nuôi heo đất"],
    ),
    # an adjunct of scope ends the name
    ("Huyện xây dựng 45 mô hình dân vận khéo trên các lĩnh vực.", ["dân vận khéo"]),
    # "mô hình" inside a speech quote is still a mention
    ("Ông Tư nói: “Mô hình nuôi ếch giúp gia đình tôi có thêm thu nhập”.", ["nuôi ếch"]),
]

# Lists introduced as models: unquoted items, commas inside items, where the list ends.
LIST_SHAPES = [
    (
        "Các mô hình gồm: nuôi dê, thỏ kết hợp trồng cỏ; trồng cam sành ở xã Tân Lập.",
        ["nuôi dê, thỏ kết hợp trồng cỏ", "trồng cam sành"],
    ),
    (
        "Hội viên nhân rộng các mô hình như: “Vườn mẫu”, nuôi vịt trời, nuôi ếch; mô hình trồng sen.",
        ["Vườn mẫu", "nuôi vịt trời", "nuôi ếch", "trồng sen"],
    ),
    (
        "Các mô hình như: nuôi cá lồng, trồng rau an toàn, chăn nuôi gà thả vườn đã giúp nhiều hộ thoát nghèo.",
        ["nuôi cá lồng", "trồng rau an toàn", "chăn nuôi gà thả vườn"],
    ),
    (
        "Thanh niên tham gia các mô hình tình nguyện như làm đường giao thông, thắp sáng đường quê.",
        ["làm đường giao thông", "thắp sáng đường quê"],
    ),
    (
        "Tiêu biểu như: Mô hình hợp tác sản xuất (HTSX) theo chuỗi giữa công ty chè với 300 hộ; "
        "mô hình nuôi ong lấy mật.",
        ["hợp tác sản xuất (HTSX) theo chuỗi giữa công ty chè", "nuôi ong lấy mật"],
    ),
    (
        "Các mô hình tiêu biểu gồm: vận động nhân dân hiến đất, góp công làm đường của xã Tân An; "
        "vận động hội viên tiết kiệm của xã Phú Mỹ.",
        ["vận động nhân dân hiến đất, góp công làm đường", "vận động hội viên tiết kiệm"],
    ),
    (
        "Tiêu biểu là mô hình nuôi vịt, ngan kết hợp thả cá; mô hình trồng gừng trong bao.",
        ["nuôi vịt, ngan kết hợp thả cá", "trồng gừng trong bao"],
    ),
    # a quote opened or closed only once
    (
        "Các mô hình gồm: Phòng chống bạo lực gia đình” ở thôn 2; mô hình “Cổng trường an toàn "
        "giao thông tại trường tiểu học và mô hình “Bếp ăn bán trú” tại xã.",
        ["Phòng chống bạo lực gia đình", "Cổng trường an toàn giao thông", "Bếp ăn bán trú"],
    ),
    # a plural "mô hình" after the items starts a new clause
    (
        "Xã có nhiều mô hình hay như mô hình trồng cam, mô hình nuôi dê, nhiều mô hình sản xuất "
        "kinh doanh khác cũng cho thu nhập.",
        ["trồng cam", "nuôi dê"],
    ),
]

# Not models: generic heads, clause fragments, titles, comparisons.
DECOYS = [
    ("Xã duy trì mô hình tự quản, thu hút nhiều hộ tham gia.", []),
    ("Thanh niên được hỗ trợ vốn để phát triển các mô hình khởi nghiệp.", []),
    ("Mô hình mang lại hiệu quả thiết thực cho người dân.", []),
    ("Mô hình còn có tổ hòa giải riêng.", []),
    ("Các chị tham gia mô hình không chỉ tiết kiệm được tiền mà còn gắn bó hơn.", []),
    ("Qua 3 năm, mô hình đã thu hút 200 hội viên.", []),
    ("Nhiều mô hình sản xuất, kinh doanh giỏi được biểu dương.", []),
    ("Các mô hình hoạt động yếu sẽ được củng cố.", []),
    ("Toàn tỉnh có 40 mô hình quần chúng tham gia giữ gìn trật tự.", []),
    ("Mỗi năm xã thành lập 3 mô hình kinh tế tập thể.", []),
    ("Xây dựng mô hình sản xuất nông nghiệp hiệu quả để nhân rộng.", []),
    ("Nhiều mô hình cải cách hành chính đã phát huy hiệu quả.", []),
    ("Thành phố chuyển đổi mô hình tăng trưởng theo hướng xanh.", []),
    ("Mô hình này được xem như một điểm sáng.", []),
    ("Mô hình được nhân rộng như mong muốn của người dân.", []),
    # places and people who run a model are not its name
    ("Các mô hình đã được nhân rộng ở các xã như: Tân An, Tân Lập, Phú Mỹ.", []),
    ("Đoàn đã tham quan mô hình anh Trần Văn Tư ở xã Tân Hòa.", []),
    ("Năm 2023, mô hình xã Tân Thành được công nhận.", []),
    ("Đây là mô hình tiên tiến, cần được nhân rộng.", []),
    ("Tỉnh thí điểm mô hình chính quyền địa phương hai cấp.", []),
    ("Huyện triển khai Đề án “Xây dựng mô hình trồng cây ăn quả tập trung”.", []),
    ("Tỉnh tổ chức Hội thảo “Nhân rộng mô hình hợp tác xã kiểu mới” tại thành phố.", []),
    # a list cut off at the end of an excerpt: the cut item is not a name
    ("Tiêu biểu như: mô hình trồng bưởi Diễn; mô hình nuôi ong lấy mật; HTSX the", None),
]


# Where an unquoted name meets its predicate: adverbs, a second verb with an evaluation or an
# amount, copulas, adjuncts of place, time and scope, spreading "ra/đến/sang" + quantifier.
PREDICATE_SHAPES = [
    ("Mô hình trồng cam sành phát triển mạnh tại các xã vùng cao.", ["trồng cam sành"]),
    (
        "Mô hình nuôi cá lồng bè hoạt động hiệu quả, mỗi năm cho lãi khá.",
        ["nuôi cá lồng bè"],
    ),
    (
        "Nhờ mô hình trồng rau thủy canh thu lãi hơn 200 triệu đồng, chị thoát nghèo.",
        ["trồng rau thủy canh"],
    ),
    ("Mô hình nuôi dê nhốt chuồng đem về thu nhập ổn định.", ["nuôi dê nhốt chuồng"]),
    ("Mô hình trồng lúa hữu cơ ngày càng được nhiều hộ hưởng ứng.", ["trồng lúa hữu cơ"]),
    ("Mô hình trồng chè sạch từng bước khẳng định thương hiệu.", ["trồng chè sạch"]),
    ("Mô hình nuôi heo an toàn sinh học trở thành hướng đi chính.", ["nuôi heo an toàn sinh học"]),
    ("Mô hình tổ hòa giải cơ sở chỉ hoạt động vào buổi tối.", ["tổ hòa giải cơ sở"]),
    ("Mô hình nuôi cá lồng dần khẳng định hiệu quả.", ["nuôi cá lồng"]),
    ("Huyện nhân rộng mô hình sân chơi thiếu nhi đến tất cả các thôn.", ["sân chơi thiếu nhi"]),
    ("Huyện đưa mô hình chợ văn minh sang các xã lân cận.", ["chợ văn minh"]),
    ("Xã duy trì mô hình nuôi cá ruộng lúa trên địa bàn ba thôn.", ["nuôi cá ruộng lúa"]),
    ("Mô hình trồng rau trong nhà lưới trong năm qua có lãi.", ["trồng rau trong nhà lưới"]),
    ("Hội viên tham quan mô hình ủ phân hữu cơ trong toàn xã.", ["ủ phân hữu cơ"]),
    # a verb after a verb and its object stays in the name when nothing marks a predicate
    ("Hội giúp hội viên duy trì mô hình nuôi vịt lấy trứng.", ["nuôi vịt lấy trứng"]),
    # a negated noun is part of the name; a negated verb is the predicate
    ("Xã củng cố mô hình thôn không có ma túy.", ["thôn không có ma túy"]),
    ("Mô hình nuôi tôm không đạt kết quả như mong đợi.", ["nuôi tôm"]),
    (
        "Các mô hình như: phụ nữ giúp nhau làm kinh tế; nông dân tự quản đường làng.",
        ["phụ nữ giúp nhau làm kinh tế", "nông dân tự quản đường làng"],
    ),
    # a headline is not a cut-off excerpt
    ("Nhân rộng mô hình nuôi bò vỗ béo", ["nuôi bò vỗ béo"]),
]

# A model named before a list keeps its name; a list follows strong introducers anywhere.
FAMILY_AND_LIST_SHAPES = [
    (
        "Toàn xã có 30 mô hình “Phụ nữ tiết kiệm”, tiêu biểu như: “Heo đất nghĩa tình”, "
        "“Hũ gạo yêu thương”.",
        ["Phụ nữ tiết kiệm", "Heo đất nghĩa tình", "Hũ gạo yêu thương"],
    ),
    (
        "Nhiều mô hình bảo vệ môi trường được duy trì, điển hình là mô hình “Ngõ xóm xanh”.",
        ["bảo vệ môi trường", "Ngõ xóm xanh"],
    ),
    (
        "Hội đã giúp hội viên xây dựng nhiều mô hình kinh tế, tiêu biểu như nuôi cá lóc, trồng sầu riêng.",
        ["nuôi cá lóc", "trồng sầu riêng"],
    ),
    (
        "Xã có nhiều mô hình hay, cách làm mới như nuôi thỏ, trồng nấm.",
        ["nuôi thỏ", "trồng nấm"],
    ),
    # the words of a practice before a capitalised quote name its family
    (
        "Phường ra mắt mô hình dân vận khéo “Xây dựng khu phố sạch đẹp” tháng trước.",
        ["dân vận khéo", "Xây dựng khu phố sạch đẹp"],
    ),
    # "và" after a quote: another item, or a form of model in a mention
    (
        "Các mô hình gồm: “Nhà sạch vườn đẹp”, “Ngõ xanh” và nhóm hộ liên kết nuôi bò.",
        ["Nhà sạch vườn đẹp", "Ngõ xanh", "nhóm hộ liên kết nuôi bò"],
    ),
    (
        "Hội duy trì mô hình “Tổ phụ nữ tiết kiệm” và tổ hợp tác trồng rau an toàn.",
        ["Tổ phụ nữ tiết kiệm", "tổ hợp tác trồng rau an toàn"],
    ),
    # a parallel clause repeating the verb of a counted mention leaves out "mô hình"
    (
        "Năm chi hội thực hiện 6 mô hình “Ngõ hoa”, ba chi hội thực hiện 4 “Đường cờ”.",
        ["Ngõ hoa", "Đường cờ"],
    ),
]

# Kinds of model, objects on show and lists that exemplify something else.
KIND_DECOYS = [
    ("Tỉnh hướng tới mô hình kinh tế tuần hoàn, phát thải thấp.", []),
    ("Từ tháng 7, tỉnh vận hành mô hình chính quyền địa phương 02 cấp.", []),
    ("Xã thí điểm mô hình chính quyền gần dân.", []),
    ("Việc vận hành mô hình Trung tâm hành chính công cấp huyện đã ổn định.", []),
    ("Huyện sắp xếp lại các mô hình tổ chức đảng theo hướng tinh gọn.", []),
    ("Học sinh trưng bày mô hình ngôi nhà tiết kiệm năng lượng tại hội thi.", []),
    ("Ban tổ chức trưng bày các mô hình, sa bàn về biển đảo quê hương.", []),
    (
        "Hội xây dựng 15 mô hình “Nhà sạch, vườn đẹp”, trao tặng 3 “Mái ấm tình thương”.",
        ["Nhà sạch, vườn đẹp"],
    ),
    (
        "Xã xây dựng mô hình “Cổng trường an toàn” và tổ chức hội thi vẽ tranh.",
        ["Cổng trường an toàn"],
    ),
    (
        "Huyện xây dựng mô hình “Ngày chủ nhật xanh”, thu hút nhiều hội viên tham gia các "
        "hoạt động, tiêu biểu như hội thi nấu ăn, hội thao.",
        ["Ngày chủ nhật xanh"],
    ),
    ("Mô hình nuôi bò giúp nhiều hộ thoát nghèo, tiêu biểu như hộ ông Lê Văn Hai.", ["nuôi bò"]),
    # a verb acting on the quoted name is no family; "điểm sáng" after "và" is no form
    ("Thôn thực hiện mô hình xây dựng “Khu dân cư văn hóa” ở các xóm.", ["Khu dân cư văn hóa"]),
    ("Hội có mô hình “Tổ liên gia” và điểm sáng là thôn 3.", ["Tổ liên gia"]),
    # an institution whose name is a practice stays a name
    ("Phường nhân rộng mô hình cơ quan không khói thuốc.", ["cơ quan không khói thuốc"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_models(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    NAME_SHAPES + LIST_SHAPES,
    ids=[c[0][:40] for c in NAME_SHAPES + LIST_SHAPES],
)
def test_model_shapes(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


@pytest.mark.parametrize(("text", "expected"), DECOYS, ids=[c[0][:40] for c in DECOYS])
def test_model_decoys(pipe, text: str, expected: list[str] | None) -> None:
    names = [m.name for m in models(pipe(text))]
    if expected is None:  # the cut-off excerpt: its full items only
        assert names == ["trồng bưởi Diễn", "nuôi ong lấy mật"]
    else:
        assert names == expected


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["Mô hình “Dân vận khéo”", "dân vận  khéo", " 'Dân Vận Khéo' ", "mô hình dân vận khéo"],
            "dân vận khéo",
        ),
        (["tôm-lúa", "Tôm – lúa", "“tôm - lúa”", "tôm lúa"], "tôm lúa"),
        (["“Nhà sạch , vườn đẹp”.", "nhà sạch, vườn đẹp"], "nhà sạch vườn đẹp"),
        (
            ["hợp tác sản xuất ( HTSX ) theo chuỗi", "Hợp tác sản xuất (HTSX) theo chuỗi"],
            "hợp tác sản xuất htsx theo chuỗi",
        ),
        # the old tone placement keys like the new one
        (["Tổ hoà giải giỏi", "tổ hòa giải giỏi"], "tổ hòa giải giỏi"),
        # NFD input (combining marks) keys like NFC
        (["DÂN VẬN KHÉO", "Da\u0302n va\u0323\u0302n khe\u0301o"], "dân vận khéo"),
    ],
)
def test_model_key(names: list[str], key: str) -> None:
    assert {model_key(n) for n in names} == {key}


def test_every_model_carries_its_key(pipe) -> None:
    doc = pipe("Xã có mô hình “Tôm - lúa” và mô hình nuôi bò-cỏ tại ấp 3.")
    found = models(doc)
    assert [m.key for m in found] == ["tôm lúa", "nuôi bò cỏ"]
    assert all(m.key == model_key(m.name) for m in found)


def test_last_list_item_stops_at_its_paragraph(pipe) -> None:
    doc = pipe("Các mô hình tiêu biểu như: “Vườn mẫu”; mô hình nuôi tôm trên cát.\n\nĐoạn sau.")
    assert [m.name for m in models(doc)] == ["Vườn mẫu", "nuôi tôm trên cát"]


def test_model_offsets_and_sentence(pipe) -> None:
    doc = pipe("Câu trước. Xã triển khai mô hình “Con đường hoa” hiệu quả.")
    (model,) = models(doc)
    assert doc.text[model.start : model.end] == "Con đường hoa"
    assert model.sentence == "Xã triển khai mô hình “Con đường hoa” hiệu quả."
    assert doc.spans["models"][0]._.model == model


@pytest.mark.parametrize(
    ("text", "expected"),
    PREDICATE_SHAPES + FAMILY_AND_LIST_SHAPES + KIND_DECOYS,
    ids=[c[0][:40] for c in PREDICATE_SHAPES + FAMILY_AND_LIST_SHAPES + KIND_DECOYS],
)
def test_model_boundaries(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


NAME_RUN_ON_SHAPES = [
    # a number word before a noun modifies the name; it is no predicate's amount
    (
        "Xã Hải Ninh nhân rộng mô hình nuôi tôm công nghệ cao hai giai đoạn, giúp giảm dịch bệnh.",
        ["nuôi tôm công nghệ cao hai giai đoạn"],
    ),
    (
        "Hợp tác xã áp dụng mô hình nuôi cá lồng hai tầng, mang lại thu nhập ổn định.",
        ["nuôi cá lồng hai tầng"],
    ),
    ("Xã nhân rộng mô hình trồng rau ba cấp độ an toàn.", ["trồng rau ba cấp độ an toàn"]),
    # a capitalised club or group is a proper name: a negation inside it runs on
    (
        "Hội Phụ nữ xã thành lập mô hình Câu lạc bộ phụ nữ không sinh con thứ ba, thu hút 45 "
        "hội viên.",
        ["Câu lạc bộ phụ nữ không sinh con thứ ba"],
    ),
    (
        "Hội Nông dân huyện xây dựng mô hình Tổ hợp tác nuôi bò không dùng thức ăn công nghiệp.",
        ["Tổ hợp tác nuôi bò không dùng thức ăn công nghiệp"],
    ),
    (
        "Phường xây dựng mô hình Tổ dân phố không rác thải nhựa tại khu phố 3.",
        ["Tổ dân phố không rác thải nhựa"],
    ),
    # ... but not over a clause word, and a lower-case name still ends at a negated verb
    (
        "Đoàn xã duy trì mô hình Đội thanh niên tình nguyện không để ai bị bỏ lại phía sau.",
        ["Đội thanh niên tình nguyện"],
    ),
    ("Mô hình trồng nấm rơm không mang lại hiệu quả như mong đợi.", ["trồng nấm rơm"]),
    # a negated verb with no object, or one that ends a name, is the sentence's predicate
    (
        "Sau một năm, mô hình Tổ tự quản không hoạt động, nhiều thành viên bỏ sinh hoạt.",
        ["Tổ tự quản"],
    ),
    (
        "Mô hình Câu lạc bộ nông dân không thu hút được nhiều hội viên tham gia.",
        ["Câu lạc bộ nông dân"],
    ),
    # a number word before a scale word is the predicate's amount
    (
        "Hộ anh áp dụng mô hình nuôi cá rô đồng thu lãi ba trăm triệu đồng.",
        ["nuôi cá rô đồng"],
    ),
    # a bare colon after a plural "mô hình" opens a list when the first item is an action
    (
        "Để giảm nghèo, tỉnh hỗ trợ nhân rộng các mô hình: nuôi bò sinh sản, trồng keo, nuôi "
        "dê; đồng thời khuyến khích người dân liên kết.",
        ["nuôi bò sinh sản", "trồng keo", "nuôi dê"],
    ),
    (
        "Năm qua, huyện đã nhân rộng các mô hình: trồng bưởi da xanh, nuôi cá lóc trong bể lót "
        "bạt, trồng rau thủy canh.",
        ["trồng bưởi da xanh", "nuôi cá lóc trong bể lót bạt", "trồng rau thủy canh"],
    ),
    (
        "Huyện có nhiều mô hình: nuôi bò vỗ béo, trồng cam sành.",
        ["nuôi bò vỗ béo", "trồng cam sành"],
    ),
    # ... not when a clause or a subject's predicate follows the colon
    ("Hiện các mô hình: hầu hết đều hoạt động hiệu quả.", []),
    ("Huyện có 3 mô hình: đều hoạt động hiệu quả.", []),
]


@pytest.mark.parametrize(
    ("text", "expected"), NAME_RUN_ON_SHAPES, ids=[c[0][:40] for c in NAME_RUN_ON_SHAPES]
)
def test_names_that_run_on_and_bare_colon_lists(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


def _with_rules(pipe, text, **changes):
    from nlp.extract.common import DocView
    from nlp.extract.models import ModelRules, extract_models

    rules = ModelRules({**ModelRules.default().data, **changes})
    return [m.name for m in extract_models(DocView.from_doc(pipe(text)), rules)]


def test_joining_words_come_from_the_rules(pipe) -> None:
    quotes = "Hội Nông dân xã nhân rộng mô hình “Cánh đồng lớn” và “Vườn mẫu”."
    assert _with_rules(pipe, quotes) == ["Cánh đồng lớn", "Vườn mẫu"]
    assert _with_rules(pipe, quotes, item_joiners=["hoặc"]) == ["Cánh đồng lớn"]
    listed = "Xã có các mô hình: nuôi cá lồng, cùng trồng nấm rơm."
    assert _with_rules(pipe, listed) == ["nuôi cá lồng", "trồng nấm rơm"]
    assert _with_rules(pipe, listed, item_leads=["và"])[-1] == "cùng trồng nấm rơm"


# A bare colon after a plural or counted "mô hình" opens a list when its first item is quoted,
# whatever the later items; the list ends at a clause opener ("qua đó", "nhờ đó", "góp phần").
# After a quota ("ít nhất 1 mô hình", "mỗi xã 1 mô hình") an unquoted phrase is a kind asked
# for, not a name; a quoted name after a quota stays a name.
MIXED_LISTS_AND_QUOTAS = [
    (
        'Hội Phụ nữ huyện duy trì các mô hình: "Phụ nữ giữ gìn bản sắc dân tộc", Tổ phụ nữ '
        'tiết kiệm, "Ngôi nhà an toàn" , qua đó giúp đỡ 120 hội viên vay hơn 2,5 tỷ đồng.',
        ["Phụ nữ giữ gìn bản sắc dân tộc", "Tổ phụ nữ tiết kiệm", "Ngôi nhà an toàn"],
    ),
    (
        "Xã đã xây dựng 3 mô hình: “Gia đình 5 không 3 sạch”, Tổ phụ nữ tiết kiệm, "
        "“Con đường hoa”, nhờ đó cảnh quan nông thôn ngày càng khang trang.",
        ["Gia đình 5 không 3 sạch", "Tổ phụ nữ tiết kiệm", "Con đường hoa"],
    ),
    (
        'Các chi hội duy trì các mô hình: "Câu lạc bộ dân vận khéo", "Tổ tự quản an ninh", '
        "góp phần giữ vững an ninh.",
        ["Câu lạc bộ dân vận khéo", "Tổ tự quản an ninh"],
    ),
    ("Mỗi chi hội xây dựng ít nhất 1 mô hình bảo vệ môi trường.", []),
    ("Huyện phấn đấu mỗi xã 1 mô hình hỗ trợ phụ nữ khởi nghiệp.", []),
    ("Mỗi xã xây dựng ít nhất 1 mô hình “Dân vận khéo”.", ["Dân vận khéo"]),
    ("Xã đã xây dựng 1 mô hình nuôi cá lồng trên sông Lô.", ["nuôi cá lồng trên sông Lô"]),
]


@pytest.mark.parametrize(
    ("text", "expected"), MIXED_LISTS_AND_QUOTAS, ids=[c[0][:40] for c in MIXED_LISTS_AND_QUOTAS]
)
def test_mixed_quoted_lists_and_quotas(pipe, text: str, expected: list[str]) -> None:
    assert [m.name for m in models(pipe(text))] == expected


def test_a_sentence_without_the_introducer_hint_has_no_introducer() -> None:
    """The models extractor scans for list introducers only where the hint is found."""
    import random

    from nlp.extract.models import ModelRules

    rules = ModelRules.default()
    pieces = [
        *rules.data["list_introducers"],
        *rules.data["list_introducers_bare"],
        "mô hình", "MÔ HÌNH", "Mô Hình", "mô  hình", "mô\nhình", "NHƯ", "Gồm", "LÀ", "sau",
        ":", " :", "“", '"', "«", "‘", "”", ",", ".", " ", "  ", "\n", "các", "xã",
    ]  # fmt: skip
    rng = random.Random(13)
    matched = 0
    for _ in range(20_000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.5:
            text = text.upper() if rng.random() < 0.5 else text.title()
        if rules.introducer.search(text):
            matched += 1
            assert rules.introducer_hint.search(text), text
    assert matched > 1000
