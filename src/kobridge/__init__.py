"""kobridge: Korean-English sentence alignment to TEI P5, with a domain glossary.

The library API, for use from Python::

    import kobridge

    src = kobridge.read_text("article.ko.txt")
    tgt = kobridge.read_input("article.en.html")  # or .docx, .md: the article text extracted
    glossary = kobridge.load_glossary("glossary/energy-policy.csv")
    alignment = kobridge.align_texts(src, tgt, glossary=glossary)
    for bead in alignment.beads:
        print(bead.format(with_score=True))
    xml = kobridge.render(alignment, kobridge.OutputFormat.tei)

Importing kobridge does nothing but define names: the names above are imported on first use,
and no model is loaded until an alignment needs it.

``kobridge.align`` and ``kobridge.segment`` are always the functions, even though subpackages of
the same names exist (importing them would otherwise rebind the names to the modules); import
from the subpackages by name, ``from kobridge.align import evaluate``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# Public name -> the module that defines it (imported lazily by __getattr__).
_API = {
    "align": "kobridge.align",
    "score_beads": "kobridge.align",
    "read_beads": "kobridge.align",
    "segment": "kobridge.segment",
    "split_lines": "kobridge.segment",
    "load_glossary": "kobridge.glossary",
    "find_terms": "kobridge.glossary",
    "term_issues": "kobridge.annotate",
    "read_text": "kobridge.io",
    "decode_text": "kobridge.io",
    "read_input": "kobridge.inputs",
    "InputFormat": "kobridge.inputs",
    "align_texts": "kobridge.pipeline",
    "align_params": "kobridge.pipeline",
    "render": "kobridge.pipeline",
    "OutputFormat": "kobridge.pipeline",
    "read_tei": "kobridge.formats.read_tei",
    "validate_file": "kobridge.formats.validate",
    "Alignment": "kobridge.model",
    "AlignParams": "kobridge.model",
    "Bead": "kobridge.model",
    "Document": "kobridge.model",
    "GlossaryEntry": "kobridge.model",
    "Sentence": "kobridge.model",
    "SourceInfo": "kobridge.model",
    "TermHit": "kobridge.model",
    "KobridgeError": "kobridge.errors",
    "InputError": "kobridge.errors",
    "GlossaryError": "kobridge.errors",
    "ValidationError": "kobridge.errors",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kobridge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


# Public functions named like the subpackage that defines them.
_SHADOWED = frozenset(name for name, module in _API.items() if module == f"{__name__}.{name}")


class _Package(types.ModuleType):
    """The kobridge package: keeps its public functions when a same-named subpackage is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        # The import system binds each imported submodule on its parent package; for the names of
        # _SHADOWED, bind the subpackage's function instead, so the public API stays the same.
        submodule = isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{name}"
        if name in _SHADOWED and submodule:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
