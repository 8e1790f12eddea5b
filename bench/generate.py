"""Scale data for the benchmarks: an archive of N synthetic but varied utterances spread over
accounts and months, written straight into the schema. Sentences are composed from parts per
industry (subjects, problems, amounts, periods), so no template repeats at scale."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from ci_engine.migrations import migrate

INDUSTRIES = {
    "logistics": (
        [
            "carrier invoices",
            "freight audits",
            "fuel surcharges",
            "detention fees",
            "bills of lading",
        ],
        ["dispatch", "the TMS", "our brokers"],
    ),
    "healthcare": (
        ["payer remittances", "supply orders", "locum invoices", "lab bills", "credentialing fees"],
        ["the clinics", "the EHR", "nurse managers"],
    ),
    "manufacturing": (
        ["supplier invoices", "PO mismatches", "freight-in", "tooling costs", "scrap credits"],
        ["the plants", "the MRP", "procurement"],
    ),
    "saas": (
        [
            "cloud bills",
            "contractor invoices",
            "software renewals",
            "card spend",
            "vendor contracts",
        ],
        ["engineering", "the CFO", "RevOps"],
    ),
    "retail": (
        ["store invoices", "vendor chargebacks", "promo funding", "rebates", "freight claims"],
        ["the stores", "merchandising", "the DC"],
    ),
    "construction": (
        [
            "subcontractor pay apps",
            "lien waivers",
            "retention",
            "change orders",
            "equipment rentals",
        ],
        ["the supers", "Procore", "project accountants"],
    ),
}
OPENERS = [
    "Honestly,",
    "So",
    "Yeah, so",
    "I mean,",
    "Right now",
    "To be fair,",
    "Look,",
    "Um,",
    "The thing is,",
    "Every month",
    "Last quarter",
    "Basically",
]
PROBLEMS = [
    "take us {n} days to reconcile",
    "sit in someone's inbox for {n} days",
    "get keyed in by hand",
    "come in as PDFs nobody reads",
    "are always late",
    "cost us about ${k}k a year in fees",
    "break the sync with {tool}",
    "need {n} approvals",
    "are tracked in a spreadsheet",
    "went up {n} percent",
    "were flagged by the auditors",
    "are fine, no complaints",
]
PRICES = [
    "the quote was {k}k a year",
    "we pay ${n} a seat per month",
    "budget is around {k} thousand",
    "renewal came in at {k}k",
    "the implementation fee is {n} grand",
    "we'd need net {n} terms",
]
CLOSERS = [
    "",
    " and that's a problem",
    " which nobody likes",
    ", to be honest",
    " for {who}",
    " and {who} keeps asking about it",
    " since the reorg",
]


def sentence(rng: random.Random) -> str:
    industry = rng.choice(list(INDUSTRIES))
    things, who = INDUSTRIES[industry]
    if rng.random() < 0.25:
        body = rng.choice(PRICES)
    else:
        body = f"{rng.choice(things)} {rng.choice(PROBLEMS)}"
    text = f"{rng.choice(OPENERS)} {body}{rng.choice(CLOSERS)}."
    return text.format(
        n=rng.randint(2, 60), k=rng.randint(10, 250), tool=rng.choice(who), who=rng.choice(who)
    )


def build(
    path: Path,
    n: int,
    dim: int = 384,
    seed: int = 7,
    accounts: int = 500,
    base: np.ndarray | None = None,
) -> None:
    """An archive of n utterances. With `base` (real sentence embeddings), each vector is a
    noisy copy of one of them, so vectors cluster the way real embeddings do; without it,
    seeded random unit vectors (no model needed, but no structure either)."""
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    migrate(conn)
    conn.execute("BEGIN")
    for a in range(accounts):
        conn.execute(
            "INSERT INTO accounts (id, name, key, stage, arr, closed_at, source) "
            "VALUES (?, ?, ?, ?, ?, ?, 'bench')",
            [
                a + 1,
                f"Account {a:04d}",
                f"account {a:04d}",
                rng.choice(["won", "won", "open", "lost", "churned"]),
                rng.randint(10, 200) * 1000,
                "2025-12-01",
            ],
        )
    per_conversation = 40
    start = date(2025, 11, 1)
    utterance = 0
    conversation = 0
    while utterance < n:
        conversation += 1
        account = rng.randint(1, accounts)
        day = start + timedelta(days=rng.randint(0, 385))
        conn.execute(
            "INSERT INTO sources (id, path, root, file, content_hash, kind, ingested_at) "
            "VALUES (?, ?, '/', ?, ?, 'txt', '2026-11-25')",
            [conversation, f"/bench/{conversation}.txt", f"{conversation}.txt", str(conversation)],
        )
        conn.execute(
            "INSERT INTO conversations (id, source_id, account_id, date, format, linked_by) "
            "VALUES (?, ?, ?, ?, 'txt', 'path')",
            [conversation, conversation, account, day.isoformat()],
        )
        batch = min(per_conversation, n - utterance)
        if base is None:
            vectors = np_rng.standard_normal((batch, dim)).astype(np.float32)
        else:
            picks = base[np_rng.integers(0, len(base), batch)]
            noise = np_rng.standard_normal((batch, dim)).astype(np.float32) * 0.03
            vectors = (picks + noise).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for turn in range(batch):
            utterance += 1
            text = sentence(rng)
            side = "buyer" if turn % 2 else "seller"
            conn.execute(
                "INSERT INTO utterances (id, conversation_id, turn, speaker, side, text) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [utterance, conversation, turn, f"P{turn % 4}", side, text],
            )
            conn.execute(
                "INSERT INTO embeddings (utterance_id, vector) VALUES (?, ?)",
                [utterance, vectors[turn].tobytes()],
            )
            if side == "buyer" and (
                "quote" in text
                or "pay" in text
                or "budget" in text
                or "renewal" in text
                or "fee" in text
            ):
                conn.execute(
                    "INSERT INTO mentions (utterance_id, kind, text, start, end, confidence, "
                    "extractor_version) VALUES (?, 'pricing', ?, 0, ?, 0.9, 'bench')",
                    [utterance, text, len(text)],
                )
        if conversation % 200 == 0:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('embedder_id', 'bench-random-384'), "
        "('embedding_dim', ?)",
        [str(dim)],
    )
    conn.execute("COMMIT")
    conn.close()
