"""How much of the Korean samples OmegaT leaves untranslated with kobridge's TMX in tm/auto.

    .venv/bin/python bench/omegat.py [--omegat omegat] [--keep DIR]

For each TMX variant, builds one OmegaT project (``omegat.project``; ``source/`` with the Korean
text of every sample pair; ``tm/auto/`` with kobridge's TMX of each pair, aligned with the
shipped models and no glossary), runs OmegaT's console mode (``omegat --mode=console-translate``,
the flag of Debian's OmegaT 3.6; a fresh ``--config-dir``, so OmegaT's default segmentation
rules), and counts the Hangul syllables left in ``target/``: OmegaT inserts the translation of
every segment that a ``tm/auto`` unit matches exactly and copies the source of every other one.
The last column is the Hangul of the sentences the English leaves out (1-0 beads), which no
memory can fill. The variants:

    beads only        one unit per two-sided bead (kobridge's TMX before sentence units)
    + sentence units  kobridge's TMX now: merged beads also get one unit per source sentence

OmegaT is not a dependency of kobridge: install it to run this (``apt-get install omegat`` on
Debian). ``--keep DIR`` leaves the projects there to look at.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kobridge.formats.tmx import tmx_bytes
from kobridge.io import read_text
from kobridge.pipeline import align_texts

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
HANGUL = re.compile("[\uac00-\ud7a3]")

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ko</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def build_project(folder: Path, sentence_units: bool) -> tuple[int, int]:
    """Write an OmegaT project of every sample into ``folder``; return the Hangul count of its
    sources and of the sentences the translation leaves out (1-0 beads: no TMX can fill them)."""
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True)
    (folder / "omegat.project").write_text(PROJECT, encoding="utf-8")
    hangul = omitted = 0
    for ko in sorted(SAMPLES.glob("*.ko.txt")):
        name = ko.name.removesuffix(".ko.txt")
        alignment = align_texts(read_text(ko), read_text(SAMPLES / f"{name}.en.txt"))
        shutil.copyfile(ko, folder / "source" / ko.name)
        tmx = tmx_bytes(alignment, sentence_units=sentence_units)
        (folder / "tm" / "auto" / f"{name}.tmx").write_bytes(tmx)
        hangul += len(HANGUL.findall(ko.read_text(encoding="utf-8")))
        src = alignment.src.sentences
        omitted += sum(len(HANGUL.findall(src[i].text)) for b in alignment.beads if not b.tgt for i in b.src)
    return hangul, omitted


def run_omegat(omegat: str, folder: Path, config: Path) -> None:
    """Translate the project in console mode (a private config folder and HOME, no project lock)."""
    env = {**os.environ, "HOME": str(config)}
    command = [
        omegat,
        "--mode=console-translate",
        f"--config-dir={config}",
        "--disable-project-locking",
        "--no-team",
        "--quiet",
        str(folder),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=600)
    if done.returncode != 0 or not any((folder / "target").iterdir()):
        sys.exit(f"OmegaT failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def untranslated(folder: Path) -> int:
    """The Hangul syllables in the project's translated files."""
    return sum(len(HANGUL.findall(p.read_text(encoding="utf-8"))) for p in (folder / "target").iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--omegat", default="omegat", help="the OmegaT launcher (default: omegat on PATH)")
    parser.add_argument("--keep", type=Path, help="build the projects in this folder and leave them there")
    args = parser.parse_args()
    if shutil.which(args.omegat) is None:
        sys.exit(f"{args.omegat} not found: install OmegaT (apt-get install omegat) or pass --omegat")
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        print(f"{'TMX in tm/auto':<18} {'Hangul left':>12} {'of':>6} {'share':>7} {'in 1-0 beads':>13}")
        for label, sentence_units in (("beads only", False), ("+ sentence units", True)):
            folder = base / label.replace(" ", "-").strip("+-")
            total, omitted = build_project(folder, sentence_units)
            config = base / f"{folder.name}.config"
            config.mkdir()
            run_omegat(args.omegat, folder, config)
            left = untranslated(folder)
            print(f"{label:<18} {left:>12} {total:>6} {left / total:>7.1%} {omitted:>13}")


if __name__ == "__main__":
    main()
