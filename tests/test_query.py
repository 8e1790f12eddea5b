"""Question parsing and window arithmetic (query.py)."""

from datetime import date

import pytest

from ci_engine.errors import NotFound, UsageError
from ci_engine.query import (
    current_period,
    find_query,
    load_query,
    named_month,
    parse_question,
    previous_period,
    query_from_dict,
    rolling,
)

AS_OF = date(2026, 11, 25)  # a Wednesday
NAMES = {
    "brightwater logistics": "Brightwater Logistics, Inc.",
    "acme health": "Acme Health LLC",
    "acme": "Acme",
    "kessler sons": "Kessler & Sons GmbH",
}
FACETS = {"industry": ["Logistics", "Healthcare"], "segment": ["Enterprise", "Mid-Market"]}


def ask(question, as_of=AS_OF):
    return parse_question(question, as_of, account_names=NAMES, facets=FACETS)


# windows -------------------------------------------------------------------


def test_previous_month_is_the_whole_calendar_month():
    w = previous_period("month", AS_OF)
    assert (w.start, w.end) == (date(2026, 10, 1), date(2026, 11, 1))


def test_previous_month_across_a_year_boundary():
    w = previous_period("month", date(2026, 1, 15))
    assert (w.start, w.end) == (date(2025, 12, 1), date(2026, 1, 1))


def test_previous_month_on_the_first_of_a_month():
    w = previous_period("month", date(2026, 3, 1))
    assert (w.start, w.end) == (date(2026, 2, 1), date(2026, 3, 1))


def test_previous_quarter_and_year():
    q = previous_period("quarter", AS_OF)
    assert (q.start, q.end) == (date(2026, 7, 1), date(2026, 10, 1))
    y = previous_period("year", AS_OF)
    assert (y.start, y.end) == (date(2025, 1, 1), date(2026, 1, 1))


def test_weeks_start_on_monday():
    w = previous_period("week", AS_OF)
    assert w.start == date(2026, 11, 16) and w.start.weekday() == 0
    assert w.end == date(2026, 11, 23)
    this = current_period("week", AS_OF)
    assert this.start == date(2026, 11, 23) and this.end == date(2026, 11, 26)


def test_this_month_is_month_to_date_inclusive():
    w = current_period("month", AS_OF)
    assert (w.start, w.end) == (date(2026, 11, 1), date(2026, 11, 26))


def test_rolling_window_ends_on_as_of():
    w = rolling(30, AS_OF)
    assert w.end == date(2026, 11, 26)
    assert (w.end - w.start).days == 30
    assert w.contains(AS_OF) and not w.contains(date(2026, 10, 26))


def test_named_month_is_the_latest_that_ended():
    assert named_month(3, AS_OF).start == date(2026, 3, 1)
    assert named_month(11, AS_OF).start == date(2025, 11, 1)  # November 2026 has not ended
    assert named_month(11, date(2026, 11, 30)).start == date(2026, 11, 1)
    assert named_month(12, AS_OF).start == date(2025, 12, 1)


def test_leap_february():
    w = named_month(2, date(2028, 5, 1))
    assert (w.start, w.end) == (date(2028, 2, 1), date(2028, 3, 1))


# questions: (question, cohort name, limit, kinds, window start, window end, extra checks)
PHRASINGS = [
    (
        "what did my best 20 customers say about pricing last month",
        "best",
        20,
        ["pricing"],
        "2026-10-01",
        "2026-11-01",
    ),
    (
        "What did our top 5 accounts say about price this quarter?",
        "best",
        5,
        ["pricing"],
        "2026-10-01",
        "2026-11-26",
    ),
    (
        "best ten customers on cost in the last 30 days",
        "best",
        10,
        ["pricing"],
        "2026-10-27",
        "2026-11-26",
    ),
    (
        "pricing from my biggest 3 customers last year",
        "best",
        3,
        ["pricing"],
        "2025-01-01",
        "2026-01-01",
    ),
    (
        "what did churned customers complain about last quarter",
        "churned",
        None,
        ["pain"],
        "2026-07-01",
        "2026-10-01",
    ),
    (
        "pain points from lost deals in the past 6 months",
        "lost",
        None,
        ["pain"],
        "2026-05-26",
        "2026-11-26",
    ),
    (
        "what did we hear from open deals about competitors this month",
        "open",
        None,
        ["competitor"],
        "2026-11-01",
        "2026-11-26",
    ),
    (
        "competitors mentioned in the pipeline since 2026-09-01",
        "open",
        None,
        ["competitor"],
        "2026-09-01",
        "2026-11-26",
    ),
    (
        "discount requests from customers in March",
        "won",
        None,
        ["pricing"],
        "2026-03-01",
        "2026-04-01",
    ),
    (
        "what frustrations did prospects share in the last 2 weeks",
        "prospect",
        None,
        ["pain"],
        "2026-11-12",
        "2026-11-26",
    ),
    ("budget talk from won deals in October", "won", None, ["pricing"], "2026-10-01", "2026-11-01"),
    (
        "what did customers say about pricing in Q3",
        "won",
        None,
        ["pricing"],
        "2026-07-01",
        "2026-10-01",
    ),
    ("pricing in 2025", "all", None, ["pricing"], "2025-01-01", "2026-01-01"),
    (
        "what problems did churned accounts have since March 3",
        "churned",
        None,
        ["pain"],
        "2026-03-03",
        "2026-11-26",
    ),
    ("top 20 customers pricing last week", "best", 20, ["pricing"], "2026-11-16", "2026-11-23"),
    (
        "what have our best customers said about costs this year",
        "best",
        None,
        ["pricing"],
        "2026-01-01",
        "2026-11-26",
    ),
    (
        "show me pain from all accounts in the last 90 days",
        "all",
        None,
        ["pain"],
        "2026-08-28",
        "2026-11-26",
    ),
    (
        "issues raised by customers in November 2025",
        "won",
        None,
        ["pain"],
        "2025-11-01",
        "2025-12-01",
    ),
    (
        "pricing and competitors from open opportunities last month",
        "open",
        None,
        ["pricing", "competitor"],
        "2026-10-01",
        "2026-11-01",
    ),
    ("what did our 15 best customers say about ROI", "best", 15, ["pricing"], None, None),
    (
        "struggles mentioned by lost deals since September",
        "lost",
        None,
        ["pain"],
        "2026-09-01",
        "2026-11-26",
    ),
]


