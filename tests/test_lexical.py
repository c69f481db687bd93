"""The IBM Model 1 translation model over sentencepiece pieces."""

from __future__ import annotations

import itertools
import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kobridge.align.features import lexical
from kobridge.align.features.lexical import LexicalModel
from kobridge.errors import InputError

# A made-up word-for-word "dictionary": the synthetic Korean puts the words in reverse order.
LEXICON = {
    "고양이": "cat", "강아지": "dog", "사과": "apple", "바다": "sea", "도시": "city", "학교": "school",
    "나무": "tree", "기차": "train", "의사": "doctor", "음악": "music", "창문": "window", "시장": "market",
    "다리": "bridge", "편지": "letter", "구름": "cloud", "농부": "farmer",
}  # fmt: skip
WORDS = sorted(LEXICON)


def _sentence(rng: random.Random) -> tuple[str, str]:
    ko = rng.sample(WORDS, rng.randint(3, 6))
    return " ".join(reversed(ko)), " ".join(LEXICON[w] for w in ko)


@pytest.fixture(scope="module")
def synthetic() -> LexicalModel:
    rng = random.Random(1)
    return LexicalModel.train([_sentence(rng) for _ in range(300)], vocab_size=60, corpus="synthetic")


def _scores(model: LexicalModel, ko: str, en: str) -> float:
    return model.score(model.encode(ko, "ko"), model.encode(en, "en"))


def test_true_pairs_outscore_false_ones(synthetic: LexicalModel) -> None:
    rng = random.Random(2)
    held_out = [_sentence(rng) for _ in range(40)]
    wins = 0
    for i, (ko, en) in enumerate(held_out):
        other_en = held_out[(i + 1) % len(held_out)][1]
        wins += _scores(synthetic, ko, en) > _scores(synthetic, ko, other_en)
    assert wins >= 38


def test_score_is_in_the_unit_interval_and_high_for_a_translation(synthetic: LexicalModel) -> None:
    score = _scores(synthetic, "농부 기차 고양이", "cat train farmer")
    assert 0.6 < score <= 1.0
    assert 0.0 <= _scores(synthetic, "농부 기차 고양이", "music window bridge") < 0.4


def test_bead_scorer_agrees_with_score_and_prefers_the_right_merge(synthetic: LexicalModel) -> None:
    ko = ["고양이 사과", "바다 도시", "음악 창문"]
    en = ["apple cat", "city sea music window"]  # the last two Korean sentences merged into one
    src = [synthetic.encode(s, "ko") for s in ko]
    tgt = [synthetic.encode(t, "en") for t in en]
    scorer = synthetic.bead_scorer(src, tgt)
    single = scorer.score_spans(np.array([0]), np.array([1]), np.array([0]), np.array([1]))
    assert single[0] == pytest.approx(synthetic.score(src[0], tgt[0]))
    two_one, one_one = scorer.score_spans(
        np.array([1, 1]), np.array([2, 1]), np.array([1, 1]), np.array([1, 1])
    )
    assert two_one > one_one


def _formula(model: LexicalModel, src: list[int], tgt: list[int]) -> float:
    """The score as the module documents it, computed piece by piece from the model's tables."""

    def table(direction: Any) -> dict[tuple[int, int], float]:
        rows = np.repeat(np.arange(len(direction.indptr) - 1), np.diff(direction.indptr))
        return {
            (int(r), int(c)): float(p) for r, c, p in zip(rows, direction.cols, direction.probs, strict=True)
        }

    def side(t: dict[tuple[int, int], float], given: list[int], explained: list[int], idf: Any) -> float:
        evidence = [math.log(max([0.01] + [t.get((g, e), 0.0) for g in given])) for e in explained]
        weights = [float(idf[e]) for e in explained]
        return sum(w * v for w, v in zip(weights, evidence, strict=True)) / sum(weights)

    fwd = side(table(model._fwd), src, tgt, model._idf["en"])
    bwd = side(table(model._bwd), tgt, src, model._idf["ko"])
    return 1 - (fwd + bwd) / (2 * math.log(0.01))


