"""Money amounts in speech, normalised to value, currency and period: "40k" → 40000,
"one-ten a year" → 110000/year, "thirty lakh rupees" → 3000000 INR, "45 to 70k" → two amounts.
Rules, because the rules are exact (EXTRACTION.md); the vocabulary is in models/extract/."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .types import Amount

VOCABULARY = Path(__file__).resolve().parent.parent / "models" / "extract" / "amounts.toml"
# "1,200", "1.200.000" (European thousands), "1.5"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?"
SCALE = r"k|K|mm|MM|mil|mln|mn|m|M|bn|BN|b|B|thousand|million|billion|grand|lakhs?|lac|crores?"
RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|or|through|up to)\s*$", re.IGNORECASE)
BETWEEN_JOIN = re.compile(r"^\s*and\s*$", re.IGNORECASE)
COMMA_JOIN = re.compile(r"^\s*,\s*$")
EUROPEAN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
# where the words about an amount stop: the end of a sentence or clause ("p.a." is not an end)
CLAUSE = re.compile(r"(?<!\.[a-z])[.;!?](?:\s|$)|\s(?:and|but|so)\s", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<!\.[a-z])[.;!?](?:\s|$)", re.IGNORECASE)
# "per terabyte", "per booking": a rate for a unit that is not a seat or a period
PER_UNIT = re.compile(r"(?<![\w$])per\s+[a-z]+", re.IGNORECASE)
RACE = re.compile(r"\b(ran|run|running|race|walk|marathon)\b[\w\s]{0,6}$", re.IGNORECASE)
NOT_MONEY_AFTER = r"%|percent|per cent|x\b|times\b|st\b|nd\b|rd\b|th\b|:\d|am\b|pm\b"
# placeholders in phrase lists, as regex fragments: "over {n} years", "for {yyyy}", "fy{yy}"
TEMPLATES = {
    "{n}": r"(?:two|three|four|five|six|seven|eight|nine|ten|10|[2-9])",
    "{yyyy}": r"20(?:1[5-9]|2\d|3[0-5])",
    "{yy}": r"(?:1[5-9]|2\d|3[0-5])",
}
_SLOT = re.compile("|".join(map(re.escape, TEMPLATES)))


@cache
def vocabulary() -> dict:
    return tomllib.loads(VOCABULARY.read_text(encoding="utf-8"))


@dataclass
class Found:
    """An amount with its character span in the text."""

    amount: Amount
    start: int
    end: int

    @property
    def text(self) -> str:
        return ""


@dataclass
class _Number:
    value: float
    start: int
    end: int
    scale: float | None = None
    currency: str | None = None
    shorthand: bool = False  # "one-ten": hundreds of thousands said as two numbers
    scale_word: str | None = None
    grouped: bool = False  # written with thousands separators: "1,900" is not a year
    spoken: bool = False  # said in words: "forty", not "40"
    # the value if "1.200" groups thousands, as it does when a currency is said with it
    european: float | None = None

    @property
    def multiplier(self) -> float | None:
        """What the scale word multiplies by: 1000 for "64k" or "sixty-four thousand"."""
        if self.scale:
            return self.scale
        return vocabulary()["scales"].get((self.scale_word or "").lower())


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regex, its placeholders ("{n}", "{yyyy}") as what they stand for."""
    parts = _SLOT.split(phrase)
    slots = [TEMPLATES[m.group(0)] for m in _SLOT.finditer(phrase)]
    return "".join(
        re.escape(part) + (slots[i] if i < len(slots) else "") for i, part in enumerate(parts)
    )


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    # "/month" may follow a word ("/seat/month"); "a month" may not ("data month"). One
    # lookbehind for all the word phrases keeps the alternation fast.
    words = "|".join(_phrase_regex(p) for p in ordered if p[0].isalnum())
    marks = "|".join(_phrase_regex(p) for p in ordered if not p[0].isalnum())
    alternatives = [f"(?<![\\w$])(?:{words})"] if words else []
    alternatives += [f"(?:{marks})"] if marks else []
    return re.compile(r"(" + "|".join(alternatives) + r")(?![\w])(?!['’]s\b)", re.IGNORECASE)


def _symbol_pattern(symbols: list[str]) -> str:
    """Currency symbols as a regex; a letter symbol stands alone ("R250", "RM 6k", not "RMB")."""
    parts = []
    for symbol in sorted(symbols, key=len, reverse=True):
        part = re.escape(symbol)
        if symbol[0].isalpha():
            part = r"\b" + part
        if symbol[-1].isalpha():
            part += r"(?=\s?\d)" if len(symbol) == 1 else r"(?![a-z])"
        parts.append(part)
    return "(?:" + "|".join(parts) + ")"


