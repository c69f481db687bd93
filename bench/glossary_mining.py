"""How well `kobridge glossary suggest` and `qa` find what was planted in an aligned archive.

The archive: the two aligned samples plus a batch of article pairs written from the project's
own templates (tests/glossary_batch.py), aligned with `kobridge batch`. Planted there: 20 term
pairs absent from the glossary, each used in several articles, and glossary terms (and two
other terms) rendered two or three ways in different articles.

Prints:
- suggest, with the glossary: the share of the planted pairs among the top 20 and top 50
  candidates (a pair counts when the Korean term and the English n-gram both match);
- suggest, with an empty glossary: the share of the glossary's entries it recovers (a candidate
  whose Korean is one of the entry's Korean forms and whose English one of its English forms),
  over the entries the archive holds in two beads of two articles or more (what suggest looks
  at), and over those whose Korean and English forms also come together in two beads of two
  articles (what co-occurrence can find at all); and how many of them are among the top 50;
- qa: which planted renderings it reports.

Seed 17 is the batch the ranking was developed on; other seeds draw other sentences, numbers and
fillers for each article. `--no-word-list` ranks without the general word list, the way main's
code before issue 17b does, so the bench also runs over that code (`PYTHONPATH=OLD/src`).

    .venv/bin/python bench/glossary_mining.py [--articles 32] [--seed 17] [--no-lexicon] [--no-word-list]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.glossary_batch import INCONSISTENT, PLANTED, UNLISTED_INCONSISTENT, write_batch  # noqa: E402

from kobridge.align.features.wordlist import WordLexicon  # noqa: E402
from kobridge.glossary import Glossary, find_terms, load_glossary, surface_key  # noqa: E402
from kobridge.glossary.archive_qa import archive_qa  # noqa: E402
from kobridge.glossary.candidates import ngram_key  # noqa: E402
from kobridge.glossary.suggest import ArchiveBead, Candidate, Lexicon, suggest_terms  # noqa: E402
from kobridge.tm.sources import read_sources  # noqa: E402


def aligned_archive(folder: Path, articles: int, seed: int) -> list[ArchiveBead]:
    """Write and align the batch and the samples under ``folder``; every bead of the result."""
    write_batch(folder / "in", articles, seed)
    kobridge = [sys.executable, "-m", "kobridge"]
    subprocess.run(
        [*kobridge, "batch", str(folder / "in"), "-o", str(folder / "out"), "--jobs", "1"],
        check=True,
        capture_output=True,
    )
    for name in ("battery-forum", "ess-ampc"):
        src, tgt = ROOT / "samples" / f"{name}.ko.txt", ROOT / "samples" / f"{name}.en.txt"
        subprocess.run(
            [*kobridge, "align", str(src), str(tgt), "-o", str(folder / "out" / f"{name}.tei.xml")],
            check=True,
            capture_output=True,
        )
    return [
        ArchiveBead(u.ko, u.en, d.key, f"{u.file} bead {u.bead}")
        for d in read_sources([folder / "out"])
        for u in d.units
    ]


def _lexicon() -> Lexicon:
    from kobridge.align.features.lexical import LexicalModel

    model = LexicalModel.load_default()
    return lambda ko, en: model.score(model.encode(ko, "ko"), model.encode(en, "en"))


def _is(candidate: Candidate, ko_forms: set[str], en_forms: set[str]) -> bool:
    return surface_key(candidate.ko, "ko") in ko_forms and ngram_key(candidate.en) in en_forms


def _suggest(
    beads: list[ArchiveBead], glossary: Glossary | None, lexicon: Lexicon | None, general: WordLexicon | None
) -> list[Candidate]:
    # Without the word list, the call main's code before issue 17b takes (the "before" figures).
    if general is None:
        return suggest_terms(beads, glossary, lexicon=lexicon)
    return suggest_terms(beads, glossary, lexicon=lexicon, general=general)


def planted_share(candidates: list[Candidate], top: int) -> tuple[int, list[str]]:
    """How many planted pairs are among the first ``top`` candidates, and the missing ones."""
    best = candidates[:top]
    found, missing = 0, []
    for ko, en in PLANTED.values():
        if any(_is(c, {surface_key(ko, "ko")}, {ngram_key(en)}) for c in best):
            found += 1
        else:
            missing.append(ko)
    return found, missing


def glossary_recall(beads: list[ArchiveBead], glossary: Glossary, candidates: list[Candidate]) -> None:
    present, recoverable, recovered, top = 0, 0, 0, 0
    for entry in glossary:
        ko_beads = [b for b in beads if any(h.entry_id == entry.id for h in find_terms(b.ko, "ko", glossary))]
        if len(ko_beads) < 2 or len({b.document for b in ko_beads}) < 2:
            continue
        present += 1
        both = [b for b in ko_beads if any(h.entry_id == entry.id for h in find_terms(b.en, "en", glossary))]
        recoverable += len(both) >= 2 and len({b.document for b in both}) >= 2
        ko_forms = {surface_key(f, "ko") for f in (entry.ko, *entry.ko_variants)}
        en_forms = {ngram_key(f) for f in (entry.en, *entry.en_variants)}
        recovered += any(_is(c, ko_forms, en_forms) for c in candidates)
        top += any(_is(c, ko_forms, en_forms) for c in candidates[:50])
    print(
        f"  glossary entries recovered with the glossary left out: {recovered}/{present} of the entries "
        f"in 2+ beads of 2+ articles ({recovered / present:.2f}); {recovered}/{recoverable} of those whose "
        f"two forms come together in 2+ beads of 2+ articles ({recovered / recoverable:.2f}); "
        f"{top}/{present} among the top 50 candidates ({top / present:.2f})"
    )


def qa_findings(beads: list[ArchiveBead], glossary: Glossary, lexicon: Lexicon | None) -> None:
    findings = {f.entry_id or f.ko: f for f in archive_qa(beads, glossary, lexicon=lexicon)}
    planted = {**INCONSISTENT, **{ko: (ko, ways) for ko, ways in UNLISTED_INCONSISTENT.values()}}
    total = found = 0
    for name, (ko, renderings) in planted.items():
        finding = findings.get(name)
        reported = {ngram_key(r.en) for r in finding.renderings} if finding else set()
        for rendering in dict.fromkeys(renderings):
            total += 1
            hit = ngram_key(rendering) in reported
            found += hit
            print(f"  {'found ' if hit else 'MISSED'} {ko} -> {rendering!r}")
    errors = sum(f.severity == "error" for f in findings.values())
    print(f"  planted renderings reported: {found}/{total}; all findings: {len(findings)} ({errors} errors)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=32)
    parser.add_argument(
        "--seed", type=int, default=17, help="the batch's seed (17: the batch the ranking was developed on)"
    )
    parser.add_argument("--no-lexicon", action="store_true")
    parser.add_argument(
        "--no-word-list",
        action="store_true",
        help="do not rank the general word list's pairs after the terms",
    )
    args = parser.parse_args()
    glossary = load_glossary(ROOT / "glossary" / "energy-policy.csv")
    lexicon = None if args.no_lexicon else _lexicon()
    with tempfile.TemporaryDirectory() as tmp:
        beads = aligned_archive(Path(tmp), args.articles, args.seed)
    print(
        f"archive: {args.articles} batch articles (seed {args.seed}) + 2 samples, {len(beads)} beads; "
        f"lexical model {'off' if lexicon is None else 'on'}"
    )
    general = None if args.no_word_list else WordLexicon.load_default()
    print(f"  general word list {'off' if general is None else 'on'}")
    candidates = _suggest(beads, glossary, lexicon, general)
    for top in (20, 50):
        found, missing = planted_share(candidates, top)
        print(
            f"  planted pairs in the top {top}: {found}/{len(PLANTED)} ({found / len(PLANTED):.2f})"
            + (f"; not there: {' '.join(missing)}" if missing else "")
        )
    glossary_recall(beads, glossary, _suggest(beads, None, lexicon, general))
    qa_findings(beads, glossary, lexicon)


if __name__ == "__main__":
    main()
