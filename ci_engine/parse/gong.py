"""Gong-shaped call exports: one call, a list of calls, `{"callTranscripts": [...]}`, or a calls
export (metadata, parties) and a transcripts export in one folder, joined on callId."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..link import parse_date
from ..types import ParsedConversation, Party
from .textio import read_text
from .turns import merge


def load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None


def is_calls_export(data: Any) -> bool:
    """A calls export carries metadata and parties but no transcript."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("calls"), list)
        and not any(isinstance(c, dict) and "transcript" in c for c in data["calls"])
    )


def _calls(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [c for c in data if isinstance(c, dict)]
    if isinstance(data, dict):
        for key in ("callTranscripts", "calls"):
            if isinstance(data.get(key), list):
                return [c for c in data[key] if isinstance(c, dict)]
        return [data]
    return []


def _sibling_metadata(path: Path) -> dict[str, dict[str, Any]]:
    """Calls exports next to a transcripts export, by call id."""
    found: dict[str, dict[str, Any]] = {}
    for sibling in sorted(path.parent.glob("*.json")):
        if sibling == path:
            continue
        try:
            data = json.loads(read_text(sibling))
        except (ParseError, json.JSONDecodeError):
            continue
        if is_calls_export(data):
            for call in data["calls"]:
                meta = call.get("metaData", {})
                if meta.get("id") is not None:
                    found[str(meta["id"])] = call
    return found


def _party(raw: dict[str, Any]) -> Party:
    affiliation = str(raw.get("affiliation", "")).lower()
    side = {"internal": "seller", "external": "buyer"}.get(affiliation)
    return Party(
        name=raw.get("name") or raw.get("emailAddress") or f"Speaker {raw.get('speakerId')}",
        email=raw.get("emailAddress"),
        title=raw.get("title"),
        side=side,
        speaker_id=str(raw.get("speakerId")) if raw.get("speakerId") is not None else None,
    )


def _context_account(call: dict[str, Any]) -> str | None:
    for system in call.get("context", []) or []:
        for obj in system.get("objects", []) or []:
            if str(obj.get("objectType", "")).lower() == "account":
                for f in obj.get("fields", []) or []:
                    if str(f.get("name", "")).lower() == "name" and f.get("value"):
                        return str(f["value"])
    return None


def _conversation(call: dict[str, Any], meta_call: dict[str, Any] | None, index: int):
    meta = {**(meta_call or {}).get("metaData", {}), **call.get("metaData", {})}
    parties = [_party(p) for p in call.get("parties") or (meta_call or {}).get("parties") or []]
    by_id = {p.speaker_id: p for p in parties if p.speaker_id}
    segments = []
    for block in call.get("transcript") or []:
        speaker_id = str(block.get("speakerId"))
        party = by_id.get(speaker_id)
        name = party.name if party else f"Speaker {speaker_id}"
        for sentence in block.get("sentences") or []:
            start = sentence.get("start")
            end = sentence.get("end")
            segments.append(
                (
                    name,
                    str(sentence.get("text", "")),
                    start / 1000 if isinstance(start, int | float) else None,
                    end / 1000 if isinstance(end, int | float) else None,
                )
            )
    turns = merge(segments)
    if not turns:
        return None
    raw_date = call.get("date") or call.get("started") or meta.get("started") or meta.get("date")
    return ParsedConversation(
        format="gong",
        turns=turns,
        account=call.get("account")
        or meta.get("account")
        or _context_account(call)
        or _context_account(meta_call or {}),
        date=parse_date(raw_date),
        title=call.get("title") or meta.get("title"),
        parties=parties,
        external_id=str(call.get("callId") or call.get("id") or meta.get("id") or "") or None,
        index=index,
    )


def parse(text: str, path: Path) -> list[ParsedConversation]:
    data = load(text)
    if is_calls_export(data):
        return []  # metadata only: read when its transcripts export is parsed
    calls = _calls(data)
    if not any("transcript" in c for c in calls):
        raise ParseError("not a call export: no `transcript` found (Gong shape expected)")
    metadata = _sibling_metadata(path) if any(not c.get("parties") for c in calls) else {}
    conversations = []
    for call in calls:
        meta_call = metadata.get(str(call.get("callId") or call.get("id")))
        conversation = _conversation(call, meta_call, len(conversations))
        if conversation is not None:
            conversations.append(conversation)
    if not conversations:
        raise ParseError("no call in the file has any transcript sentences")
    return conversations
