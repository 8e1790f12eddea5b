"""Running a `Query` against the archive: the cohort in rank order, then the buyers' own words on
the topic inside the window, each quote cited. Extractive only: nothing here writes prose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import rank
from .query import Query, find_query, load_query
from .store import Store

STAGE_WORDS = {
    "best": "won and not churned",
    "won": "won and not churned",
    "churned": "churned",
    "lost": "lost",
    "open": "open deals",
    "prospect": "prospects",
    "all": "in the archive",
}


@dataclass
class Answer:
    query: Query
    question: str | None
    cohort: list[rank.AccountMetrics]
    quotes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "parsed": self.query.parsed(),
            "accounts": [
                {
                    "account": account.name,
                    "rank": position,
                    "quote_count": len(self.quotes.get(account.id, [])),
                    "quotes": self.quotes.get(account.id, []),
                }
                for position, account in enumerate(self.cohort, 1)
            ],
        }
        if self.note:
            data["note"] = self.note
        return data


def _matches_filters(account: rank.AccountMetrics, filters: dict[str, Any]) -> bool:
    for key, wanted in filters.items():
        options = wanted if isinstance(wanted, list) else [wanted]
        folded = {str(o).casefold() for o in options}
        if key == "tech":
            if not folded & {t.casefold() for t in account.tech_stack}:
                return False
        elif key == "employees_min":
            if account.employees is None or account.employees < int(wanted):
                return False
        elif key == "employees_max":
            if account.employees is None or account.employees > int(wanted):
                return False
        elif key == "attributes":
            for name, value in wanted.items():
                if str(account.attributes.get(name, "")).casefold() != str(value).casefold():
                    return False
        elif str(getattr(account, key, "") or "").casefold() not in folded:
            return False
    return True


def _excluded(account: rank.AccountMetrics, rules: list[dict[str, Any]]) -> bool:
    facts = {"triggers": {}, "personas": {}, "as_of": date.today(), "has_conversations": {}}
    return any(rank.criterion_holds(rule, account, facts) for rule in rules)


def _ranking_key(settings: dict[str, Any]):
    order = settings.get("ranking", {}).get("by")
    if not order:
        return lambda a: (-(a.value or 0.0), a.name)

    def key(account: rank.AccountMetrics) -> tuple:
        parts: list[Any] = []
        for name, direction in order:
            value = getattr(account, name, None)
            if value is None:
                parts.append((1, 0.0))
            else:
                parts.append((0, -float(value) if direction == "desc" else float(value)))
        parts.append(account.name)
        return tuple(parts)

    return key


def select_cohort(
    query: Query, metrics: dict[int, rank.AccountMetrics], named: list[int]
) -> tuple[list[rank.AccountMetrics], str | None]:
    """The cohort's accounts in rank order, and a note when fewer qualify than were asked for."""
    cohort = query.cohort
    settings = query.settings
    name = cohort.name
    if name == "best":
        definition = load_query(find_query("best"), date.today())
        name, settings = definition.cohort.name, definition.settings
    accounts = list(metrics.values())
    if name == "won":
        accounts = [a for a in accounts if a.is_best_candidate]
    elif name != "all":
        accounts = [a for a in accounts if a.stage == name]
    pool = sorted(accounts, key=_ranking_key(settings))
    pool = [a for a in pool if _matches_filters(a, cohort.filters)]
    if cohort.exclude:
        pool = [a for a in pool if not _excluded(a, cohort.exclude)]
    if named:
        pool = [a for a in pool if a.id in named]
    note = None
    if cohort.limit is not None:
        if len(pool) < cohort.limit:
            what = STAGE_WORDS.get(cohort.name, cohort.name)
            filters = ", ".join(f"{k} {v}" for k, v in cohort.filters.items())
            note = (
                f"only {len(pool)} accounts are {what}"
                + (f" with {filters}" if filters else "")
                + f" (asked for {cohort.limit})"
            )
        pool = pool[: cohort.limit]
    return pool, note


