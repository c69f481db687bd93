"""What a batch keeps in ``OUTDIR/.kobridge/``: staged writes and one record per output.

Every file reaches its final name by a rename from ``OUTDIR/.kobridge/tmp/``, so ``OUTDIR``
itself only ever holds complete outputs, even when the batch is killed (a temporary file
left by ``kill -9`` stays in the state folder and is swept by the next run).

A record (``OUTDIR/.kobridge/records/OUTPUT.json``) is written after its output and holds the
settings signature, the SHA-256 of both decoded inputs and of the output, and the pair's
figures. An output is up to date when its record matches all three; a record that is missing,
stale or unreadable only means the pair is aligned again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kobridge.errors import InputError, OutputError
from kobridge.io import atomic_writer, write_atomic

__all__ = [
    "RECORD_VERSION",
    "STATE_DIR",
    "Record",
    "digest",
    "locked",
    "publish",
    "read_record",
    "sweep_staging",
    "write_record",
]

STATE_DIR = ".kobridge"
"""The folder inside OUTDIR where a batch keeps its records and staged files."""
RECORD_VERSION = 1


@dataclass(frozen=True, slots=True)
class Record:
    """Why an output is what it is: its settings, inputs and content, and the pair's figures."""

    settings: str
    inputs: tuple[str, str]
    output: str
    stats: dict[str, Any]

    def to_json(self) -> str:
        """The record as the JSON text stored in ``records/``."""
        return json.dumps(
            {
                "version": RECORD_VERSION,
                "settings": self.settings,
                "inputs": list(self.inputs),
                "output": self.output,
                "stats": self.stats,
            },
            ensure_ascii=False,
            indent=1,
        )


def digest(data: bytes) -> str:
    """The SHA-256 of ``data`` in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def _staging(outdir: Path) -> Path:
    return outdir / STATE_DIR / "tmp"


def _record_path(output: Path) -> Path:
    return output.parent / STATE_DIR / "records" / f"{output.name}.json"


@contextlib.contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """Hold ``OUTDIR/.kobridge/lock`` for the length of a batch, so that two batches never share a folder.

    The lock (``flock``) goes with the process: a killed batch leaves no stale lock behind.

    Raises:
        InputError: another batch holds the lock.
        OutputError: the state folder cannot be created (a read-only or full file system).
    """
    state = outdir / STATE_DIR
    try:
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise OutputError(
            f"cannot write into the folder ({error.strerror})", path=os.fspath(outdir)
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                "another kobridge batch is writing into this folder; wait for it to end or choose another",
                path=os.fspath(outdir),
            ) from None
        yield
    finally:
        os.close(fd)


def sweep_staging(outdir: Path) -> None:
    """Create the state folders of ``outdir`` and remove what a killed batch left staged."""
    staging = _staging(outdir)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    records = outdir / STATE_DIR / "records"
    records.mkdir(exist_ok=True)
    for leftover in records.glob(".*.tmp"):
        leftover.unlink()


def publish(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` (a file directly in OUTDIR) through the staging folder."""
    staged = _staging(target.parent) / target.name
    try:
        write_atomic(staged, data)
    except OutputError as error:  # named after the output, not its staged copy
        raise OutputError(error.message, path=os.fspath(target)) from None
    try:
        os.replace(staged, target)
    except OSError as error:
        staged.unlink(missing_ok=True)
        raise OutputError(f"cannot write the output ({error.strerror})", path=os.fspath(target)) from None


def write_record(output: Path, record: Record) -> None:
    """Store ``output``'s record (after the output itself, so a crash between them only costs a redo).

    Unlike outputs, records are not synced to disk: after a power cut a record may be lost or
    unreadable, which only means that its pair is aligned again.
    """
    with atomic_writer(_record_path(output)) as staged:
        staged.write_text(record.to_json(), encoding="utf-8")


def read_record(output: Path) -> Record | None:
    """``output``'s record, or ``None`` when there is none or it cannot be read."""
    try:
        data = json.loads(_record_path(output).read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        src, tgt = data["inputs"]
        return Record(str(data["settings"]), (str(src), str(tgt)), str(data["output"]), dict(data["stats"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
