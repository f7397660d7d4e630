from __future__ import annotations

import unicodedata
from pathlib import Path

from nlp import PipelineOptions, clean_text, load_pipeline
from nlp.tagging import align_words, sentence_spans


def test_doc_text_equals_cleaned_text(pipe, seed_paths: list[Path]) -> None:
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        doc = pipe(raw)
        assert doc.text == clean_text(raw), path.name


def test_tokens_carry_tags_chunks_and_sentences(pipe, seed_paths: list[Path]) -> None:
    doc = pipe(seed_paths[2].read_text(encoding="utf-8"))
    words = [t for t in doc if not t.is_space]
    assert all(t.tag_ for t in words)
    assert {t.pos_ for t in words} >= {"NOUN", "VERB", "PUNCT"}
    assert all(t._.chunk is not None for t in words)
    assert len(list(doc.sents)) > 20
    # Multi-syllable words are single tokens whose text is the surface text.
    assert any(t.text == "phương thức" for t in doc)


def test_surface_text_is_kept_where_underthesea_normalises(pipe) -> None:
    text = "Huyện uỷ chỉ đạo công tác văn hoá."
    doc = pipe(text)
    assert doc.text == text
    surfaces = [t.text for t in doc]
    assert "uỷ" in surfaces and "văn hoá" in surfaces  # underthesea says "ủy", "văn hóa"


def test_nfd_input(pipe) -> None:
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy Lào Cai tổ chức 15 hội nghị quán triệt.")
    doc = pipe(nfd)
    assert doc.text == unicodedata.normalize("NFC", nfd)
    assert [s._.figure.value for s in doc.spans["figures"]] == [15.0]


def test_title_words_are_cut_from_entities(pipe) -> None:
    doc = pipe(
        "Đồng chí Nguyễn Văn Hùng, Bí thư Huyện ủy Cao Lãnh cho biết huyện đã đạt nhiều kết quả."
    )
    texts = {e.text for e in doc.ents}
    assert not any(t.startswith("Bí thư") for t in texts)
    assert not any(t.startswith("Đồng chí") for t in texts)


def test_align_words_covers_the_sentence() -> None:
    sentence = "Thu ngân sách đạt 285.197 triệu đồng, tăng 12,6%."
    words = ["Thu", "ngân sách", "đạt", "285.197", "triệu", "đồng", ",", "tăng", "12,6", "%", "."]
    spans = align_words(sentence, words)
    assert [sentence[a:b] for a, b in spans] == words


def test_sentences_do_not_cross_lines() -> None:
    text = "Câu một. Câu hai\n\nDòng mới không có dấu chấm\nCâu ba."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Câu một.",
        "Câu hai",
        "Dòng mới không có dấu chấm",
        "Câu ba.",
    ]


def test_pipeline_without_cleaning_keeps_text() -> None:
    nlp = load_pipeline(PipelineOptions(clean=False, components=()))
    text = "POWERED BY X\nNội dung có 3 hộ."
    assert nlp(text).text == text


def test_empty_text(pipe) -> None:
    doc = pipe("")
    assert doc.text == ""
    assert list(doc.spans["figures"]) == []


def test_document_numbers_and_roman_numerals_are_not_entities(pipe) -> None:
    doc = pipe(
        "Theo công văn số 26-CV/HU của Ban Thường vụ Huyện ủy Cam Lộ khóa XII, huyện triển khai."
    )
    texts = {e.text for e in doc.ents}
    assert not texts & {"CV", "HU", "XII", "26-CV/HU"}
    assert any("Cam Lộ" in t for t in texts)


def test_fast_and_underthesea_taggers_build_the_same_doc(seed_paths: list[Path]) -> None:
    fast = load_pipeline(PipelineOptions(tagger="fast"))
    slow = load_pipeline(PipelineOptions(tagger="underthesea"))
    text = seed_paths[3].read_text(encoding="utf-8")
    a, b = fast(text), slow(text)
    assert [(t.text, t.tag_, t._.chunk, t.ent_iob_, t.ent_type_) for t in a] == [
        (t.text, t.tag_, t._.chunk, t.ent_iob_, t.ent_type_) for t in b
    ]
    assert [s._.figure for s in a.spans["figures"]] == [s._.figure for s in b.spans["figures"]]


