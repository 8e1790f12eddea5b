"""Account metrics, each explainable: value and the best-customer order, pain sharpness,
time-to-value and sales cycle, and the ICP score with its tier."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .store import Store

DEFAULT_PAIN = {
    "intensity": {"mild": 1.0, "real": 2.0, "acute": 4.0},
    "quantified": 1.5,
    "half_life_days": 180,
    "per_conversation": 3,
    "note_weight": 0.5,
    "speaker_bonus": 0.25,
    "speaker_cap": 4,
    "theme_bonus": 0.25,
    "theme_cap": 4,
    "k": 12.0,
}
WON_STAGES = ("won", "churned")


@dataclass
class PainPoint:
    """One pain mention and what it added to an account's sharpness."""

    text: str
    speaker: str
    side: str
    date: str
    file: str
    intensity: str
    quantified: bool
    theme: str
    weight: float
    points: float = 0.0
    paraphrase: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in vars(self).items()}


@dataclass
class AccountMetrics:
    id: int
    name: str
    domain: str | None
    stage: str
    arr: float | None
    expansion_arr: float | None
    closed_at: str | None
    live_at: str | None
    churned_at: str | None
    first_touch: str | None
    industry: str | None
    segment: str | None
    employees: int | None
    country: str | None
    tech_stack: list[str]
    attributes: dict[str, Any]
    conversations: int = 0
    first_conversation: str | None = None
    pain_sharpness: float | None = None
    pain_points: list[PainPoint] = field(default_factory=list)
    open_pains: list[PainPoint] = field(default_factory=list)
    ttv_days: int | None = None
    ttv_source: Any = None
    sales_cycle_days: int | None = None
    icp_score: float | None = None
    tier: Any = None
    fit_reasons: list[str] = field(default_factory=list)
    unknown_criteria: list[str] = field(default_factory=list)
    urgency: float | None = None

    @property
    def value(self) -> float | None:
        if self.arr is None and self.expansion_arr is None:
            return None
        return (self.arr or 0.0) + (self.expansion_arr or 0.0)

    @property
    def is_best_candidate(self) -> bool:
        return self.stage == "won" and not self.churned_at

    def row(self) -> dict[str, Any]:
        """The `cie accounts --json` shape."""
        return {
            "account": self.name,
            "domain": self.domain,
            "stage": self.stage,
            "arr": self.arr,
            "expansion_arr": self.expansion_arr,
            "value": self.value,
            "closed_at": self.closed_at,
            "live_at": self.live_at,
            "churned_at": self.churned_at,
            "conversations": self.conversations,
            "pain_sharpness": self.pain_sharpness,
            "ttv_days": self.ttv_days,
            "ttv_source": self.ttv_source,
            "sales_cycle_days": self.sales_cycle_days,
            "icp_score": self.icp_score,
            "tier": self.tier,
        }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def load_accounts(store: Store) -> dict[int, AccountMetrics]:
    rows = store.query(
        """
        SELECT a.*, (SELECT count(*) FROM conversations c WHERE c.account_id = a.id) AS n,
               (SELECT min(date) FROM conversations c WHERE c.account_id = a.id) AS first_conv
        FROM accounts a
        """
    )
    return {
        r["id"]: AccountMetrics(
            id=r["id"],
            name=r["name"],
            domain=r["domain"],
            stage=r["stage"],
            arr=r["arr"],
            expansion_arr=r["expansion_arr"],
            closed_at=r["closed_at"],
            live_at=r["live_at"],
            churned_at=r["churned_at"],
            first_touch=r["first_touch"],
            industry=r["industry"],
            segment=r["segment"],
            employees=r["employees"],
            country=r["country"],
            tech_stack=json.loads(r["tech_stack"] or "[]"),
            attributes=json.loads(r["attributes"] or "{}"),
            conversations=r["n"],
            first_conversation=r["first_conv"],
        )
        for r in rows
    }


def sales_cycle(account: AccountMetrics) -> int | None:
    start = _day(account.first_touch) or _day(account.first_conversation)
    end = _day(account.closed_at)
    if start is None or end is None:
        return None
    return (end - start).days


# time-to-value ------------------------------------------------------------


