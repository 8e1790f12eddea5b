"""Mentions in the archive: write them, and re-tag old utterances when the extractor changes,
from the stored text and vectors, without re-parsing or re-embedding."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from .store import Store
from .themes import ThemeMatcher, tag_pain_themes

BATCH = 512


def insert_mentions(
    conn: sqlite3.Connection, utterance_id: int, mentions: Iterable[Any], version: str | None
) -> None:
    conn.executemany(
        "INSERT INTO mentions (utterance_id, kind, text, start, end, value, confidence, "
        "extra, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                utterance_id,
                m.kind,
                m.text,
                m.start,
                m.end,
                json.dumps(m.value, default=str) if m.value is not None else None,
                m.confidence,
                json.dumps(m.extra, default=str),
                version or "",
            )
            for m in mentions
        ],
    )


def _rows(store: Store, ids: list[int]) -> list[dict[str, Any]]:
    """The utterances with their vectors, and the previous turn's last window: its text, side
    and vector."""
    marks = ", ".join("?" for _ in ids)
    return store.query(
        f"""
        SELECT u.id, u.text, u.side, u.lang, e.vector,
               p.text AS prev_text, p.side AS prev_side, pe.vector AS prev_vector
        FROM utterances u
        LEFT JOIN embeddings e ON e.utterance_id = u.id
        LEFT JOIN utterances p ON p.id = (
            SELECT q.id FROM utterances q WHERE q.conversation_id = u.conversation_id
              AND q.turn < u.turn ORDER BY q.turn DESC, q.window DESC LIMIT 1)
        LEFT JOIN embeddings pe ON pe.utterance_id = p.id
        WHERE u.id IN ({marks}) ORDER BY u.id
        """,
        ids,
    )


def reextract_utterances(
    store: Store, extractor: Any, ids: list[int], themes: ThemeMatcher | None = None
) -> int:
    """Replace the mentions of these utterances; the caller holds the transaction."""
    import numpy as np

    from .embed import from_blob

    done = 0
    for lo in range(0, len(ids), BATCH):
        rows = [r for r in _rows(store, ids[lo : lo + BATCH]) if r["lang"] == "en"]
        if not rows:
            continue
        vectors = None
        if all(r["vector"] is not None for r in rows):
            vectors = np.vstack([from_blob(r["vector"]) for r in rows])
        found = extractor.extract(
            [r["text"] for r in rows],
            [r["side"] for r in rows],
            vectors=vectors,
            contexts=[
                {"text": r["prev_text"], "side": r["prev_side"]} if r["prev_text"] else None
                for r in rows
            ],
            previous=[from_blob(r["prev_vector"]) if r["prev_vector"] else None for r in rows],
        )
        tag_pain_themes(found, vectors, themes)
        store.conn.executemany(
            "DELETE FROM mentions WHERE utterance_id = ?", [(r["id"],) for r in rows]
        )
        for row, mentions in zip(rows, found, strict=True):
            insert_mentions(store.conn, row["id"], mentions, extractor.version)
        done += len(rows)
    return done


def reextract_all(
    store: Store,
    extractor: Any,
    themes: ThemeMatcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Re-tag the whole history. One transaction per batch, each recording how far it got, so a
    killed run resumes where it stopped and the archive never holds a half-tagged utterance."""
    target = extractor.version
    resume_from = 0
    if store.get_meta("reextract_target") == target:
        resume_from = int(store.get_meta("reextract_done") or 0)
    ids = [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM utterances WHERE id > ? ORDER BY id", [resume_from]
        )
    ]
    done = 0
    for lo in range(0, len(ids), BATCH):
        chunk = ids[lo : lo + BATCH]
        with store.transaction():
            reextract_utterances(store, extractor, chunk, themes)
            store.set_meta("reextract_target", target)
            store.set_meta("reextract_done", str(chunk[-1]))
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    with store.transaction():
        store.set_meta("extractor_version", target)
        store.conn.execute("DELETE FROM meta WHERE key IN ('reextract_target', 'reextract_done')")
    return done


def needs_reextract(store: Store, extractor: Any) -> bool:
    """True when the archive holds utterances tagged by another extractor version."""
    current = store.get_meta("extractor_version")
    has_utterances = store.scalar("SELECT 1 FROM utterances LIMIT 1") is not None
    return has_utterances and current != extractor.version
