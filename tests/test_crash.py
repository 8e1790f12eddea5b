"""Kill ingest at any moment: the archive stays consistent, and a re-run completes it with no
vector missing or duplicated."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REAL_DATA, ROOT

pytestmark = pytest.mark.skipif(not REAL_DATA.is_dir(), reason="shared/data/real not present")


def cie(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "ci_engine.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def counts(db):
    import sqlite3

    conn = sqlite3.connect(db)
    out = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("sources", "conversations", "utterances", "embeddings")
    }
    out["orphans"] = conn.execute(
        "SELECT count(*) FROM utterances u WHERE NOT EXISTS "
        "(SELECT 1 FROM embeddings e WHERE e.utterance_id = u.id)"
    ).fetchone()[0]
    conn.close()
    return out


def test_kill_during_ingest_then_rerun(tmp_path):
    from realdata import build

    tree = build(tmp_path / "calls", limit=150)
    env = {**os.environ, "CIE_EMBEDDER": "fake", "CIE_EXTRACT": "rules"}
    clean = tmp_path / "clean.db"
    cie("ingest", str(tree.root), "--db", str(clean), env=env)
    expected = counts(clean)

    db = tmp_path / "killed.db"
    for delay in (0.6, 1.0, 1.4, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "ci_engine.cli", "ingest", str(tree.root), "--db", str(db)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if db.exists():
            partial = counts(db)
            assert partial["orphans"] == 0  # each file lands with its vectors or not at all
            doctor = cie("doctor", "--db", str(db), "--json", env=env)
            assert json.loads(doctor.stdout)["ok"], doctor.stdout
    final = cie("ingest", str(tree.root), "--db", str(db), env=env)
    assert final.returncode == 1  # the tree's deliberately bad files
    assert counts(db) == expected
    doctor = cie("doctor", "--db", str(db), env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_a_lost_index_is_a_note_and_the_next_search_rebuilds_it(tmp_path):
    """A kill between a file's commit and the index write leaves the archive whole and the index
    behind or gone: doctor says so without failing, and a search repairs it."""
    from ci_engine.archive import Archive
    from ci_engine.index import index_path

    from conftest import SAMPLE

    db = tmp_path / "cie.db"
    archive = Archive(db, create=True)
    assert not archive.ingest([SAMPLE]).failed
    index_path(db).unlink()
    report = archive.doctor()
    assert report.ok, report.problems
    assert any("missing or damaged" in note for note in report.notes)
    assert archive.search("pricing for the annual plan", k=3)
    assert index_path(db).exists()
    after = archive.doctor()
    assert after.ok and not any("vector index" in note for note in after.notes)
