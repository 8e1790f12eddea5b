"""SubRip (.srt) subtitles with `Name:` prefixes."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..types import ParsedConversation
from .turns import merge, recurring_names, seconds, speaker_prefix

TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)")


def parse(text: str, path: Path) -> list[ParsedConversation]:
    segments: list[tuple[str | None, str, float | None, float | None]] = []
    blocks = [b for b in re.split(r"\n\s*\n", text.lstrip("\ufeff").strip()) if b.strip()]
    known = recurring_names(text.split("\n"))
    for number, block in enumerate(blocks, 1):
        rows = [r for r in block.split("\n") if r.strip()]
        timing_at = next((i for i, r in enumerate(rows[:2]) if "-->" in r), None)
        if timing_at is None:
            raise ParseError(f"subtitle block {number} has no `start --> end` line")
        m = TIMING.match(rows[timing_at])
        start = seconds(m.group(1)) if m else None
        end = seconds(m.group(2)) if m else None
        if start is None or end is None:
            raise ParseError(f"subtitle block {number}: bad timing {rows[timing_at].strip()!r}")
        for row in rows[timing_at + 1 :]:
            plain = re.sub(r"</?[a-z][^>]*>", "", row).strip()
            prefixed = speaker_prefix(plain, known)
            speaker, plain = prefixed if prefixed else (None, plain)
            segments.append((speaker, plain, start, end))
    turns = merge(segments)
    if not turns:
        raise ParseError("no subtitles with text found")
    return [ParsedConversation(format="srt", turns=turns)]
