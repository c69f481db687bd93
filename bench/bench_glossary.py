"""Glossary matching speed: 1,000 entries over 1 MB of Korean and of English text.

Run: .venv/bin/python bench/bench_glossary.py [--repeat 5] [--entries 1000]

kobridge matches all entries of a language with one trie, walked from candidate starts. The
baseline, run in the same process on the same text, is the obvious alternative: one regular
expression per entry form, each scanned over the text. Prints medians of the repeats and the
ratio. ``--entries`` changes the glossary's size (the baseline runs only up to 1,000 entries);
the time to build the matchers is printed with the process's peak memory.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import time
from collections.abc import Callable

from kobridge.glossary import Glossary, find_terms
from kobridge.model import GlossaryEntry

TEXT_CHARS = 1_000_000


def synthetic_glossary(size: int = 1000) -> Glossary:
    """``size`` entries: a three-syllable Korean term, a two-word English one, an acronym variant each."""
    entries = []
    for i in range(size):
        word = "".join(chr(0xAC00 + (i * 37 + k * 101) % 11172) for k in range(3))
        entries.append(
            GlossaryEntry(f"e{i}", word, f"term{i} concept", ko_variants=(f"K{i}",), en_variants=(f"T{i}",))
        )
    return Glossary(tuple(entries))


def texts(glossary: Glossary) -> dict[str, str]:
    entries = glossary.entries
    ko = "정부는 " + entries[5].ko + "를 두고 K12와 " + entries[700].ko + " 문제를 논의했다. "
    en = "The government discussed term5 concept and T12 with term700 concepts today. "
    return {lang: s * (TEXT_CHARS // len(s)) for lang, s in (("ko", ko), ("en", en))}


def per_entry_baseline(text: str, lang: str, glossary: Glossary) -> int:
    """One pattern per form, each scanned over the whole text: the loop kobridge avoids."""
    count = 0
    for entry in glossary:
        forms = (entry.ko, *entry.ko_variants) if lang == "ko" else (entry.en, *entry.en_variants)
        for form in forms:
            count += sum(1 for _ in re.finditer(re.escape(form), text))
    return count


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    started = time.perf_counter()
    glossary = synthetic_glossary(args.entries)
    find_terms("", "ko", glossary)
    find_terms("", "en", glossary)
    build = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.entries:,} entries, {TEXT_CHARS:,} characters per language; medians of {args.repeat} runs")
    print(f"building the glossary's matchers: {build:.2f} s, peak resident memory {peak:.0f} MiB")
    print("| language | kobridge (one trie) | one pattern per form | ratio |")
    print("|---|---|---|---|")
    for lang, text in texts(glossary).items():
        ours = median_seconds(lambda t=text, lg=lang: find_terms(t, lg, glossary), args.repeat)
        if args.entries > 1000:
            print(f"| {lang} | {ours:.2f} s | - | - |")
            continue
        base = median_seconds(
            lambda t=text, lg=lang: per_entry_baseline(t, lg, glossary), max(1, args.repeat // 2)
        )
        print(f"| {lang} | {ours:.2f} s | {base:.2f} s | {base / ours:.1f}x |")


if __name__ == "__main__":
    main()
