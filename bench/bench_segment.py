"""Throughput of sentence segmentation on about 1 MB of generated news text per language.

Run from the repository root:

    python bench/bench_segment.py                 # kobridge's rules only
    python bench/bench_segment.py --candidates    # also kiwipiepy, kss and pysbd where installed

The text is generated from news-style sentence templates (quotations, abbreviations, numbers,
dates, URLs, list items), one paragraph per line, with a fixed seed. Each figure is the median
of ``--repeats`` runs. Slow candidates are timed on a prefix of the text (``--sample``), which is
stated in the output; a candidate that is not installed is reported as skipped.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from kobridge.segment import segment

KO_SUBJECTS = [
    "정부는",
    "한국은행은",
    "김 장관은",
    "서울시는",
    "삼성전자는",
    "야당은",
    "전문가들은",
    "U.S. 정부는",
]
KO_TEMPLATES = [
    "{s} 내년 예산을 {n}조원 규모로 확정했다.",
    "{s} “이번 결정은 매우 중요하다. 모두가 따라야 한다.”라고 말했다.",
    "{s} “시장이 불안하다”며 대책을 촉구했다.",
    "물가는 2024.{m}.{d} 기준 {f}% 올랐다.",
    "{s} 기준금리를 {f}%로 동결했습니다.",
    "이번 조치가 효과를 낼 수 있을까?",
    "주요 과제는 ▲물가 안정 ▲일자리 창출 ▲복지 확대 등이다.",
    "자세한 내용은 www.korea.kr 참조.",
    "회사 측은 지난해 흑자로 돌아섰다(영업이익 {f}% 증가).",
    "{s} 워싱턴 D.C. 인근에서 회담을 열었다.",
    "문의는 press{n}@example.co.kr로 하면 된다.",
    "그는 실적이 개선됐다.그러나 주가는 떨어졌다.",
]
EN_SUBJECTS = [
    "The government",
    "Rep. Kim",
    "Prof. Lee",
    "Samsung Electronics Co.",
    "The U.S. Army",
    "Officials",
]
EN_TEMPLATES = [
    "{s} said the budget would reach ${n}.{d} billion.",
    "{s} met on Jan. {d} at 10 a.m. Monday in Washington, D.C.",
    'He said, "It is over." Then he left.',
    "The session ended at {m} p.m. The next one starts on Dec. {d}.",
    "{s} posted a profit of {f} percent, e.g. on chips.",
    "J. K. Rowling's book is No. {m} again.",
    "Was it worth it? Nobody knows!",
    "Shares rose {f}% to ${n},{d}00.50 in Seoul.",
    "Details are at www.example.com.",
    '"We are ready," {s} said.',
]


def generate(lang: str, size: int, seed: int = 3) -> str:
    """About ``size`` characters of news-style text, one paragraph of 3-8 sentences per line."""
    rng = random.Random(seed)
    subjects, templates = (KO_SUBJECTS, KO_TEMPLATES) if lang == "ko" else (EN_SUBJECTS, EN_TEMPLATES)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        sentences = [
            rng.choice(templates).format(
                s=rng.choice(subjects),
                n=rng.randint(1, 900),
                m=rng.randint(1, 12),
                d=rng.randint(1, 28),
                f=round(rng.uniform(0.1, 9.9), 1),
            )
            for _ in range(rng.randint(3, 8))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs) + "\n"


def _kobridge(lang: str) -> Callable[[str], int]:
    return lambda text: len(segment(text, lang))


def _kiwipiepy() -> Callable[[str], int]:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    return lambda text: sum(len(kiwi.split_into_sents(line)) for line in text.splitlines() if line.strip())


def _kss() -> Callable[[str], int]:
    import kss

    return lambda text: sum(len(kss.split_sentences(line)) for line in text.splitlines() if line.strip())


def _pysbd() -> Callable[[str], int]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: sum(len(segmenter.segment(line)) for line in text.splitlines() if line.strip())


def measure(run: Callable[[str], int], text: str, repeats: int) -> tuple[float, int]:
    """Median characters per second over ``repeats`` runs, and the sentence count."""
    count = run(text[:2000])  # warm-up: lazy model loading is not throughput
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        count = run(text)
        seconds.append(time.perf_counter() - start)
    return len(text) / statistics.median(seconds), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text per language")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; the median is reported")
    parser.add_argument("--candidates", action="store_true", help="also time kiwipiepy, kss and pysbd")
    parser.add_argument("--sample", type=int, default=50_000, help="characters for the library candidates")
    args = parser.parse_args()

    print(f"{'lang':4}  {'segmenter':10}  {'chars':>9}  {'chars/s':>12}  {'MB/s':>6}  {'sentences/s':>12}")
    for lang, libraries in (("ko", [("kiwipiepy", _kiwipiepy), ("kss", _kss)]), ("en", [("pysbd", _pysbd)])):
        text = generate(lang, args.size)
        rows: list[tuple[str, Callable[[], Callable[[str], int]], str]] = [
            ("kobridge", lambda lang=lang: _kobridge(lang), text)
        ]
        if args.candidates:
            rows += [
                (name, factory, text[: text.rfind("\n", 0, args.sample) + 1]) for name, factory in libraries
            ]
        for name, factory, sample in rows:
            try:
                run = factory()
            except ImportError:
                print(f"{lang:4}  {name:10}  skipped (not installed)")
                continue
            repeats = args.repeats if name == "kobridge" else 1
            rate, count = measure(run, sample, repeats)
            mb = rate * len(sample.encode("utf-8")) / len(sample) / 1e6
            per_char = count / len(sample)
            print(
                f"{lang:4}  {name:10}  {len(sample):9,}  {rate:12,.0f}  {mb:6.2f}  {rate * per_char:12,.0f}"
            )


if __name__ == "__main__":
    main()
