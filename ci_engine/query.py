"""Queries: one `Query` structure for TOML query files and for parsed natural-language questions,
and the calendar arithmetic of their time windows."""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from .errors import NotFound, UsageError

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
QUESTION_VOCABULARY = PACKAGE_ROOT / "models" / "question.toml"

STAGES = ("won", "lost", "churned", "open", "prospect", "unknown")
COHORTS = ("best", "won", "lost", "churned", "open", "prospect", "all")
KINDS = ("pain", "pricing", "competitor", "tech", "trigger", "ttv")
SIDES = ("buyer", "seller", "note", "any")
FILTER_FIELDS = (
    "industry",
    "segment",
    "country",
    "stage",
    "tech",
    "employees_min",
    "employees_max",
    "attributes",
)


@dataclass
class Window:
    """A half-open date range: `start` inclusive, `end` exclusive; None means unbounded."""

    start: date | None = None
    end: date | None = None
    label: str = "all time"

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "label": self.label,
        }

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


@dataclass
class Cohort:
    """Which accounts a query is about, and how many."""

    name: str = "all"
    limit: int | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    exclude: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Topic:
    kinds: list[str] = field(default_factory=list)
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kinds": self.kinds, "text": self.text}


@dataclass
class Query:
    """What a question or a query file asks: cohort, topic, window, side, persona, accounts."""

    name: str = "question"
    description: str = ""
    cohort: Cohort = field(default_factory=Cohort)
    topic: Topic = field(default_factory=Topic)
    window: Window = field(default_factory=Window)
    side: str = "buyer"
    role: str | None = None
    accounts: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    quotes_per_account: int = 5
    settings: dict[str, Any] = field(default_factory=dict)  # ranking, tiers, icp weights…

    def parsed(self) -> dict[str, Any]:
        return {
            "cohort": self.cohort.as_dict(),
            "topic": self.topic.as_dict(),
            "window": self.window.as_dict(),
            "side": self.side,
            "role": self.role,
            "accounts": self.accounts,
            "unparsed": self.unparsed,
        }


# windows ------------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_period(unit: str, as_of: date) -> Window:
    """The last complete calendar week (Monday first), month, quarter or year before `as_of`."""
    if unit == "week":
        this = as_of - timedelta(days=as_of.weekday())
        return Window(this - timedelta(days=7), this, "last week")
    if unit == "month":
        this = _month_start(as_of)
        return Window(_add_months(this, -1), this, f"{_add_months(this, -1):%B %Y}")
    if unit == "quarter":
        this = _quarter_start(as_of)
        start = _add_months(this, -3)
        return Window(start, this, f"Q{(start.month - 1) // 3 + 1} {start.year}")
    if unit == "year":
        return Window(date(as_of.year - 1, 1, 1), date(as_of.year, 1, 1), str(as_of.year - 1))
    raise UsageError(f"unknown period {unit!r}: use week, month, quarter or year")


def current_period(unit: str, as_of: date) -> Window:
    """From the start of this week, month, quarter or year up to and including `as_of`."""
    end = as_of + timedelta(days=1)
    starts = {
        "week": as_of - timedelta(days=as_of.weekday()),
        "month": _month_start(as_of),
        "quarter": _quarter_start(as_of),
        "year": date(as_of.year, 1, 1),
    }
    if unit not in starts:
        raise UsageError(f"unknown period {unit!r}: use week, month, quarter or year")
    return Window(starts[unit], end, f"this {unit} to date")


def rolling(days: int, as_of: date) -> Window:
    """The last `days` days ending on (and including) `as_of`."""
    end = as_of + timedelta(days=1)
    return Window(end - timedelta(days=days), end, f"last {days} days")


def named_month(month: int, as_of: date, year: int | None = None) -> Window:
    """A month by name: the latest one that ends on or before `as_of`, unless a year is given."""
    if year is None:
        year = as_of.year
        if _add_months(date(year, month, 1), 1) > as_of + timedelta(days=1):
            year -= 1
    start = date(year, month, 1)
    return Window(start, _add_months(start, 1), f"{start:%B %Y}")


def since(start: date, as_of: date) -> Window:
    return Window(start, as_of + timedelta(days=1), f"since {start.isoformat()}")


# query files ---------------------------------------------------------------


