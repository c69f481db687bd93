"""Throughput of sentence segmentation on about 1 MB of generated news text per language.

Run from the repository root:

    python bench/bench_segment.py                 # kobridge's rules only
    python bench/bench_segment.py --candidates    # also kiwipiepy, kss, pysbd (where installed), naive
    python bench/bench_segment.py --accuracy      # score them on the golden tables and the corpora

The text is generated from news-style sentence templates (quotations, abbreviations, numbers,
dates, URLs, list items), one paragraph per line, with a fixed seed. Each figure is the median
of ``--repeats`` runs. Slow candidates are timed on a prefix of the text (``--sample``), which is
stated in the output, and run once; a candidate that is not installed is reported as skipped.
``--accuracy`` scores each candidate on the golden tables of ``tests/test_segment_{ko,en}.py`` and
on paragraphs rebuilt from the sentence-per-line corpora in ``/work/shared/corpora/ko-en``.
"""

from __future__ import annotations

import argparse
import importlib
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path("/work/shared/corpora/ko-en")
sys.path.insert(0, str(ROOT / "src"))

from kobridge.segment import segment  # noqa: E402  (after the path set-up above)

_ENDS = re.compile(r"[.?!…][\"'”’)\]]*$")

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


Split = Callable[[str], list[str]]


def _per_line(split: Split) -> Split:
    """Apply a paragraph splitter line by line, as kobridge reads a line as a paragraph."""
    return lambda text: [
        s.strip() for line in text.splitlines() if line.strip() for s in split(line) if s.strip()
    ]


def _kobridge(lang: str) -> Split:
    return lambda text: [s.text for s in segment(text, lang)]


def _kiwipiepy() -> Split:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    return _per_line(lambda line: [s.text for s in kiwi.split_into_sents(line)])


def _kss() -> Split:
    import kss

    return _per_line(kss.split_sentences)


def _pysbd() -> Split:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return _per_line(segmenter.segment)


def _naive() -> Split:
    """The baseline of issue 3: a split at every ``. ? !`` followed by whitespace."""
    return _per_line(lambda line: re.split(r"(?<=[.?!])\s+", line))


CANDIDATES: dict[str, list[tuple[str, Callable[[], Split]]]] = {
    "ko": [("kiwipiepy", _kiwipiepy), ("kss", _kss), ("naive", _naive)],
    "en": [("pysbd", _pysbd), ("naive", _naive)],
}


def measure(split: Split, text: str, repeats: int) -> tuple[float, int]:
    """Median characters per second over ``repeats`` runs, and the sentence count."""
    split(text[:2000])  # warm-up: lazy model loading is not throughput
    seconds = []
    count = 0
    for _ in range(repeats):
        start = time.perf_counter()
        count = len(split(text))
        seconds.append(time.perf_counter() - start)
    return len(text) / statistics.median(seconds), count


def golden_cases(lang: str) -> list[tuple[str, list[str]]]:
    """The golden table of ``tests/test_segment_{lang}.py``, known failures included."""
    sys.path.insert(0, str(ROOT / "tests"))
    module = importlib.import_module(f"test_segment_{lang}")
    table = module.GOLDEN_KO if lang == "ko" else module.GOLDEN_EN
    return [(param.values[0], param.values[1]) for param in table]


def corpus_cases(lang: str, group: int = 4) -> list[tuple[str, list[str]]]:
    """Paragraphs of ``group`` consecutive corpus sentences that each end with a full stop.

    The corpora (``/work/shared/corpora/ko-en``) hold one translation unit per line, and some
    units are two sentences: a split inside one counts as ``extra`` below, rightly or not.
    """
    cases = []
    column = 0 if lang == "ko" else 1
    for path in sorted(CORPORA.glob("*.tsv")):
        lines = [row.split("\t")[column].strip() for row in path.read_text(encoding="utf-8").splitlines()]
        for i in range(0, len(lines) - group + 1, group):
            sentences = lines[i : i + group]
            if all(_ENDS.search(sentence) for sentence in sentences):
                cases.append((" ".join(sentences), sentences))
    return cases


def score(split: Split, cases: list[tuple[str, list[str]]]) -> tuple[int, int, int, int]:
    """Paragraphs split exactly right; sentence ends found, expected, and found in excess."""
    exact = found = expected = extra = 0
    for text, sentences in cases:
        got = split(text)
        exact += got == sentences
        want, have = _ends(text, sentences), _ends(text, got)
        found += len(want & have)
        expected += len(want)
        extra += len(have - want)
    return exact, found, expected, extra


def _ends(text: str, sentences: list[str]) -> set[int]:
    position, ends = 0, set()
    for sentence in sentences:
        position = text.find(sentence, position) + len(sentence)
        ends.add(position)
    return ends - {len(text)}


def throughput(args: argparse.Namespace) -> None:
    print(f"{'lang':4}  {'segmenter':10}  {'chars':>9}  {'chars/s':>12}  {'MB/s':>6}  {'sentences/s':>12}")
    for lang in ("ko", "en"):
        text = generate(lang, args.size)
        rows: list[tuple[str, Callable[[], Split], str]] = [
            ("kobridge", lambda lang=lang: _kobridge(lang), text)
        ]
        if args.candidates:
            sample = text[: text.rfind("\n", 0, args.sample) + 1]
            rows += [(name, factory, sample) for name, factory in CANDIDATES[lang]]
        for name, factory, sample in rows:
            try:
                split = factory()
            except ImportError:
                print(f"{lang:4}  {name:10}  skipped (not installed)")
                continue
            repeats = 1 if name in ("kiwipiepy", "kss", "pysbd") else args.repeats
            rate, count = measure(split, sample, repeats)
            mb = rate * len(sample.encode("utf-8")) / len(sample) / 1e6
            per_second = rate * count / len(sample)
            print(f"{lang:4}  {name:10}  {len(sample):9,}  {rate:12,.0f}  {mb:6.2f}  {per_second:12,.0f}")


def accuracy() -> None:
    print(f"{'lang':4}  {'cases':8}  {'segmenter':10}  {'exact':>9}  {'ends found':>11}  {'extra':>5}")
    for lang in ("ko", "en"):
        for source, cases in (("golden", golden_cases(lang)), ("corpus", corpus_cases(lang))):
            if not cases:
                continue
            for name, factory in [("kobridge", lambda lang=lang: _kobridge(lang)), *CANDIDATES[lang]]:
                try:
                    split = factory()
                except ImportError:
                    print(f"{lang:4}  {source:8}  {name:10}  skipped (not installed)")
                    continue
                exact, found, expected, extra = score(split, cases)
                cells = f"{exact:4}/{len(cases):<4}  {found:5}/{expected:<5}  {extra:5}"
                print(f"{lang:4}  {source:8}  {name:10}  {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text per language")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; the median is reported")
    parser.add_argument("--candidates", action="store_true", help="also time kiwipiepy, kss, pysbd, naive")
    parser.add_argument("--sample", type=int, default=50_000, help="characters for the candidates")
    parser.add_argument("--accuracy", action="store_true", help="score every candidate instead of timing")
    args = parser.parse_args()
    if args.accuracy:
        accuracy()
    else:
        throughput(args)


if __name__ == "__main__":
    main()
