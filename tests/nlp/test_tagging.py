"""nlp.tagging.ner must return exactly what underthesea.ner returns, alone and in batches."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.clean import clean_text
from nlp.crf import CRFModel, ModelFormatError
from nlp.crf_features import FeatureBatch
from nlp.tagging import _VERIFIED_RE, default_tagger, ner, segment, sentence_spans

ROOT = Path(__file__).resolve().parents[2]
DEVSET_TEXTS = ROOT.parent / "shared" / "devset" / "texts"


@pytest.fixture(scope="module")
def reference():
    from underthesea import ner as underthesea_ner

    return underthesea_ner


@pytest.fixture(scope="module")
def corpus_sentences(seed_paths: list[Path]) -> list[str]:
    out = []
    for path in seed_paths:
        text = clean_text(path.read_text(encoding="utf-8"))
        out += [text[a:b] for a, b in sentence_spans(text)]
    return out


def _as_tuples(tagged) -> list[tuple]:
    return [tuple(t) for t in tagged]


def test_identical_on_every_corpus_sentence(reference, corpus_sentences: list[str]) -> None:
    assert len(corpus_sentences) > 150
    expected = [_as_tuples(reference(s)) for s in corpus_sentences]
    for sentence, want in zip(corpus_sentences, expected, strict=True):
        assert ner(sentence) == want, sentence
    # The pipeline tags a whole text in one batch: same tags, sentence for sentence.
    assert default_tagger().tag_many(corpus_sentences) == expected


def test_identical_on_every_devset_sentence(reference) -> None:
    if not DEVSET_TEXTS.is_dir():
        pytest.skip(f"dev set not found at {DEVSET_TEXTS} (reference data outside the repo)")
    tagger = default_tagger()
    n = 0
    for path in sorted(DEVSET_TEXTS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8"))
        sentences = [text[a:b] for a, b in sentence_spans(text)]
        got = tagger.tag_many(sentences)
        for sentence, tagged in zip(sentences, got, strict=True):
            assert tagged == _as_tuples(reference(sentence)), (path.name, sentence)
        n += len(sentences)
    assert n > 500


def _hard_sentences(corpus_sentences: list[str]) -> list[str]:
    rng = random.Random(20261121)
    vocab = sorted({w for s in corpus_sentences for w in s.split()})
    fixed = [
        "",
        " ",
        "   ",
        ".",
        "...",
        "“”",
        "1",
        "A",
        "a",
        "12,5% 285.197 1.744 16/19 2015-2020 09:14 25/1/2016 3x4 43H-0530 H5N1 v.v... ==> -- >>",
        "!!! ??? ;;; ::: ,,, ((( ))) --- ___ *** ### @@@ $$$ %%% ^^^ &&&",
        "HUYỆN ỦY CAM LỘ TỔ CHỨC HỘI NGHỊ TỔNG KẾT CÔNG TÁC NĂM 2023",
        "huyện ủy cam lộ tổ chức hội nghị tổng kết công tác năm 2023",
        "HuYệN Ủy CaM lỘ tỔ cHứC hỘi NgHị",
        "Công ty Apple và Google hợp tác với Samsung Electronics tại Seoul, Korea.",
        "The quick brown fox jumps over the lazy dog; Le renard brun saute par-dessus le chien.",
        "Email: abc@xyz.vn, web http://baonghean.vn/abc-123.html, ĐT 0233.3852.123.",
        "ǅ İ ß Ⅻ ² ٣ ① ÐÔ ð Ð ﬁ № ™ € £ ¥ ° ± × ÷ µ",
        "Ông Nguyễn Văn A (SN 1980, trú tại xã B) cho biết: “Gia đình tôi có 3 ha lúa”.",
        "a" * 300,
        "Ⅻ 1 ² (",
    ]
    long = " ".join(rng.choice(vocab) for _ in range(400))
    generated = []
    for _ in range(150):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 40))]
        mode = rng.random()
        if mode < 0.2:
            words = [w.upper() for w in words]
        elif mode < 0.4:
            words = [w.title() for w in words]
        elif mode < 0.5:
            words = [w + rng.choice(",.;:!?%") for w in words]
        generated.append(" ".join(words))
    return [*fixed, long, *generated]


def test_identical_on_generated_hard_sentences(reference, corpus_sentences: list[str]) -> None:
    sentences = _hard_sentences(corpus_sentences)
    expected = [_as_tuples(reference(s)) for s in sentences]
    for sentence, want in zip(sentences, expected, strict=True):
        assert ner(sentence) == want, sentence[:120]
    assert default_tagger().tag_many(sentences) == expected
    # Empty sentences between others, and the segmentation alone.
    mixed = ["", *sentences[20:40], " ", *sentences[-5:], ""]
    assert default_tagger().tag_many(mixed) == [_as_tuples(reference(s)) for s in mixed]
    from underthesea import word_tokenize

    assert default_tagger().segment_many(sentences) == [word_tokenize(s) for s in sentences]


_ALPHABET = st.sampled_from(
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY0123456789")
    + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    + list("ÀÁẢÃẠỀẾỂỄỆÒÓỎÕỌỪỨỬỮỰ")
    + list(" .,;:!?()“”\"'-–/%…")
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_identical_on_random_text(reference, text: str) -> None:
    assert ner(text) == reference(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=80), max_size=8))
def test_batches_of_random_text(reference, texts: list[str]) -> None:
    assert default_tagger().tag_many(texts) == [_as_tuples(reference(t)) for t in texts]


def test_pos_tag_chunk_and_word_tokenize_agree(corpus_sentences: list[str]) -> None:
    from underthesea import chunk, pos_tag, word_tokenize

    tagger = default_tagger()
    sentences = corpus_sentences[::7]
    text = "\n".join(sentences)
    assert segment(text) == [w for s in sentences for w in word_tokenize(s)]
    for sentence, tagged in zip(sentences, tagger.tag_many(sentences), strict=True):
        assert [(w, p) for w, p, _, _ in tagged] == [tuple(t) for t in pos_tag(sentence)]
        assert [(w, p, c) for w, p, c, _ in tagged] == [tuple(t) for t in chunk(sentence)]


def _verified_characters() -> list[str]:
    return [
        chr(c)
        for c in range(0x10FFFF + 1)
        if c < 0x3000 and _VERIFIED_RE.match(chr(c)) is None and not chr(c).isspace()
    ]


def test_python_featurizer_equals_rust_on_every_verified_character() -> None:
    """The word-segmentation features are computed in Python only for sentences whose
    characters all lie in _VERIFIED_RE's ranges; on those, the attribute ids (in feature
    order, which is the order of the sums) must be the ones of the Rust featurizer."""
    tagger = default_tagger()
    features = tagger._ws_features
    chars = _verified_characters()
    assert len(chars) > 900
    for i in range(0, len(chars), 50):
        batch = chars[i : i + 50]
        tokens = [
            *batch,
            *(c + "b" for c in batch),
            *("A" + c for c in batch),
            *(c * 2 for c in batch),
            "Hội",
            "nghị",
            "1",
        ]
        ours = features.ids(
            FeatureBatch(
                [len(tokens)],
                {"token": tokens},
                pad=features.pad,
                flavour="rust",
                dictionary=tagger._ws_dictionary,
            )
        )
        assert np.array_equal(ours, tagger._rust_ws_ids(tokens)), batch


def test_unverified_characters_take_the_rust_path(reference) -> None:
    sentence = "Hội nghị ở 東京 và Москва có ① 15 đại biểu"
    assert _VERIFIED_RE.search(sentence)
    assert ner(sentence) == reference(sentence)
    others = ["Thứ nhất, đổi mới công tác cán bộ.", sentence, "Năm 2023, huyện đạt 16/19 chỉ tiêu."]
    assert default_tagger().tag_many(others) == [_as_tuples(reference(s)) for s in others]


# --- the decoder against underthesea_core on models built to tie -------------------------


def _cqdb(strings: list[str]) -> bytes:
    """A CQDB holding ``strings`` with ids 0.. (no hash tables: readers here use the
    backward array only)."""
    header_size = 24 + 256 * 8
    records = b""
    offsets = []
    for n, text in enumerate(strings):
        key = text.encode() + b"\0"
        offsets.append(header_size + len(records))
        records += struct.pack("<II", n, len(key)) + key
    bwd_offset = header_size + len(records)
    size = bwd_offset + 4 * len(strings)
    head = struct.pack("<4s5I", b"CQDB", size, 0, 0x62445371, len(strings), bwd_offset)
    return head + b"\0" * (256 * 8) + records + struct.pack(f"<{len(strings)}I", *offsets)


def _write_model(path: Path, labels, attributes, state, transitions) -> None:
    """A crfsuite model file: state[(attr, label)] and transitions[(from, to)] weights."""
    features = [(0, a, y, w) for (a, y), w in state.items()]
    features += [(1, i, j, w) for (i, j), w in transitions.items()]
    feat = struct.pack("<4sII", b"FEAT", 12 + 20 * len(features), len(features))
    feat += b"".join(struct.pack("<IIId", *f) for f in features)
    off_feat = 48
    off_labels = off_feat + len(feat)
    label_db = _cqdb(labels)
    off_attrs = off_labels + len(label_db)
    attr_db = _cqdb(attributes)
    end = off_attrs + len(attr_db)
    header = struct.pack(
        "<4sI4s9I", b"lCRF", end, b"FOMC", 100, 0, len(labels), len(attributes),
        off_feat, off_labels, off_attrs, end, end,
    )  # fmt: skip
    path.write_bytes(header + feat + label_db + attr_db)


def _ours(model: CRFModel, sequences: list[list[list[str]]]) -> list[list[str]]:
    ids = model.attribute_ids()
    n_feat = max([1, *(len(row) for seq in sequences for row in seq)])
    columns = [
        [[ids.get(f, model.miss) for f in row] + [model.miss] * (n_feat - len(row)) for row in seq]
        for seq in sequences
        if seq
    ]
    flat = np.array([row for seq in columns for row in seq], dtype=np.intp).reshape(-1, n_feat)
    decoded = model.decode(model.emissions(flat.T), [len(seq) for seq in sequences])
    out, start = [], 0
    for seq in sequences:
        out.append([model.labels[k] for k in decoded[start : start + len(seq)]])
        start += len(seq)
    return out


def test_decoder_breaks_ties_as_underthesea_core(tmp_path: Path) -> None:
    from underthesea_core import CRFTagger

    labels = ["A", "B", "C", "D"]
    attributes = ["a", "b", "c", "d", "e", "tiny"]
    rng = random.Random(7)
    # Few distinct weights, so many paths tie exactly; 0.1/0.2/0.3 make the order of the
    # additions matter ((0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)).
    pool = [0.0, 0.1, 0.2, 0.3, 1.0, -1.0, 0.5]
    state = {(a, y): rng.choice(pool) for a in range(5) for y in range(4)}
    state[(5, 0)] = 1e-11  # dropped on load by underthesea_core: |w| <= 1e-10
    transitions = {(i, j): rng.choice(pool) for i in range(4) for j in range(4)}
    path = tmp_path / "ties.crfsuite"
    _write_model(path, labels, attributes, state, transitions)
    rust = CRFTagger()
    rust.load(str(path))
    model = CRFModel.load(path)
    assert model.labels == tuple(labels)
    assert model.state[5, 0] == 0.0
    sequences = []
    for _ in range(400):
        n = rng.randint(0, 12)
        sequences.append(
            [
                rng.sample(["a", "b", "c", "d", "e", "tiny", "unknown"], rng.randint(0, 4))
                for _ in range(n)
            ]
        )
    sequences += [[[]] * 5, [["a", "a"], ["b"]], [["tiny"]] * 3]
    expected = [list(rust.tag(seq)) if seq else [] for seq in sequences]
    assert _ours(model, sequences) == expected  # all in one batch
    for seq, want in zip(sequences[:60], expected[:60], strict=True):
        assert _ours(model, [seq]) == [want]


@pytest.mark.parametrize("n_labels", [2, 3, 4, 9])
def test_one_sentence_decoders_break_ties_as_underthesea_core(
    tmp_path: Path, n_labels: int
) -> None:
    """One sentence is decoded apart (plain Python up to three labels, else a small numpy
    step per token): the same labels as underthesea_core, ties included."""
    from underthesea_core import CRFTagger

    labels = [f"L{k}" for k in range(n_labels)]
    attributes = ["a", "b", "c", "d"]
    rng = random.Random(n_labels)
    pool = [0.0, 0.1, 0.2, 0.3, 1.0, -1.0]
    state = {(a, y): rng.choice(pool) for a in range(4) for y in range(n_labels)}
    transitions = {(i, j): rng.choice(pool) for i in range(n_labels) for j in range(n_labels)}
    path = tmp_path / "ties.crfsuite"
    _write_model(path, labels, attributes, state, transitions)
    rust = CRFTagger()
    rust.load(str(path))
    model = CRFModel.load(path)
    for _ in range(300):
        seq = [
            rng.sample(["a", "b", "c", "d", "unknown"], rng.randint(0, 3))
            for _ in range(rng.randint(1, 15))
        ]
        assert _ours(model, [seq]) == [list(rust.tag(seq))], seq


def test_emissions_gathered_at_once_equal_row_by_row_to_the_bit(
    monkeypatch, corpus_sentences: list[str]
) -> None:
    """Short inputs sum their feature rows in one numpy reduction: the same floats, bit for
    bit, as adding one row at a time (so near-ties go the same way)."""
    import nlp.crf

    tagger = default_tagger()
    tagged = [t for t in tagger.tag_many(corpus_sentences[:60]) if t]
    flat = [word for sentence in tagged for word in sentence]
    word, pos, chunk, _ = (list(column) for column in zip(*flat, strict=True))
    batch = FeatureBatch(
        [len(t) for t in tagged],
        {"word": word, "pos": pos, "chunk": chunk, "x": ["X"] * len(flat)},
        pad=3,
    )
    for features, model in (
        (tagger._pos_features, tagger.pos_model),
        (tagger._ner_features, tagger.ner_model),
    ):
        ids = features.ids(batch)[:, :500]
        monkeypatch.setattr(nlp.crf, "_GATHER_TOKENS", 10**9)
        gathered = model.emissions(ids)
        monkeypatch.setattr(nlp.crf, "_GATHER_TOKENS", 0)
        by_row = model.emissions(ids)
        assert gathered.view(np.uint64).tolist() == by_row.view(np.uint64).tolist()


def test_model_arrays_match_underthesea_core_scores() -> None:
    """On the shipped NER model, the best path's score from our arrays is the one
    underthesea_core reports, to the last bit."""
    from underthesea_core import CRFTagger

    tagger = default_tagger()
    model = tagger.ner_model
    rust = CRFTagger()
    rust.load(str(model.path))
    ids = model.attribute_ids()
    rng = random.Random(3)
    attrs = list(model.attributes)
    for _ in range(50):
        seq = [rng.sample(attrs, 8) for _ in range(rng.randint(1, 10))]
        labels, score = rust.tag_with_score(seq)
        y = [model.labels.index(lab) for lab in labels]
        emissions = model.emissions(np.array([[ids[f] for f in row] for row in seq]).T)
        total = emissions[0, y[0]]
        for t in range(1, len(y)):
            total = total + model.transitions[y[t - 1], y[t]] + emissions[t, y[t]]
        assert _ours(model, [seq]) == [list(labels)]
        assert total == pytest.approx(score, rel=1e-12)


def test_not_a_model_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a crfsuite model at all, just some bytes" * 3)
    with pytest.raises(ModelFormatError, match=r"bad\.bin"):
        CRFModel.load(bad)
    short = tmp_path / "short.bin"
    short.write_bytes(b"lCRF")
    with pytest.raises(ModelFormatError, match=r"short\.bin"):
        CRFModel.load(short)


def test_long_inputs_are_tagged_in_bounded_batches(monkeypatch, corpus_sentences) -> None:
    import nlp.tagging

    tagger = default_tagger()
    sentences = corpus_sentences[:40]
    whole = tagger.tag_many_with_spans(sentences)
    monkeypatch.setattr(nlp.tagging, "BATCH_CHARS", 300)
    calls = []
    real = tagger._tag_batch
    monkeypatch.setattr(tagger, "_tag_batch", lambda batch: calls.append(len(batch)) or real(batch))
    assert tagger.tag_many_with_spans(sentences) == whole
    assert len(calls) > 5 and sum(calls) == len(sentences)


def test_title_flags_are_the_featurizers_istitle() -> None:
    from nlp.crf_features import _py_title, _rust_title, title_flags

    rng = random.Random(11)
    chars = [chr(c) for c in range(0x20, 0x2100)] + [" "] * 60 + ["ß", "ǅ", "İ", "Ⅻ", "ĸ"]
    for _ in range(1500):
        words = [
            "".join(rng.choice(chars) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(1, 20))
        ]
        assert title_flags(words, "python").tolist() == [_py_title(w) for w in words], words
        assert title_flags(words, "rust").tolist() == [_rust_title(w) for w in words], words


@pytest.mark.parametrize("limit", [None, 30])
def test_column_memo_gives_the_rows_of_the_long_way(
    monkeypatch, corpus_sentences: list[str], limit: int | None
) -> None:
    """One-token and window groups' rows come from a memo filled batch after batch (values
    seen before, values new to it, odd ones among them; with a small limit, generation
    after generation): the same attribute ids as computing every group's values over the
    batch, and the same from threads filling it at once."""
    from concurrent.futures import ThreadPoolExecutor

    from nlp.crf_features import _ColumnMemo

    if limit is not None:
        monkeypatch.setattr(_ColumnMemo, "LIMIT", limit)

    tagger = default_tagger()
    odd = ["BOS", "EOS", "X", "ǅa", "ßa", "１２", "12", "Ⅻ", "(", "hội", "Hội", "HỘI", "đ"]
    sentences = [tagger.tokens(s) for s in corpus_sentences[:120]]
    batches = [sentences[:40], [*sentences[30:80], odd], [odd, *sentences[80:]], [odd]]

    def ids(features, tokens: list[list[str]], column: str, memo: bool, **kw) -> np.ndarray:
        batch = FeatureBatch(
            [len(t) for t in tokens], {column: [w for t in tokens for w in t]}, **kw
        )
        saved = features.memos
        if not memo:
            features.memos = ()
        try:
            return features.ids(batch)
        finally:
            features.memos = saved

    ws = {"pad": tagger._ws_features.pad, "flavour": "rust", "dictionary": tagger._ws_dictionary}
    pos = tagger._pos_features
    assert tagger._ws_features.memos and pos.memos
    assert {w for m in tagger._ws_features.memos for w in m.wide} == {2, 3}
    for tokens in batches:
        tokens = [t for t in tokens if t]
        expected = ids(tagger._ws_features, tokens, "token", False, **ws)
        assert np.array_equal(ids(tagger._ws_features, tokens, "token", True, **ws), expected)
        # POS reads words and the "x" column; words are tokens here, which is enough.
        words = {"word": [w for t in tokens for w in t]}
        x = ["X"] * len(words["word"])
        both = [
            FeatureBatch([len(t) for t in tokens], {**words, "x": x}, pad=tagger._word_pad)
            for _ in range(2)
        ]
        saved = pos.memos
        pos.memos = ()
        plain = pos.ids(both[0])
        pos.memos = saved
        assert np.array_equal(pos.ids(both[1]), plain)

    fresh = [[f"{w}{k}" for w in t] for k in range(8) for t in sentences[:10] if t]
    expected = [ids(tagger._ws_features, [t], "token", False, **ws) for t in fresh]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: ids(tagger._ws_features, [t], "token", True, **ws), fresh))
    assert all(np.array_equal(g, e) for g, e in zip(got, expected, strict=True))


def _reference_tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns, tokenize

    spans = [m.span() for m in patterns.finditer(normalize_characters_in_text(text))]
    return tokenize(text), spans


_TOKEN_EDGE_CASES = [
    "Th Sơn",  # "Th.S" is written with an unescaped dot: it matches across a space
    "ông Th\tSáu",
    "Th\nS",
    "ThS. Nguyễn Văn A",
    "UBND. X",  # an abbreviation's dot, except at the end of the text
    "UBND.",
    "UBND.\n",
    "UBND. \n",
    "liên hệ a.b@c.vn hoặc www.quangnam.gov.vn/ và http://x.vn/a(b)",
    "xã N’Thôn Hạ, H'Mông, H&M, T.Ư, NĐ-CP, 43H-0530, 1.600m-2.000m",
    "v.v... v.v. v.v => == -> >> :D :)) <3",
    "  hai  khoảng\u00a0trắng \u2003 ",
    "ngày 02/05/2014, lúc 10:20:50; 4.123,2 và 100,000,000",
    "This Thiss ThaS",
]


@pytest.mark.parametrize("text", _TOKEN_EDGE_CASES)
def test_tokens_and_spans_are_underthesea_regex_tokenize(text: str) -> None:
    tokens, spans = default_tagger()._tokens(text)
    assert (tokens, spans) == _reference_tokens(text)


_REGEX_ALPHABET = st.sampled_from(
    list("ThSsDvVuUxXaăđĐơƯ0129") + list(" \t\n\u00a0.,:;@&'’-=>()/%")
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_REGEX_ALPHABET, max_size=40))
def test_chunked_tokenization_is_underthesea_regex_tokenize(text: str) -> None:
    tokens, spans = default_tagger()._tokens(text)
    assert (tokens, spans) == _reference_tokens(text)
