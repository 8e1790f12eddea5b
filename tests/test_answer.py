"""Answers (answer.py): only quotes inside the cohort, window and side; every cohort account
listed in rank order; a note when fewer accounts qualify than were asked for."""

from datetime import date

import pytest

from ci_engine.answer import run
from ci_engine.query import find_query, load_query, parse_question

from builders import ArchiveBuilder, pain, pricing

AS_OF = date(2026, 11, 25)


@pytest.fixture
def archive(tmp_path):
    b = ArchiveBuilder(tmp_path / "a.db")
    big = b.account("Big Co", stage="won", arr=90000, closed_at="2026-01-10")
    mid = b.account("Mid Co", stage="won", arr=40000, closed_at="2026-02-10")
    b.account("Small Co", stage="won", arr=10000, closed_at="2026-02-10")
    gone = b.account(
        "Gone Co", stage="churned", arr=80000, closed_at="2025-02-10", churned_at="2026-06-01"
    )
    b.conversation(
        big,
        "2026-10-03",
        [
            (
                "Ann",
                "buyer",
                "The renewal at 48k is fine if we get two years.",
                [pricing("renewal at 48k")],
            ),
            ("Priya", "seller", "Our list price is 60k a year.", [pricing("list price")]),
            ("Ann", "buyer", "We did 40 million in revenue last year.", []),
        ],
    )
    b.conversation(
        big,
        "2026-09-30",
        [
            ("Ann", "buyer", "September: price is steep.", [pricing("steep")]),
        ],
    )
    b.conversation(
        big,
        "2026-11-01",
        [
            ("Ann", "buyer", "November: can we get a discount?", [pricing("discount")]),
        ],
    )
    b.conversation(
        mid,
        "2026-10-31",
        [
            ("Raj", "buyer", "Budget for this is capped at 30k.", [pricing("budget")]),
            ("Raj", "buyer", "Close takes twelve days.", [pain("close", "acute", True)]),
        ],
    )
    b.conversation(
        gone,
        "2026-10-15",
        [
            ("Zed", "buyer", "Too expensive, we're leaving.", [pricing("expensive")]),
        ],
    )
    return b.store


def ask(store, question):
    query = parse_question(question, AS_OF)
    icp = load_query(find_query("icp"), AS_OF).settings
    query.settings.update({k: icp[k] for k in ("icp", "pain", "tiers")})
    return run(store, query, AS_OF, question=question).as_dict()


def test_founders_question(archive):
    answer = ask(archive, "what did my best 20 customers say about pricing last month")
    assert answer["parsed"]["window"] == {
        "start": "2026-10-01",
        "end": "2026-11-01",
        "label": "October 2026",
    }
    assert [a["account"] for a in answer["accounts"]] == ["Big Co", "Mid Co", "Small Co"]
    assert [a["rank"] for a in answer["accounts"]] == [1, 2, 3]
    big, mid, small = answer["accounts"]
    assert [q["text"] for q in big["quotes"]] == ["The renewal at 48k is fine if we get two years."]
    assert [q["text"] for q in mid["quotes"]] == ["Budget for this is capped at 30k."]
    assert small["quotes"] == [] and small["quote_count"] == 0
    assert "only 3 accounts" in answer["note"]
    quote = big["quotes"][0]
    assert quote["side"] == "buyer" and quote["speaker"] == "Ann"
    assert quote["conversation"]["file"] and quote["date"] == "2026-10-03"
    assert quote["kinds"] == ["pricing"] and quote["start"] == 0.0


def test_churned_cohort_and_window_boundaries(archive):
    answer = ask(archive, "what did churned customers say about pricing in October")
    assert [a["account"] for a in answer["accounts"]] == ["Gone Co"]
    assert answer["accounts"][0]["quote_count"] == 1
    answer = ask(archive, "what did customers say about pricing this month")
    quotes = [q["text"] for a in answer["accounts"] for q in a["quotes"]]
    assert quotes == ["November: can we get a discount?"]


def test_seller_side_when_asked(archive):
    answer = ask(archive, "what did our reps say about pricing last month")
    quotes = [q["text"] for a in answer["accounts"] for q in a["quotes"]]
    assert quotes == ["Our list price is 60k a year."]


def test_pain_topic(archive):
    answer = ask(archive, "pain from best customers last month")
    quotes = {a["account"]: [q["text"] for q in a["quotes"]] for a in answer["accounts"]}
    assert quotes == {"Big Co": [], "Mid Co": ["Close takes twelve days."], "Small Co": []}