def time_to_value(store: Store, accounts: dict[int, AccountMetrics]) -> None:
    """`closed_at` → `live_at` from the CRM; else the first go-live a buyer states after close."""
    from .extract import resolve_ttv

    stated: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in store.query(
        """
        SELECT c.account_id, c.date, c.id AS conversation_id, s.file, u.text, m.value,
               u.speaker, u.start
        FROM mentions m
        JOIN utterances u ON u.id = m.utterance_id
        JOIN conversations c ON c.id = u.conversation_id
        JOIN sources s ON s.id = c.source_id
        WHERE m.kind = 'ttv' AND u.side IN ('buyer', 'unknown')
        ORDER BY c.date, u.turn
        """
    ):
        stated[row["account_id"]].append(row)
    for account in accounts.values():
        closed = _day(account.closed_at)
        if account.stage not in WON_STAGES or closed is None:
            continue
        live = _day(account.live_at)
        if live is not None:
            account.ttv_days = (live - closed).days
            account.ttv_source = "crm"
            continue
        for row in stated.get(account.id, []):
            said_on = _day(row["date"])
            if said_on is None or said_on < closed:
                continue  # a hope voiced before the close is not a go-live
            value = json.loads(row["value"]) if row["value"] else None
            went_live = resolve_ttv(value, said_on, closed) if value else None
            if went_live is None or went_live < closed:
                continue
            account.ttv_days = (went_live - closed).days
            account.ttv_source = {
                "conversation": {
                    "id": row["conversation_id"],
                    "file": row["file"],
                    "date": row["date"],
                },
                "quote": row["text"],
                "speaker": row["speaker"],
                "live_at": went_live.isoformat(),
            }
            break


# pain sharpness -------------------------------------------------------------


def pain_sharpness(
    store: Store, accounts: dict[int, AccountMetrics], as_of: date, settings: dict[str, Any]
) -> None:
    """Score 0-100 from buyer pain up to the decision point; see queries/icp.toml [pain]."""
    s = {**DEFAULT_PAIN, **settings}
    rows = store.query(
        """
        SELECT c.account_id, c.id AS conversation_id, c.date, s.file, u.text, u.speaker,
               u.side, u.person_id, m.extra
        FROM mentions m
        JOIN utterances u ON u.id = m.utterance_id
        JOIN conversations c ON c.id = u.conversation_id
        JOIN sources s ON s.id = c.source_id
        WHERE m.kind = 'pain' AND u.side IN ('buyer', 'note', 'unknown') AND c.date <= ?
        """,
        [as_of.isoformat()],
    )
    by_account: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_account[row["account_id"]].append(row)
    for account in accounts.values():
        decision = _day(account.closed_at) if account.stage in WON_STAGES else None
        decision = decision or as_of
        per_conversation: dict[int, list[tuple[PainPoint, int | None]]] = defaultdict(list)
        for row in by_account.get(account.id, []):
            extra = json.loads(row["extra"] or "{}")
            said_on = _day(row["date"])
            intensity = extra.get("intensity") or "real"
            quantified = bool(extra.get("quantified"))
            paraphrase = row["side"] == "note"
            weight = s["intensity"].get(intensity, s["intensity"]["real"])
            if quantified:
                weight *= s["quantified"]
            if paraphrase:
                weight *= s["note_weight"]
            age = max(0, (decision - said_on).days) if said_on else 0
            weight *= 0.5 ** (age / s["half_life_days"])
            point = PainPoint(
                text=row["text"],
                speaker=row["speaker"],
                side=row["side"],
                date=row["date"],
                file=row["file"],
                intensity=intensity,
                quantified=quantified,
                theme=extra.get("theme") or "other",
                weight=weight,
                paraphrase=paraphrase,
            )
            if said_on and said_on > decision:
                account.open_pains.append(point)
            else:
                per_conversation[row["conversation_id"]].append((point, row["person_id"]))
        counted: list[tuple[PainPoint, int | None]] = []
        for items in per_conversation.values():
            items.sort(key=lambda item: -item[0].weight)
            counted.extend(items[: s["per_conversation"]])
        total = sum(p.weight for p, _ in counted)
        speakers = {person for p, person in counted if p.side != "note"}
        themes = {p.theme for p, _ in counted}
        breadth = (
            1
            + s["speaker_bonus"] * (min(len(speakers), s["speaker_cap"]) - 1 if speakers else 0)
            + s["theme_bonus"] * (min(len(themes), s["theme_cap"]) - 1 if themes else 0)
        )
        score = 100 * (1 - math.exp(-total * breadth / s["k"])) if total else 0.0
        for point, _ in counted:
            point.points = score * point.weight / total if total else 0.0
        account.pain_points = sorted((p for p, _ in counted), key=lambda p: -p.points)
        account.pain_sharpness = round(score, 1)


# ICP score ------------------------------------------------------------------