QUOTE_SQL = """
SELECT u.id, u.text, u.speaker, p.title, u.side, c.date, c.id AS conversation_id, s.file,
       c.title AS conversation_title, u.start, c.account_id,
       (SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM mentions
         WHERE utterance_id = u.id ORDER BY kind)) AS kinds,
       (SELECT max(confidence) FROM mentions WHERE utterance_id = u.id AND kind IN ({kinds}))
         AS score
FROM utterances u
JOIN conversations c ON c.id = u.conversation_id
JOIN sources s ON s.id = c.source_id
LEFT JOIN people p ON p.id = u.person_id
WHERE c.account_id IN ({accounts})
  AND EXISTS (SELECT 1 FROM mentions m WHERE m.utterance_id = u.id AND m.kind IN ({kinds}))
  {conditions}
ORDER BY c.date, c.id, u.turn, u.window
"""


def quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A quote in the shape `ask` and `search` share."""
    return {
        "text": row["text"],
        "speaker": row["speaker"],
        "title": row["title"],
        "side": row["side"],
        "date": row["date"],
        "conversation": {
            "id": row["conversation_id"],
            "file": row["file"],
            "title": row["conversation_title"],
        },
        "start": row["start"],
        "kinds": row["kinds"].split(",") if row["kinds"] else [],
        "score": round(row["score"], 3) if row["score"] is not None else None,
    }


def _conditions(query: Query) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if query.window.start:
        clauses.append("AND c.date >= ?")
        params.append(query.window.start.isoformat())
    if query.window.end:
        clauses.append("AND c.date < ?")
        params.append(query.window.end.isoformat())
    if query.side != "any":
        clauses.append("AND u.side = ?")
        params.append(query.side)
    if query.role:
        clauses.append("AND p.persona = ?")
        params.append(query.role)
    return "\n  ".join(clauses), params


def quotes_by_kind(store: Store, query: Query, account_ids: list[int]) -> dict[int, list]:
    if not account_ids:
        return {}
    conditions, params = _conditions(query)
    kinds = ", ".join("?" for _ in query.topic.kinds)
    sql = QUOTE_SQL.format(
        kinds=kinds, accounts=", ".join("?" for _ in account_ids), conditions=conditions
    )
    found: dict[int, list[dict[str, Any]]] = {}
    rows = store.query(sql, [*query.topic.kinds, *account_ids, *query.topic.kinds, *params])
    for row in rows:
        found.setdefault(row["account_id"], []).append(quote_dict(row))
    return found


def quotes_by_text(
    search: Any, query: Query, cohort: list[rank.AccountMetrics]
) -> dict[int, list[dict[str, Any]]]:
    """A free-text topic: semantic + keyword search inside the cohort, window and side."""
    if not cohort:
        return {}
    by_name = {a.name: a.id for a in cohort}
    hits = search(
        query.topic.text,
        k=max(10, query.quotes_per_account * len(cohort)),
        account_ids=[a.id for a in cohort],
        since=query.window.start.isoformat() if query.window.start else None,
        until=query.window.end.isoformat() if query.window.end else None,
        side=None if query.side == "any" else query.side,
        role=query.role,
        kind=query.topic.kinds[0] if query.topic.kinds else None,
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for hit in hits:
        data = hit.as_dict()
        account_id = by_name.get(data.pop("account", None))
        if account_id is None:
            continue
        bucket = found.setdefault(account_id, [])
        if len(bucket) < query.quotes_per_account:
            bucket.append(data)
    return found


def run(
    store: Store,
    query: Query,
    as_of: date,
    *,
    question: str | None = None,
    named: list[int] = (),
    search: Any = None,
) -> Answer:
    metrics = rank.compute(store, as_of, query.settings)
    cohort, note = select_cohort(query, metrics, list(named))
    answer = Answer(query, question, cohort, note=note)
    ids = [a.id for a in cohort]
    if query.topic.text and search is not None:
        answer.quotes = quotes_by_text(search, query, cohort)
    elif query.topic.kinds:
        answer.quotes = quotes_by_kind(store, query, ids)
    return answer
