"""Ingest real conversations nobody here wrote, in every format and linking route: each lands on
the right account and date, a re-run changes nothing, bad files are named and the rest kept."""

import json
import shutil

import pytest
from click.testing import CliRunner

from ci_engine.cli import cli

from conftest import REAL_DATA

pytestmark = pytest.mark.skipif(not REAL_DATA.is_dir(), reason="shared/data/real not present")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from realdata import build

    root = tmp_path_factory.mktemp("real") / "calls"
    tree = build(root)
    db = root.parent / "real.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(root), "--db", str(db), "--json"])
    return tree, db, runner, first


def conversations(runner, db):
    result = runner.invoke(cli, ["conversations", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_bad_files_are_named_and_the_rest_is_ingested(real):
    tree, _, _, first = real
    assert first.exit_code == 1, first.output
    report = json.loads(first.stdout)
    failed = {f["file"]: f["reason"] for f in report["failed"]}
    assert set(failed) == set(tree.bad)
    for file, hint in tree.bad.items():
        assert hint in failed[file].lower()
        assert file in first.stderr
    assert "Traceback" not in first.output
    assert report["conversations"] == len(tree.expected)


def test_every_conversation_lands_on_its_account_and_date(real):
    tree, db, runner, _ = real
    rows = conversations(runner, db)
    got = sorted((r["file"], r["account"], r["date"], r["turns"], r["linked_by"]) for r in rows)
    want = sorted(
        (file, e.account, e.date, e.turns, e.linked_by) for (file, _), e in tree.expected.items()
    )
    assert got == want


def test_no_account_was_invented(real):
    tree, db, runner, _ = real
    result = runner.invoke(cli, ["accounts", "--db", str(db), "--json"])
    names = {a["account"] for a in json.loads(result.output)}
    assert names == set(tree.accounts)


def test_reingest_changes_nothing(real):
    tree, db, runner, _ = real
    before = conversations(runner, db)
    again = runner.invoke(cli, ["ingest", str(tree.root), "--db", str(db), "--json"])
    report = json.loads(again.stdout)
    assert again.exit_code == 1  # the bad files are still bad
    assert report["added"] == 0 and report["replaced"] == 0 and report["conversations"] == 0
    assert conversations(runner, db) == before
    doctor = runner.invoke(cli, ["doctor", "--db", str(db)])
    assert doctor.exit_code == 0, doctor.output


def test_changed_file_replaces_and_moved_file_keeps_its_history(tmp_path):
    from realdata import build

    tree = build(tmp_path / "calls", limit=30)
    shutil.rmtree(tree.root / "broken")
    for file in tree.bad:
        (tree.root / file).unlink(missing_ok=True)
    db = tmp_path / "small.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(tree.root), "--db", str(db)])
    assert first.exit_code == 0, first.output
    before = conversations(runner, db)

    vtt = next(f for f, _ in tree.expected if f.endswith(".vtt"))
    text = (tree.root / vtt).read_text()
    (tree.root / vtt).write_text(text.replace("</v>", " (edited)</v>", 1))
    txt = next(f for f, _ in tree.expected if f.startswith("misc/"))
    (tree.root / "misc" / "moved").mkdir()
    (tree.root / txt).rename(tree.root / "misc" / "moved" / txt.split("/")[-1])

    result = runner.invoke(cli, ["ingest", str(tree.root), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["replaced"], report["moved"]) == (0, 1, 1)
    after = conversations(runner, db)
    assert len(after) == len(before)
    assert any(r["file"] == "misc/moved/" + txt.split("/")[-1] for r in after)
    assert not any(r["file"] == txt for r in after)


def test_a_copy_read_in_the_same_run_is_stored_once(tmp_path):
    from realdata import build

    tree = build(tmp_path / "calls", limit=10)
    shutil.rmtree(tree.root / "broken")
    for file in tree.bad:
        (tree.root / file).unlink(missing_ok=True)
    original = next(f for f, _ in tree.expected if f.endswith(".vtt"))
    (tree.root / "copies").mkdir()
    shutil.copy(tree.root / original, tree.root / "copies" / original.split("/")[-1])
    db = tmp_path / "copy.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(tree.root), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conversations"] == len(tree.expected)
    assert any("same content as" in w for w in report["warnings"])
    assert len(conversations(runner, db)) == len(tree.expected)
