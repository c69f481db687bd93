"""Benchmark of the translation memory: add, size, concordance, lookup, and lookup recall.

A memory of N synthetic units (default 1,000,000) is built by recombination from the sentence
pairs of ../shared/corpora/ko-en/*.tsv: each unit is the first half (in words) of one pair's
Korean and English and the second half of another's, so that units are sentence-sized and
distinct. Units are added in articles of 25.

Measured, in one run:
- the time to add them, and the size of the memory on disk;
- concordance: the median time of ``search`` (limit 20) over queries of Korean words of two,
  three and four syllables and English words, taken from the corpus;
- lookup: the time to look up a 30-sentence article (median of 3 runs); the sentences are
  units of the memory edited as a new article would differ: a number changed, a word dropped,
  a particle changed, two halves recombined anew;
- recall: for each of those sentences, whether lookup's best match scores as high as the
  best unit of a brute-force scan of the whole memory in the same run (rapidfuzz's
  ``fuzz.ratio`` over every unit's fuzzy form, its top 20 rescored with kobridge's score).

    .venv/bin/python bench/bench_tm.py [--units 1000000] [--pg postgresql://...] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz, process

from kobridge.tm import TmDocument, TmUnit, fuzzy_form, lookup, open_memory, parse_query, score

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ko-en"
ARTICLE = 25


def load_pairs() -> list[tuple[str, str]]:
    pairs = []
    for path in sorted(CORPORA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) >= 2 and fields[0].strip() and fields[1].strip():
                pairs.append((fields[0].strip(), fields[1].strip()))
    return pairs


def _halves(text: str) -> tuple[str, str]:
    words = text.split()
    cut = max(1, len(words) // 2)
    return " ".join(words[:cut]), " ".join(words[cut:])


def synthetic_units(pairs: list[tuple[str, str]], count: int, rng: random.Random) -> list[tuple[str, str]]:
    halves = [(_halves(ko), _halves(en)) for ko, en in pairs]
    seen: set[tuple[int, int]] = set()
    units = []
    while len(units) < count:
        a, b = rng.randrange(len(pairs)), rng.randrange(len(pairs))
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        (ko_a, _), (en_a, _) = halves[a]
        (_, ko_b), (_, en_b) = halves[b]
        units.append((f"{ko_a} {ko_b}".strip(), f"{en_a} {en_b}".strip()))
    return units


def documents(units: list[tuple[str, str]]):
    for start in range(0, len(units), ARTICLE):
        number = start // ARTICLE
        chunk = units[start : start + ARTICLE]
        name = f"synthetic-{number:06d}.tei.xml"
        yield TmDocument(
            f"bench:{number}",
            name,
            "",
            "",
            tuple(TmUnit(ko, en, name, "", "", 0.9, False, "") for ko, en in chunk),
        )


_PARTICLE_SWAP = {"을": "이", "를": "가", "은": "이", "는": "가", "이": "은", "가": "는", "의": "에"}


def edited(ko: str, kind: int, rng: random.Random, units: list[tuple[str, str]]) -> tuple[str, str]:
    """A new sentence that a memory unit ``ko`` nearly translates, and how it was made."""
    words = ko.split()
    if kind == 0 and re.search(r"\d", ko):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), ko, count=1), "number changed"
    if kind == 1 and len(words) > 4:
        del words[rng.randrange(1, len(words) - 1)]
        return " ".join(words), "word dropped"
    if kind == 2:
        for i in rng.sample(range(len(words)), len(words)):
            if words[i][-1] in _PARTICLE_SWAP and len(words[i]) > 1:
                words[i] = words[i][:-1] + _PARTICLE_SWAP[words[i][-1]]
                return " ".join(words), "particle changed"
    other = units[rng.randrange(len(units))][0]
    return f"{_halves(ko)[0]} {_halves(other)[1]}", "halves recombined"


def median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def disk_size(path: str) -> int:
    return sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-shm") if os.path.exists(p))


def run(target: str, units: list[tuple[str, str]], forms: list[str], rng_seed: int) -> dict[str, object]:
    results: dict[str, object] = {"target": "PostgreSQL" if target.startswith("postgres") else "SQLite"}
    store = open_memory(target, create=True)
    start = time.perf_counter()
    batch: list[TmDocument] = []
    for document in documents(units):
        batch.append(document)
        if len(batch) == 400:
            store.add(batch)
            batch = []
    if batch:
        store.add(batch)
    results["add_seconds"] = time.perf_counter() - start
    store.close()
    store = open_memory(target)
    if results["target"] == "SQLite":
        store._execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[attr-defined]
        results["size_mb"] = disk_size(target) / 2**20
    else:
        rows = store._execute(  # type: ignore[attr-defined]
            "SELECT pg_total_relation_size('tm_units') + pg_total_relation_size('tm_unit_keys') "
            "+ pg_total_relation_size('tm_docs')"
        )
        results["size_mb"] = int(rows[0][0]) / 2**20

    rng = random.Random(rng_seed)
    queries = [
        "관세",
        "정부",
        "대통령",
        "경제",
        "미국",
        "투표",
        "핵실험",
        "연구소",
        "수퍼컴퓨터",
        "국민 투표",
    ]
    queries_en = ["tariff", "government", "election", "nuclear", "referendum", "supercomputer", "vote"]
    concordance = {}
    for text, lang in [(q, "ko") for q in queries] + [(q, "en") for q in queries_en]:
        query = parse_query(text, lang)
        concordance[f"{lang}:{text}"] = median_time(lambda query=query: store.search(query, 20), 5)
    results["concordance"] = concordance
    results["concordance_median"] = statistics.median(concordance.values())
    results["concordance_max"] = max(concordance.values())

    picks = [rng.randrange(len(units)) for _ in range(30)]
    made = [edited(units[i][0], n % 4, rng, units) for n, i in enumerate(picks)]
    article = [sentence for sentence, _ in made]
    results["lookup_30_seconds"] = median_time(lambda: lookup(store, article, min_score=0.0, limit=1), 3)
    matches = lookup(store, article, min_score=0.0, limit=1)
    found: Counter[str] = Counter()
    considered: Counter[str] = Counter()
    for (sentence, kind), best in zip(made, matches, strict=True):
        form = fuzzy_form(sentence, "ko")
        top = process.extract(form.text, forms, scorer=fuzz.ratio, limit=20)
        truth = max(score(fuzzy_form(units[index][0], "ko"), form) for _, _, index in top)
        if truth < 0.5:
            continue
        considered[kind] += 1
        if best and best[0].score >= truth - 1e-9:
            found[kind] += 1
    total = sum(considered.values())
    results["recall"] = sum(found.values()) / total if total else float("nan")
    results["recall_n"] = total
    results["recall_by_kind"] = {k: (found[k], considered[k]) for k in sorted(considered)}
    store.close()
    return results


def report(r: dict[str, object], count: int) -> None:
    print(f"\n{r['target']}: {count:,} units")
    print(f"  add: {r['add_seconds']:.1f} s; size on disk {r['size_mb']:.0f} MiB")
    print(
        f"  concordance (limit 20): median {r['concordance_median'] * 1000:.1f} ms, "
        f"slowest {r['concordance_max'] * 1000:.1f} ms"
    )
    for name, seconds in r["concordance"].items():  # type: ignore[attr-defined]
        print(f"    {name}: {seconds * 1000:.1f} ms")
    print(f"  lookup of a 30-sentence article: {r['lookup_30_seconds']:.3f} s")
    print(f"  recall of the best match vs brute force: {r['recall']:.3f} (of {r['recall_n']} sentences)")
    for kind, (hit, of) in r["recall_by_kind"].items():  # type: ignore[attr-defined]
        print(f"    {kind}: {hit}/{of}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--pg", help="also run on this PostgreSQL database (it is emptied first)")
    parser.add_argument("--no-sqlite", action="store_true", help="run on PostgreSQL only")
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pairs = load_pairs()
    start = time.perf_counter()
    units = synthetic_units(pairs, args.units, rng)
    forms = [fuzzy_form(ko, "ko").text for ko, _ in units]
    print(f"{len(units):,} synthetic units from {len(pairs):,} pairs ({time.perf_counter() - start:.1f} s)")

    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as folder:
            report(run(os.path.join(folder, "bench.tm"), units, forms, args.seed), len(units))
    if args.pg:
        from kobridge.tm.postgres import drop_memory

        drop_memory(args.pg)
        report(run(args.pg, units, forms, args.seed), len(units))
        drop_memory(args.pg)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