@cache
def _symbol_table() -> dict[str, str]:
    return {k.lower(): v for k, v in vocabulary()["symbols"].items()}


def _symbol_currency(symbol: str) -> str | None:
    key = symbol.strip().lower()
    return _symbol_table().get(key, _symbol_table().get(key.rstrip(".")))


@cache
def _codes() -> tuple[str, ...]:
    """ISO codes said before or after a number: the currency words that are their own code."""
    return tuple(w for w, code in vocabulary()["words"].items() if w.upper() == code)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = vocabulary()
    words = sorted(
        [*v["numbers"], *v["scales"], "and", "point", "half", "quarter", "of"],
        key=len,
        reverse=True,
    )
    # a word is not a number in "one-off"
    word_number = (
        r"(?<![\w-])((?:(?:"
        + "|".join(
            w + (r"(?![\s-]off\b)" if w == "one" else "") for w in words if len(w) > 1 or w in "a"
        )
        + r")(?:[\s-]+|(?=\W|$)))+)"
    )
    periods = v["periods"]
    counts = v["counts"]
    symbol = _symbol_pattern(list(v["symbols"]))
    codes = "|".join(_codes())
    partners = v["partners"]
    fillers = r"(?:(?:" + "|".join(map(re.escape, partners["fillers"])) + r")\s+)?"
    subunits = [s for s in v["subunits"] if len(s) > 1]
    marks = [s for s in v["subunits"] if len(s) == 1]
    return {
        "symbol_before": re.compile(symbol + r"\s?$", re.IGNORECASE),
        "grouped": re.compile(symbol + r"\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+\b", re.IGNORECASE),
        "numeric": re.compile(
            rf"(?P<sym>{symbol})?\s?(?P<code>\b(?:{codes})\b)?\s?(?P<num>{DIGITS})"
            rf"(?:\s?(?P<scale>{SCALE})\b)?",
            re.IGNORECASE,
        ),
        "words": re.compile(word_number, re.IGNORECASE),
        **{name: _phrase_pattern(phrases) for name, phrases in periods.items()},
        "before_seat": _phrase_pattern(
            [*periods["before_seat"], *(s for s in periods["seat"] if s.startswith("per"))]
        ),
        "thresholds": _said_last(periods["thresholds"], fillers),
        "counts": _phrase_pattern(counts["nouns"]),
        "subunit": re.compile(
            r"(?:\s*(" + "|".join(map(re.escape, subunits)) + r")|(" + "|".join(marks) + r"))\b",
            re.IGNORECASE,
        ),
        "cues": _phrase_pattern(counts["money_cues"]),
        "not_before": re.compile(
            r"(?:" + "|".join(_word(w) for w in counts["not_money_before"]) + r")[\s-]*$",
            re.IGNORECASE,
        ),
        "not_after": re.compile(
            r"\s*(?:"
            + NOT_MONEY_AFTER
            + r"|(?:"
            + "|".join(map(re.escape, [*counts["dates"], *counts["of_group"]]))
            + r")\b)|-(?:"
            + "|".join(map(re.escape, counts["hyphen_units"]))
            + r")s?\b",
            re.IGNORECASE,
        ),
        "rates": _phrase_pattern(counts["rates"]),
        "trailing_symbol": re.compile(
            r"\s?("
            + "|".join(
                re.escape(s) for s in v["symbols"] if len(s) == 1 and s != "$" and not s.isalpha()
            )
            + ")"
        ),
        "currency_word": _phrase_pattern(list(v["words"])),
        "qualified": re.compile(
            r"\b(" + "|".join(re.escape(q) for q in v["qualified_dollars"]) + r")\s+dollars?\b",
            re.IGNORECASE,
        ),
        "partner": _said_last(partners["cues"], fillers),
        "scale_partner": _said_last(partners["scale_cues"], fillers),
    }


def _said_last(phrases: list[str], fillers: str) -> re.Pattern[str]:
    """One of `phrases` at the end of a text, a filler word allowed after it ("up from about ")."""
    joined = "|".join(map(re.escape, phrases))
    return re.compile(r"(?<![\w'])(?:" + joined + r")\s+" + fillers + "$", re.IGNORECASE)


def _word(word: str) -> str:
    """A word as a regex that will not match inside another word ("net", not "planet")."""
    return (r"\b" if word[0].isalnum() else "") + re.escape(word)


def _scale_value(word: str | None) -> float | None:
    if not word:
        return None
    scales = vocabulary()["scales"]
    key = word.lower()
    if key in ("m", "b") and word.isupper() is False and word == word.lower():
        return scales.get(key)
    return scales.get(key)


_WORD_BREAK = re.compile(r"[\s-]+")


