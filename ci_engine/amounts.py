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
CODES = "USD|EUR|GBP|INR|CAD|AUD|JPY|CHF|SGD|NZD|ZAR|SEK|NOK|DKK|BRL|MXN|HKD|CNY"
SYMBOL = r"(?:US\$|C\$|CA\$|A\$|AU\$|NZ\$|S\$|HK\$|R\$|\$|€|£|¥|₹|₩|\bRs\.?|\bR(?=\s?\d))"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"k|K|mm|MM|mil|mln|mn|m|M|bn|BN|b|B|thousand|million|billion|grand|lakhs?|lac|crores?"
RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|or|through|up to)\s*$", re.IGNORECASE)
BETWEEN_JOIN = re.compile(r"^\s*and\s*$", re.IGNORECASE)
STOCK_CUES = re.compile(
    r"\b(raised|raise|raising|funding|round|valuation|valued|worth|assets|"
    r"debt|loan|cash|in the bank|runway|investment)\b",
    re.IGNORECASE,
)
NOT_MONEY_BEFORE = re.compile(
    r"(?:\bseries|\bversion|\bv|#|\bpage|\broom|\bchapter|\bstep|\bnet|"
    r"\bphase|\bq|\bfy|\btop|\bno\.|\bnumber)\s*$",
    re.IGNORECASE,
)


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


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(
        r"(?<![\w$])(" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])", re.IGNORECASE
    )


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = vocabulary()
    words = sorted(
        [*v["numbers"], *v["scales"], "and", "point", "half", "quarter", "of"],
        key=len,
        reverse=True,
    )
    word_number = (
        r"(?<![\w-])((?:(?:"
        + "|".join(w for w in words if len(w) > 1 or w in "a")
        + r")(?:[\s-]+|(?=\W|$)))+)"
    )
    periods = v["periods"]
    return {
        "numeric": re.compile(
            rf"(?P<sym>{SYMBOL})?\s?(?P<code>\b(?:{CODES})\b)?\s?(?P<num>{DIGITS})"
            rf"(?:\s?(?P<scale>{SCALE})\b)?",
            re.IGNORECASE,
        ),
        "words": re.compile(word_number, re.IGNORECASE),
        **{name: _phrase_pattern(phrases) for name, phrases in periods.items()},
        "counts": _phrase_pattern(v["counts"]["nouns"]),
        "subunit": re.compile(
            r"\s*(" + "|".join(map(re.escape, v["subunits"])) + r")\b", re.IGNORECASE
        ),
        "cues": _phrase_pattern(v["counts"]["money_cues"]),
        "currency_word": _phrase_pattern(list(v["words"])),
        "qualified": re.compile(
            r"\b(" + "|".join(re.escape(q) for q in v["qualified_dollars"]) + r")\s+dollars?\b",
            re.IGNORECASE,
        ),
    }


def _scale_value(word: str | None) -> float | None:
    if not word:
        return None
    scales = vocabulary()["scales"]
    key = word.lower()
    if key in ("m", "b") and word.isupper() is False and word == word.lower():
        return scales.get(key)
    return scales.get(key)


def _words_value(phrase: str) -> tuple[float, float | None, bool, str | None] | None:
    """Number words → (value, scale applied, shorthand, last scale word)."""
    v = vocabulary()
    numbers, scales = v["numbers"], v["scales"]
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower().strip()) if t]
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
    # spoken shorthand: "one-ten" = 110 (thousand when it is money), "two fifty" = 250
    if len(tokens) in (2, 3) and all(t in numbers for t in tokens):
        a, b = numbers[tokens[0]], numbers[tokens[1]]
        c = numbers[tokens[2]] if len(tokens) == 3 else 0
        if (
            1 <= a <= 9
            and tokens[0] not in ("a", "an")
            and ((b >= 10 and c == 0) or (b >= 20 and b % 10 == 0 and 1 <= c <= 9))
        ):
            return float(a * 100 + b + c), None, True, None
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


def _word_parts(phrase: str) -> list[tuple[int, str]]:
    """A run of number words cut where "and" joins two numbers rather than building one:
    "forty and fifty thousand" is two numbers, "a hundred and twenty" one."""
    parts: list[tuple[int, str]] = []
    start = 0
    for m in re.finditer(r"\s+and\s+", phrase, re.IGNORECASE):
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


