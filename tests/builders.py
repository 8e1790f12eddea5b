"""A small archive written row by row, for tests of metrics and answers without parsing."""

from __future__ import annotations

import json
from pathlib import Path

from ci_engine.store import Store
from ci_engine.types import AccountRecord, Mention


class ArchiveBuilder:
    def __init__(self, path: Path):
        self.store = Store(path, create=True)
        self.files = 0

    def account(self, name: str, **fields) -> int:
        with self.store.transaction():
            return self.store.upsert_account(AccountRecord(name=name, **fields), "accounts.csv")

    def conversation(self, account_id: int, date: str, turns: list[tuple], title: str = "call"):
        """turns: (speaker, side, text, [mentions]) with mentions as Mention objects."""
        self.files += 1
        conn = self.store.conn
        with self.store.transaction():
            source = conn.execute(
                "INSERT INTO sources (path, root, file, content_hash, kind, ingested_at) "
                "VALUES (?, '/', ?, ?, 'txt', datetime('now'))",
                [f"/calls/{self.files}.txt", f"{self.files}.txt", str(self.files)],
            ).lastrowid
            conversation = conn.execute(
                "INSERT INTO conversations (source_id, account_id, date, title, format, "
                "linked_by) VALUES (?, ?, ?, ?, 'txt', 'path')",
                [source, account_id, date, title],
            ).lastrowid
            for turn, (speaker, side, text, *rest) in enumerate(turns):
                person = self.store.person(
                    speaker, account_id=account_id, side=side, side_source="test"
                )
                utterance = conn.execute(
                    "INSERT INTO utterances (conversation_id, turn, person_id, speaker, side, "
                    "text, start) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [conversation, turn, person, speaker, side, text, turn * 10.0],
                ).lastrowid
                for m in rest[0] if rest else []:
                    conn.execute(
                        "INSERT INTO mentions (utterance_id, kind, text, start, end, value, "
                        "confidence, extra, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                        "'test')",
                        [
                            utterance,
                            m.kind,
                            m.text,
                            m.start,
                            m.end,
                            json.dumps(m.value) if m.value is not None else None,
                            m.confidence,
                            json.dumps(m.extra),
                        ],
                    )
        return conversation


def pain(text: str, intensity: str = "real", quantified: bool = False, theme: str = "other"):
    extra = {"intensity": intensity, "quantified": ["x"] if quantified else [], "theme": theme}
    return Mention("pain", text, 0, len(text), None, 0.9, extra)


def pricing(text: str) -> Mention:
    return Mention("pricing", text, 0, len(text), None, 0.9)


def ttv(text: str, value: dict) -> Mention:
    return Mention("ttv", text, 0, len(text), value, 1.0)
