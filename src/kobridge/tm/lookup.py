"""Lookup: the best fuzzy matches in the memory for each sentence of a new article."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from kobridge.tm.model import Match
from kobridge.tm.score import Scorer, differences
from kobridge.tm.store import Store
from kobridge.tm.text import fuzzy_form, index_keys

__all__ = ["lookup"]


def lookup(
    store: Store,
    sentences: Sequence[str],
    *,
    min_score: float = 0.7,
    limit: int = 3,
    candidates: int = 800,
) -> list[list[Match]]:
    """For each Korean sentence, up to ``limit`` units scoring at least ``min_score``.

    The store's candidate filter proposes ``candidates`` units that share the most of the
    sentence's less common words; each is scored exactly (``kobridge.tm.score``). Matches come
    best first; among equal scores, confirmed units, then the more confident, then the newest.
    """
    results: list[list[Match]] = []
    for sentence in sentences:
        form = fuzzy_form(sentence, "ko")
        scorer = Scorer(form)
        scored: list[tuple[float, int]] = []
        best: list[float] = []  # a heap of the ``limit`` best scores so far
        for uid, memory in store.candidates(index_keys(form), candidates):
            # LCS cannot exceed the shorter form: skip a unit whose length alone rules it out.
            total = len(memory.text) + len(form.text)
            floor = best[0] if len(best) == limit else min_score
            if total and 2 * min(len(memory.text), len(form.text)) / total < floor:
                continue
            value = scorer.score(memory)
            if value >= min_score:
                scored.append((value, uid))
                heapq.heappush(best, value)
                if len(best) > limit:
                    heapq.heappop(best)
        # Ties are broken by what the units say (confirmed, confidence, age): read those that
        # may be shown, then work out the differences, which need the words as written.
        cutoff = best[0] if len(best) == limit else min_score
        units = store.units_by_id([uid for value, uid in scored if value >= cutoff])
        ranked = sorted(
            ((value, units[uid]) for value, uid in scored if uid in units and value >= cutoff),
            key=lambda m: (-m[0], not m[1].confirmed, -(m[1].confidence or 0.0), -m[1].id),
        )
        results.append(
            [
                Match(unit, value, differences(fuzzy_form(unit.ko, "ko"), form))
                for value, unit in ranked[:limit]
            ]
        )
    return results
