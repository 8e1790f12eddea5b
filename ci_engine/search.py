"""Hybrid search over utterances: meaning (vectors) and keywords (FTS5) fused by reciprocal rank.
Filters become a SQL pre-filter applied inside both searches, never after them, so a filter
that keeps 1% of the archive still returns k hits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .store import Store

RRF_K = 60  # the usual reciprocal-rank-fusion constant: later ranks still count, gently
CANDIDATES = 100  # each half proposes this many (at least 4k) before fusion
KEYWORD_SCAN = 20_000  # keyword matches ranked per query, newest first (see keyword())
STOPWORDS = set(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
        "about",
        "any",
    ]
)


@dataclass
class Hit:
    utterance_id: int
    text: str
    speaker: str
    title: str | None
    side: str
    account: str
    date: str
    conversation: dict[str, Any]
    start: float | None
    kinds: list[str]
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "title": self.title,
            "side": self.side,
            "account": self.account,
            "date": self.date,
            "conversation": self.conversation,
            "start": self.start,
            "kinds": self.kinds,
            "score": round(self.score, 4),
        }


def _filter_sql(
    account_ids: list[int] | None,
    since: str | None,
    until: str | None,
    side: str | None,
    kind: str | None,
    role: str | None,
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if account_ids:
        clauses.append(f"c.account_id IN ({', '.join('?' for _ in account_ids)})")
        params += list(account_ids)
    if since:
        clauses.append("c.date >= ?")
        params.append(since)
    if until:
        clauses.append("c.date < ?")
        params.append(until)
    if side:
        clauses.append("u.side = ?")
        params.append(side)
    if kind:
        clauses.append(
            "EXISTS (SELECT 1 FROM mentions m WHERE m.utterance_id = u.id AND m.kind = ?)"
        )
        params.append(kind)
    if role:
        clauses.append("u.person_id IN (SELECT id FROM people WHERE persona = ?)")
        params.append(role)
    return " AND ".join(clauses), params


def fts_query(text: str) -> str | None:
    """User words as an FTS5 OR-query of quoted terms: punctuation and FTS operators in the
    user's text are never interpreted."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOPWORDS]
    if not words:
        return None
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))


def keyword(store: Store, text: str, k: int, where: str, params: list[Any]) -> list[int]:
    """The k best BM25 matches among the newest KEYWORD_SCAN utterances that match (all of
    them below that): ranking every match of common words costs ~1 µs each, 0.3 s for a query
    matching a third of a million-utterance archive; capped, ~20 ms. The vector half of the
    search still covers the whole archive.

    With a filter, the newest matches are filtered first (a join per match costs ~0.3 µs, 100 ms
    for 300k matches); only when fewer than k of them pass is the filter applied inside the
    scan, which is cheap exactly when the words are rare."""
    match = fts_query(text)
    if match is None:
        return []
    ranked = "SELECT f.rowid AS rowid, bm25(utterances_fts) AS score FROM utterances_fts f "
    joins = (
        "JOIN utterances u ON u.id = {0}.rowid JOIN conversations c ON c.id = u.conversation_id "
    )
    newest = "ORDER BY f.rowid DESC LIMIT ?"
    scan = f"{ranked} WHERE utterances_fts MATCH ? {newest}"
    if not where:
        sql = f"SELECT rowid FROM ({scan}) ORDER BY score LIMIT ?"
        return [r[0] for r in store.conn.execute(sql, [match, KEYWORD_SCAN, k])]
    first = (
        f"SELECT hit.rowid FROM ({scan}) hit {joins.format('hit')} "
        f"WHERE {where} ORDER BY hit.score LIMIT ?"
    )
    found = [r[0] for r in store.conn.execute(first, [match, KEYWORD_SCAN, *params, k])]
    if len(found) >= k:
        return found
    inside = (
        f"SELECT rowid FROM ({ranked} {joins.format('f')} WHERE utterances_fts MATCH ? "
        f"AND {where} {newest}) ORDER BY score LIMIT ?"
    )
    return [r[0] for r in store.conn.execute(inside, [match, *params, KEYWORD_SCAN, k])]


def hybrid_search(
    store: Store,
    text: str,
    *,
    k: int = 10,
    account_ids: list[int] | None = None,
    since: str | None = None,
    until: str | None = None,
    side: str | None = None,
    kind: str | None = None,
    role: str | None = None,
    mode: str = "hybrid",
    embedder: Any = None,
    index: Any = None,
) -> list[Hit]:
    where, params = _filter_sql(account_ids, since, until, side, kind, role)
    allowed = None
    if where:
        allowed = [
            r[0]
            for r in store.conn.execute(
                "SELECT u.id FROM utterances u JOIN conversations c ON c.id = u.conversation_id "
                f"WHERE {where}",
                params,
            )
        ]
    depth = max(4 * k, CANDIDATES)
    ranked: list[list[int]] = []
    scores: dict[int, float] = {}
    if mode in ("hybrid", "vector") and embedder is not None and index is not None:
        query = np.asarray(embedder.encode([text])[0], dtype=np.float32)
        found = (
            index.search_within(store, query, depth, allowed)
            if allowed is not None
            else index.search(query, depth)
        )
        ranked.append([i for i, _ in found])
        if mode == "vector":
            scores = dict(found)
    if mode in ("hybrid", "keyword"):
        ranked.append(keyword(store, text, depth, where, params))
    if mode != "vector":
        for ids in ranked:
            for position, utterance_id in enumerate(ids):
                scores[utterance_id] = scores.get(utterance_id, 0.0) + 1.0 / (RRF_K + position + 1)
    ranked_ids = sorted(scores, key=lambda i: -scores[i])
    return _distinct(_hits(store, ranked_ids[: k * 4], scores), k)


def _distinct(hits: list[Hit], k: int) -> list[Hit]:
    """The same sentence said in many calls (a stock phrase, a disclaimer) is shown once, at its
    best rank, so it cannot crowd out everything else."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        key = " ".join(hit.text.lower().split())
        if key not in seen:
            seen.add(key)
            kept.append(hit)
    return kept[:k]


def _hits(store: Store, ids: list[int], scores: dict[int, float]) -> list[Hit]:
    if not ids:
        return []
    rows = store.query(
        f"""
        SELECT u.id, u.text, u.speaker, p.title, u.side, a.name AS account, c.date,
               c.id AS conversation_id, s.file, c.title AS conversation_title, u.start,
               (SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM mentions
                 WHERE utterance_id = u.id ORDER BY kind)) AS kinds
        FROM utterances u
        JOIN conversations c ON c.id = u.conversation_id
        JOIN accounts a ON a.id = c.account_id
        JOIN sources s ON s.id = c.source_id
        LEFT JOIN people p ON p.id = u.person_id
        WHERE u.id IN ({", ".join("?" for _ in ids)})
        """,
        ids,
    )
    by_id = {r["id"]: r for r in rows}
    return [
        Hit(
            utterance_id=i,
            text=by_id[i]["text"],
            speaker=by_id[i]["speaker"],
            title=by_id[i]["title"],
            side=by_id[i]["side"],
            account=by_id[i]["account"],
            date=by_id[i]["date"],
            conversation={
                "id": by_id[i]["conversation_id"],
                "file": by_id[i]["file"],
                "title": by_id[i]["conversation_title"],
            },
            start=by_id[i]["start"],
            kinds=by_id[i]["kinds"].split(",") if by_id[i]["kinds"] else [],
            score=scores[i],
        )
        for i in ids
        if i in by_id
    ]
