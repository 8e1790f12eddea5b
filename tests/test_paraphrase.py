"""Users ask in their own words: a paraphrase must find the buyer's sentence (hybrid recall@5 over
corpora/facts/paraphrases.jsonl, written with different wording from each target)."""

import json

import pytest

from ci_engine.archive import Archive

from conftest import FACTS, SAMPLE

PAIRS = [json.loads(line) for line in (FACTS / "paraphrases.jsonl").read_text().splitlines()]


def recall_at(archive, mode, k=5, side="buyer"):
    found = 0
    for pair in PAIRS:
        hits = archive.search(pair["query"], k=k, mode=mode, side=side)
        found += any(pair["expected"] in h.text for h in hits)
    return found / len(PAIRS)


@pytest.fixture(scope="module")
def fake_archive(tmp_path_factory):
    archive = Archive(tmp_path_factory.mktemp("p") / "cie.db", create=True)
    archive.ingest([SAMPLE])
    return archive


def test_the_set_is_large_and_worded_differently():
    assert len(PAIRS) >= 30
    for pair in PAIRS:
        query = set(pair["query"].lower().split())
        target = set(pair["expected"].lower().split())
        assert len(query & target) <= len(target) / 2, pair


def test_filters_apply_inside_the_search(fake_archive):
    account = "Kessler & Sons GmbH"
    hits = fake_archive.search("pricing discount renewal", k=10, account=account)
    assert len(hits) == 10
    assert {h.account for h in hits} == {account}
    hits = fake_archive.search(
        "invoices", k=5, since="2026-10-01", until="2026-11-01", side="buyer"
    )
    assert len(hits) == 5
    assert all("2026-10-01" <= h.date < "2026-11-01" and h.side == "buyer" for h in hits)


def test_keyword_search_survives_any_user_text(fake_archive):
    for text in ['"unbalanced', "NEAR(a b)", "price*", "a OR", "-", "AND AND", "'; DROP"]:
        fake_archive.search(text, mode="keyword")


def test_keyword_search_ranks_the_newest_matches_past_its_cap(fake_archive, monkeypatch):
    from ci_engine import search

    store = fake_archive.store
    match = search.fts_query("invoice")
    newest = [
        r[0]
        for r in store.conn.execute(
            "SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 5",
            [match],
        )
    ]
    assert len(newest) == 5
    everything = search.keyword(store, "invoice", 5, "", [])
    monkeypatch.setattr(search, "KEYWORD_SCAN", 5)
    capped = search.keyword(store, "invoice", 5, "", [])
    assert sorted(capped) == sorted(newest)
    assert everything != capped  # uncapped, the best matches come from the whole archive


@pytest.mark.model
def test_paraphrases_find_the_buyers_words(tmp_path):
    archive = Archive(tmp_path / "cie.db", create=True)
    archive.ingest([SAMPLE])
    hybrid = recall_at(archive, "hybrid")
    vector = recall_at(archive, "vector")
    keyword = recall_at(archive, "keyword")
    anyone = recall_at(archive, "hybrid", side=None)
    print(
        f"buyer-side recall@5: hybrid {hybrid:.2f} vector {vector:.2f} keyword {keyword:.2f}; "
        f"hybrid over every side {anyone:.2f}"
    )
    assert hybrid >= 0.9
    assert hybrid >= max(vector, keyword)


def test_a_filtered_keyword_search_finds_matches_older_than_its_cap(fake_archive, monkeypatch):
    from ci_engine import search

    store = fake_archive.store
    oldest_account = store.scalar(
        "SELECT c.account_id FROM utterances u JOIN conversations c ON c.id = u.conversation_id "
        "ORDER BY u.id LIMIT 1"
    )
    where, params = search._filter_sql([oldest_account], None, None, None, None, None)
    full = search.keyword(store, "invoice", 5, where, params)
    monkeypatch.setattr(search, "KEYWORD_SCAN", 5)  # the newest 5 matches are elsewhere
    capped = search.keyword(store, "invoice", 5, where, params)
    assert capped and set(capped) <= {
        r[0]
        for r in store.conn.execute(
            "SELECT u.id FROM utterances u JOIN conversations c ON c.id = u.conversation_id "
            "WHERE c.account_id = ?",
            [oldest_account],
        )
    }
    assert len(capped) == len(full)