def _numbers(text: str) -> list[_Number]:
    p = _patterns()
    found: list[_Number] = []
    taken = [False] * (len(text) + 1)
    # "R120 000", "€ 1 200": thousands grouped by spaces after a symbol (same length, so the
    # offsets hold)
    scan = re.sub(
        SYMBOL + r"\s?\d{1,3}(?:[ \u00a0\u202f]\d{3})+\b",
        lambda m: re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3})", ",", m.group(0)),
        text,
    )
    for m in p["numeric"].finditer(scan):
        raw = m.group("num").replace(",", "")
        value = float(raw)
        scale_word = m.group("scale")
        scale = _scale_value(scale_word)
        currency = None
        if m.group("sym"):
            sym = m.group("sym").strip()
            symbols = vocabulary()["symbols"]
            currency = symbols.get(sym, symbols.get(sym.rstrip(".")))
        if m.group("code"):
            currency = m.group("code").upper()
        start = (
            m.start("sym")
            if m.group("sym")
            else (m.start("code") if m.group("code") else m.start("num"))
        )
        found.append(
            _Number(value * (scale or 1), start, m.end(), scale, currency, scale_word=scale_word)
        )
        for i in range(m.start(), m.end()):
            taken[i] = True
    for m in p["words"].finditer(text):
        phrase = re.sub(r"(?:[\s-]+(?:a|an|and|point))+[\s-]*$", "", m.group(1).rstrip())
        phrase = re.sub(r"^(?:and)[\s-]+", "", phrase)
        if taken[m.start(1)] or not phrase:
            continue
        for offset, part in _word_parts(phrase):
            part_start = m.start(1) + offset
            parsed = _words_value(part)
            if parsed is None:
                continue
            value, _, shorthand, last_scale = parsed
            end = part_start + len(part)
            k = re.match(r"\s?k\b", text[end : end + 3], re.IGNORECASE)
            if k and not last_scale:  # "forty-five k"
                value, end, last_scale, shorthand = value * 1000, end + k.end(), "k", False
            before = text[max(0, part_start - 6) : part_start]
            currency = None
            sym = re.search(SYMBOL + r"\s?$", before)
            start = part_start - (len(sym.group(0)) if sym else 0)
            if sym:
                currency = vocabulary()["symbols"].get(sym.group(0).strip())
            found.append(
                _Number(
                    value, start, end, None, currency, shorthand=shorthand, scale_word=last_scale
                )
            )
    found.sort(key=lambda n: n.start)
    return found


def _currency_after(text: str, end: int) -> tuple[str | None, int]:
    p = _patterns()
    window = text[end : end + 30]
    q = p["qualified"].match(window.lstrip())
    offset = len(window) - len(window.lstrip())
    if q:
        return vocabulary()["qualified_dollars"][q.group(1).lower()], end + offset + q.end()
    trailing = re.match(r"\s?(€|£|¥|₹)", window)
    if trailing:
        return vocabulary()["symbols"][trailing.group(1)], end + trailing.end()
    m = p["currency_word"].match(window.lstrip())
    if m:
        return vocabulary()["words"][m.group(1).lower()], end + offset + m.end()
    return None, end


def _period(text: str, start: int, end: int) -> str | None:
    """The period said around an amount: after it first, then just before it."""
    p = _patterns()
    after = re.split(r"[.;!?]\s|\s(?:and|but|so)\s", text[end : end + 60], maxsplit=1)[0]
    before = text[max(0, start - 30) : start]
    hits = []
    for name in ("seat", "month", "year", "one_time", "none", "multi_year", "named_year"):
        m = p[name].search(after)
        if m:
            hits.append((m.start(), name))
    hits.sort()
    names = [n for _, n in hits]
    if "seat" in names:
        rest = names[names.index("seat") + 1 :]
        if "month" in rest:
            return "seat-month"
        if "year" in rest:
            return "seat-year"
        if p["before_month"].search(before):
            return "seat-month"
        if p["before_year"].search(before):
            return "seat-year"
        return None
    first = names[0] if names else None
    # "per head it's $240 a year"
    seat_before = p["seat"].search(before)
    if (
        seat_before
        and seat_before.group(0).lower().startswith("per")
        and first in ("month", "year")
    ):
        return f"seat-{first}"
    if first in ("none", "multi_year"):
        return None
    if first == "month":
        return "month"
    if first == "year":
        return "year"
    if first == "one_time":
        return "one-time"
    if first == "named_year":
        context = text[max(0, start - 60) : end + 60]
        return None if STOCK_CUES.search(context) else "year"
    if p["before_one_time"].search(before):
        return "one-time"
    if p["before_month"].search(before):
        return "month"
    if p["before_year"].search(before):
        return "year"
    if p["named_year"].search(before) and not STOCK_CUES.search(text[max(0, start - 60) : end]):
        return "year"
    return None


# words that may stand between a number and what it counts ("eleven thousand open files")
_NOT_ADJECTIVE = {
    "a", "an", "the", "in", "on", "for", "of", "to", "from", "at", "per", "each", "every",
    "and", "or", "but", "so", "that", "which", "this", "total", "all", "upfront", "up",
    "more", "less", "extra", "plus", "just", "over", "under", "annually", "monthly", "yearly",
    "or so", "ish", "odd", "give", "take", "with", "is", "was", "we", "it",
}  # fmt: skip
_PLURAL = re.compile(r"\s*(?:([a-z][a-z-]+)\s+)?([a-z]{3,}s)\b")


