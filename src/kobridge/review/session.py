"""One editing session of a TEI file: the history of edits, and saving each one at once.

Every edit gives a new alignment (:mod:`kobridge.review.ops`); the session serialises it as
TEI with this session's ``<change>`` in the ``<revisionDesc>``, validates the bytes against
kobridge's profile, and writes them atomically, but only if the file on disk is still the one
it loaded or last wrote (same modification time and size, or else same SHA-256): a file
changed behind the editor's back is never overwritten. Undo and redo write the earlier or
later state again; undoing every edit writes back the very bytes that were loaded.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from kobridge.errors import ValidationError
from kobridge.formats.read_tei import read_tei
from kobridge.formats.tei import tei_bytes
from kobridge.formats.validate import parse_xml, validate_tree
from kobridge.io import write_atomic
from kobridge.model import Alignment, Revision
from kobridge.review import ops

__all__ = ["ConflictError", "Session", "apply_edit"]

Realign = Callable[[Alignment], Alignment]


class ConflictError(ops.EditError):
    """The file changed on disk since the editor loaded or last wrote it."""


@dataclass(frozen=True, slots=True)
class _Identity:
    mtime_ns: int
    size: int
    sha256: str


def _identity(path: Path, data: bytes) -> _Identity:
    stat = path.stat()
    return _Identity(stat.st_mtime_ns, stat.st_size, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True, slots=True)
class _State:
    alignment: Alignment
    edits: tuple[str, ...]  # the operations that led here, for the <change> text
    data: bytes  # the file's bytes in this state


def _int(request: Mapping[str, Any], key: str) -> int:
    value = request.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ops.EditError(f"the edit needs a whole number {key!r}")
    return value


def apply_edit(alignment: Alignment, request: Mapping[str, Any], realign: Realign) -> Alignment:
    """Apply one edit named by a request of the editor page (``{"op": "merge_next", "bead": 3}``).

    Raises:
        EditError: an unknown operation, a missing argument, or an edit that cannot be made.
    """
    op = request.get("op")
    if op in ("merge_next", "split_bead", "confirm", "confirm_through"):
        function = {
            "merge_next": ops.merge_next,
            "split_bead": ops.split_bead,
            "confirm": ops.confirm,
            "confirm_through": ops.confirm_through,
        }[op]
        return function(alignment, _int(request, "bead"))
    if op == "move_first":
        return ops.move_first(alignment, _int(request, "bead"), _int(request, "side"))
    if op == "move_last":
        return ops.move_last(alignment, _int(request, "bead"), _int(request, "side"))
    if op == "detach":
        return ops.detach(alignment, _int(request, "bead"), _int(request, "side"), _int(request, "sentence"))
    if op == "split_sentence":
        return ops.split_sentence(
            alignment, _int(request, "side"), _int(request, "sentence"), _int(request, "at")
        )
    if op == "join_sentences":
        return ops.join_sentences(alignment, _int(request, "side"), _int(request, "sentence"))
    if op == "realign":
        return realign(alignment)
    raise ops.EditError(f"unknown edit {op!r}")


def _change_text(edits: tuple[str, ...]) -> str:
    counts = Counter(edits)
    detail = ", ".join(f"{name.replace('_', ' ')} ×{count}" for name, count in sorted(counts.items()))
    return f"Reviewed in kobridge review: {len(edits)} edit{'s' if len(edits) != 1 else ''} ({detail})."


class Session:
    """The editing session of one TEI file (not thread-safe: the server serialises calls).

    Args:
        path: the TEI file, written by kobridge.
        realign: aligns an alignment again around its reviewed beads (the CLI passes
            :func:`kobridge.pipeline.realign`, so this package does not compose the pipeline).
        clock: the session's start time, for its ``<change when>`` (UTC now by default).

    Raises:
        ValidationError: the file is not valid against kobridge's profile, or not kobridge's TEI.
    """

    def __init__(
        self, path: str | os.PathLike[str], realign: Realign, *, clock: datetime.datetime | None = None
    ):
        self.path = Path(path)
        self.name = os.fspath(path)
        self._realign = realign
        tree = parse_xml(self.path)
        issues = validate_tree(tree, self.name)
        if issues:
            raise ValidationError(issues[0].message, path=self.name, line=issues[0].line)
        alignment = read_tei(tree, name=self.name)
        data = self.path.read_bytes()
        self._identity = _identity(self.path, data)
        started = clock or datetime.datetime.now(datetime.UTC)
        self._when = started.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._history = [_State(alignment, (), data)]
        self._position = 0

    @property
    def alignment(self) -> Alignment:
        """The alignment as it is now (as on disk)."""
        return self._history[self._position].alignment

    @property
    def can_undo(self) -> bool:
        return self._position > 0

    @property
    def can_redo(self) -> bool:
        return self._position + 1 < len(self._history)

    def edit(self, request: Mapping[str, Any]) -> None:
        """Apply an edit and save it; on any error nothing is written and the state is kept.

        Raises:
            EditError: the edit cannot be made; ConflictError: the file changed on disk;
            ValidationError: the result would not be valid (a bug, reported rather than saved).
        """
        current = self._history[self._position]
        changed = apply_edit(current.alignment, request, self._realign)
        edits = (*current.edits, str(request["op"]))
        base = self._history[0].alignment.revisions
        revision = Revision(self._when, _change_text(edits))
        data = tei_bytes(dataclasses.replace(changed, revisions=(*base, revision)))
        self._check(data)
        self._write(data)
        del self._history[self._position + 1 :]
        self._history.append(_State(changed, edits, data))
        self._position += 1

    def undo(self) -> None:
        """Write the state before the last edit (the loaded bytes when every edit is undone)."""
        if not self.can_undo:
            raise ops.EditError("nothing to undo")
        self._write(self._history[self._position - 1].data)
        self._position -= 1

    def redo(self) -> None:
        """Write the state of the edit undone last."""
        if not self.can_redo:
            raise ops.EditError("nothing to redo")
        self._write(self._history[self._position + 1].data)
        self._position += 1

    def _check(self, data: bytes) -> None:
        tree = etree.ElementTree(etree.fromstring(data))
        issues = validate_tree(tree, self.name)
        if issues:
            raise ValidationError(
                f"the edit would make the file invalid ({issues[0].message}); nothing was written",
                path=self.name,
            )

    def _write(self, data: bytes) -> None:
        try:
            stat = self.path.stat()
            # Same modification time and size: unchanged. Otherwise the bytes decide (a touch is no change).
            unchanged = (stat.st_mtime_ns, stat.st_size) == (self._identity.mtime_ns, self._identity.size)
            if not unchanged:
                unchanged = hashlib.sha256(self.path.read_bytes()).hexdigest() == self._identity.sha256
        except OSError:
            raise ConflictError(
                "the file is gone or unreadable; nothing was written", path=self.name
            ) from None
        if not unchanged:
            raise ConflictError(
                "the file changed on disk since the editor loaded it; nothing was written "
                "(restart kobridge review to edit the file as it is now)",
                path=self.name,
            )
        write_atomic(self.path, data)
        self._identity = _identity(self.path, data)
