"""The review editor: correct an alignment by hand in the browser, saved into its TEI at once.

``ops`` holds the edits as pure functions on an alignment, ``session`` the history of one
file's edits and their validated, atomic saves, ``server`` the local web server that
``kobridge review`` runs. See docs/review.md.
"""

from __future__ import annotations

from kobridge.review.ops import EditError
from kobridge.review.session import ConflictError, Session

__all__ = ["ConflictError", "EditError", "Session"]
