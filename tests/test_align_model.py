"""The learned bead model: planted merges, omissions, additions and swaps come out right,
confidences rank wrong beads low, and the model file is data with a digest.

The documents are made here from the samples' own 1-1 sentence pairs (the shipped lexicon and
bead model never saw them), perturbed as a translator's work departs from 1-1.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import numpy as np
import pytest

from kobridge.align import align, default_params
from kobridge.align.beadmodel import BeadModel, load_model
from kobridge.align.engine import make_problem
from kobridge.align.evaluate import read_beads
from kobridge.align.features.lexical import LexicalModel
from kobridge.align.length import LengthModel
from kobridge.align.training import (
    Example,
    Rates,
    batches,
    example,
    layout,
    negative_log_likelihood,
    synthetic_document,
)
from kobridge.io import read_text
from kobridge.pipeline import make_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _pairs(name: str) -> list[tuple[str, str]]:
    """The sample's 1-1 sentence pairs, in order."""
    ko = make_document(read_text(SAMPLES / f"{name}.ko.txt"), "ko")
    en = make_document(read_text(SAMPLES / f"{name}.en.txt"), "en")
    return [
        (ko.sentences[b.src[0]].text, en.sentences[b.tgt[0]].text)
        for b in read_beads(SAMPLES / f"{name}.gold")
        if len(b.src) == 1 and len(b.tgt) == 1
    ]


PAIRS = _pairs("battery-forum")
OTHER = _pairs("ess-ampc")


def _beads(ko: list[str], en: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.src, b.tgt) for b in align(ko, en)]


def test_a_merge_on_either_side_is_found() -> None:
    ko = [s for s, _ in PAIRS[:8]]
    en = [t for _, t in PAIRS[:8]]
    merged_en = [*en[:3], f"{en[3]} {en[4]}", *en[5:]]
    assert ((3, 4), (3,)) in _beads(ko, merged_en)
    merged_ko = [*ko[:3], f"{ko[3]} {ko[4]}", *ko[5:]]
    assert ((3,), (3, 4)) in _beads(merged_ko, en)


def test_an_omission_and_an_addition_from_another_article_are_left_unpaired() -> None:
    ko = [s for s, _ in PAIRS[:10]]
    en = [t for _, t in PAIRS[:10]]
    without = en[:4] + en[5:]
    assert ((4,), ()) in _beads(ko, without)
    added = [*en[:6], OTHER[3][1], *en[6:]]
    assert ((), (6,)) in _beads(ko, added)


def test_adjacent_sentences_swapped_on_one_side_make_a_two_two_bead() -> None:
    ko = [s for s, _ in PAIRS[:8]]
    en = [t for _, t in PAIRS[:8]]
    swapped = [*en[:4], en[5], en[4], *en[6:]]
    assert ((4, 5), (4, 5)) in _beads(ko, swapped)


def test_perturbed_documents_align_mostly_right_and_the_wrong_beads_are_the_least_confident() -> None:
    rng = random.Random(11)
    rates = Rates(merge2=0.12, merge3=0.03, omit=0.06, insert=0.06, swap=0.04)
    right: list[float] = []
    wrong: list[float] = []
    for start in range(0, len(PAIRS) - 10, 3):
        doc = synthetic_document(PAIRS[start : start + 12], OTHER, rates, rng)
        gold = {(b.src, b.tgt) for b in doc.gold}
        for bead in align(list(doc.src), list(doc.tgt)):
            (right if (bead.src, bead.tgt) in gold else wrong).append(bead.score)
    assert len(right) >= 9 * len(wrong)
    if wrong:
        assert sum(wrong) / len(wrong) < sum(right) / len(right) - 0.2


def test_the_model_digest_is_in_the_settings_signature() -> None:
    digest = load_model().digest
    assert len(digest) == 12
    assert f"|model:{digest}|" in default_params("ko", "en").signature("0.0")
    assert default_params("de", "fr").signature("0.0").startswith(f"profile:generic|model:{digest}|")


