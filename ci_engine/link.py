"""Pure helpers that link a file to an account and a date: normalised account names, domains,
dates in the forms CRMs and recorders write them, hints from a file's path, personas."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"

# Legal forms dropped before comparing names: "Acme Corp, Inc." and "acme-corp" are one account.
LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "gmbh",
    "ag",
    "plc",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "pty",
    "pte",
    "oy",
    "ab",
    "as",
    "kg",
    "co",
    "company",
    "kk",
}


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def account_key(name: str) -> str:
    """The exact-match form of an account name: case, accents, punctuation, `&`/`and`, slug
    separators and legal suffixes removed. Never fuzzy: "Acme" and "Acme Health" differ."""
    text = _ascii(name).casefold().replace("&", " ").replace("'", "").replace("’", "")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # L.L.C. → llc, S.A. → sa
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w != "and"]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def domain_of(value: str | None) -> str | None:
    """`ann@Acme.com`, `https://www.acme.com/about`, `acme.com` → `acme.com`."""
    if not value:
        return None
    text = value.strip().lower()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    text = re.sub(r"^[a-z]+://", "", text).split("/")[0].split(":")[0]
    text = text.removeprefix("www.")
    return text if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", text) else None


DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%Y%m%d",
)


def parse_date(raw: object) -> str | None:
    """A date in the forms CRMs and people write it → ISO `YYYY-MM-DD`, or None."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    if not text:
        return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}", text)
    if m:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            return _valid(m.group(1))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _valid(iso: str) -> str | None:
    try:
        return date.fromisoformat(iso).isoformat()
    except ValueError:
        return None


@dataclass
class PathHints:
    """What a file's path says: account folder names (nearest first), a date and a title."""

    accounts: list[str] = field(default_factory=list)
    date: str | None = None
    title: str | None = None


ZOOM_NAME = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-\d{6}")
DATED_NAME = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?=$|[\s_\-.T])[\s_\-.]*(.*)$")
DATED_FOLDER = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def path_hints(rel_path: Path) -> PathHints:
    """`acme-corp/2026-03-02 discovery.vtt` → accounts ['acme-corp'], date, title 'discovery'.
    A Zoom recorder name (`GMT20261012-140001_Recording…`) gives its date too."""
    hints = PathHints()
    stem = rel_path.name
    for suffix in rel_path.suffixes[-2:]:
        stem = stem.removesuffix(suffix) if len(suffix) <= 12 else stem
    zoom = ZOOM_NAME.search(rel_path.name)
    dated = DATED_NAME.match(stem)
    if zoom:
        hints.date = _valid(f"{zoom.group(1)}-{zoom.group(2)}-{zoom.group(3)}")
    elif dated:
        hints.date = _valid(f"{dated.group(1)}-{dated.group(2)}-{dated.group(3)}")
        title = dated.group(4).strip(" -_")
        if " " not in title:
            title = re.sub(r"[_-]+", " ", title)
        hints.title = title or None
    folders = list(rel_path.parent.parts)
    for folder in reversed(folders):
        if DATED_FOLDER.match(folder):
            continue
        hints.accounts.append(folder)
    return hints


@cache
def _personas() -> list[tuple[str, re.Pattern[str]]]:
    data = tomllib.loads((MODELS / "personas.toml").read_text(encoding="utf-8"))
    return [
        (name, re.compile(r"\b(" + "|".join(map(re.escape, terms)) + r")\b", re.IGNORECASE))
        for name, terms in data["persona"].items()
    ]


def persona(title: str | None) -> str | None:
    """A title → executive, finance, operations, it-security, legal-procurement or end-user."""
    if not title:
        return None
    for name, pattern in _personas():
        if pattern.search(title):
            return name
    return None


@cache
def _stages() -> dict[str, list[str]]:
    return tomllib.loads((MODELS / "stages.toml").read_text(encoding="utf-8"))["stage"]


def normalise_stage(raw: str | None) -> str:
    """`Closed Won`, `closedwon`, `Customer` → won; other open pipeline stages → open."""
    if not raw or not str(raw).strip():
        return "unknown"
    text = re.sub(r"[^a-z]+", " ", str(raw).lower()).strip()
    squashed = text.replace(" ", "")
    for stage, words in _stages().items():
        for word in words:
            if text == word or squashed == word.replace(" ", ""):
                return stage
    for stage, words in _stages().items():
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words if " " in w):
            return stage
    return "open"
