"""nlp.tagging.ner must return exactly what underthesea.ner returns."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.clean import clean_text
from nlp.crf_features import rows
from nlp.tagging import _VERIFIED_RE, default_tagger, ner, sentence_spans


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


def test_identical_on_every_corpus_sentence(reference, corpus_sentences: list[str]) -> None:
    assert len(corpus_sentences) > 150
    for sentence in corpus_sentences:
        assert ner(sentence) == reference(sentence), sentence


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
    for sentence in _hard_sentences(corpus_sentences):
        assert ner(sentence) == reference(sentence), sentence[:120]


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


def _verified_characters() -> list[str]:
    return [
        chr(c)
        for c in range(0x10FFFF + 1)
        if c < 0x3000 and _VERIFIED_RE.match(chr(c)) is None and not chr(c).isspace()
    ]


def test_python_featurizer_equals_rust_on_every_verified_character() -> None:
    """The word-segmentation features are computed in Python only for sentences whose
    characters all lie in _VERIFIED_RE's ranges; on those, Python must equal Rust."""
    tagger = default_tagger()
    chars = _verified_characters()
    assert len(chars) > 900
    for i in range(0, len(chars), 50):
        batch = chars[i : i + 50]
        tokens = [
            *batch,
            *(c + "b" for c in batch),
            *("A" + c for c in batch),
            *(c * 2 for c in batch),
        ]
        ours = rows(
            tagger._ws_templates, [tokens], flavour="rust", dictionary=tagger._ws_dictionary
        )
        rust = tagger._ws_rust.process([[[t] for t in tokens]])[0]
        assert [sorted(r) for r in ours] == [sorted(r) for r in rust], batch


def test_unverified_characters_take_the_rust_path(reference) -> None:
    sentence = "Hội nghị ở 東京 và Москва có ① 15 đại biểu"
    assert _VERIFIED_RE.search(sentence)
    assert ner(sentence) == reference(sentence)
