"""The bead model: one log-linear model that turns bead features into costs and confidences.

A path's probability is ``exp(-sum of its beads' costs) / Z`` (a linear-chain conditional
random field over the bead lattice of ``dp``), and a bead's cost is the dot product of its
features (``beadfeatures``) with the weights of its shape group. The weights are learned by
``scripts/train_bead_model.py`` (maximum likelihood of the gold paths of synthetic
documents, ``kobridge.align.training``), never set by hand; they ship as
``data/bead-model.json``, whose digest enters the settings signature of every output.

One file holds several weight sets of the same form, one per feature set the aligner can
have: ``ko-en`` (every feature), ``ko-en-nolex`` (no lexical bead scorer: the coarse search
and the first pass of long documents), ``generic`` and ``generic-nolex`` (language
pairs without a shipped lexicon: length, numbers and identical words, and a model
self-trained on the pair in the second pass). Each set also carries its calibration: the
confidence of a bead is ``sigmoid(c0 + c1 * logit(posterior))``, with ``c0`` and ``c1`` fitted
per shape group (``*`` for groups with too few beads to fit) on synthetic documents of
another seed than the training ones.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kobridge.align.beadfeatures import feature_names, shape_group

__all__ = ["BeadModel", "WeightSet", "load_model"]

FloatArray = npt.NDArray[np.float64]

_FORMAT = 1


@dataclass(frozen=True)
class WeightSet:
    """The weights of one feature set: per shape group, a weight per feature; and the calibration."""

    name: str
    groups: Mapping[str, Mapping[str, float]]
    calibration: Mapping[str, tuple[float, float]] = dataclasses.field(
        default_factory=lambda: {"*": (0.0, 1.0)}
    )
    length_variance: float = 6.0
    length_tail: float = 4.0

    def weights(self, a: int, b: int) -> FloatArray | None:
        """Shape ``a``-``b``'s weights in ``feature_names(a, b)`` order; None if the set lacks the shape."""
        group = self.groups.get(shape_group(a, b))
        if group is None:
            return None
        return np.array([group.get(f, 0.0) for f in feature_names(a, b)], dtype=np.float64)

    def confidence(self, posterior: float, a: int, b: int, floor: float = 1e-4) -> float:
        """The calibrated confidence of an ``a``-``b`` bead whose posterior probability is ``posterior``."""
        p = min(max(posterior, floor), 1.0 - floor)
        c0, c1 = self.calibration.get(shape_group(a, b), self.calibration.get("*", (0.0, 1.0)))
        z = c0 + c1 * math.log(p / (1.0 - p))
        value = 1.0 / (1.0 + math.exp(-z)) if z > -700.0 else 0.0
        return min(max(value, floor), 1.0 - floor)


@dataclass(frozen=True)
class BeadModel:
    """The weight sets of one model file and the file's digest."""

    sets: Mapping[str, WeightSet]
    digest: str
    source: str = "-"

    def weight_set(self, *, korean: bool, lexical: bool) -> WeightSet:
        """The set for a pair (Korean-English or not) with or without the lexical bead scorer."""
        name = ("ko-en" if korean else "generic") + ("" if lexical else "-nolex")
        found = self.sets.get(name)
        if found is None:
            raise ValueError(f"the bead model {self.source} has no weight set {name!r}")
        return found

    @classmethod
    def from_json(cls, data: bytes, source: str = "-") -> BeadModel:
        """Read a model file's bytes (see ``to_json``)."""
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.get("format") != _FORMAT:
                raise ValueError(f"format {doc.get('format')!r}, expected {_FORMAT}")
            sets = {
                name: WeightSet(
                    name,
                    {g: {f: float(w) for f, w in fw.items()} for g, fw in body["groups"].items()},
                    {g: (float(c[0]), float(c[1])) for g, c in body["calibration"].items()},
                    float(body["length_variance"]),
                    float(body["length_tail"]),
                )
                for name, body in doc["sets"].items()
            }
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            raise ValueError(f"{source}: not a kobridge bead model ({error})") from None
        return cls(sets, hashlib.sha256(data).hexdigest()[:12], source)

    @classmethod
    def load(cls, path: str | Path) -> BeadModel:
        """Read a model file."""
        return cls.from_json(Path(path).read_bytes(), str(path))


def to_json(sets: Iterable[WeightSet], provenance: Mapping[str, object]) -> bytes:
    """A model file's bytes: stable key order and rounded weights, so that training reproduces it exactly."""
    doc = {
        "format": _FORMAT,
        "provenance": dict(provenance),
        "sets": {
            s.name: {
                "groups": {g: {f: round(w, 6) for f, w in fw.items()} for g, fw in sorted(s.groups.items())},
                "calibration": {
                    g: [round(c[0], 6), round(c[1], 6)] for g, c in sorted(s.calibration.items())
                },
                "length_variance": s.length_variance,
                "length_tail": s.length_tail,
            }
            for s in sets
        },
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


@functools.lru_cache(maxsize=8)
def load_model(path: str = "") -> BeadModel:
    """The model at ``path``, or the shipped one for ``""`` (read once per process)."""
    if path:
        return BeadModel.load(path)
    data = resources.files("kobridge").joinpath("data/bead-model.json").read_bytes()
    return BeadModel.from_json(data, "kobridge/data/bead-model.json")
