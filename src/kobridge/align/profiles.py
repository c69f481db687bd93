"""Default settings per language pair.

Korean-English (``ko-en``) uses every feature and the shipped lexicon; other pairs
(``generic``) run on length, numbers and identical tokens plus a model self-trained on the
pair. Both profiles take their bead costs from the shipped bead model, whose digest the
settings carry.
"""

from __future__ import annotations

import dataclasses

from kobridge.model import AlignParams

__all__ = ["default_params", "profile_name"]


def profile_name(src_lang: str, tgt_lang: str) -> str:
    """``ko-en`` when one side is Korean, else ``generic``."""
    return "ko-en" if "ko" in (src_lang, tgt_lang) else "generic"


def default_params(src_lang: str = "ko", tgt_lang: str = "en") -> AlignParams:
    """The settings for a language pair, with the shipped bead model's digest.

    Override fields with ``dataclasses.replace``.
    """
    from kobridge.align.beadmodel import load_model

    params = AlignParams.for_profile(profile_name(src_lang, tgt_lang))
    return dataclasses.replace(params, model_digest=load_model().digest)
