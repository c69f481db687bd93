"""The bilingual word list (``kobridge.align.features.wordlist``) and its channel in the aligner."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kobridge.align import align
from kobridge.align.features.wordlist import WordLexicon
from kobridge.errors import InputError
from kobridge.model import AlignParams

SMALL = WordLexicon(
    [("관세", ("tariff", "duty")), ("일자리", ("job",)), ("수출", ("export",)), ("세액공제", ("tax credit",))]
)


def _shared(lexicon: WordLexicon, ko: str, en: str) -> set[str]:
    return lexicon.keys(ko, "ko") & lexicon.keys(en, "en")


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        pytest.param("관세를 올렸다.", "It raised tariffs.", id="particle-and-plural"),
        pytest.param("일자리가 늘었다.", "Jobs grew.", id="subject-particle"),
        pytest.param("수출은 줄었다.", "Exporting fell.", id="topic-particle-and-ing"),
        pytest.param("세액공제를 받는다.", "They get tax credits.", id="phrase"),
    ],
)
def test_korean_stems_with_particles_match_english_forms(ko: str, en: str) -> None:
    assert _shared(SMALL, ko, en)


@pytest.mark.parametrize(
    ("ko", "en", "entry"),
    [
        pytest.param("관세", "tariffs", True, id="plural"),
        pytest.param("세액공제", "Tax Credits", True, id="phrase"),
        pytest.param("관세", "tariff hike", False, id="longer-english"),
        pytest.param("관세를", "tariff", False, id="korean-not-the-whole-stem"),
        pytest.param("관세", "job", False, id="another-entry's-form"),
    ],
)
def test_a_pair_is_an_entry_only_as_a_whole(ko: str, en: str, entry: bool) -> None:
    assert SMALL.is_entry(ko, en) is entry
    assert SMALL.has_stem(ko) is (ko in ("관세", "세액공제"))


def test_unrelated_words_do_not_match() -> None:
    assert not _shared(SMALL, "관세를 올렸다.", "Exports fell.")
    assert SMALL.keys("세관에 갔다.", "ko") == set()


def test_the_shipped_news_lexicon_loads_and_matches_news_words() -> None:
    lexicon = WordLexicon.load_default()
    assert len(lexicon) >= 300
    shared = _shared(lexicon, "정부는 관세 면제를 발표했다.", "The government announced a tariff exemption.")
    assert len(shared) >= 4  # government, tariff, exemption, announce


def test_load_reads_a_tab_separated_file(tmp_path: Path) -> None:
    path = tmp_path / "words.tsv"
    path.write_text("# comment\nko\ten\n협회\tassociation\n관세\ttariff|duty\n", encoding="utf-8")
    lexicon = WordLexicon.load(path)
    assert len(lexicon) == 2
    assert _shared(lexicon, "협회는", "the association")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param("관세 tariff", "expected 2 tab-separated fields", id="no-tab"),
        pytest.param("세\ttax", "at least two", id="one-syllable"),
        pytest.param("관세\t | ", "no English form", id="no-form"),
    ],
)
def test_load_reports_bad_lines_with_path_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"ko\ten\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        WordLexicon.load(path)
    assert str(caught.value).startswith(f"{path}:2: ")


def test_the_word_list_decides_which_sentence_was_left_out() -> None:
    ko = ["관세가 올랐다 오늘.", "일자리가 늘었다 오늘.", "수출이 줄었다 오늘."]
    en = ["Tariffs rose today.", "Exports fell today."]
    params = dataclasses.replace(AlignParams(), features=("length", "words"))
    beads = align(ko, en, params=params, word_lexicon=SMALL)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