@pytest.mark.parametrize(("question", "cohort", "limit", "kinds", "start", "end"), PHRASINGS)
def test_phrasings(question, cohort, limit, kinds, start, end):
    q = ask(question)
    parsed = q.parsed()
    assert parsed["cohort"]["name"] == cohort
    assert parsed["cohort"]["limit"] == limit
    assert parsed["topic"]["kinds"] == kinds
    assert parsed["window"]["start"] == start
    assert parsed["window"]["end"] == end
    assert parsed["unparsed"] == []
    assert parsed["side"] == "buyer"


def test_named_account_is_matched_loosely_never_fuzzily():
    q = ask("what did Brightwater Logistics say about pricing last month")
    assert q.accounts == ["Brightwater Logistics, Inc."]
    q = ask("what did acme health say about pain")
    assert q.accounts == ["Acme Health LLC"]  # not also "Acme"
    q = ask("what did Acme say about pain")
    assert q.accounts == ["Acme"]
    q = ask("Kessler & Sons pricing since 2026-01-01")
    assert q.accounts == ["Kessler & Sons GmbH"]
    assert ask("what did Brightwater say").accounts == []


def test_industry_and_segment_become_filters():
    q = ask("what did logistics customers say about pricing last month")
    assert q.cohort.name == "won"
    assert q.cohort.filters == {"industry": ["Logistics"]}
    q = ask("pain from enterprise open deals")
    assert q.cohort.filters == {"segment": ["Enterprise"]}
    assert q.cohort.name == "open"


def test_free_text_topic_is_listed_as_unparsed():
    q = ask("what did churned customers say about onboarding taking forever")
    assert q.cohort.name == "churned"
    assert q.topic.kinds == []
    assert q.topic.text == "onboarding taking forever"
    assert q.unparsed == ["onboarding", "taking", "forever"]


def test_role_and_side():
    q = ask("what did finance leaders at our best customers say about pricing")
    assert q.role == "finance" and q.cohort.name == "best"
    q = ask("what did our reps say about discounts last month")
    assert q.side == "seller" and q.topic.kinds == ["pricing"]


def test_no_window_means_all_time():
    q = ask("pricing from churned customers")
    assert q.window.start is None and q.window.end is None


# query files -----------------------------------------------------------------


def test_shipped_queries_load():
    for name in (
        "icp",
        "best",
        "pricing-best-last-month",
        "churned-pain",
        "open-deals-competitors",
    ):
        q = load_query(find_query(name), AS_OF)
        assert q.name == name


def test_saved_question_matches_the_parsed_question():
    saved = load_query(find_query("pricing-best-last-month"), AS_OF)
    asked = ask("what did my best 20 customers say about pricing last month")
    assert saved.parsed()["cohort"]["name"] == asked.parsed()["cohort"]["name"]
    assert saved.cohort.limit == asked.cohort.limit
    assert saved.topic.kinds == asked.topic.kinds
    assert saved.window.start == asked.window.start and saved.window.end == asked.window.end


def test_query_names_never_resolve_outside_the_query_folders():
    with pytest.raises(NotFound):
        find_query("../pyproject")
    with pytest.raises(NotFound):
        find_query("/etc/passwd")
    with pytest.raises(NotFound):
        find_query("no-such-query")


@pytest.mark.parametrize(
    "data",
    [
        {"cohort": {"select": "everyone; DROP TABLE accounts"}},
        {"cohort": {"select": "best", "limit": -3}},
        {"cohort": {"sql": "SELECT 1"}},
        {"topic": {"kinds": ["pricing", "1=1"]}},
        {"window": {"month": "Smarch"}},
        {"answer": {"side": "both"}},
        {"exec": "import os"},
    ],
)
def test_query_files_are_checked_data(data):
    with pytest.raises(UsageError):
        query_from_dict(data, AS_OF)