def criterion_holds(
    criterion: dict[str, Any], account: AccountMetrics, facts: dict[str, Any]
) -> bool | None:
    """True/False when the account's data settles it, None when the data is missing."""
    if "trigger" in criterion:
        recent = facts["triggers"].get(account.id, [])
        horizon = facts["as_of"] - timedelta(days=int(criterion.get("within_days", 365)))
        if not facts["has_conversations"].get(account.id):
            return None
        return any(kind in criterion["trigger"] and day >= horizon for kind, day in recent)
    if "persona" in criterion:
        personas = facts["personas"].get(account.id)
        if not personas:
            return None
        return bool(set(criterion["persona"]) & personas)
    value = _field(account, criterion["field"])
    if value in (None, "", []):
        return None
    if "in" in criterion:
        options = {str(o).casefold() for o in criterion["in"]}
        values = value if isinstance(value, list) else [value]
        return any(str(v).casefold() in options for v in values)
    if "any" in criterion:
        options = {str(o).casefold() for o in criterion["any"]}
        values = value if isinstance(value, list) else [value]
        return any(str(v).casefold() in options for v in values)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if "min" in criterion and number < float(criterion["min"]):
        return False
    return not ("max" in criterion and number > float(criterion["max"]))


def _field(account: AccountMetrics, name: str) -> Any:
    if name == "tech_stack" or name == "tech":
        return account.tech_stack
    if hasattr(account, name):
        return getattr(account, name)
    return account.attributes.get(name)


def _icp_facts(store: Store, as_of: date) -> dict[str, Any]:
    triggers: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for row in store.query(
        "SELECT c.account_id, c.date, m.value FROM mentions m "
        "JOIN utterances u ON u.id = m.utterance_id "
        "JOIN conversations c ON c.id = u.conversation_id WHERE m.kind = 'trigger'"
    ):
        kind = json.loads(row["value"]) if row["value"] else None
        if isinstance(kind, dict):
            kind = kind.get("kind")
        if kind and _day(row["date"]):
            triggers[row["account_id"]].append((str(kind), _day(row["date"])))
    personas: dict[int, set[str]] = defaultdict(set)
    for row in store.query(
        "SELECT account_id, persona FROM people WHERE persona IS NOT NULL AND account_id IS NOT "
        "NULL AND side != 'seller'"
    ):
        personas[row["account_id"]].add(row["persona"])
    has_conversations = {
        r["account_id"]: True for r in store.query("SELECT DISTINCT account_id FROM conversations")
    }
    return {
        "triggers": triggers,
        "personas": personas,
        "as_of": as_of,
        "has_conversations": has_conversations,
    }


def icp_score(
    store: Store, accounts: dict[int, AccountMetrics], as_of: date, settings: dict[str, Any]
) -> None:
    icp = settings.get("icp", {})
    criteria = icp.get("criteria", [])
    excludes = icp.get("exclude", [])
    exceptions = {
        str(e.get("account", "")).casefold(): e.get("reason", "")
        for e in settings.get("exceptions", [])
    }
    tiers = sorted(
        ((int(t), float(v)) for t, v in settings.get("tiers", {"1": 70, "2": 45, "3": 0}).items()),
        key=lambda tv: -tv[1],
    )
    total = sum(float(c.get("weight", 0)) for c in criteria) or 1.0
    facts = _icp_facts(store, as_of)
    for account in accounts.values():
        matched = 0.0
        account.fit_reasons, account.unknown_criteria = [], []
        for criterion in criteria:
            holds = criterion_holds(criterion, account, facts)
            if holds is None:
                account.unknown_criteria.append(criterion["name"])
            elif holds:
                matched += float(criterion.get("weight", 0))
                account.fit_reasons.append(f"+{criterion.get('weight', 0)} {criterion['name']}")
        account.icp_score = round(100 * matched / total, 1)
        excluded = [
            rule.get("reason", rule["field"])
            for rule in excludes
            if criterion_holds({k: v for k, v in rule.items() if k != "reason"}, account, facts)
        ]
        if excluded and account.name.casefold() not in exceptions:
            account.tier = "excluded"
            account.fit_reasons.append("excluded: " + "; ".join(excluded))
            continue
        if excluded:
            account.fit_reasons.append(f"exception: {exceptions[account.name.casefold()]}")
        account.tier = next((t for t, floor in tiers if account.icp_score >= floor), tiers[-1][0])
        recent = [
            kind
            for kind, day in facts["triggers"].get(account.id, [])
            if day >= as_of - timedelta(days=180)
        ]
        account.urgency = round(min(100.0, 25.0 * len(set(recent))), 1)


def compute(store: Store, as_of: date, settings: dict[str, Any]) -> dict[int, AccountMetrics]:
    """Every metric for every account, as of a date, with the weights of a query file."""
    accounts = load_accounts(store)
    for account in accounts.values():
        account.sales_cycle_days = sales_cycle(account)
    time_to_value(store, accounts)
    pain_sharpness(store, accounts, as_of, settings.get("pain", {}))
    icp_score(store, accounts, as_of, settings)
    return accounts
