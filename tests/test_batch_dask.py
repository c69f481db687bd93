"""The Dask engine, on a LocalCluster started by the test: the same outputs as the local engine."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kobridge.batch import BatchSettings, Engine, PairStatus, discover_pairs, run_batch
from kobridge.errors import KobridgeError

from .conftest import SAMPLES
from .test_batch import outputs

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_outputs_equal_local_outputs(tmp_path: Path, scheduler: str) -> None:
    pairs = discover_pairs(SAMPLES)
    local = run_batch(pairs, tmp_path / "local", jobs=1)
    remote = run_batch(pairs, tmp_path / "dask", engine=Engine.dask, scheduler=scheduler)
    assert [r.status for r in remote.results] == [PairStatus.ok] * len(pairs)
    assert [r.name for r in remote.results] == [r.name for r in local.results]
    assert [r.beads for r in remote.results] == [r.beads for r in local.results]
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert len(outputs(tmp_path / "dask")) == len(pairs)
    again = run_batch(pairs, tmp_path / "dask", engine=Engine.dask, scheduler=scheduler)
    assert {r.status for r in again.results} == {PairStatus.skipped}


def test_dask_self_train_equals_local(tmp_path: Path, scheduler: str) -> None:
    pairs = discover_pairs(SAMPLES)
    settings = BatchSettings(self_train=True)
    local = run_batch(pairs, tmp_path / "local", settings=settings, jobs=1)
    remote = run_batch(pairs, tmp_path / "dask", settings=settings, engine=Engine.dask, scheduler=scheduler)
    assert local.self_training is not None and remote.self_training is not None
    assert remote.self_training.model_digest == local.self_training.model_digest
    assert remote.settings == local.settings
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    again = run_batch(pairs, tmp_path / "dask", settings=settings, engine=Engine.dask, scheduler=scheduler)
    assert {r.status for r in again.results} == {PairStatus.skipped}


def test_dask_records_failures(tmp_path: Path, scheduler: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.ko.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    report = run_batch(
        discover_pairs(tmp_path / "in"), tmp_path / "out", engine=Engine.dask, scheduler=scheduler
    )
    assert report.failed
    assert "a.ko.txt: the file is empty" in report.results[0].error


def test_dask_needs_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(KobridgeError, match="needs the address of a scheduler"):
        run_batch(discover_pairs(SAMPLES), tmp_path / "out", engine=Engine.dask)


def test_missing_dask_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(KobridgeError, match=r'pip install "kobridge\[dask\]"'):
        run_batch(discover_pairs(SAMPLES), tmp_path / "out", engine=Engine.dask, scheduler="tcp://x:1")
