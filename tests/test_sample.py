"""The bundled sample corpus against the facts written beside it (corpora/facts/sample.json)."""

import json
from datetime import date

import pytest

from ci_engine.archive import Archive

from conftest import FACTS, SAMPLE

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def facts():
    return json.loads((FACTS / "sample.json").read_text())


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("sample") / "cie.db", create=True)
    report = archive.ingest([SAMPLE])
    assert not report.failed, report.failed
    return archive


def test_every_conversation_lands_where_the_facts_say(archive, facts):
    got = sorted(
        (r["file"], r["account"], r["date"], r["format"], r["linked_by"], r["turns"])
        for r in archive.conversations()
    )
    want = sorted(
        (c["file"], c["account"], c["date"], c["format"], c["linked_by"], c["turns"])
        for c in facts["conversations"]
    )
    assert got == want
    assert len(want) >= 120


def test_accounts_are_the_crm_accounts(archive, facts):
    rows = archive.accounts(AS_OF)
    assert {r["account"] for r in rows} == {a["name"] for a in facts["accounts"]}
    stages = {r["account"]: r["stage"] for r in rows}
    assert stages == {a["name"]: a["stage"] for a in facts["accounts"]}
    assert len(rows) >= 40


def test_sdr_missing_from_the_roster_is_inferred_seller(archive, facts):
    sides = archive.store.query(
        "SELECT DISTINCT side FROM utterances WHERE speaker = ?", facts["inferred_sellers"]
    )
    assert [r["side"] for r in sides] == ["seller"]
    marks = ",".join("?" * len(facts["team"]))
    team = archive.store.query(
        f"SELECT DISTINCT side FROM utterances WHERE speaker IN ({marks})", facts["team"]
    )
    assert sorted(r["side"] for r in team) == ["note", "seller"]  # their call notes are notes


def test_reingest_changes_nothing(archive):
    before = archive.store.counts()
    report = archive.ingest([SAMPLE])
    assert (len(report.added), len(report.replaced), report.conversations) == (0, 0, 0)
    assert archive.store.counts() == before
    assert archive.doctor().ok, archive.doctor().problems


def test_time_to_value_matches_the_facts(archive, facts):
    rows = {r["account"]: r for r in archive.accounts(AS_OF)}
    for account in facts["accounts"]:
        row = rows[account["name"]]
        assert row["ttv_days"] == account["ttv_days"], account["name"]
        if account["ttv_source"] == "crm":
            assert row["ttv_source"] == "crm"
        elif account["ttv_source"] == "conversation":
            assert row["ttv_source"]["quote"], account["name"]


def test_sharp_pain_ranks_above_mild_pain(archive, facts):
    rows = {r["account"]: r for r in archive.accounts(AS_OF)}
    sharp = [rows[a["name"]]["pain_sharpness"] for a in facts["accounts"] if a["pain"] == "sharp"]
    mild = [rows[a["name"]]["pain_sharpness"] for a in facts["accounts"] if a["pain"] == "mild"]
    assert min(sharp) > max(mild), (sharp, mild)


def test_founders_question_pricing_precision_and_recall(archive, facts):
    check_founders_question(archive, facts)


@pytest.mark.model
def test_founders_question_with_the_shipped_models(tmp_path, facts):
    """The same question on an archive built as `make demo` builds it: the real encoder and
    the trained pain and pricing classifiers."""
    archive = Archive(tmp_path / "cie.db", create=True)
    assert not archive.ingest([SAMPLE]).failed
    assert not archive.extractor.rules_only
    check_founders_question(archive, facts)
    rows = {r["account"]: r for r in archive.accounts(AS_OF)}
    sharp = [rows[a["name"]]["pain_sharpness"] for a in facts["accounts"] if a["pain"] == "sharp"]
    mild = [rows[a["name"]]["pain_sharpness"] for a in facts["accounts"] if a["pain"] == "mild"]
    # the rules order every pair (test above); a trained model's false mentions may swap a few,
    # but nine pairs in ten must come out right and sharp must win on average by a wide margin
    ordered = sum(s > m for s in sharp for m in mild) / (len(sharp) * len(mild))
    assert ordered >= 0.9, (ordered, sharp, mild)
    assert sum(sharp) / len(sharp) >= sum(mild) / len(mild) + 30, (sharp, mild)


def check_founders_question(archive, facts):
    answer = archive.ask("what did my best 20 customers say about pricing last month", AS_OF)
    data = answer.as_dict()
    assert data["parsed"]["window"]["start"] == "2026-10-01"
    assert data["parsed"]["window"]["end"] == "2026-11-01"
    best = sorted(
        (a for a in facts["accounts"] if a["stage"] == "won" and a["value"]),
        key=lambda a: (-a["value"], a["sales_cycle_days"]),
    )[:20]
    assert [a["account"] for a in data["accounts"]] == [a["name"] for a in best]
    returned = [q for a in data["accounts"] for q in a["quotes"]]
    for quote in returned:
        assert "2026-10-01" <= quote["date"] < "2026-11-01"
        assert quote["side"] == "buyer"
    cohort = {a["name"] for a in best}
    expected = [
        line
        for c in facts["conversations"]
        if c["account"] in cohort and "2026-10-01" <= c["date"] < "2026-11-01"
        for line in c["buyer_pricing"]
    ]
    assert len(expected) >= 15
    hits = [q for q in returned if any(line in q["text"] for line in expected)]
    recall = len({line for line in expected if any(line in q["text"] for q in returned)})
    assert recall / len(expected) >= 0.9, (recall, len(expected))
    assert len(hits) / len(returned) >= 0.9, [q["text"] for q in returned if q not in hits]
