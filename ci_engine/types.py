"""The dataclasses that flow between stages: parse → link → store → extract → query → answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SIDES = ("seller", "buyer", "note", "unknown")


@dataclass
class Party:
    """A participant a call export names up front (Gong `parties`, front matter `roles`)."""

    name: str
    email: str | None = None
    title: str | None = None
    side: str | None = None  # "seller"/"buyer" when the source says so (Gong affiliation)
    speaker_id: str | None = None


@dataclass
class Turn:
    """One speaker turn as the file gives it, before it is cut into utterance windows."""

    speaker: str
    text: str
    start: float | None = None  # seconds from the start of the call
    end: float | None = None


@dataclass
class ParsedConversation:
    """What a parser returns for one call or note: turns plus whatever metadata the file holds."""

    format: str  # vtt, srt, txt, gong, md
    turns: list[Turn]
    account: str | None = None  # account named by metadata inside the file
    date: str | None = None  # ISO date named by metadata inside the file
    title: str | None = None
    internal: list[str] = field(default_factory=list)  # speakers the file marks as our team
    parties: list[Party] = field(default_factory=list)
    external_id: str | None = None  # a recorder's call id (Gong callId)
    index: int = 0  # position inside a file holding several calls


@dataclass
class AccountRecord:
    """One account as a CRM export describes it, after loose column matching."""

    name: str
    domain: str | None = None
    industry: str | None = None
    employees: int | None = None
    revenue: float | None = None
    country: str | None = None
    stage: str = "unknown"  # won, lost, churned, open, prospect, unknown
    first_touch: str | None = None
    closed_at: str | None = None
    live_at: str | None = None
    churned_at: str | None = None
    arr: float | None = None
    expansion_arr: float | None = None
    tech_stack: list[str] = field(default_factory=list)
    segment: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)  # every other column, by its header
    line: int | None = None  # row in the source file, for error messages


@dataclass
class PersonRecord:
    """A person from `people.csv` or a roster."""

    name: str
    email: str | None = None
    title: str | None = None
    account: str | None = None


@dataclass
class Amount:
    """A money amount as stated, normalised: 40k a year → Amount(40000, "USD", "year")."""

    value: float
    currency: str = "USD"
    period: str | None = None  # one-time, month, year, seat-month, seat-year, or None

    def as_dict(self) -> dict[str, Any]:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "currency": self.currency, "period": self.period}


@dataclass
class Mention:
    """A span of an utterance: pain, pricing, an amount, a competitor, tech, a trigger or ttv."""

    kind: str
    text: str
    start: int
    end: int
    value: Any = None
    confidence: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)  # intensity, quantification, theme…

    def as_dict(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "confidence": round(self.confidence, 3),
        }
        data.update(self.extra)
        return data
