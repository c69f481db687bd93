"""The search machinery: the banded DP, similarity channels on a band, coarsening, profiles."""

from __future__ import annotations

import numpy as np
import pytest

from kobridge.align import align, default_params
from kobridge.align.band import band_around
from kobridge.align.dp import INVALID, Band, full_band, search
from kobridge.align.similarity import SparseBags, pairwise_on_band

BAGS_SRC = [{"a": 1.0, "b": 2.0}, {"c": 1.0}, {}, {"a": 0.5, "d": 1.0}]
BAGS_TGT = [{"a": 1.0}, {"b": 1.0, "c": 3.0}, {"d": 2.0}]


def _dense(src: list[dict[str, float]], tgt: list[dict[str, float]]) -> np.ndarray:
    return np.array([[sum(w * t.get(k, 0.0) for k, w in s.items()) for t in tgt] for s in src])


def test_pairwise_on_band_equals_dense_dot_products_inside_the_band() -> None:
    vocabulary: dict[str, int] = {}
    src = SparseBags.build(BAGS_SRC, vocabulary)
    tgt = SparseBags.build(BAGS_TGT, vocabulary)
    dense = _dense(BAGS_SRC, BAGS_TGT)
    full = pairwise_on_band(src, tgt, np.zeros(4, dtype=np.int64), 3)
    assert np.allclose(full.values, dense)
    lo = np.array([0, 0, 1, 1], dtype=np.int64)
    narrow = pairwise_on_band(src, tgt, lo, 2)
    rows = np.arange(4)[:, None]
    cols = np.arange(3)[None, :]
    inside = (cols >= lo[:, None]) & (cols < lo[:, None] + 2)
    assert np.allclose(narrow.gather(rows, cols), np.where(inside, dense, 0.0))
    assert np.allclose(src.norm2, [5.0, 1.0, 0.0, 1.25])


def test_merged_bags_sum_groups_and_drop_common_keys() -> None:
    vocabulary: dict[str, int] = {}
    src = SparseBags.build(BAGS_SRC, vocabulary)
    merged = src.merged(2, 2, max_share=1.0)
    dense = np.zeros((2, len(vocabulary)))
    np.add.at(dense, (merged.sent, merged.key), merged.weight)
    assert dense[0, vocabulary["a"]] == 1.0 and dense[0, vocabulary["c"]] == 1.0
    assert dense[1, vocabulary["a"]] == 0.5
    assert np.allclose(merged.norm2, (dense**2).sum(axis=1))
    many = SparseBags.build([{"x": 1.0, f"k{i}": 1.0} for i in range(10)], {})
    assert len(many.without_common(0.2).key) == 10


def _costs_from(table: dict[tuple[int, int], float], n: int, m: int) -> dict[tuple[int, int], np.ndarray]:
    costs = {}
    for (a, b), value in table.items():
        grid = np.full((n + 1, m + 1), INVALID)
        for i in range(a, n + 1):
            grid[i, b:] = value
        costs[(a, b)] = grid
    return costs


def test_search_finds_the_cheapest_path() -> None:
    costs = _costs_from({(1, 0): 5.0, (0, 1): 5.0, (1, 1): 1.0, (2, 1): 1.5}, 3, 2)
    costs[(2, 1)][2, 1] = 3.0  # a 2-1 bead first would cost more
    assert search(costs, full_band(3, 2), 3, 2) == [(1, 1), (2, 1)]
    only_skips = _costs_from({(1, 0): 1.0, (0, 1): 1.0, (1, 1): 5.0}, 2, 2)
    assert search(only_skips, full_band(2, 2), 2, 2) == [(0, 1), (0, 1), (1, 0), (1, 0)]


def test_search_reports_a_band_without_path() -> None:
    costs = _costs_from({(1, 0): 1.0, (0, 1): 1.0, (1, 1): 1.0}, 4, 4)
    band = Band(np.zeros(5, dtype=np.int64), 2)
    sliced = {shape: grid[:, :2] for shape, grid in costs.items()}
    assert search(sliced, band, 4, 4) is None
    wide = band.widened(4)
    assert wide.width == 4


def test_band_around_a_path_holds_it() -> None:
    path = [(1, 1), (0, 1), (2, 1), (1, 0), (1, 1)]
    band = band_around(path, 5, 4, 1)
    i = j = 0
    for a, b in path:
        i, j = i + a, j + b
        assert band.lo[i] <= j < band.lo[i] + band.width


def test_default_params_per_language_pair() -> None:
    ko = default_params("ko", "en")
    other = default_params("de", "fr")
    assert "lexical" in ko.features and "lexical" not in other.features
    assert other.max_bead == 4
    assert ko.signature("0.1.0").endswith("|v:0.1.0")


@pytest.mark.parametrize("size", [60])
def test_self_training_runs_for_a_pair_without_lexicon(size: int) -> None:
    de = [f"Der Zug Nummer {i} fährt um {i % 24} Uhr nach Bern ab." for i in range(size)]
    fr = [f"Le train numéro {i} part pour Berne à {i % 24} heures." for i in range(size)]
    beads = align(de, fr, src_lang="de", tgt_lang="fr")
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(size)]
