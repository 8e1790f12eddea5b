"""YAML front matter at the top of `.txt` and `.md` files: account, date, title, internal,
roles, author."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import ParseError
from ..link import parse_date
from ..types import Party


def split(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (a dict, empty if none) and the body after it."""
    stripped = text.lstrip("\ufeff\n ")
    if not stripped.startswith("---\n"):
        return {}, text
    end = stripped.find("\n---", 4)
    if end == -1:
        raise ParseError("front matter starts with --- but never ends (add a closing --- line)")
    raw = stripped[4:end]
    body = stripped[end + 4 :].split("\n", 1)[1] if "\n" in stripped[end + 4 :] else ""
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise ParseError(f"front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise ParseError("front matter must be `key: value` lines")
    return data, body


def apply(meta: dict[str, Any], conversation: Any) -> None:
    """Copy what front matter says onto a parsed conversation."""
    if meta.get("account"):
        conversation.account = str(meta["account"]).strip()
    raw_date = meta.get("date")
    if raw_date:
        conversation.date = parse_date(raw_date)
        if conversation.date is None:
            raise ParseError(f"front matter date {raw_date!r} is not a date (use YYYY-MM-DD)")
    if meta.get("title"):
        conversation.title = str(meta["title"]).strip()
    internal = meta.get("internal") or []
    if isinstance(internal, str):
        internal = [n.strip() for n in internal.split(",")]
    conversation.internal = [str(n) for n in internal]
    roles = meta.get("roles") or {}
    if isinstance(roles, dict):
        conversation.parties = [Party(name=str(k), title=str(v)) for k, v in roles.items()]