def query_dirs(extra: str | Path | None = None) -> list[Path]:
    """Where query names resolve: --queries DIR, then ./queries, then the shipped defaults."""
    dirs = [Path(extra)] if extra else []
    dirs += [Path.cwd() / "queries", PACKAGE_ROOT / "queries"]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in seen:
            seen.append(d.resolve())
    return seen


def find_query(name_or_file: str, extra: str | Path | None = None) -> Path:
    """A query file by path, or by name inside the query folders (never outside them)."""
    candidate = Path(name_or_file)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name_or_file):
        raise NotFound(f"no query named {name_or_file!r}: a name is letters, digits, - and _")
    stem = name_or_file.removesuffix(".toml")
    for folder in query_dirs(extra):
        path = folder / f"{stem}.toml"
        if path.is_file():
            return path
    names = sorted({p.stem for d in query_dirs(extra) for p in d.glob("*.toml")})
    raise NotFound(f"no query named {name_or_file!r}. Saved queries: {', '.join(names)}")


def load_query(path: Path, as_of: date) -> Query:
    """Read a query file, checking every field: a query file is data, never code or SQL."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: not a readable query file ({exc})") from exc
    return query_from_dict(data, as_of, source=str(path))


def query_from_dict(data: dict[str, Any], as_of: date, source: str = "query") -> Query:
    def fail(message: str) -> UsageError:
        return UsageError(f"{source}: {message}")

    known = {
        "name",
        "description",
        "cohort",
        "topic",
        "window",
        "answer",
        "icp",
        "ranking",
        "tiers",
        "pain",
        "exceptions",
    }
    unknown = set(data) - known
    if unknown:
        raise fail(f"unknown section(s) {sorted(unknown)}; known: {sorted(known)}")
    cohort_data = dict(data.get("cohort", {}))
    name = cohort_data.pop("select", "all")
    if name not in COHORTS:
        raise fail(f"cohort.select must be one of {COHORTS}, not {name!r}")
    limit = cohort_data.pop("limit", None)
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        raise fail("cohort.limit must be a positive whole number")
    exclude = cohort_data.pop("exclude", [])
    accounts = cohort_data.pop("accounts", [])
    for key in cohort_data:
        if key not in FILTER_FIELDS:
            raise fail(f"cohort.{key} is not a filter; filters: {FILTER_FIELDS}")
    for rule in exclude:
        if not isinstance(rule, dict) or "field" not in rule:
            raise fail("each cohort.exclude entry needs a `field` (and `in`, `min` or `max`)")
    topic_data = data.get("topic", {})
    kinds = list(topic_data.get("kinds", []))
    for kind in kinds:
        if kind not in KINDS:
            raise fail(f"topic.kinds: {kind!r} is not one of {KINDS}")
    answer = data.get("answer", {})
    side = answer.get("side", "buyer")
    if side not in SIDES:
        raise fail(f"answer.side must be one of {SIDES}")
    return Query(
        name=data.get("name", Path(source).stem),
        description=data.get("description", ""),
        cohort=Cohort(name, limit, cohort_data, exclude),
        topic=Topic(kinds, topic_data.get("text") or None),
        window=window_from_dict(data.get("window", {}), as_of, fail),
        side=side,
        role=answer.get("role") or None,
        accounts=list(accounts),
        quotes_per_account=int(answer.get("quotes_per_account", 5)),
        settings={
            k: data[k] for k in ("icp", "ranking", "tiers", "pain", "exceptions") if k in data
        },
    )


def window_from_dict(data: dict[str, Any], as_of: date, fail: Any) -> Window:
    """`last = "month"`, `this = "quarter"`, `days = 30`, `month = "march"`, `since`/`until`."""
    if not data:
        return Window()
    if "last" in data:
        return previous_period(str(data["last"]), as_of)
    if "this" in data:
        return current_period(str(data["this"]), as_of)
    if "days" in data:
        return rolling(int(data["days"]), as_of)
    if "month" in data:
        month = MONTHS.get(str(data["month"]).lower()[:3])
        if month is None:
            raise fail(f"window.month {data['month']!r} is not a month name")
        return named_month(month, as_of, data.get("year"))
    if "since" in data or "until" in data:
        start = _as_date(data.get("since"), fail)
        end = _as_date(data.get("until"), fail)
        return Window(start, end, "custom")
    raise fail("window needs one of: last, this, days, month, since/until")


def _as_date(value: Any, fail: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise fail(f"{value!r} is not a date (YYYY-MM-DD)") from exc


MONTHS = {name.lower()[:3]: i for i, name in enumerate(calendar.month_name) if name}


# natural-language questions --------------------------------------------------


@cache
def vocabulary() -> dict[str, Any]:
    return tomllib.loads(QUESTION_VOCABULARY.read_text(encoding="utf-8"))


NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "a couple": 2,
    "a few": 3,
}
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _parse_loose_date(text: str, as_of: date) -> date | None:
    text = text.strip().rstrip(",.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", text)
    if m:
        month, day = MONTHS[m.group(1)[:3]], int(m.group(2))
        year = int(m.group(3)) if m.group(3) else as_of.year
        found = date(year, month, day)
        return found if m.group(3) or found <= as_of else date(year - 1, month, day)
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+(\d{4}))?", text)
    if m:
        day, month = int(m.group(1)), MONTHS[m.group(2)[:3]]
        year = int(m.group(3)) if m.group(3) else as_of.year
        found = date(year, month, day)
        return found if m.group(3) or found <= as_of else date(year - 1, month, day)
    m = re.fullmatch(_MONTH + r"(?:\s+(\d{4}))?", text)
    if m:
        return named_month(
            MONTHS[m.group(1)[:3]], as_of, int(m.group(2)) if m.group(2) else None
        ).start
    return None


def _window_from_question(text: str, as_of: date) -> tuple[Window, str]:
    """Find the time window in a question; return it and the question with its words removed."""
    rules: list[tuple[str, Any]] = [
        (
            r"\b(?:in |over |during |within )?the (?:last|past) "
            + _NUM
            + r" (day|week|month|year)s?\b",
            "rolling",
        ),
        (
            r"\b(?:in |over |during |within )?(?:the )?(?:last|past|previous) "
            + _NUM
            + r" (day|week|month|year)s?\b",
            "rolling",
        ),
        (
            r"\b(?:in |over |during )?(?:the )?(?:last|previous|past) (week|month|quarter|year)\b",
            "previous",
        ),
        (r"\b(?:in |during )?this (week|month|quarter|year)(?: so far| to date)?\b", "current"),
        (r"\b(?:month|quarter|year|week)[- ]to[- ]date\b", "todate"),
        (r"\b(?:in |during )?q([1-4])(?: (\d{4}))?\b", "quarter"),
        (
            r"\bsince ((?:\d{4}-\d{2}-\d{2})|" + _MONTH + r"(?: \d{1,2}(?:st|nd|rd|th)?)?"
            r"(?:,? \d{4})?|\d{1,2}(?:st|nd|rd|th)? " + _MONTH + r"(?:,? \d{4})?)",
            "since",
        ),
        (r"\b(?:in|during) " + _MONTH + r"(?:,? (\d{4}))?\b", "month"),
        (r"\b(?:in|during) (\d{4})\b", "year"),
        (r"\byesterday\b", "yesterday"),
        (r"\btoday\b", "today"),
    ]
    units = {"day": 1, "week": 7}
    for pattern, kind in rules:
        m = re.search(pattern, text)
        if not m:
            continue
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        if kind == "rolling":
            n, unit = _number(m.group(1)), m.group(2)
            if unit in units:
                return rolling(n * units[unit], as_of), rest
            months = n * (12 if unit == "year" else 1)
            end = as_of + timedelta(days=1)
            start = _add_months(end, -months)
            return Window(start, end, f"last {n} {unit}s"), rest
        if kind == "previous":
            return previous_period(m.group(1), as_of), rest
        if kind == "current":
            return current_period(m.group(1), as_of), rest
        if kind == "todate":
            unit = m.group(0).split("-")[0].split()[0]
            return current_period(unit, as_of), rest
        if kind == "quarter":
            q = int(m.group(1))
            year = int(m.group(2)) if m.group(2) else as_of.year
            start = date(year, 3 * q - 2, 1)
            if not m.group(2) and _add_months(start, 3) > as_of + timedelta(days=1):
                start = date(year - 1, 3 * q - 2, 1)
            return Window(start, _add_months(start, 3), f"Q{q} {start.year}"), rest
        if kind == "since":
            start = _parse_loose_date(m.group(1), as_of)
            if start:
                return since(start, as_of), rest
        if kind == "month":
            year = int(m.group(2)) if m.group(2) else None
            return named_month(MONTHS[m.group(1)[:3]], as_of, year), rest
        if kind == "year":
            year = int(m.group(1))
            return Window(date(year, 1, 1), date(year + 1, 1, 1), str(year)), rest
        if kind == "yesterday":
            day = as_of - timedelta(days=1)
            return Window(day, as_of, "yesterday"), rest
        if kind == "today":
            return Window(as_of, as_of + timedelta(days=1), "today"), rest
    return Window(), text


def _take(text: str, phrases: list[str]) -> tuple[str | None, str]:
    """Remove the longest phrase found (as whole words); return it and the rest."""
    for phrase in sorted(phrases, key=len, reverse=True):
        m = re.search(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", text)
        if m:
            return phrase, (text[: m.start()] + " " + text[m.end() :]).strip()
    return None, text


def parse_question(
    question: str,
    as_of: date,
    *,
    account_names: dict[str, str] | None = None,
    facets: dict[str, list[str]] | None = None,
) -> Query:
    """Read a question into a `Query`. `account_names` maps normalised names to CRM names and
    `facets` lists the industries and segments the archive knows, so they can be recognised."""
    vocab = vocabulary()
    text = " " + re.sub(r"[?!.;:\"“”]", " ", question.lower()).replace("’", "'") + " "
    text = re.sub(r"\s+", " ", text)
    window, text = _window_from_question(text, as_of)

    accounts: list[str] = []
    text = _strip_accents(text)
    for key, name in sorted((account_names or {}).items(), key=lambda kv: -len(kv[0])):
        if not key:
            continue
        pattern = r"(?<!\w)" + r"[\W_]+".join(map(re.escape, key.split())) + r"(?:'s)?(?!\w)"
        if re.search(pattern, text):
            accounts.append(name)
            text = re.sub(pattern, " ", text)

    cohort = Cohort()
    m = re.search(r"\b(best|top|biggest|largest|most valuable) " + _NUM + r"\b", text)
    if m:
        cohort = Cohort("best", _number(m.group(2)))
        text = text[: m.start()] + " " + text[m.end() :]
    else:
        for name in ("churned", "lost", "open", "prospect", "best", "won", "all"):
            phrase, rest = _take(text, vocab["cohort"][name])
            if phrase:
                cohort = Cohort(name)
                text = rest
                break
        m = re.search(r"\b" + _NUM + r" (?:best|top|biggest) \b", text)
        if m:
            cohort.limit = _number(m.group(1))
            text = text[: m.start()] + " " + text[m.end() :]
    if cohort.name == "best" and cohort.limit is None:
        m = re.search(r"\b(\d+)\b", text)
        if m:
            cohort.limit = int(m.group(1))
            text = text[: m.start()] + " " + text[m.end() :]

    for facet, values in (facets or {}).items():
        for value in sorted(values, key=len, reverse=True):
            if not value:
                continue
            hit, rest = _take(text, [value.lower()])
            if hit:
                cohort.filters.setdefault(facet, []).append(value)
                text = rest

    side = "buyer"
    phrase, text = _take(text, vocab["side"]["seller"])
    if phrase:
        side = "seller"
    else:
        _, text = _take(text, vocab["side"]["buyer"])

    role = None
    for name, phrases in vocab["role"].items():
        phrase, rest = _take(text, phrases)
        if phrase:
            role, text = name, rest
            break

    kinds: list[str] = []
    for kind, phrases in vocab["topic"].items():
        while True:
            phrase, rest = _take(text, phrases)
            if not phrase:
                break
            if kind not in kinds:
                kinds.append(kind)
            text = rest

    for phrases in vocab["cohort"].values():
        while True:
            phrase, rest = _take(text, phrases)
            if not phrase:
                break
            text = rest

    filler = set(vocab["filler"]["words"])
    leftover = [w for w in re.findall(r"[a-z0-9][a-z0-9'&-]*", text) if w not in filler]
    topic_text = " ".join(leftover) or None
    return Query(
        cohort=cohort,
        topic=Topic(kinds, topic_text),
        window=window,
        side=side,
        role=role,
        accounts=accounts,
        unparsed=leftover,
    )