def _words_value(phrase: str) -> tuple[float, float | None, bool, str | None] | None:
    """Number words → (value, scale applied, shorthand, last scale word)."""
    v = vocabulary()
    numbers, scales = v["numbers"], v["scales"]
    tokens = [t for t in _WORD_BREAK.split(phrase.lower().strip()) if t]
    while tokens and tokens[-1] in ("and", "point", "a", "an", "of", "quarter", "quarters"):
        tokens.pop()
    while tokens and tokens[0] == "and":
        tokens.pop(0)
    # "a twenty thousand dollar fine", "a one-ten a year deal": an article, not one
    if len(tokens) > 1 and tokens[0] in ("a", "an") and tokens[1] in set(numbers) - {"a", "an"}:
        tokens.pop(0)
    if not tokens or all(t in ("a", "an", "and", "half", "quarter", "of") for t in tokens):
        return None
    if not any(t in numbers and t not in ("a", "an") for t in tokens) and not any(
        t in ("hundred", "thousand", "million", "billion", "grand", "lakh", "crore") for t in tokens
    ):
        return None
    # a scale word with no number or article is not a number: "that'd be grand", "a few grand"
    if all(t in scales or t in ("and", "hundred") for t in tokens):
        return None
    # spoken shorthand: "one-ten" = 110 (thousand when it is money), "two fifty" = 250
    if tokens[-2:] == ["ninety", "nine"] and all(t in numbers for t in tokens[:-2]):
        head = sum(numbers[t] for t in tokens[:-2])
        if 1 <= head <= 99 and tokens[0] not in ("a", "an"):
            return head + 0.99, None, False, None  # a retail price: "nine ninety-nine" = 9.99
    if len(tokens) in (2, 3) and all(t in numbers for t in tokens):
        a, b = numbers[tokens[0]], numbers[tokens[1]]
        c = numbers[tokens[2]] if len(tokens) == 3 else 0
        if (
            1 <= a <= 9
            and tokens[0] not in ("a", "an")
            and ((b >= 10 and c == 0) or (b >= 20 and b % 10 == 0 and 1 <= c <= 9))
        ):
            return float(a * 100 + b + c), None, True, None
        values = [numbers[t] for t in tokens]
        rest_ok = (values[1] >= 10 and len(values) == 2) or (
            values[1] >= 20 and values[1] % 10 == 0 and len(values) == 3 and 1 <= values[2] <= 9
        )
        if 11 <= values[0] <= 19 and rest_ok:  # "eleven-fifty" = 1150
            return float(values[0] * 100 + sum(values[1:])), None, False, None
        if (  # "thirty-one five" = 31,500: thousands, then hundreds
            len(values) == 3
            and 20 <= values[0] <= 90
            and values[0] % 10 == 0
            and 1 <= values[1] <= 9
            and 1 <= values[2] <= 9
        ):
            return float((values[0] + values[1]) * 1000 + values[2] * 100), None, False, "thousand"
    # "half a million" = 0.5 million; "a million and a half", "one and a half million"
    if tokens[:2] in (["half", "a"], ["half", "an"]):
        tokens = ["0.5", *tokens[2:]]
    # "a quarter million", "a quarter of a million", "three quarters of a million"
    if "quarter" in tokens:
        at = tokens.index("quarter")
        rest = [t for t in tokens[at + 1 :] if t not in ("of", "a", "an")]
        if tokens[:at] not in ([], ["a"], ["one"]) or not rest or rest[0] not in scales:
            return None
        tokens = ["0.25", *rest]
    if "of" in tokens:
        return None
    total, current, decimal, divisor = 0.0, 0.0, None, 1.0
    last_scale = None
    seen_number = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if tokens[i : i + 3] == ["and", "a", "half"]:
            following = tokens[i + 3] if i + 3 < len(tokens) else None
            if following in scales or following == "hundred":
                current += 0.5
            elif last_scale and current == 0:
                total += 0.5 * scales[last_scale]
            else:
                current += 0.5
            i += 3
            continue
        i += 1
        if token == "point":
            decimal = 0.0
            continue
        if token == "and":
            continue
        if token in ("0.5", "0.25"):
            current += float(token)
            seen_number = True
        elif token in numbers:
            n = numbers[token]
            if decimal is not None:
                divisor *= 10
                decimal += n / divisor
            else:
                current += n
            seen_number = True
        elif token == "hundred":
            current = (current or 1) * 100
            seen_number = True
        elif token in scales and scales[token] >= 1000:
            base = (current or (1 if not seen_number else 0)) + (decimal or 0)
            total += (base or 1) * scales[token]
            current, decimal, divisor = 0.0, None, 1.0
            last_scale = token
            seen_number = True
        else:
            return None
    value = total + current + (decimal or 0)
    return (value, None, False, last_scale) if value else None


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def _word_parts(phrase: str) -> list[tuple[int, str]]:
    """A run of number words cut where "and" joins two numbers rather than building one:
    "forty and fifty thousand" is two numbers, "a hundred and twenty" one."""
    parts: list[tuple[int, str]] = []
    start = 0
    for m in _AND.finditer(phrase):
        before = phrase[start : m.start()].split()
        after = phrase[m.end() :].lower()
        if not before or after.startswith(("a half", "an half")):
            continue
        if before[-1].lower() in ("hundred", "thousand", "million", "billion", "grand"):
            continue
        parts.append((start, phrase[start : m.start()]))
        start = m.end()
    parts.append((start, phrase[start:]))
    return parts


