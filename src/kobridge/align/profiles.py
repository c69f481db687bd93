"""Default settings per language pair, tuned on the dev sets of /work/shared/bench.

Korean-English (``AlignParams()``'s own defaults, tuned on the four ko_en dev sets) leans on
the lexical bead scorer and forgives omissions and loose lengths. Other pairs have no
shipped lexicon: they run on length, numbers and identical tokens plus a model
self-trained on the pair, with a tight length variance, dearer merges and omissions and
beads up to 2-3 (tuned on Text+Berg German-French dev).
"""

from __future__ import annotations

import dataclasses

from kobridge.model import AlignParams

__all__ = ["default_params"]

_OTHER_PAIRS = {
    "features": ("length", "anchors", "selftrain"),
    "max_bead": 4,
    "length_variance": 1.0,
    "length_tail": 6.0,
    "prior_skip": 4.5,
    "prior_merge": 3.5,
    "prior_merge3": 8.0,
    "prior_other": 5.0,
    "swap_check_weight": 0.0,
    "member_weight": 0.0,
    "anchor_weight": 6.5,
    "anchor_base": 0.1,
    "key_max_share": 0.1,
    "span_weight": 10.0,
    "refine_margin": 8,
}


def default_params(src_lang: str = "ko", tgt_lang: str = "en") -> AlignParams:
    """The tuned settings for a language pair; override fields with ``dataclasses.replace``."""
    if "ko" in (src_lang, tgt_lang):
        return AlignParams()
    return dataclasses.replace(AlignParams(), **_OTHER_PAIRS)  # type: ignore[arg-type]
