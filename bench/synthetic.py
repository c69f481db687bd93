"""Write synthetic dev sets that no version of kobridge was tuned or trained on.

Documents made as the bead model's training documents are (``kobridge.align.training``), but
with another seed (99) and not used by training: ``OUT/ko_en/ntrex-synthetic`` and
``OUT/ko_en/park-synthetic``, in the dev sets' format (``NAME.ko``, ``NAME.en``, ``NAME.gold``).
Score any version of kobridge on them, this one or an older commit, the same way:

    .venv/bin/python bench/synthetic.py /tmp/synthetic
    KOBRIDGE_BENCH=/tmp/synthetic .venv/bin/python bench/accuracy.py --sets ntrex-synthetic,park-synthetic

(``accuracy.py`` takes a set's lexicon and bead model by the source its name starts with, so the
ntrex documents are scored with the park-trained models and the other way round.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import train_bead_model as trainer


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/synthetic")
    for source in ("ntrex", "park"):
        folder = out / "ko_en" / f"{source}-synthetic"
        folder.mkdir(parents=True, exist_ok=True)
        for k, doc in enumerate(trainer._documents(source, 80, 99)):
            stem = folder / f"{source}_{k:03d}"
            stem.with_suffix(".ko").write_text("\n".join(doc.src) + "\n", encoding="utf-8")
            stem.with_suffix(".en").write_text("\n".join(doc.tgt) + "\n", encoding="utf-8")
            stem.with_suffix(".gold").write_text("".join(f"{b}\n" for b in doc.gold), encoding="utf-8")
    print(f"wrote {out}/ko_en/ntrex-synthetic and park-synthetic")


if __name__ == "__main__":
    main()