_DIGIT = re.compile(r"\d")
_SPACE_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3})")
_TRAILING_JOINERS = re.compile(r"(?:[\s-]+(?:a|an|and|point|of))+[\s-]*$")
_LEADING_JOINERS = re.compile(r"^(?:(?:and|of)[\s-]+)+")  # "a fee of ten thousand"
_PER_AFTER = re.compile(r"\s+(?:per|each)\b", re.IGNORECASE)
_SPOKEN_K = re.compile(r"\s?k\b", re.IGNORECASE)


def _one_unit(text: str, part: str, start: int) -> tuple[float, None, bool, None] | None:
    """The article as one of the currency said after it: "a dollar ten", "a pound a unit"; not
    "a dollar figure" or "every dollar on software"."""
    if part.lower() not in ("a", "an"):
        return None
    p = _patterns()
    word = p["currency_word"].match(text, start + len(part) + 1)
    if not word or word.group(1).lower() in _codes():
        return None
    if not (p["words"].match(text, word.end() + 1) or _PER_AFTER.match(text, word.end())):
        return None
    return 1.0, None, False, None


def _numbers(text: str) -> list[_Number]:
    p = _patterns()
    found: list[_Number] = []
    taken = [False] * (len(text) + 1)
    # "R120 000", "€ 1 200": thousands grouped by spaces after a symbol (same length, so the
    # offsets hold)
    has_digits = _DIGIT.search(text) is not None
    scan = p["grouped"].sub(lambda m: _SPACE_GROUP.sub(",", m.group(0)), text) if has_digits else ""
    for m in p["numeric"].finditer(scan):
        raw = m.group("num")
        scale_word = m.group("scale")
        scale = _scale_value(scale_word)
        currency = None
        if m.group("sym"):
            currency = _symbol_currency(m.group("sym"))
        if m.group("code"):
            currency = m.group("code").upper()
        grouped = "," in raw
        # "€1.200" is twelve hundred euros, and so is "1.200 euros" (settled with the currency)
        european = float(raw.replace(".", "")) if EUROPEAN_THOUSANDS.fullmatch(raw) else None
        if european is not None and (currency or raw.count(".") > 1) and not scale:
            raw, grouped, european = raw.replace(".", ""), True, None
        value = float(raw.replace(",", ""))
        start = (
            m.start("sym")
            if m.group("sym")
            else (m.start("code") if m.group("code") else m.start("num"))
        )
        found.append(
            _Number(
                value * (scale or 1),
                start,
                m.end(),
                scale,
                currency,
                scale_word=scale_word,
                grouped=grouped,
                european=None if scale else european,
            )
        )
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in p["words"].finditer(text):
        phrase = _TRAILING_JOINERS.sub("", m.group(1).rstrip(" -"))
        lead = _LEADING_JOINERS.match(phrase)
        skip = lead.end() if lead else 0
        phrase = phrase[skip:]
        if taken[m.start(1)] or not phrase:
            continue
        for offset, part in _word_parts(phrase):
            part_start = m.start(1) + skip + offset
            parsed = _words_value(part) or _one_unit(text, part, m.start(1) + skip + offset)
            if parsed is None:
                continue
            value, _, shorthand, last_scale = parsed
            end = part_start + len(part)
            k = _SPOKEN_K.match(text, end, end + 3)
            if k and not last_scale:  # "forty-five k"
                value, end, last_scale, shorthand = value * 1000, k.end(), "k", False
            currency = None
            sym = p["symbol_before"].search(text, max(0, part_start - 6), part_start)
            start = sym.start() if sym else part_start
            if sym:
                currency = _symbol_currency(sym.group(0))
            found.append(
                _Number(
                    value,
                    start,
                    end,
                    None,
                    currency,
                    shorthand=shorthand,
                    scale_word=last_scale,
                    spoken=True,
                )
            )
    found.sort(key=lambda n: n.start)
    return found


