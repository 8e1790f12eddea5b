"""Markdown call notes: written by one of us, so every line is side `note`, speaker = author."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParseError
from ..types import ParsedConversation, Turn
from . import frontmatter

MARKUP = re.compile(r"(\*\*|__|`|~~|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


def parse(text: str, path: Path) -> list[ParsedConversation]:
    meta, body = frontmatter.split(text)
    author = str(meta.get("author") or "notes")
    title = None
    chunks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            chunks.append(" ".join(current))
            current.clear()

    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = re.match(r"^#{1,6}\s+(.*)", stripped)
        if heading:
            flush()
            title = title or heading.group(1).strip()
            continue
        bullet = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)", stripped)
        if bullet:
            flush()
            current.append(bullet.group(1))
            flush()
            continue
        current.append(stripped.lstrip("> ").strip())
    flush()
    turns = []
    for chunk in chunks:
        plain = MARKUP.sub("", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", chunk)).strip()
        if plain:
            turns.append(Turn(author, plain))
    if not turns:
        raise ParseError("no note text found")
    conversation = ParsedConversation(format="md", turns=turns, title=title)
    frontmatter.apply(meta, conversation)
    conversation.internal = [author]
    return [conversation]