def test_bead_scores_follow_the_documented_formula(synthetic: LexicalModel) -> None:
    rng = random.Random(4)
    pairs = [_sentence(rng) for _ in range(8)]
    src = [synthetic.encode(ko, "ko") for ko, _ in pairs]
    tgt = [synthetic.encode(en, "en") for _, en in pairs]
    tgt[3] = synthetic.encode(pairs[5][1], "en")  # some beads are wrong ones
    scorer = synthetic.bead_scorer(src, tgt)
    for ss, sl, ts, tl in [
        (0, 1, 0, 1),
        (2, 2, 2, 1),
        (1, 1, 4, 3),
        (5, 3, 0, 2),
        (3, 1, 3, 1),
        (0, 1, 5, 1),
    ]:
        got = scorer.score_spans(np.array([ss]), np.array([sl]), np.array([ts]), np.array([tl]))[0]
        src_pieces = list(itertools.chain.from_iterable(src[ss : ss + sl]))
        expected = _formula(synthetic, src_pieces, list(itertools.chain.from_iterable(tgt[ts : ts + tl])))
        assert got == pytest.approx(expected, abs=0.004)  # evidence is kept in 255 levels


def test_cached_sums_do_not_change_scores(synthetic: LexicalModel) -> None:
    rng = random.Random(5)
    pairs = [_sentence(rng) for _ in range(6)]
    src = [synthetic.encode(ko, "ko") for ko, _ in pairs]
    tgt = [synthetic.encode(en, "en") for _, en in pairs]
    beads = [
        np.array(column)
        for column in zip(*[(0, 2, 0, 1), (1, 1, 1, 2), (3, 3, 2, 3), (2, 1, 2, 1)], strict=True)
    ]
    warm = synthetic.bead_scorer(src, tgt)
    warm.score_spans(np.arange(6), np.ones(6, dtype=int), np.arange(6), np.ones(6, dtype=int))
    cold = synthetic.bead_scorer(src, tgt)
    assert warm.score_spans(*beads).tolist() == cold.score_spans(*beads).tolist()