def test_a_model_file_of_ones_own_is_used_and_a_changed_weight_changes_the_digest(tmp_path: Path) -> None:
    shipped = json.loads((ROOT / "src/kobridge/data/bead-model.json").read_text(encoding="utf-8"))
    # Make omissions free: every Korean sentence is then left out, and every English one added.
    shipped["sets"]["ko-en"]["groups"]["1-0"] = {"bias": -50.0}
    shipped["sets"]["ko-en"]["groups"]["0-1"] = {"bias": -50.0}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(shipped), encoding="utf-8")
    model = BeadModel.load(path)
    assert model.digest != load_model().digest
    ko = [s for s, _ in PAIRS[:4]]
    en = [t for _, t in PAIRS[:4]]
    assert all(not b.src or not b.tgt for b in align(ko, en, model=model))
    params = dataclasses.replace(default_params("ko", "en"), model=str(path))
    assert all(not b.src or not b.tgt for b in align(ko, en, params=params))


@pytest.mark.parametrize(
    "content",
    [b"", b"{}", b'{"format": 99, "sets": {}}', b'{"format": 1, "sets": {"ko-en": {"groups": 3}}}', b"\xff"],
)
def test_a_file_that_is_not_a_bead_model_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="not a kobridge bead model"):
        BeadModel.load(path)


def _examples() -> list[Example]:
    rng = random.Random(3)
    params = default_params("ko", "en")
    lexicon = LexicalModel.load_default()
    out = []
    for start in range(0, 12, 4):
        doc = synthetic_document(PAIRS[start : start + 8], OTHER, Rates(merge2=0.3, omit=0.1), rng)
        problem = make_problem(
            doc.src,
            doc.tgt,
            "ko",
            "en",
            params,
            src_par=np.zeros(len(doc.src), dtype=np.int64),
            tgt_par=np.zeros(len(doc.tgt), dtype=np.int64),
            lexicon=lexicon,
        )
        length = LengthModel.estimate(
            np.diff(problem.src_cum), np.diff(problem.tgt_cum), variance=6.0, tail=4.0
        )
        out.append(example(problem, doc.gold, 3, length))
    return out


def test_the_training_gradient_is_the_derivative_of_the_likelihood() -> None:
    examples = _examples()
    groups = layout(examples)
    blocks = batches(examples, size=2)
    size = sum(len(f) for f in groups.values())
    theta = np.random.default_rng(0).normal(0.0, 0.3, size)
    _, grad = negative_log_likelihood(theta, blocks, groups, 0.01)
    for k in (0, size // 3, size - 1):
        step = np.zeros(size)
        step[k] = 1e-6
        plus, _ = negative_log_likelihood(theta + step, blocks, groups, 0.01)
        minus, _ = negative_log_likelihood(theta - step, blocks, groups, 0.01)
        assert grad[k] == pytest.approx((plus - minus) / 2e-6, rel=1e-3, abs=1e-4)


def test_the_training_documents_keep_every_sentence_once_and_record_what_was_done() -> None:
    rng = random.Random(5)
    rates = Rates(merge2=0.2, merge3=0.1, omit=0.1, insert=0.1, swap=0.1, move=0.5)
    for start in range(0, len(PAIRS) - 12, 2):
        doc = synthetic_document(PAIRS[start : start + 12], OTHER, rates, rng, paragraphs=True)
        assert [i for b in doc.gold for i in b.src] == list(range(len(doc.src)))
        assert [j for b in doc.gold for j in b.tgt] == list(range(len(doc.tgt)))
        # Merges join a side's sentences with a space; nothing else is changed or lost.
        source = " ".join(s for s, _ in PAIRS[start : start + 12])
        for i in range(len(doc.src)):
            assert doc.src[i] in source or doc.src[i] in {s for s, _ in OTHER}