def _currency_after(text: str, end: int) -> tuple[str | None, int]:
    p = _patterns()
    window = text[end : end + 30]
    # "2,000-kronor-a-day": a currency word may hang on by a hyphen
    offset = len(window) - len(window.lstrip(" -"))
    q = p["qualified"].match(window, offset)
    if q:
        return vocabulary()["qualified_dollars"][q.group(1).lower()], end + q.end()
    trailing = p["trailing_symbol"].match(window)
    if trailing:
        return _symbol_currency(trailing.group(1)), end + trailing.end()
    m = p["currency_word"].match(window, offset)
    if m:
        return vocabulary()["words"][m.group(1).lower()], end + m.end()
    return None, end


def _seat_before(before: str) -> bool:
    """A seat said before the amount and not already given its own period: "per head it's",
    but not "£22 per seat per month, you're at"."""
    p = _patterns()
    seats = list(p["before_seat"].finditer(before))
    if not seats:
        return False
    rest = before[seats[-1].end() :]
    return not (p["month"].search(rest) or p["year"].search(rest))


_WORD_REST = re.compile(r"\S*")
_EITHER_OR = re.compile(r"\s*,?\s*or\s*", re.IGNORECASE)
_AFTER_KINDS = ("seat", "month", "year", "one_time", "none", "multi_year", "named_year")


def _hits(after: str) -> list[tuple[int, int, str]]:
    """Period phrases in the words after an amount, in order; a bare "per <unit>" is a unit rate."""
    p = _patterns()
    hits = [
        (m.start(), m.end(), name)
        for name in _AFTER_KINDS
        for m in p[name].finditer(after)
        if not (p["adjacent_only"].fullmatch(m.group(0)) and after[: m.start()].strip())
    ]
    taken = {start for start, _, _ in hits}
    hits += [
        (m.start(), m.end(), "none") for m in PER_UNIT.finditer(after) if m.start() not in taken
    ]
    return sorted(hits, key=lambda h: (h[0], -h[1]))  # at one place, the longest phrase wins


def _period(text: str, start: int, end: int, left: int = 0, right: int | None = None) -> str | None:
    """The period said around an amount: after it first, then just before it. `left` and `right`
    bound the words that belong to it (the neighbouring amounts). A period asked about ("is that
    per month or per year?") is not stated, and a limit ("anything over 50k") has only the period
    said right after it."""
    p = _patterns()
    limit = end + 60
    if right is not None and right <= limit:
        limit = right
    else:
        limit += len(_WORD_REST.match(text, limit).group(0))  # never cut a word: "last year's"
    window = text[end:limit]
    after = CLAUSE.split(window, maxsplit=1)[0]
    question = p["questions"].search(after)
    if question:
        if _hits(after[question.start() :]):
            return None  # "is that per month or per year?": asked, not stated
        after = after[: question.start()]
    before = CLAUSE.split(text[max(left, start - 60) : start])[-1]
    # a period word before the amount is in its clause: not "$22M annual revenue, (raised $60M"
    clause = before.rsplit(", ", 1)[-1]
    # "a paid pilot is fine if it's under 10k": a limit, not the fee
    threshold = bool(p["thresholds"].search(before))
    hits = _hits(after)
    if threshold and hits and len(after[: hits[0][0]].split()) > 1:
        hits = []
    if len(hits) > 1 and _EITHER_OR.fullmatch(after[hits[0][1] : hits[1][0]]):
        return None  # "per year or per month?", "one-off or every year?": a choice, not stated
    first = hits[0][2] if hits else None
    if first == "seat":
        follow = next((name for _, _, name in hits[1:] if name in ("month", "year")), None)
        if follow:
            return f"seat-{follow}"
        if p["before_month"].search(clause):
            return "seat-month"
        if p["before_year"].search(clause):
            return "seat-year"
        return None
    if first in ("month", "year"):
        # "eleven a month per seat", "per head it's $240 a year"
        seat_next = len(hits) > 1 and hits[1][2] == "seat" and hits[1][0] - hits[0][1] <= 2
        return f"seat-{first}" if seat_next or _seat_before(clause) else first
    if first in ("none", "multi_year"):
        return None
    if first == "one_time":
        return "one-time"
    if not threshold and p["before_one_time"].search(before):
        return "one-time"
    context = text[max(0, start - 60) : end + 60]
    if first == "named_year":
        return None if p["stock"].search(context) else "year"
    if not threshold and p["before_loss"].search(before):
        return "one-time"
    if p["before_month"].search(clause):
        return "month"
    if p["before_year"].search(clause):
        return "year"
    if p["named_year"].search(clause) and not p["stock"].search(context):
        return "year"
    return None


