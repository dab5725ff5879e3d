"""Pending uploads: kept whole, claimed once, only by their user, forgotten when old."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sousei.web.uploads import MAX_AGE, PendingUploads, upload_folder

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
DATA = "KPI ID,年,値\nnational/A-KPI④-1,2025,1\n".encode()


def _store(tmp_path: Path) -> PendingUploads:
    folder = tmp_path / "pending"
    folder.mkdir()
    return PendingUploads(folder)


def test_an_upload_is_claimed_once_with_its_bytes_intact(tmp_path: Path) -> None:
    store = _store(tmp_path)
    upload_id = store.keep(user_id=7, file_name="実績値.csv", fingerprint="f", data=DATA, now=NOW)
    found = store.claim(upload_id, user_id=7, now=NOW)
    assert found is not None
    assert (found.user_id, found.file_name, found.fingerprint, found.data) == (
        7,
        "実績値.csv",
        "f",
        DATA,
    )
    assert store.claim(upload_id, user_id=7, now=NOW) is None
    assert list(store.folder.iterdir()) == []  # nothing left behind


def test_an_upload_is_only_its_users(tmp_path: Path) -> None:
    store = _store(tmp_path)
    upload_id = store.keep(user_id=7, file_name="a.csv", fingerprint="f", data=DATA, now=NOW)
    assert store.claim(upload_id, user_id=8, now=NOW) is None
    assert store.claim(upload_id, user_id=7, now=NOW) is not None  # still there for its owner


def test_an_old_upload_is_forgotten(tmp_path: Path) -> None:
    store = _store(tmp_path)
    upload_id = store.keep(user_id=7, file_name="a.csv", fingerprint="f", data=DATA, now=NOW)
    later = NOW + MAX_AGE + timedelta(seconds=1)
    assert store.claim(upload_id, user_id=7, now=later) is None


def test_sweeping_removes_files_older_than_the_maximum_age(tmp_path: Path) -> None:
    store = _store(tmp_path)
    old = store.keep(user_id=7, file_name="a.csv", fingerprint="f", data=DATA)
    path = store.folder / f"{old}.upload"
    past = (datetime.now(UTC) - MAX_AGE - timedelta(minutes=1)).timestamp()
    os.utime(path, (past, past))
    fresh = store.keep(user_id=7, file_name="b.csv", fingerprint="g", data=DATA)
    assert not path.exists()
    assert store.claim(fresh, user_id=7) is not None


@pytest.mark.parametrize("upload_id", ["", "../../etc/passwd", "x" * 31, "a/" + "b" * 30])
def test_an_id_that_is_not_one_of_ours_finds_nothing(tmp_path: Path, upload_id: str) -> None:
    assert _store(tmp_path).claim(upload_id, user_id=7) is None


def test_the_folder_is_private_and_per_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOUSEI_UPLOAD_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    first = upload_folder("sqlite:///one.db")
    second = upload_folder("sqlite:///two.db")
    assert first != second
    assert first.parent == tmp_path
    assert first.stat().st_mode & 0o777 == 0o700
    assert upload_folder("sqlite:///one.db") == first
    link = tmp_path / "link"
    link.symlink_to(first)
    monkeypatch.setenv("SOUSEI_UPLOAD_DIR", str(link))
    with pytest.raises(RuntimeError):
        upload_folder("sqlite:///one.db")
