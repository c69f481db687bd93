"""The dev sets of /work/shared/bench (or $KOBRIDGE_BENCH): documents with gold beads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kobridge.align import read_beads
from kobridge.model import Bead

__all__ = ["KO_EN_SETS", "DevDocument", "bench_root", "load_set"]

KO_EN_SETS = ("ntrex-dev", "park-dev", "ntrex-dev-hard", "park-dev-hard")


@dataclass(frozen=True)
class DevDocument:
    """One document pair of a dev set."""

    name: str
    src: tuple[str, ...]
    tgt: tuple[str, ...]
    gold: tuple[Bead, ...]


def bench_root() -> Path:
    """Where the dev data live."""
    return Path(os.environ.get("KOBRIDGE_BENCH", "/work/shared/bench"))


def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _ko_en(name: str) -> Iterator[DevDocument]:
    folder = bench_root() / "ko_en" / name
    for gold in sorted(folder.glob("*.gold")):
        stem = gold.with_suffix("")
        yield DevDocument(
            stem.name, _lines(stem.with_suffix(".ko")), _lines(stem.with_suffix(".en")), read_beads(gold)
        )


def load_set(name: str) -> list[DevDocument]:
    """Load ``textberg`` (German-French, one document) or one of ``KO_EN_SETS``."""
    if name == "textberg":
        folder = bench_root() / "textberg" / "dev"
        return [
            DevDocument(
                "dev",
                _lines(folder / "dev.de"),
                _lines(folder / "dev.fr"),
                read_beads(folder / "dev.defr"),
            )
        ]
    return list(_ko_en(name))