# words that may stand between a number and what it counts ("eleven thousand open files")
_NOT_ADJECTIVE = {
    "a", "an", "the", "in", "on", "for", "of", "to", "from", "at", "per", "each", "every",
    "and", "or", "but", "so", "that", "which", "this", "total", "all", "upfront", "up",
    "more", "less", "extra", "plus", "just", "over", "under", "annually", "monthly", "yearly",
    "or so", "ish", "odd", "give", "take", "with", "is", "was", "we", "it",
}  # fmt: skip
_NOT_SKIPPED = _NOT_ADJECTIVE - {"odd"}
_ONE_WORD = re.compile(r"\s*-?([a-z][a-z-]*)\s+")
_PLURAL = re.compile(r"\s*(?:([a-z][a-z-]+)\s+)?([a-z]{3,}s)\b")


def _counted(after: str) -> bool:
    """A count, not money: a counted noun right after the number or after one adjective
    ("40k invoices", "eleven thousand open files", "60 clinicians")."""
    counts = _patterns()["counts"]
    if counts.match(after.lstrip()):
        return True
    word = _ONE_WORD.match(after)  # "a hundred and sixty warehouse staff", "forty-odd staff"
    if word and word.group(1) not in _NOT_SKIPPED and counts.match(after, word.end()):
        return True
    m = _PLURAL.match(after)
    if not m or (m.group(1) and m.group(1) in _NOT_ADJECTIVE):
        return False
    noun = m.group(2)
    v = vocabulary()
    money_words = {*v["words"], *v["subunits"], *v["scales"], "thousands", "millions", "hundreds"}
    return noun not in money_words and noun not in _NOT_COUNTED


# plural-looking words after an amount that are not what it counts
_NOT_COUNTED = {"plus", "less", "this", "was", "has", "is", "its", "us", "unless", "across",
                "always", "perhaps", "thus", "yes", "as", "his", "hers", "ours", "yours", "tops",
                "regardless", "thanks", "whereas", "nevertheless", "nonetheless", "anyways",
                "theirs", "towards", "besides", "sometimes", "minus", "upwards", "afterwards",
                "fees", "costs", "charges", "savings", "dues", "premiums", "damages", "taxes",
                "expenses", "payments", "refunds", "losses", "fines", "penalties", "credits",
                "overages", "rates", "terms", "contracts", "series",
                # verbs: "anything over ten k goes to her"
                "goes", "does", "makes", "takes", "comes", "needs", "seems", "looks", "works",
                "gets", "runs", "covers", "includes", "means", "sounds", "feels", "stays",
                "sits", "lands", "buys", "pays", "saves", "adds", "hits", "puts",
                "requires", "triggers", "gives", "keeps", "becomes", "remains",
                "starts"}  # fmt: skip


_CODE_BEFORE = re.compile(r"[A-Za-z]-?$")  # "B2B", "GSTR-2B", "COVID-19": part of a name
_OF_BEFORE = re.compile(r"\bof\s+$", re.IGNORECASE)
_SLASHED = re.compile(r"\d\s?/\s?$")
_SLASH_AFTER = re.compile(r"\s?/\s?\d")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+\S{0,2}$", re.IGNORECASE)


def _excluded(text: str, n: _Number) -> bool:
    """Not money whatever surrounds it: a percentage, a time, a date, a length ("30-day"), a count
    ("40k invoices", "three hundred of them") or a label ("net 60", "Series B")."""
    p = _patterns()
    after = text[n.end : n.end + 25].lower()
    return bool(
        p["not_after"].match(after)
        or _counted(after)
        or p["not_before"].search(text[max(0, n.start - 10) : n.start])
        or _CODE_BEFORE.search(text[max(0, n.start - 2) : n.start])
    )


def _is_money(text: str, n: _Number) -> bool:
    p = _patterns()
    if n.currency:
        return True
    if n.scale_word and n.scale_word.lower() in (
        "grand",
        "lakh",
        "lakhs",
        "lac",
        "crore",
        "crores",
    ):
        return True
    if _excluded(text, n):
        return False
    if (
        n.scale_word is None
        and not n.shorthand
        and not n.grouped
        and 1900 <= n.value <= 2100
        and n.value.is_integer()
    ):
        return False  # a year
    if n.scale or n.shorthand or (n.scale_word is not None):
        # "40k", "45 to 70k", "a hundred and twenty thousand": money unless a count follows
        # or it is a race ("I ran a 10k on Sunday")
        k = (n.scale_word or "").lower() == "k"
        return not (k and RACE.search(text[max(0, n.start - 15) : n.start]))
    # a plain number ("40,000", "500"): not in "30/60" or "2025/26"; money when a seat or an hour
    # prices it, with a money word shortly before it, or with a period after it and a money
    # word near (a period alone is a count: "six a month")
    if _SLASHED.search(text[max(0, n.start - 3) : n.start]) or _SLASH_AFTER.match(text, n.end):
        return False
    right_after = text[n.end : n.end + 30].lstrip()
    if p["seat"].match(right_after) or p["rates"].match(right_after):
        return True
    if n.spoken and n.value < 10 and n.value.is_integer():
        return False  # "one session a month", "two or three a week"
    close_before = text[max(0, n.start - 30) : n.start]
    cue = p["cues"].search(text[max(0, n.start - 60) : n.end + 40])
    # "3.50 a delivery", "1,200 a unit": a price for a unit when written as one
    if (not n.value.is_integer() or n.grouped or cue) and (
        p["none"].match(right_after) or PER_UNIT.match(right_after)
    ):
        return True
    period = any(p[k].search(text[n.end : n.end + 30]) for k in ("month", "year", "seat"))
    # "lost track of sixty": a money word before "of" is about what comes before it
    cue_before = p["cues"].search(close_before) and not (
        n.spoken and _OF_BEFORE.search(text[max(0, n.start - 4) : n.start])
    )
    return bool(period and (cue or n.value >= 100)) or (bool(cue_before) and n.value >= 10)


