"""The command contract: exit codes, errors that say what to do, JSON shapes."""

import json

from click.testing import CliRunner

from ci_engine.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_no_archive_is_an_environment_problem(tmp_path):
    result = run("accounts", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 3
    assert "cie ingest" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("search").exit_code == 2
    assert run("ask").exit_code == 2
    assert run("accounts", "--as-of", "yesterday").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_missing_path_is_named(tmp_path):
    result = run("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "nowhere" in result.output and "no such file" in result.output


def test_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    for name in (
        "ingest",
        "conversations",
        "accounts",
        "search",
        "extract",
        "eval",
        "reextract",
        "ask",
        "icp",
        "query",
        "doctor",
        "reindex",
    ):
        assert name in result.output


def test_not_an_archive(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("this is not sqlite")
    result = run("accounts", "--db", str(junk))
    assert result.exit_code == 3
    assert "not a ci-engine archive" in result.output


def test_unknown_account_suggests_close_names(tmp_path):
    from builders import ArchiveBuilder

    db = tmp_path / "a.db"
    b = ArchiveBuilder(db)
    b.account("Brightwater Logistics, Inc.", stage="won")
    b.store.close()
    result = run("conversations", "--db", str(db), "--account", "Brightwatr Logistics")
    assert result.exit_code == 1
    assert "Brightwater Logistics, Inc." in result.output
    ok = run("conversations", "--db", str(db), "--account", "brightwater-logistics", "--json")
    assert ok.exit_code == 0 and json.loads(ok.output) == []


def test_accounts_json_shape(tmp_path):
    from builders import ArchiveBuilder

    db = tmp_path / "a.db"
    b = ArchiveBuilder(db)
    b.account("Alpha Inc", stage="won", arr=1000, domain="alpha.com")
    b.store.close()
    result = run("accounts", "--db", str(db), "--json", "--as-of", "2026-11-25")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert list(row) == [
        "account",
        "domain",
        "stage",
        "arr",
        "expansion_arr",
        "value",
        "closed_at",
        "live_at",
        "churned_at",
        "conversations",
        "pain_sharpness",
        "ttv_days",
        "ttv_source",
        "sales_cycle_days",
        "icp_score",
        "tier",
    ]
    assert row["account"] == "Alpha Inc" and row["value"] == 1000
    csv = run("accounts", "--db", str(db), "--csv", "--as-of", "2026-11-25")
    assert csv.output.splitlines()[0].startswith("account,domain,stage")
    bad = run("accounts", "--db", str(db), "--sort", "nonsense")
    assert bad.exit_code == 2
