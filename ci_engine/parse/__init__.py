"""Input parsers, one module per format, registered by kind; `detect` says which kind a file is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..types import ParsedConversation
from . import gong, notes, srt, txt, vtt
from .accounts_csv import parse_accounts
from .tables import parse_aliases, parse_manifest, parse_people, parse_team
from .textio import read_text

# Conversation formats: kind → parse(text, path) -> [ParsedConversation]. A new format is one
# module and one line here.
PARSERS: dict[str, Callable[[str, Path], list[ParsedConversation]]] = {
    "vtt": vtt.parse,
    "srt": srt.parse,
    "txt": txt.parse,
    "gong": gong.parse,
    "md": notes.parse,
}
EXTENSIONS = {
    ".vtt": "vtt",
    ".srt": "srt",
    ".txt": "txt",
    ".json": "gong",
    ".md": "md",
    ".markdown": "md",
}
SKIP_NAMES = {"readme", "readme.md", "readme.txt", "license", "license.txt", "licence"}


def _csv_kind(path: Path) -> str:
    name = path.name.lower()
    if name == "conversations.csv":
        return "manifest"
    if name == "aliases.csv":
        return "aliases"
    if name == "people.csv":
        return "people"
    try:
        header = read_text(path).split("\n", 1)[0].lower()
    except Exception:
        return "accounts"  # reading it again fails with the reason, which ingest reports
    columns = {c.strip().strip('"') for c in header.split(",")}
    if "path" in columns and "account" in columns:
        return "manifest"
    if "alias" in columns:
        return "aliases"
    if {"name", "email"} <= columns and ("title" in columns or "account" in columns):
        return "people"
    return "accounts"


def detect(path: Path) -> str | None:
    """The kind of an input file, or None for files that are not inputs (images, audio…)."""
    name = path.name.lower()
    if name in SKIP_NAMES:
        return None
    if name == "team.txt":
        return "team"
    if path.suffix.lower() == ".csv":
        return _csv_kind(path)
    return EXTENSIONS.get(path.suffix.lower())


__all__ = [
    "PARSERS",
    "detect",
    "parse_accounts",
    "parse_aliases",
    "parse_manifest",
    "parse_people",
    "parse_team",
    "read_text",
]