def _group(text: str, numbers: list[_Number], i: int) -> list[_Number]:
    """The number at `i`, with the next one when the two are the ends of a range: "45 to 70k",
    "$30-35k", "between 30 and 35 thousand", "four, five grand"."""
    n = numbers[i]
    if i + 1 >= len(numbers):
        return [n]
    nxt = numbers[i + 1]
    between = text[n.end : nxt.start]
    if RANGE_JOIN.match(between) or (
        BETWEEN_JOIN.match(between) and _BETWEEN_BEFORE.search(text[max(0, n.start - 12) : n.start])
    ):
        return [n, nxt]
    # "forty, fifty grand": said elliptically, the second end at most double the first
    if (
        COMMA_JOIN.match(between)
        and n.scale_word is None
        and not (n.currency or n.shorthand or n.grouped)
        and nxt.multiplier
        and 0 < nxt.value / nxt.multiplier - n.value <= n.value
    ):
        return [n, nxt]
    return [n]


def _partner(
    text: str, n: _Number, found: list[tuple[Found, _Number]]
) -> tuple[tuple[Found, _Number] | None, str | None]:
    """The amount earlier in the sentence that `n` answers elliptically, and how: "cue" for a
    second price that takes the first's currency, scale and period ("64k, up from 52", "€18 ...
    come down to €15"); "scale" for a bare number that only takes its scale ("six grand a month,
    that's seventy-two a year", "forty-five grand now, and we've budgeted thirty-eight")."""
    if not found:
        return None, None
    previous = found[-1]
    between = text[previous[0].end : n.start]
    if previous[0].end > n.start or SENTENCE_END.search(between):
        return None, None
    if _patterns()["partner"].search(between):
        return previous, "cue"
    return previous, "scale"


def _inherit_scale(n: _Number, partner: tuple[Found, _Number], cued: bool = False) -> None:
    """A bare second number takes its partner's scale when that makes the two comparable:
    "84k, up from 70" is 70000; after a cue, so is "84,000, up from seventy"."""
    multiplier = partner[1].multiplier or (1000 if cued and partner[1].grouped else None)
    bare = n.scale is None and n.scale_word is None and not (n.shorthand or n.grouped)
    if not (bare and multiplier and multiplier >= 1000 and n.value < 1000):
        return
    value = partner[0].amount.value
    if value / 20 <= n.value * multiplier <= value * 20:
        n.value *= multiplier
        n.scale_word = partner[1].scale_word
        n.scale = partner[1].scale or multiplier


def _scaled_by_partner(text: str, n: _Number, partner: tuple[Found, _Number] | None) -> bool:
    """A bare number with its own period, said as the sequel of a scaled amount, takes that
    amount's scale rather than being a count: "270k total, so 90 a year"."""
    p = _patterns()
    after = text[n.end : n.end + 30].lstrip()
    if (
        partner is None
        or _excluded(text, n)
        or not (p["month"].match(after) or p["year"].match(after))
        or not p["scale_partner"].search(text[partner[0].end : n.start])
    ):
        return False
    probe = _Number(n.value, n.start, n.end, n.scale, n.currency, scale_word=n.scale_word)
    _inherit_scale(probe, partner)
    return probe.value != n.value


