"""The archive's schema as numbered migrations; `migrate(db)` brings any archive up to date."""

from __future__ import annotations

import sqlite3

# Each migration is (name, SQL); the SQL runs in one transaction with its bookkeeping row.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);

        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            domain TEXT,
            industry TEXT,
            employees INTEGER,
            revenue REAL,
            country TEXT,
            stage TEXT NOT NULL DEFAULT 'unknown',
            first_touch TEXT,
            closed_at TEXT,
            live_at TEXT,
            churned_at TEXT,
            arr REAL,
            expansion_arr REAL,
            tech_stack TEXT NOT NULL DEFAULT '[]',
            segment TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL
        );
        CREATE INDEX accounts_domain ON accounts(domain);

        CREATE TABLE aliases (
            key TEXT PRIMARY KEY,
            account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE
        );

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            email TEXT,
            title TEXT,
            persona TEXT,
            account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
            side TEXT NOT NULL DEFAULT 'unknown',
            side_source TEXT
        );
        CREATE INDEX people_key ON people(key);

        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            root TEXT NOT NULL,
            file TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            kind TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX sources_hash ON sources(content_hash);

        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            account_id INTEGER NOT NULL REFERENCES accounts(id),
            date TEXT NOT NULL,
            title TEXT,
            format TEXT NOT NULL,
            linked_by TEXT NOT NULL,
            external_id TEXT
        );
        CREATE INDEX conversations_account ON conversations(account_id, date);
        CREATE INDEX conversations_date ON conversations(date);

        CREATE TABLE utterances (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            turn INTEGER NOT NULL,
            window INTEGER NOT NULL DEFAULT 0,
            person_id INTEGER REFERENCES people(id),
            speaker TEXT NOT NULL,
            side TEXT NOT NULL,
            text TEXT NOT NULL,
            start REAL,
            end REAL,
            char_start INTEGER NOT NULL DEFAULT 0,
            char_end INTEGER NOT NULL DEFAULT 0,
            lang TEXT NOT NULL DEFAULT 'en'
        );
        CREATE INDEX utterances_conversation ON utterances(conversation_id, turn, window);
        CREATE INDEX utterances_side ON utterances(side);

        CREATE VIRTUAL TABLE utterances_fts USING fts5(
            text, content='utterances', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER utterances_ai AFTER INSERT ON utterances BEGIN
            INSERT INTO utterances_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER utterances_ad AFTER DELETE ON utterances BEGIN
            INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES('delete', old.id, old.text);
        END;
        CREATE TRIGGER utterances_au AFTER UPDATE OF text ON utterances BEGIN
            INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES('delete', old.id, old.text);
            INSERT INTO utterances_fts(rowid, text) VALUES (new.id, new.text);
        END;

        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            utterance_id INTEGER NOT NULL REFERENCES utterances(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            value TEXT,
            confidence REAL NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            extractor_version TEXT NOT NULL
        );
        CREATE INDEX mentions_utterance ON mentions(utterance_id);
        CREATE INDEX mentions_kind ON mentions(kind, utterance_id);

        CREATE TABLE embeddings (
            utterance_id INTEGER PRIMARY KEY REFERENCES utterances(id) ON DELETE CASCADE,
            vector BLOB NOT NULL
        );
        """,
    ),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration the archive has not seen yet, each atomically; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{sql}\n"
            f"INSERT INTO _migrations (name, applied_at) VALUES ('{name}', datetime('now'));\n"
            "COMMIT;"
        )
        applied.append(name)
    return applied
