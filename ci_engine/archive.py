"""`Archive`: the Python API every command calls. `Archive("cie.db").ingest(["calls/"])`."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import EnvironmentProblem, NotFound
from .ingest import Ingestor, IngestReport
from .store import Store, default_db_path


@dataclass
class DoctorReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": self.problems,
            "notes": self.notes,
            "counts": self.counts,
        }


class Archive:
    """One archive file and the models that read and write it, loaded only when needed."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        create: bool = False,
        embedder: Any = None,
        extractor: Any = None,
    ):
        self.path = Path(path or default_db_path())
        self.store = Store(self.path, create=create)
        self._embedder = embedder
        self._extractor = extractor

    def close(self) -> None:
        self.store.close()

    # models, loaded lazily -------------------------------------------------

    @property
    def embedder(self) -> Any:
        """The encoder this archive was (or will be) embedded with; another one is refused."""
        if self._embedder is None:
            from .embed import load_embedder

            recorded = self.store.get_meta("embedder_id")
            self._embedder = load_embedder(os.environ.get("CIE_EMBEDDER") or recorded)
        return self._embedder

    @property
    def extractor(self) -> Any:
        if self._extractor is None:
            from .extract import load_extractor

            self._extractor = load_extractor()
        return self._extractor

    # ingest ----------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        team: Iterable[str] = (),
        team_domains: Iterable[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        from .reextract import needs_reextract, reextract_all

        extractor = self.extractor
        if needs_reextract(self.store, extractor):
            reextract_all(self.store, extractor)
        ingestor = Ingestor(
            self.store,
            embedder=self.embedder,
            extractor=extractor,
            team=team,
            team_domains=team_domains,
            progress=progress,
        )
        return ingestor.run(paths)

    def reextract(self, progress: Callable[[int, int], None] | None = None) -> int:
        from .reextract import reextract_all

        return reextract_all(self.store, self.extractor, progress)

    # reading ---------------------------------------------------------------

    def account_id(self, name: str) -> int:
        """The account a user named, or NotFound suggesting the closest names."""
        found = self.store.find_account(name)
        if found is not None:
            return found
        names = [r["name"] for r in self.store.query("SELECT name FROM accounts")]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See: cie accounts"
        raise NotFound(f"no account named {name!r}.{hint}")

    def conversations(self, account: str | None = None) -> list[dict[str, Any]]:
        where, params = "", []
        if account:
            where, params = "WHERE c.account_id = ?", [self.account_id(account)]
        return self.store.query(
            f"""
            SELECT s.file, a.name AS account, c.date, c.title, c.format,
                   (SELECT count(DISTINCT turn) FROM utterances u
                     WHERE u.conversation_id = c.id) AS turns,
                   c.linked_by, c.id
            FROM conversations c
            JOIN sources s ON s.id = c.source_id
            JOIN accounts a ON a.id = c.account_id
            {where}
            ORDER BY c.date, s.file, c.position
            """,
            params,
        )

    def accounts(self) -> list[dict[str, Any]]:
        rows = self.store.query(
            """
            SELECT a.name AS account, a.domain, a.stage, a.arr, a.expansion_arr,
                   coalesce(a.arr, 0) + coalesce(a.expansion_arr, 0) AS value,
                   a.closed_at, a.live_at, a.churned_at,
                   (SELECT count(*) FROM conversations c WHERE c.account_id = a.id)
                     AS conversations
            FROM accounts a
            ORDER BY value DESC, a.name
            """
        )
        for row in rows:
            if row["arr"] is None and row["expansion_arr"] is None:
                row["value"] = None
        return rows

    def search(self, text: str, *, k: int = 10, account: str | None = None, **filters: Any):
        from .index import index_path, sync
        from .search import hybrid_search

        account_ids = [self.account_id(account)] if account else None
        embedder_id = self.store.get_meta("embedder_id")
        if embedder_id is None:
            raise EnvironmentProblem(
                f"{self.path} holds no embedded utterances yet. Run: cie ingest PATH"
            )
        index = sync(self.store, index_path(self.path), embedder_id)
        return hybrid_search(
            self.store,
            text,
            k=k,
            account_ids=account_ids,
            embedder=self.embedder,
            index=index,
            **filters,
        )

    # integrity -------------------------------------------------------------

    def doctor(self) -> DoctorReport:
        report = DoctorReport(counts=self.store.counts())
        conn = self.store.conn
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            report.problems.append(f"SQLite integrity check: {integrity}")
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.problems.append(f"{len(broken)} rows point at rows that do not exist")
        try:
            conn.execute("INSERT INTO utterances_fts(utterances_fts) VALUES('integrity-check')")
        except Exception as exc:
            report.problems.append(
                f"keyword index out of step with utterances ({exc}); run: cie reindex"
            )
        empty = self.store.scalar(
            "SELECT count(*) FROM conversations c WHERE NOT EXISTS "
            "(SELECT 1 FROM utterances u WHERE u.conversation_id = c.id)"
        )
        if empty:
            report.problems.append(f"{empty} conversations have no utterances")
        unknown = [
            r["name"]
            for r in self.store.query(
                "SELECT name FROM accounts WHERE stage = 'unknown' ORDER BY name"
            )
        ]
        if unknown:
            report.notes.append(
                f"{len(unknown)} accounts are in no CRM export (stage unknown): "
                + ", ".join(unknown)
                + ". Add them to your accounts CSV or an aliases.csv and ingest again"
            )
        embedder_id = self.store.get_meta("embedder_id")
        if embedder_id:
            from .index import check, index_path

            report.problems.extend(check(self.store, index_path(self.path)))
        version = self.store.get_meta("extractor_version")
        try:
            current = self.extractor.version
        except Exception:
            current = None
        if version and current and version != current:
            report.notes.append(
                f"mentions were tagged by extractor {version}; this install has {current}. "
                "Run: cie reextract"
            )
        return report

    def reindex(self) -> int:
        from .index import index_path, rebuild

        return rebuild(self.store, index_path(self.path))