def test_batching_does_not_change_scores(synthetic: LexicalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(6)
    pairs = [_sentence(rng) for _ in range(12)]
    src = [synthetic.encode(ko, "ko") for ko, _ in pairs]
    tgt = [synthetic.encode(en, "en") for _, en in pairs]
    starts = np.arange(10)
    lengths = np.array([1, 2, 3, 1, 2, 1, 2, 1, 1, 2])
    whole = synthetic.bead_scorer(src, tgt).score_spans(starts, lengths, starts[::-1], np.ones(10, dtype=int))
    monkeypatch.setattr(lexical, "_MAX_ENTRIES", 7)  # a few pieces per batch
    batched = synthetic.bead_scorer(src, tgt).score_spans(
        starts, lengths, starts[::-1], np.ones(10, dtype=int)
    )
    assert batched.tolist() == whole.tolist()


def test_beads_with_an_empty_side_score_zero(synthetic: LexicalModel) -> None:
    scorer = synthetic.bead_scorer([synthetic.encode("고양이", "ko")], [synthetic.encode("cat", "en")])
    scores = scorer.score_spans(np.array([0, 0]), np.array([0, 1]), np.array([0, 0]), np.array([1, 0]))
    assert scores.tolist() == [0.0, 0.0]


def test_bad_spans_are_refused(synthetic: LexicalModel) -> None:
    scorer = synthetic.bead_scorer([synthetic.encode("고양이", "ko")], [synthetic.encode("cat", "en")])
    with pytest.raises(ValueError, match="outside"):
        scorer.score_spans(np.array([0]), np.array([2]), np.array([0]), np.array([1]))
    with pytest.raises(ValueError, match="same length"):
        scorer.score_spans(np.array([0]), np.array([1, 1]), np.array([0]), np.array([1]))


def test_save_and_load_round_trip(synthetic: LexicalModel, tmp_path: Path) -> None:
    path = tmp_path / "lexicon.npz"
    synthetic.save(path)
    loaded = LexicalModel.load(path)
    assert loaded.info["corpus"] == "synthetic"
    assert (loaded.src_lang, loaded.tgt_lang) == ("ko", "en")
    assert loaded.encode("고양이 바다", "ko") == synthetic.encode("고양이 바다", "ko")
    for ko, en in [("고양이 바다", "sea cat"), ("음악 나무", "city dog")]:
        # Probabilities are stored as float16: scores agree to about a byte of evidence.
        assert _scores(loaded, ko, en) == pytest.approx(_scores(synthetic, ko, en), abs=0.01)
    loaded.save(tmp_path / "again.npz")
    assert LexicalModel.load(tmp_path / "again.npz").score([3, 4], [5]) == loaded.score([3, 4], [5])


def test_load_refuses_missing_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.npz"):
        LexicalModel.load(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a model")
    with pytest.raises(InputError, match=r"junk\.npz: not a kobridge lexical model"):
        LexicalModel.load(junk)


def test_training_needs_pairs_and_iterations() -> None:
    with pytest.raises(ValueError, match="at least one"):
        LexicalModel.train([])
    with pytest.raises(ValueError, match="iterations"):
        LexicalModel.train([("고양이", "cat")], iterations=0)


def test_unknown_language_is_refused(synthetic: LexicalModel) -> None:
    with pytest.raises(ValueError, match="not 'de'"):
        synthetic.encode("Katze", "de")


def test_self_training_keeps_the_base_tokenizers(synthetic: LexicalModel) -> None:
    pairs = [("고양이 창문", "window cat"), ("창문 시장", "market window"), ("시장 고양이", "cat market")]
    tuned = LexicalModel.train(pairs, base=synthetic, iterations=3)
    assert tuned.encode("고양이 창문", "ko") == synthetic.encode("고양이 창문", "ko")
    assert tuned.info["self_trained_from"] == "synthetic"
    assert _scores(tuned, "고양이", "cat") > _scores(tuned, "고양이", "market")


def test_base_weight_mixes_the_base_tables_in(synthetic: LexicalModel) -> None:
    pairs = [("고양이 창문", "window cat"), ("창문 시장", "market window")]
    pure_base = LexicalModel.train(pairs, base=synthetic, base_weight=1.0)
    assert _scores(pure_base, "다리 구름", "cloud bridge") == pytest.approx(
        _scores(synthetic, "다리 구름", "cloud bridge")
    )
    own_only = LexicalModel.train(pairs, base=synthetic, base_weight=0.0)
    assert _scores(own_only, "다리 구름", "cloud bridge") < _scores(synthetic, "다리 구름", "cloud bridge")
    with pytest.raises(ValueError, match="base_weight"):
        LexicalModel.train(pairs, base=synthetic, base_weight=1.5)


def test_default_model_separates_a_news_translation() -> None:
    model = LexicalModel.load_default()
    assert model is LexicalModel.load_default()  # loaded once
    ko = model.encode("정부는 내년 예산을 크게 늘리기로 결정했다.", "ko")
    right = model.encode("The government decided to sharply increase next year's budget.", "en")
    wrong = model.encode("The striker scored twice as the home side won the match.", "en")
    assert model.score(ko, right) > model.score(ko, wrong) + 0.1
    assert "CC BY-SA" in model.info["corpus"]


def test_importing_does_not_load_the_default_model() -> None:
    code = (
        "import kobridge\nfrom kobridge.align.features import lexical\n"
        "assert lexical._load_default.cache_info().currsize == 0\n"
        "lexical.LexicalModel.load_default()\n"
        "assert lexical._load_default.cache_info().currsize == 1\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