def _settle(text: str, group: list[_Number]) -> tuple[str | None, int]:
    """Give a number or range its currency (said after it, or as cents), and the first end of a
    range the scale of the second. Returns the currency word said after it and where it ends."""
    p = _patterns()
    v = vocabulary()
    first, last = group[0], group[-1]
    currency_word, end = _currency_after(text, last.end)
    if currency_word and not last.currency:
        last.currency = currency_word
        if last.european is not None:
            last.value, last.grouped = last.european, True
    cents = p["subunit"].match(text, last.end, last.end + 10)
    if cents and not last.currency:
        for member in group:
            member.value /= 100
            member.currency = v["subunits"][(cents.group(1) or cents.group(2)).lower()]
        end = cents.end()
    # "R$ 12 mil" is twelve thousand reais
    currency = next((m.currency for m in group if m.currency), None)
    local = v["currency_scales"].get(currency or "", {})
    for member in group:
        scale = local.get((member.scale_word or "").lower())
        if scale and member.scale:
            member.value, member.scale = member.value / member.scale * scale, scale
    if len(group) == 2:
        if first.scale is None and last.scale and not first.shorthand and first.value < last.scale:
            first.value *= last.scale
            first.scale = last.scale
        elif first.scale_word is None and last.scale_word and last.scale is None:
            scale = v["scales"].get(last.scale_word.lower())
            if scale and first.value < scale:
                first.value *= scale
        scale_currency = v["scale_currency"].get((last.scale_word or "").lower())
        first.currency = first.currency or last.currency or scale_currency
        last.currency = last.currency or first.currency
        if first.shorthand != last.shorthand:
            for member in group:
                member.shorthand = False
    return currency_word, end


def _hundredths(text: str, end: int, n: _Number) -> bool:
    """A bare number right after the currency word is its hundredths: "four pounds fifty"."""
    return (
        0 <= n.start - end <= 1
        and n.scale_word is None
        and not (n.currency or n.shorthand)
        and 1 <= n.value <= 99
        and n.value.is_integer()
        and not _excluded(text, n)
    )


def _small_by_partner(text: str, n: _Number, found: list[tuple[Found, _Number]]) -> bool:
    """Spoken shorthand after a small one in the same sentence is small too: "four-fifty an hour
    and partners at seven-twenty"."""
    if not found or not found[-1][1].shorthand or found[-1][0].amount.value >= 1000:
        return False
    return not SENTENCE_END.search(text[found[-1][0].end : n.start])


def find_amounts(text: str) -> list[Found]:
    """Every money amount stated in `text`, in order; a range gives one amount per end."""
    p = _patterns()
    v = vocabulary()
    numbers = _numbers(text)
    # the amounts around an amount bound the words its period may come from
    spans = [(n.start, n.end) for n in numbers if _is_money(text, n)]
    found: list[tuple[Found, _Number]] = []
    i = 0
    while i < len(numbers):
        group = _group(text, numbers, i)
        i += len(group)
        first, last = group[0], group[-1]
        currency_word, end = _settle(text, group)
        if (
            currency_word
            and len(group) == 1
            and i < len(numbers)
            and _hundredths(text, end, numbers[i])
        ):
            first.value += numbers[i].value / 100
            end = numbers[i].end
            i += 1
        if any(member.value <= 0 for member in group):
            continue
        # "two, three deals a month": a count said elliptically
        if len(group) == 1 and i < len(numbers) and not (first.currency or first.scale_word):
            between = text[first.end : numbers[i].start]
            if (COMMA_JOIN.match(between) or RANGE_JOIN.match(between)) and _excluded(
                text, numbers[i]
            ):
                continue
        partner, how = _partner(text, first, found) if len(group) == 1 else (None, None)
        if len(group) == 2:
            money = _is_money(text, last) or (_is_money(text, first) and not _excluded(text, last))
        else:
            money = (
                _is_money(text, first)
                or (how == "cue" and not _excluded(text, first))
                or (how == "scale" and _scaled_by_partner(text, first, partner))
            )
        if not money:
            continue
        stop = max(end, last.end)
        left = max((e for s, e in spans if e <= first.start), default=0)
        right = min((s for s, e in spans if s >= stop), default=None)
        period = _period(text, first.start, stop, left, right)
        # "one-ten" is 110 thousand; "one fifty a seat" or "two-fifty bucks" is 150 or 250
        after = text[last.end : last.end + 25].lstrip()
        small = bool(
            currency_word
            or (period or "").startswith("seat")
            or p["seat"].match(after)
            or p["none"].match(after)
            or PER_UNIT.match(after)
            or p["rates"].match(after)
            or _small_by_partner(text, first, found)
        )
        if partner:
            first.currency = first.currency or partner[0].amount.currency
            if how == "cue" or not small:
                _inherit_scale(first, partner, cued=how == "cue")
            if how == "cue" and period is None:
                period = partner[0].amount.period
        for member in group:
            value = member.value
            if member.shorthand and not small:
                value *= 1000
            currency = (
                member.currency
                or v["scale_currency"].get((member.scale_word or "").lower())
                or "USD"
            )
            amount = Amount(round(value, 4), currency, period)
            stop = max(member.end, end if member is last else member.end)
            found.append((Found(amount, member.start, stop), member))
    return [f for f, _ in found]