def test_pipe_and_n_process_give_the_same_results(pipe, seed_paths: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seed_paths]
    single = [pipe(t) for t in texts]
    for docs in (list(pipe.pipe(texts)), list(pipe.pipe(texts, n_process=2, batch_size=2))):
        assert [d.text for d in docs] == [d.text for d in single]
        for d, s in zip(docs, single, strict=True):
            for key, attr in (
                ("figures", "figure"),
                ("models", "model"),
                ("initiatives", "initiative"),
            ):
                assert [x._.get(attr) for x in d.spans[key]] == [
                    x._.get(attr) for x in s.spans[key]
                ]
            assert [t._.chunk for t in d] == [t._.chunk for t in s]


def _views_agree(doc) -> None:
    from spacy.tokens import Doc

    from nlp.extract.common import DocView

    attached = DocView.from_doc(doc)
    # A copy of the Doc has no view attached: from_doc builds it from spaCy's tokens.
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
    rebuilt = DocView.from_doc(copy)
    assert rebuilt is not attached
    assert rebuilt == attached


def test_the_view_built_by_the_tokenizer_is_the_one_from_the_doc(pipe, seed_paths) -> None:
    for path in seed_paths:
        _views_agree(pipe(path.read_text(encoding="utf-8")))
    for text in (
        "",
        " ",
        "Một câu.",
        "\n\nTiêu đề\n\n  Đoạn một có 3 hộ.  Câu hai!\n\n\nĐoạn   hai (ba)\t…\n",
        unicodedata.normalize("NFD", "Huyện uỷ chỉ đạo công tác văn hoá.\nDòng hai"),
    ):
        _views_agree(pipe(text))


def test_a_retokenized_doc_gets_a_fresh_view(pipe) -> None:
    from nlp.extract.common import DocView

    doc = pipe("Huyện có 12 xã và 3 thị trấn.")
    before = DocView.from_doc(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    after = DocView.from_doc(doc)
    assert after.words[0].text == "Huyện có" and before.words[0].text == "Huyện"


def test_make_doc_is_the_doc_constructor_byte_for_byte(pipe, seed_paths) -> None:
    from spacy.tokens import Doc

    from nlp.tokenizer import _make_doc

    docs = [pipe(seed_paths[0].read_text(encoding="utf-8")), pipe("Ông Nguyễn Văn A tới Hà Nội.")]
    cases = []
    for doc in docs:
        ents = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ != "O" else "O" for t in doc]
        assert any(e != "O" for e in ents)
        cases.append(
            (
                [t.text for t in doc],
                [bool(t.whitespace_) for t in doc],
                [t.tag_ for t in doc],
                [t.pos_ for t in doc],
                [bool(t.is_sent_start) for t in doc],
                ents,
            )
        )
    cases.append(([], [], [], [], [], []))
    cases.append((["Một"], [False], ["M"], ["NUM"], [True], ["O"]))
    cases.append((["A", "\n\n", "B"], [True, False, False], ["Np", "_SP", "Np"],
                  ["PROPN", "SPACE", "PROPN"], [True, False, True], ["B-PER", "O", "B-LOC"]))  # fmt: skip
    for words, spaces, tags, pos, starts, ents in cases:
        expected = Doc(
            pipe.vocab,
            words=words,
            spaces=spaces,
            tags=tags,
            pos=pos,
            sent_starts=starts,
            ents=ents,
        )
        got = _make_doc(pipe.vocab, words, spaces, tags, pos, starts, ents)
        assert got.to_bytes() == expected.to_bytes()


def test_plain_sentences_fast_path_builds_the_word_by_word_doc(
    monkeypatch, pipe, seed_paths: list[Path]
) -> None:
    """Sentences whose words are apart by "" or one space fill the Doc's lists a column
    at a time: the same Doc, byte for byte, and the same chunks, as word by word; on
    texts with double spaces, tabs, line breaks, entities and one-word sentences."""
    import nlp.tokenizer

    texts = [
        seed_paths[0].read_text(encoding="utf-8"),
        "Ông Nguyễn Văn A tới Hà Nội.  Sáng 5/3,\tUBND tỉnh Quảng Nam họp.\n\nKết thúc.",
        "  Mở đầu.\nXong",
        "A. B. C.",
        "",
    ]
    tokenizer = pipe.tokenizer
    fast = tokenizer.docs(texts)
    monkeypatch.setattr(nlp.tokenizer, "_plain_gaps", lambda sentence, spans: False)
    slow = tokenizer.docs(texts)
    assert any(len(d) for d in fast)
    for a, b in zip(fast, slow, strict=True):
        assert a.to_bytes(exclude=["user_data"]) == b.to_bytes(exclude=["user_data"])
        assert a.user_data[nlp.tokenizer._CHUNKS_KEY] == b.user_data[nlp.tokenizer._CHUNKS_KEY]
