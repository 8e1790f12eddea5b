"""Plain transcripts: `Name: text` per line, an optional leading timestamp, continuation lines,
optional YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..types import ParsedConversation
from . import frontmatter
from .turns import merge, recurring_names, seconds, speaker_prefix

LEADING_TIME = re.compile(r"^\s*[\[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?\s*[-–]?\s*")
# "Ann Lee  0:03" on its own line, the text on the lines below (Otter-style exports)
HEADER = re.compile(r"^\s*([A-Z][\w.'’ -]{0,40}?)\s{2,}(\d{1,2}:\d{2}(?::\d{2})?)\s*$")


def parse(text: str, path: Path) -> list[ParsedConversation]:
    meta, body = frontmatter.split(text)
    segments: list[tuple[str | None, str, float | None, float | None]] = []
    speakers_seen = 0
    lines = body.split("\n")
    known = recurring_names([LEADING_TIME.sub("", line, count=1) for line in lines])
    for line in lines:
        if not line.strip():
            continue
        header = HEADER.match(line)
        if header:
            segments.append((header.group(1).strip(), "", seconds(header.group(2)), None))
            speakers_seen += 1
            continue
        start = None
        m = LEADING_TIME.match(line)
        if m:
            start = seconds(m.group(1))
            line = line[m.end() :]
        prefixed = speaker_prefix(line, known)
        if prefixed:
            speakers_seen += 1
            segments.append((prefixed[0], prefixed[1], start, None))
        else:
            segments.append((None, line, start, None))
    if not speakers_seen:
        raise ParseError("no `Name: text` lines found (one speaker turn per line)")
    # a header with its text on the following lines: attach the text to it
    joined: list[tuple[str | None, str, float | None, float | None]] = []
    for speaker, line, start, end in segments:
        if joined and speaker is None and not joined[-1][1]:
            prev = joined.pop()
            joined.append((prev[0], line, prev[2], end))
        else:
            joined.append((speaker, line, start, end))
    conversation = ParsedConversation(format="txt", turns=merge([s for s in joined if s[1]]))
    frontmatter.apply(meta, conversation)
    if not conversation.turns:
        raise ParseError("no speech found")
    return [conversation]
