"""The small set-up files: `people.csv`, `aliases.csv`, a `conversations.csv` manifest and
`team.txt`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..link import parse_date
from ..types import PersonRecord
from .accounts_csv import header_key, rows


def _column(headers: list[str], *names: str) -> str | None:
    keys = {header_key(h): h for h in headers}
    return next((keys[n] for n in names if n in keys), None)


def parse_people(text: str, path: Path) -> list[PersonRecord]:
    headers, data = rows(text)
    name = _column(headers, "name", "full name", "contact name")
    if not name:
        raise ParseError(f"people file needs a `name` column; found: {', '.join(headers)}")
    email = _column(headers, "email", "email address", "e mail")
    title = _column(headers, "title", "job title", "role")
    account = _column(headers, "account", "company", "account name", "company name")
    return [
        PersonRecord(
            name=row[name],
            email=row.get(email) or None if email else None,
            title=row.get(title) or None if title else None,
            account=row.get(account) or None if account else None,
        )
        for row in data
        if row.get(name)
    ]


def parse_aliases(text: str, path: Path) -> list[tuple[str, str]]:
    headers, data = rows(text)
    alias = _column(headers, "alias")
    account = _column(headers, "account", "account name", "company")
    if not alias or not account:
        raise ParseError("aliases file needs `alias` and `account` columns")
    return [(row[alias], row[account]) for row in data if row.get(alias) and row.get(account)]


def parse_manifest(text: str, path: Path) -> dict[str, dict[str, Any]]:
    """Relative path → {account, date, title} for the files beside the manifest."""
    headers, data = rows(text)
    file_column = _column(headers, "path", "file", "filename")
    if not file_column:
        raise ParseError("conversations.csv needs a `path` column")
    account = _column(headers, "account", "account name", "company")
    day = _column(headers, "date", "call date")
    title = _column(headers, "title", "name")
    manifest = {}
    for line, row in enumerate(data, 2):
        raw_date = row.get(day, "") if day else ""
        parsed = parse_date(raw_date)
        if raw_date and parsed is None:
            raise ParseError(f"row {line}: {raw_date!r} is not a date (use YYYY-MM-DD)")
        manifest[row[file_column].strip().lstrip("./")] = {
            "account": row.get(account) or None if account else None,
            "date": parsed,
            "title": row.get(title) or None if title else None,
        }
    return manifest


TEAM_LINE = re.compile(r"^\s*(?P<name>[^<>@]*?)\s*(?:<(?P<email>[^>]+)>)?\s*$")


def parse_team(text: str, path: Path) -> list[tuple[str | None, str | None]]:
    """`Name`, `Name <email>` or `email` per line; `#` starts a comment."""
    members = []
    for raw in text.split("\n"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "@" in line and "<" not in line:
            members.append((None, line.lower()))
            continue
        m = TEAM_LINE.match(line)
        if not m:
            raise ParseError(f"team.txt: cannot read {line!r} (use `Name <email>`)")
        members.append((m.group("name") or None, (m.group("email") or "").lower() or None))
    return members
