"""What the timed formats share: timestamps, `Name:` speaker prefixes, merging cues into turns."""

from __future__ import annotations

import re

from ..types import Turn

TIMESTAMP = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")

# Words that end in a colon at the start of a line but are not people.
NOT_SPEAKERS = {
    "note",
    "notes",
    "re",
    "fyi",
    "ps",
    "pps",
    "update",
    "action",
    "actions",
    "action item",
    "action items",
    "todo",
    "to do",
    "question",
    "questions",
    "answer",
    "agenda",
    "summary",
    "next steps",
    "subject",
    "http",
    "https",
    "mailto",
    "tip",
    "warning",
    "example",
    "e.g",
    "i.e",
    "step",
    "result",
    "results",
    "outcome",
    "decision",
    "decisions",
    "date",
    "time",
    "title",
    "account",
    "attendees",
    "participants",
    "location",
    "ftp",
    "www",
    "so",
    "and",
    "but",
    "well",
    "ok",
    "okay",
    "yes",
    "no",
    "also",
    "then",
    "quote",
    "edit",
}
SPEAKER = re.compile(r"^\s*(?P<name>[^\s:][^:]{0,48}?)\s*:\s+(?P<text>\S.*)$")


def seconds(text: str) -> float | None:
    m = TIMESTAMP.match(text.strip())
    if not m:
        return None
    hours, minutes, secs, millis = m.groups()
    return (
        int(hours or 0) * 3600
        + int(minutes) * 60
        + int(secs)
        + (int(millis.ljust(3, "0")) / 1000 if millis else 0.0)
    )


def recurring_names(lines: list[str]) -> set[str]:
    """One-word line prefixes that read as names, not prose: a handle (`hulu_support:`,
    `tattoomomma83:`), a prefix that recurs (`xbito:` twice), or, when no line has a
    capitalised speaker at all, every one-word prefix."""
    counts: dict[str, int] = {}
    capitalised = False
    for line in lines:
        m = SPEAKER.match(line)
        if not m:
            continue
        name = m.group("name").strip()
        if len(name.split()) == 1 and name.casefold() not in NOT_SPEAKERS:
            counts[name] = counts.get(name, 0) + 1
        capitalised = capitalised or name[:1].isupper()
    return {
        name
        for name, n in counts.items()
        if n >= 2 or not capitalised or re.search(r"[\d_@]", name)
    }


def speaker_prefix(line: str, known: set[str] = frozenset()) -> tuple[str, str] | None:
    """`Ann Lee: hello` → ("Ann Lee", "hello"); prose with a colon is not a speaker."""
    m = SPEAKER.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    words = name.split()
    if len(words) > 4 or name.casefold() in NOT_SPEAKERS or "//" in line[: len(name) + 3]:
        return None
    if name in known:
        return name, m.group("text").strip()
    if re.search(r"\d", name) and not re.fullmatch(
        r"(speaker|participant|guest|caller)\s*\d+", name, re.IGNORECASE
    ):
        return None
    if not (name[0].isupper() or name[0].isdigit() or "@" in name or name.isupper()):
        return None
    # "Dr. Amy Hart", "J. Smith" are names; a sentence fragment with punctuation is not
    if re.search(r"[?!,;\"“”()\[\]]", name) or re.search(r"\.(?!\s)", name.rstrip(".")):
        return None
    return name, m.group("text").strip()


def merge(segments: list[tuple[str | None, str, float | None, float | None]]) -> list[Turn]:
    """Consecutive segments of one speaker become one turn; a segment with no speaker continues
    the turn before it."""
    turns: list[Turn] = []
    for speaker, text, start, end in segments:
        text = " ".join(text.split())
        if not text:
            continue
        if turns and (speaker is None or speaker == turns[-1].speaker):
            last = turns[-1]
            last.text = f"{last.text} {text}"
            last.end = end if end is not None else last.end
            continue
        turns.append(Turn(speaker or "unknown", text, start, end))
    return turns