def _counted(after: str) -> bool:
    """A count, not money: a counted noun right after the number or after one adjective
    ("40k invoices", "eleven thousand open files", "60 clinicians")."""
    if _patterns()["counts"].match(after.lstrip()):
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
                "overages", "rates", "terms", "contracts",
                # verbs: "anything over ten k goes to her"
                "goes", "does", "makes", "takes", "comes", "needs", "seems", "looks", "works",
                "gets", "runs", "covers", "includes", "means", "sounds", "feels", "stays",
                "sits", "lands", "buys", "pays", "saves", "adds", "hits", "puts",
                "requires", "triggers", "gives", "keeps", "becomes", "remains",
                "starts"}  # fmt: skip


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
    after = text[n.end : n.end + 25].lower()
    if re.match(r"\s*(%|percent|per cent|x\b|times\b|st\b|nd\b|rd\b|th\b|:\d|am\b|pm\b)", after):
        return False
    if _counted(after):
        return False
    if NOT_MONEY_BEFORE.search(text[max(0, n.start - 10) : n.start]):
        return False
    if n.scale is None and not n.shorthand and 1900 <= n.value <= 2100 and n.value.is_integer():
        return False  # a year
    if n.scale or n.shorthand or (n.scale_word is not None):
        # "40k", "45 to 70k", "a hundred and twenty thousand": money unless a count follows
        # or it is a race ("I ran a 10k on Sunday")
        return not re.search(
            r"\b(ran|run|running|race|walk|marathon)\b[\w\s]{0,6}$",
            text[max(0, n.start - 15) : n.start],
            re.IGNORECASE,
        )
    # a plain number ("40,000", "500"): money with a money word shortly before it, or a period
    # after it and a money word near
    close_before = text[max(0, n.start - 30) : n.start]
    cue = p["cues"].search(text[max(0, n.start - 60) : n.end + 40])
    period = any(p[k].search(text[n.end : n.end + 30]) for k in ("month", "year", "seat"))
    return bool(period and (cue or n.value >= 100)) or (
        bool(p["cues"].search(close_before)) and n.value >= 10
    )


def find_amounts(text: str) -> list[Found]:
    """Every money amount stated in `text`, in order; a range gives one amount per end."""
    numbers = _numbers(text)
    results: list[Found] = []
    i = 0
    while i < len(numbers):
        n = numbers[i]
        group = [n]
        # ranges: "45 to 70k", "$30-35k", "between 30 and 35 thousand"
        if i + 1 < len(numbers):
            nxt = numbers[i + 1]
            between = text[n.end : nxt.start]
            if RANGE_JOIN.match(between) or (
                BETWEEN_JOIN.match(between)
                and re.search(r"\bbetween\s+\S{0,2}$", text[max(0, n.start - 12) : n.start], re.I)
            ):
                group.append(nxt)
        last = group[-1]
        currency_word, end = _currency_after(text, last.end)
        if currency_word and not last.currency:
            last.currency = currency_word
        cents = _patterns()["subunit"].match(text[last.end : last.end + 10])
        if cents and not last.currency:
            for member in group:
                member.value /= 100
                member.currency = vocabulary()["subunits"][cents.group(1).lower()]
            end = last.end + cents.end()
        if len(group) == 2:
            first, second = group
            if (
                first.scale is None
                and second.scale
                and not first.shorthand
                and (first.value < second.scale)
            ):
                first.value *= second.scale
                first.scale = second.scale
            elif first.scale_word is None and second.scale_word and second.scale is None:
                scale = vocabulary()["scales"].get(second.scale_word.lower())
                if scale and first.value < scale:
                    first.value *= scale
            scale_currency = vocabulary()["scale_currency"].get((second.scale_word or "").lower())
            first.currency = first.currency or second.currency or scale_currency
            second.currency = second.currency or first.currency
            if first.shorthand != second.shorthand:
                for member in group:
                    member.shorthand = False
        if any(member.value <= 0 for member in group):
            i += len(group)
            continue
        if not _is_money(text, last) and not _is_money(text, group[0]):
            i += len(group)
            continue
        if len(group) == 1 and not _is_money(text, n):
            i += 1
            continue
        period = _period(text, group[0].start, max(end, last.end))
        scale_currency = vocabulary()["scale_currency"]
        # "one-ten" is 110 thousand; "one fifty a seat" or "two-fifty bucks" is 150 or 250
        after = text[last.end : last.end + 25]
        small = bool(
            currency_word
            or (period or "").startswith("seat")
            or _patterns()["seat"].match(after.lstrip())
            or _patterns()["none"].match(after.lstrip())
        )
        for member in group:
            value = member.value
            if member.shorthand and not small:
                value *= 1000
            currency = (
                member.currency
                or next(
                    (
                        scale_currency[w.lower()]
                        for w in [member.scale_word or ""]
                        if w.lower() in scale_currency
                    ),
                    None,
                )
                or "USD"
            )
            results.append(
                Found(
                    Amount(round(value, 2), currency, period),
                    member.start,
                    max(member.end, end if member is last else member.end),
                )
            )
        i += len(group)
    return results
