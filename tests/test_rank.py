"""Account metrics (rank.py): best customers, pain sharpness, ICP score and tiers."""

from datetime import date

import pytest

from ci_engine import rank
from ci_engine.query import find_query, load_query

from builders import ArchiveBuilder, pain

AS_OF = date(2026, 11, 25)


def settings():
    return load_query(find_query("icp"), AS_OF).settings


@pytest.fixture
def builder(tmp_path):
    return ArchiveBuilder(tmp_path / "t.db")


def test_best_customers_by_value_then_shorter_cycle(builder):
    from ci_engine.answer import select_cohort
    from ci_engine.query import Cohort, Query

    builder.account(
        "Alpha", stage="won", arr=100000, first_touch="2026-01-01", closed_at="2026-05-01"
    )
    builder.account("Bravo", stage="won", arr=50000, expansion_arr=60000, closed_at="2026-03-01")
    builder.account(
        "Charlie", stage="churned", arr=200000, closed_at="2025-01-01", churned_at="2026-01-01"
    )
    builder.account(
        "Delta", stage="won", arr=100000, first_touch="2026-04-01", closed_at="2026-05-01"
    )
    builder.account("Echo", stage="lost", arr=900000)
    metrics = rank.compute(builder.store, AS_OF, settings())
    cohort, note = select_cohort(Query(cohort=Cohort("best", 10)), metrics, [])
    assert [a.name for a in cohort] == ["Bravo", "Delta", "Alpha"]
    assert note == "only 3 accounts are won and not churned (asked for 10)"
    cohort, note = select_cohort(Query(cohort=Cohort("best", 2)), metrics, [])
    assert [a.name for a in cohort] == ["Bravo", "Delta"] and note is None


def test_sharp_quantified_broad_pain_outranks_mild_pain(builder):
    sharp = builder.account("Sharp Co", stage="won", closed_at="2026-06-01")
    mild = builder.account("Mild Co", stage="won", closed_at="2026-06-01")
    builder.conversation(
        sharp,
        "2026-05-01",
        [
            (
                "Ann",
                "buyer",
                "Close takes us twelve days.",
                [pain("x", "acute", True, "slow-close")],
            ),
            (
                "Raj",
                "buyer",
                "We paid a 4k late fee twice.",
                [pain("x", "acute", True, "late-payments")],
            ),
            ("Priya", "seller", "Teams like yours struggle.", []),
        ],
    )
    builder.conversation(
        sharp,
        "2026-05-20",
        [
            (
                "Ann",
                "buyer",
                "Auditors flagged us again.",
                [pain("x", "real", False, "audit-compliance")],
            ),
        ],
    )
    builder.conversation(
        mild,
        "2026-05-01",
        [
            ("Lee", "buyer", "Approvals are a bit clunky.", [pain("x", "mild")]),
        ],
    )
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert metrics[sharp].pain_sharpness > 2 * metrics[mild].pain_sharpness > 0
    assert 0 < metrics[mild].pain_sharpness < 30
    assert metrics[sharp].pain_sharpness <= 100
    points = metrics[sharp].pain_points
    assert len(points) == 3
    assert sum(p.points for p in points) == pytest.approx(metrics[sharp].pain_sharpness, abs=0.2)
    assert points[0].intensity == "acute"


def test_old_pain_decays_and_pain_after_close_is_shown_apart(builder):
    recent = builder.account("Recent", stage="won", closed_at="2026-06-01")
    old = builder.account("Old", stage="won", closed_at="2026-06-01")
    builder.conversation(recent, "2026-06-01", [("A", "buyer", "p", [pain("p", "real")])])
    builder.conversation(old, "2025-06-06", [("B", "buyer", "p", [pain("p", "real")])])
    builder.conversation(old, "2026-08-01", [("B", "buyer", "after", [pain("after", "acute")])])
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert metrics[old].pain_points[0].weight == pytest.approx(2.0 / 4, rel=0.01)
    assert metrics[recent].pain_points[0].weight == pytest.approx(2.0)
    assert metrics[old].pain_sharpness < metrics[recent].pain_sharpness
    assert [p.text for p in metrics[old].open_pains] == ["after"]


def test_at_most_three_mentions_per_conversation_and_notes_at_half_weight(builder):
    account = builder.account("Many", stage="open")
    builder.conversation(
        account,
        "2026-11-01",
        [("A", "buyer", f"pain {i}", [pain(f"pain {i}", "real")]) for i in range(5)],
    )
    noted = builder.account("Noted", stage="open")
    builder.conversation(
        noted,
        "2026-11-01",
        [("Priya", "note", "They said close is slow", [pain("close is slow", "real")])],
    )
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert len(metrics[account].pain_points) == 3
    point = metrics[noted].pain_points[0]
    assert point.paraphrase and point.weight < 2.0 * 0.51


def test_no_pain_scores_zero(builder):
    quiet = builder.account("Quiet", stage="open")
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert metrics[quiet].pain_sharpness == 0.0


def test_icp_score_counts_known_criteria_and_lists_unknown_ones(builder):
    fit = builder.account(
        "Fit Co",
        stage="open",
        industry="Logistics",
        employees=500,
        tech_stack=["NetSuite", "Slack"],
    )
    tiny = builder.account("Tiny Co", stage="open", industry="Logistics", employees=8)
    blank = builder.account("Blank Co", stage="open")
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert metrics[fit].icp_score == 65.0
    assert set(metrics[fit].unknown_criteria) == {"recent trigger", "finance leader engaged"}
    assert metrics[fit].tier == 2
    assert metrics[tiny].tier == "excluded"
    assert any("too small" in r for r in metrics[tiny].fit_reasons)
    assert metrics[blank].icp_score == 0.0 and metrics[blank].tier == 3
    assert len(metrics[blank].unknown_criteria) == 5


def test_sales_cycle_from_first_touch_or_first_conversation(builder):
    a = builder.account("A", stage="won", first_touch="2026-01-01", closed_at="2026-03-01")
    b = builder.account("B", stage="won", closed_at="2026-03-01")
    builder.conversation(b, "2026-02-01", [("X", "buyer", "hi")])
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert metrics[a].sales_cycle_days == 59
    assert metrics[b].sales_cycle_days == 28


def test_crm_time_to_value(builder):
    a = builder.account("A", stage="won", closed_at="2026-03-01", live_at="2026-03-22")
    lost = builder.account("L", stage="lost", closed_at="2026-03-01", live_at="2026-03-22")
    metrics = rank.compute(builder.store, AS_OF, settings())
    assert (metrics[a].ttv_days, metrics[a].ttv_source) == (21, "crm")
    assert metrics[lost].ttv_days is None
