"""kobridge: Korean-English sentence alignment to TEI P5, with a domain glossary.

Importing kobridge does nothing but define names: no model is loaded, nothing is read.
"""

from __future__ import annotations

__version__ = "0.1.0"
