"""The SQLite archive: one file holding accounts, people, conversations, utterances, mentions and
vectors. Writes go through explicit transactions so a killed process never leaves half a file."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from .errors import EnvironmentProblem
from .link import account_key, domain_of
from .migrations import migrate
from .types import AccountRecord

DEFAULT_DB = "cie.db"


def default_db_path() -> str:
    return os.environ.get("CIE_DB") or DEFAULT_DB


class Store:
    """A connection to one archive file, with the lookups and writes the stages share."""

    def __init__(self, path: str | Path, *, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise EnvironmentProblem(
                f"no archive at {self.path}. Run: cie ingest PATH (or pass --db / set CIE_DB)"
            )
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise EnvironmentProblem(f"{self.path} is not a ci-engine archive ({exc})") from exc
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=5000")
        try:
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise EnvironmentProblem(f"{self.path} is not a ci-engine archive ({exc})") from exc
        self.conn = conn
        self.db = sqlite_utils.Database(conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params))

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # meta -----------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        return self.scalar("SELECT value FROM meta WHERE key = ?", [key])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    # accounts -------------------------------------------------------------

    def find_account(self, name: str | None = None, domains: list[str] = ()) -> int | None:
        """The account a name or a domain points to: by domain, exact normalised name, alias."""
        for domain in domains:
            found = self.scalar("SELECT id FROM accounts WHERE domain = ?", [domain])
            if found:
                return found
        if not name:
            return None
        key = account_key(name)
        if not key:
            return None
        found = self.scalar("SELECT id FROM accounts WHERE key = ?", [key])
        if found:
            return found
        found = self.scalar("SELECT account_id FROM aliases WHERE key = ?", [key])
        if found:
            return found
        domain = domain_of(name) if "." in name else None
        if domain:
            return self.scalar("SELECT id FROM accounts WHERE domain = ?", [domain])
        return None

    def create_account(self, name: str) -> int:
        """An account first seen in a conversation: stage unknown until a CRM export names it."""
        cur = self.conn.execute(
            "INSERT INTO accounts (name, key, stage, source) "
            "VALUES (?, ?, 'unknown', 'conversation')",
            [name, account_key(name)],
        )
        return cur.lastrowid

    def upsert_account(self, record: AccountRecord, source: str) -> int:
        """Write a CRM row; a row for an account already known (by name or domain) updates it."""
        key = account_key(record.name)
        fields = asdict(record)
        fields.pop("line")
        fields["domain"] = domain_of(record.domain) if record.domain else None
        fields["tech_stack"] = json.dumps(record.tech_stack)
        fields["attributes"] = json.dumps(record.attributes, default=str)
        fields["key"] = key
        fields["source"] = source
        existing = self.scalar("SELECT id FROM accounts WHERE key = ?", [key])
        if existing is None and fields["domain"]:
            existing = self.scalar(
                "SELECT id FROM accounts WHERE domain = ? AND source = 'conversation'",
                [fields["domain"]],
            )
        columns = list(fields)
        if existing is None:
            cur = self.conn.execute(
                f"INSERT INTO accounts ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [fields[c] for c in columns],
            )
            return cur.lastrowid
        self.conn.execute(
            f"UPDATE accounts SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
            [*(fields[c] for c in columns), existing],
        )
        return existing

    def add_alias(self, alias: str, account_id: int) -> None:
        self.conn.execute(
            "INSERT INTO aliases (key, account_id) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET account_id = excluded.account_id",
            [account_key(alias), account_id],
        )

    # people ---------------------------------------------------------------

    def person(
        self,
        name: str,
        *,
        account_id: int | None,
        side: str,
        side_source: str | None,
        email: str | None = None,
        title: str | None = None,
        persona: str | None = None,
    ) -> int:
        """Find or create a person: our team is one person across accounts, a buyer per account."""
        key = " ".join(name.casefold().split())
        if side == "seller":
            row = self.conn.execute(
                "SELECT id FROM people WHERE key = ? AND side = 'seller' AND account_id IS NULL",
                [key],
            ).fetchone()
            account_id = None
        else:
            row = self.conn.execute(
                "SELECT id FROM people WHERE key = ? AND account_id IS ? AND side != 'seller'",
                [key, account_id],
            ).fetchone()
        if row:
            person_id = row[0]
            self.conn.execute(
                "UPDATE people SET email = coalesce(?, email), title = coalesce(?, title), "
                "persona = coalesce(?, persona), side = ?, side_source = ? WHERE id = ?",
                [email, title, persona, side, side_source, person_id],
            )
            return person_id
        cur = self.conn.execute(
            "INSERT INTO people (name, key, email, title, persona, account_id, side, side_source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [name, key, email, title, persona, account_id, side, side_source],
        )
        return cur.lastrowid

    # sources --------------------------------------------------------------

    def source_by_path(self, path: str) -> dict[str, Any] | None:
        rows = self.query("SELECT * FROM sources WHERE path = ?", [path])
        return rows[0] if rows else None

    def sources_by_hash(self, content_hash: str) -> list[dict[str, Any]]:
        return self.query("SELECT * FROM sources WHERE content_hash = ?", [content_hash])

    def delete_source(self, source_id: int) -> list[int]:
        """Remove a file's rows (its conversations, utterances, mentions and vectors cascade);
        returns the utterance ids that went, so the index can drop them."""
        gone = [
            row[0]
            for row in self.conn.execute(
                "SELECT u.id FROM utterances u JOIN conversations c ON c.id = u.conversation_id "
                "WHERE c.source_id = ?",
                [source_id],
            )
        ]
        self.conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
        return gone

    def counts(self) -> dict[str, int]:
        tables = ["accounts", "people", "conversations", "utterances", "mentions", "embeddings"]
        return {t: self.scalar(f"SELECT count(*) FROM {t}") for t in tables}
