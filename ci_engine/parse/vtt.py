"""WebVTT from Zoom, Teams and Meet: `<v Name>` voice tags or `Name:` prefixes."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..types import ParsedConversation
from .turns import merge, recurring_names, seconds, speaker_prefix

TIMING = re.compile(r"^(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
TAG = re.compile(r"</?[a-z][^>]*>|</v>", re.IGNORECASE)


def parse(text: str, path: Path) -> list[ParsedConversation]:
    lines = text.lstrip("\ufeff").split("\n")
    if not lines[0].startswith("WEBVTT"):
        raise ParseError("not WebVTT: the first line must be WEBVTT")
    segments: list[tuple[str | None, str, float | None, float | None]] = []
    known = recurring_names([TAG.sub("", line) for line in lines])
    blocks = re.split(r"\n\s*\n", "\n".join(lines[1:]))
    line_no = 1
    for block in blocks:
        rows = [r for r in block.split("\n") if r.strip()]
        line_no += block.count("\n") + 2
        if not rows or rows[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, r in enumerate(rows) if "-->" in r), None)
        if timing_at is None:
            continue  # header metadata such as `Kind: captions`
        m = TIMING.match(rows[timing_at].strip())
        start = seconds(m.group(1)) if m else None
        end = seconds(m.group(2)) if m else None
        if start is None or end is None:
            raise ParseError(f"bad cue timing {rows[timing_at].strip()!r} near line {line_no}")
        for row in rows[timing_at + 1 :]:
            voice = VOICE.search(row)
            speaker = voice.group(1).strip() if voice else None
            plain = TAG.sub("", row).strip()
            if speaker is None:
                prefixed = speaker_prefix(plain, known)
                if prefixed:
                    speaker, plain = prefixed
            segments.append((speaker, plain, start, end))
    turns = merge(segments)
    if not turns:
        raise ParseError("no cues with text found")
    return [ParsedConversation(format="vtt", turns=turns)]
