"""Money amounts as EXTRACTION.md normalises them: value, currency and period, and what is not
an amount at all."""

import pytest

from ci_engine.amounts import find_amounts


def triples(text: str) -> list[tuple[float, str, str | None]]:
    return [(f.amount.value, f.amount.currency, f.amount.period) for f in find_amounts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the forms EXTRACTION.md names
        ("We were quoted 40k.", [(40000, "USD", None)]),
        ("The whole thing is $1.2M.", [(1200000, "USD", None)]),
        ("They came back at one-ten a year.", [(110000, "USD", "year")]),
        ("It's ten grand, give or take.", [(10000, "USD", None)]),
        ("Somewhere between 45 to 70k.", [(45000, "USD", None), (70000, "USD", None)]),
        ("It's €18 per seat per month.", [(18, "EUR", "seat-month")]),
        ("Our budget is thirty lakh rupees.", [(3000000, "INR", None)]),
        ("They approved 2 crore for the upgrade.", [(20000000, "INR", None)]),
        ("A hundred and twenty thousand, all in.", [(120000, "USD", None)]),
        ("Twelve bucks a user a month.", [(12, "USD", "seat-month")]),
        ("We pay £2,500 a month for it.", [(2500, "GBP", "month")]),
        ("They charge $3 an invoice.", [(3, "USD", None)]),
        ("$250k over three years.", [(250000, "USD", None)]),
        # spellings
        ("forty thousand dollars", [(40000, "USD", None)]),
        ("it's 40K USD", [(40000, "USD", None)]),
        ("$1.2 million", [(1200000, "USD", None)]),
        ("the quote was 1.2 mil", [(1200000, "USD", None)]),
        ("they want two hundred k", [(200000, "USD", None)]),
        ("it was like, uh, forty-five k", [(45000, "USD", None)]),
        ("half a million dollars", [(500000, "USD", None)]),
        ("a million and a half", [(1500000, "USD", None)]),
        ("fifteen hundred dollars a month", [(1500, "USD", "month")]),
        ("a quarter of a million dollars", [(250000, "USD", None)]),
        # an article before a number is not "one"
        ("We're a thirty million dollar business.", [(30000000, "USD", None)]),
        ("It was a twenty thousand dollar fine.", [(20000, "USD", None)]),
        ("That's a forty k deal for us.", [(40000, "USD", None)]),
        ("They offered a one-ten a year deal.", [(110000, "USD", "year")]),
        ("a hundred thousand a year", [(100000, "USD", "year")]),
        ("Guards are about R22,000 a month.", [(22000, "ZAR", "month")]),
        ("It's R120 000 a year.", [(120000, "ZAR", "year")]),
        (
            "Analysts are at eight to ten lakh per annum.",
            [(800000, "INR", "year"), (1000000, "INR", "year")],
        ),
        ("Messages at eighty paise each.", [(0.8, "INR", None)]),
        ("Per head it's $240 a year.", [(240, "USD", "seat-year")]),
        ("Editors are £9 per editor per month.", [(9, "GBP", "seat-month")]),
        ("Hosting came to €320,000 for 2023.", [(320000, "EUR", "year")]),
        # counts and terms are not money
        ("We pay on net 60.", []),
        ("We have eleven thousand open files.", []),
        ("That's for your 60 clinicians.", []),
        ("We do 40k orders a month.", []),
        ("about 1,500 bucks monthly", [(1500, "USD", "month")]),
        ("that's 2.5k per month", [(2500, "USD", "month")]),
        ("It's $99/mo", [(99, "USD", "month")]),
        ("$1,200/yr", [(1200, "USD", "year")]),
        ("roughly $45,000 per annum", [(45000, "USD", "year")]),
        ("we're paying about 85 grand a year for Coupa", [(85000, "USD", "year")]),
        # ranges
        ("between 30 and 35 thousand", [(30000, "USD", None), (35000, "USD", None)]),
        (
            "the budget is between forty and fifty thousand",
            [(40000, "USD", None), (50000, "USD", None)],
        ),
        ("somewhere in the 60-80k range", [(60000, "USD", None), (80000, "USD", None)]),
        ("$60–80k", [(60000, "USD", None), (80000, "USD", None)]),
        ("60k to 80k", [(60000, "USD", None), (80000, "USD", None)]),
        (
            "10 to 15 dollars a seat per month",
            [(10, "USD", "seat-month"), (15, "USD", "seat-month")],
        ),
        # currencies
        ("¥500,000", [(500000, "JPY", None)]),
        ("CAD 12,000 annually", [(12000, "CAD", "year")]),
        ("AUD 30k per year", [(30000, "AUD", "year")]),
        ("30k AUD a year", [(30000, "AUD", "year")]),
        ("twelve thousand pounds", [(12000, "GBP", None)]),
        ("fifty quid a head a month", [(50, "GBP", "seat-month")]),
        ("EUR 12,000", [(12000, "EUR", None)]),
        ("1.2 million euros", [(1200000, "EUR", None)]),
        ("1.5 crore rupees", [(15000000, "INR", None)]),
        ("₹25 lakh", [(2500000, "INR", None)]),
        ("Rs 40,000 a month", [(40000, "INR", "month")]),
        ("50,000 rand a month", [(50000, "ZAR", "month")]),
        ("twenty thousand Canadian dollars", [(20000, "CAD", None)]),
        # periods
        ("we spend 250 dollars per user per year", [(250, "USD", "seat-year")]),
        ("it's 8 euros per user monthly", [(8, "EUR", "seat-month")]),
        ("ten dollars a seat", [(10, "USD", None)]),
        ("8 cents per transaction", [(0.08, "USD", None)]),
        ("$0.50 per invoice", [(0.5, "USD", None)]),
        ("a one-off setup fee of 5k", [(5000, "USD", "one-time")]),
        ("a $15,000 implementation fee", [(15000, "USD", "one-time")]),
        ("the fine was $25,000", [(25000, "USD", "one-time")]),
        ("a $10k penalty", [(10000, "USD", "one-time")]),
        ("we did 40 million in revenue last year", [(40000000, "USD", "year")]),
        ("we raised 20 million", [(20000000, "USD", None)]),
        ("$12MM ARR", [(12000000, "USD", "year")]),
        ("the renewal came in at 85k", [(85000, "USD", None)]),
        ("a three-year deal at $250k total", [(250000, "USD", None)]),
        ("we burn 400k a month", [(400000, "USD", "month")]),
        ("it costs one fifty a seat", [(150, "USD", None)]),
    ],
)
def test_amounts(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "about 30% of our time goes to it",
        "twenty percent off the list",
        "it's a six-figure deal",
        "we have 40k invoices a month",
        "we process 12,000 invoices a month",
        "we have 40 people in finance",
        "I ran a 10k on Sunday",
        "the pilot is free",
        "in 2025 we moved to NetSuite",
        "Q3 was rough",
        "three weeks to close",
        "we're on version 2",
    ],
)
def test_not_amounts(text):
    assert triples(text) == []


def test_span_covers_the_amount():
    text = "They quoted us $40k a year."
    (found,) = find_amounts(text)
    assert text[found.start : found.end].startswith("$40k")
