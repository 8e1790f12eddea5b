"""Accounts from a CRM export (HubSpot, Salesforce) as it is: loose column matching, stages
normalised, every other column kept; a deals export is rolled up per account."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ParseError
from ..link import MODELS, account_key, normalise_stage, parse_date
from ..types import AccountRecord

DATE_FIELDS = ("first_touch", "closed_at", "live_at", "churned_at")
MONEY_FIELDS = ("revenue", "arr", "expansion_arr", "amount")


def header_key(header: str) -> str:
    return " ".join(re.split(r"[^a-z0-9]+", header.lower().replace("-", " "))).strip()


@cache
def synonyms() -> dict[str, list[str]]:
    return tomllib.loads((MODELS / "crm_columns.toml").read_text(encoding="utf-8"))


def match_columns(headers: list[str]) -> dict[str, str]:
    """Field → the header that holds it."""
    keys = {header_key(h): h for h in headers}
    found: dict[str, str] = {}
    used: set[str] = set()
    for field, options in synonyms().items():
        for option in options:
            header = keys.get(header_key(option))
            if header and header not in used:
                found[field] = header
                used.add(header)
                break
    return found


def money(raw: Any) -> float | None:
    text = str(raw or "").strip().lower().replace(",", "")
    m = re.search(r"(-?\d+(?:\.\d+)?)\s*([km])?", re.sub(r"[$€£¥\s]|usd|eur|gbp", "", text))
    if not m:
        return None
    value = float(m.group(1))
    return value * {"k": 1e3, "m": 1e6}.get(m.group(2) or "", 1)


def rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    return headers, [
        {k: (v or "").strip() for k, v in r.items() if k is not None}
        for r in reader
        if any((v or "").strip() for v in r.values() if isinstance(v, str))
    ]


def _record(row: dict[str, str], columns: dict[str, str], line: int) -> AccountRecord:
    get = {f: row.get(h, "") for f, h in columns.items()}
    record = AccountRecord(name=get["name"], line=line)
    record.domain = get.get("domain") or None
    record.industry = get.get("industry") or None
    record.country = get.get("country") or None
    record.segment = get.get("segment") or None
    employees = money(get.get("employees"))
    record.employees = int(employees) if employees is not None else None
    for f in ("revenue", "arr", "expansion_arr"):
        setattr(record, f, money(get.get(f)))
    for f in DATE_FIELDS:
        setattr(record, f, parse_date(get.get(f)))
    record.stage = normalise_stage(get.get("stage") or get.get("lifecycle"))
    if record.churned_at:
        record.stage = "churned"
    stack = get.get("tech_stack") or ""
    record.tech_stack = [t.strip() for t in re.split(r"[;,|]", stack) if t.strip()]
    used = set(columns.values())
    record.attributes = {h: v for h, v in row.items() if h not in used and v != ""}
    return record


def parse_accounts(text: str, path: Path) -> list[AccountRecord]:
    headers, data = rows(text)
    columns = match_columns(headers)
    if "deal" in columns and ("deal_account" in columns or "name" in columns):
        columns.setdefault("deal_account", columns.pop("name", ""))
        columns.pop("name", None)
        return _roll_up(data, columns)
    if "name" not in columns:
        raise ParseError(
            "no account name column (expected e.g. 'Company name' or 'Account Name'); "
            f"found: {', '.join(headers)}"
        )
    columns = {f: h for f, h in columns.items() if f not in ("deal", "deal_account", "amount")}
    records: list[AccountRecord] = []
    seen: dict[str, AccountRecord] = {}
    for line, row in enumerate(data, 2):
        if not row.get(columns["name"]):
            continue
        record = _record(row, columns, line)
        key = account_key(record.name)
        if key in seen:
            first = seen[key]
            raise ParseError(
                f"rows {first.line} ({first.name!r}) and {line} ({record.name!r}) are the same "
                "account; merge them or remove one"
            )
        seen[key] = record
        records.append(record)
    return records


def _roll_up(data: list[dict[str, str]], columns: dict[str, str]) -> list[AccountRecord]:
    """Deals → accounts: won if any deal won, first touch the earliest created date, closed at
    the first won close, ARR the sum of won amounts unless an ARR column exists."""
    by_account: dict[str, list[tuple[int, dict[str, str]]]] = {}
    names: dict[str, str] = {}
    for line, row in enumerate(data, 2):
        name = row.get(columns["deal_account"], "")
        if name:
            key = account_key(name)
            by_account.setdefault(key, []).append((line, row))
            names.setdefault(key, name)
    records = []
    account_columns = {
        f: h for f, h in columns.items() if f not in ("deal", "deal_account", "amount", "name")
    }
    account_columns["name"] = columns["deal_account"]
    for key, deals in by_account.items():
        parsed = [(_record(row, account_columns, line), row) for line, row in deals]
        won = [(r, row) for r, row in parsed if r.stage in ("won", "churned")]
        record = parsed[0][0]
        record.name = names[key]
        created = [r.first_touch for r, _ in parsed if r.first_touch]
        record.first_touch = min(created) if created else None
        if won:
            record.stage = "churned" if any(r.churned_at for r, _ in won) else "won"
            closes = sorted(r.closed_at for r, _ in won if r.closed_at)
            record.closed_at = closes[0] if closes else None
            if "arr" not in columns:
                record.arr = (
                    sum(money(row.get(columns.get("amount", ""), "")) or 0 for _, row in won)
                    or None
                )
        else:
            stages = {r.stage for r, _ in parsed}
            record.stage = "open" if "open" in stages else sorted(stages)[0]
        record.attributes = {"deals": len(deals)}
        records.append(record)
    return records
