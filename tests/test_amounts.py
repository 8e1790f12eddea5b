"""Money amounts as EXTRACTION.md normalises them: value, currency and period, and what is not
an amount at all."""

import pytest

from ci_engine.amounts import find_amounts


def triples(text: str) -> list[tuple[float, str, str | None]]:
    return [(f.amount.value, f.amount.currency, f.amount.period) for f in find_amounts(text)]


AMOUNTS = [
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
]
# the forms of sales calls: elliptical prices, local currencies, periods said around them
AMOUNTS_IN_SALES_TALK = [
    # currencies: symbols, ISO codes before or after, names
    ("We'd budget ₦2.5 million a month for it.", [(2500000, "NGN", "month")]),
    ("It's 25,000 NGN.", [(25000, "NGN", None)]),
    ("Our rent is KES 450,000 a year.", [(450000, "KES", "year")]),
    ("They charge Ksh 1,500 per user per month.", [(1500, "KES", "seat-month")]),
    ("It's 80,000 shillings a month.", [(80000, "KES", "month")]),
    ("The quote came to SAR 320,000.", [(320000, "SAR", None)]),
    ("We spend about 12,000 riyals a month on it.", [(12000, "SAR", "month")]),
    ("AED 55k annually", [(55000, "AED", "year")]),
    ("roughly 9,000 dirhams", [(9000, "AED", None)]),
    ("₱45,000 a month", [(45000, "PHP", "month")]),
    ("PHP 2 million", [(2000000, "PHP", None)]),
    ("RM 4.5k a month", [(4500, "MYR", "month")]),
    ("20,000 ringgit", [(20000, "MYR", None)]),
    ("Rp 30 million a month", [(30000000, "IDR", "month")]),
    ("THB 150,000 a year", [(150000, "THB", "year")]),
    ("40,000 baht", [(40000, "THB", None)]),
    # Portuguese "mil" is a thousand with reais only
    ("R$ 15 mil por mês", [(15000, "BRL", "month")]),
    ("BRL 30 mil", [(30000, "BRL", None)]),
    ("$3 mil for the whole program", [(3000000, "USD", None)]),
    # European thousands: a dot and three digits, with a currency
    ("€2.400 a month", [(2400, "EUR", "month")]),
    ("from €1.500 to €3.000 per unit", [(1500, "EUR", None), (3000, "EUR", None)]),
    ("5.000 euros", [(5000, "EUR", None)]),
    # pence, cents and hundredths said after the currency
    ("We pay 85p per payslip.", [(0.85, "GBP", None)]),
    ("two and a half cents a message", [(0.025, "USD", None)]),
    ("three pounds twenty a head a month", [(3.2, "GBP", "seat-month")]),
    ("a dollar fifty per page", [(1.5, "USD", None)]),
    # spoken shorthand
    ("twelve-fifty a month", [(1250, "USD", "month")]),
    ("we can land at forty-two five", [(42500, "USD", None)]),
    ("Our plan is four ninety-nine a month.", [(4.99, "USD", "month")]),
    (
        "Associates bill at three-twenty an hour and partners at five-forty.",
        [(320, "USD", None), (540, "USD", None)],
    ),
    ("Five, six grand a month.", [(5000, "USD", "month"), (6000, "USD", "month")]),
    # a bare number or an hour or a seat priced
    ("It's 12 a seat a month.", [(12, "USD", "seat-month")]),
    ("They pay twenty-eight an hour.", [(28, "USD", None)]),
    ("About fifteen a month per seat.", [(15, "USD", "seat-month")]),
    ("We charge 2.75 a parcel.", [(2.75, "USD", None)]),
    ("About 3.20 per terabyte per month.", [(3.2, "USD", None)]),
    ("That's 40 cents per booking.", [(0.4, "USD", None)]),
    ("5 cents a page, about 80,000 pages a month.", [(0.05, "USD", None)]),
    ("Year one comes to 48,000.", [(48000, "USD", "year")]),
    ("A truck costs us 1,900 a month.", [(1900, "USD", "month")]),
    ("We raised a fifteen million Series B.", [(15000000, "USD", None)]),
    ("They ran 2 billion in GMV last year.", [(2000000000, "USD", "year")]),
    # periods
    ("$35/user/month", [(35, "USD", "seat-month")]),
    ("£20/seat/mo", [(20, "GBP", "seat-month")]),
    ("R480 000 p.a. all in", [(480000, "ZAR", "year")]),
    ("a once-off fee of R20 000", [(20000, "ZAR", "one-time")]),
    ("We got 50k for FY26.", [(50000, "USD", "year")]),
    ("60k approved in the FY26 plan.", [(60000, "USD", "year")]),
    ("the budget is 60k for the first year", [(60000, "USD", "year")]),
    ("Our ARR's roughly 22 million.", [(22000000, "USD", "year")]),
    ("ARR crossed $3M in May.", [(3000000, "USD", "year")]),
    (
        "$900k over the three-year term, or 320k a year.",
        [(900000, "USD", None), (320000, "USD", "year")],
    ),
    (
        "600k for the full three years, versus 220k annually.",
        [(600000, "USD", None), (220000, "USD", "year")],
    ),
    ("Is that $50k per year or per month?", [(50000, "USD", None)]),
    ("The implementation fee of 20k, is that one-off?", [(20000, "USD", None)]),
    ("A paid pilot is fine if it's under 8k.", [(8000, "USD", None)]),
    ("a paid pilot at 7,500, credited against the first year", [(7500, "USD", "one-time")]),
    ("Anything above 30k goes to the board, which meets monthly.", [(30000, "USD", None)]),
    # the cost of one incident or penalty
    ("We paid a 25k liquidated damages claim last spring.", [(25000, "USD", "one-time")]),
    ("The fine from the regulator was £60,000.", [(60000, "GBP", "one-time")]),
    ("₦2 million gone, just like that.", [(2000000, "NGN", "one-time")]),
    ("We got fined $30,000 in 2021.", [(30000, "USD", "one-time")]),
    ("we wrote off 90k of bad debt in 2022", [(90000, "USD", "year")]),
    # a second amount said elliptically takes its partner's scale, currency and period
    (
        "List is €24 per seat per month, and at 300 seats we'd come down to €20.",
        [(24, "EUR", "seat-month"), (20, "EUR", "seat-month")],
    ),
    (
        "€18/seat/month list, she pushed for €14.",
        [(18, "EUR", "seat-month"), (14, "EUR", "seat-month")],
    ),
    ("The renewal came in at 72k, up from 58.", [(72000, "USD", None), (58000, "USD", None)]),
    (
        "Renewal came in at 90,000, up from seventy-five.",
        [(90000, "USD", None), (75000, "USD", None)],
    ),
    (
        "It's fifty-five grand a month, so 660 a year.",
        [(55000, "USD", "month"), (660000, "USD", "year")],
    ),
    (
        "forty-five grand now, and we've budgeted forty",
        [(45000, "USD", None), (40000, "USD", None)],
    ),
    ("One of them saved $150k a year.", [(150000, "USD", "year")]),
    ("For a team of twenty we'd pay fifty bucks a head.", [(50, "USD", None)]),
    ("Our B2B revenue is 3M.", [(3000000, "USD", None)]),
]
NOT_AMOUNTS = [
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
]
# terms, dates, counts and vague sizes that look like money
NOT_AMOUNTS_IN_SALES_TALK = [
    "We'd need net-45 on the invoices.",
    "Terms are net 30, as usual.",
    "The board meets on 15 Oct.",
    "It's a 2-yr commitment.",
    "a twenty-four-month contract with a 50-seat minimum",
    "We lose three, four clients a month.",
    "It'd be another couple of grand, I guess.",
    "If it's another few grand we'd skip it.",
    "That'd be grand, thanks.",
    "a few hundred a month",
    "We've about three hundred of them a month.",
    "We lost track of forty last year.",
    "the average is 1.250",
    "every dollar counts",
    "Is there a dollar figure for that?",
    "about forty-odd staff",
    "Our split is 30/60 on delivery.",
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS + AMOUNTS_IN_SALES_TALK)
def test_amounts(text, expected):
    assert triples(text) == expected


@pytest.mark.parametrize("text", NOT_AMOUNTS + NOT_AMOUNTS_IN_SALES_TALK)
def test_not_amounts(text):
    assert triples(text) == []


def test_span_covers_the_amount():
    text = "They quoted us $40k a year."
    (found,) = find_amounts(text)
    assert text[found.start : found.end].startswith("$40k")
