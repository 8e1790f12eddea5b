"""`Archive`: the Python API every command calls. `Archive("cie.db").ingest(["calls/"])`."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import EnvironmentProblem, NotFound, UsageError
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

            # CIE_EXTRACT=rules skips the trained classifiers (tests, quick looks)
            rules_only = os.environ.get("CIE_EXTRACT") == "rules"
            self._extractor = load_extractor(rules_only=rules_only)
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
            reextract_all(self.store, extractor, self._themes())
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

        return reextract_all(self.store, self.extractor, self._themes(), progress)

    def _themes(self):
        from .themes import ThemeMatcher

        return ThemeMatcher.for_store(self.store, self.embedder)

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

    def metrics(self, as_of: date | None = None, icp: str | Path | None = None) -> dict:
        """Every account's metrics (value, pain sharpness, TTV, sales cycle, ICP score, tier)
        with the weights of the ICP query file."""
        from . import rank
        from .query import find_query, load_query

        as_of = as_of or date.today()
        query = load_query(find_query(str(icp) if icp else "icp"), as_of)
        return rank.compute(self.store, as_of, query.settings)

    def accounts(
        self, as_of: date | None = None, sort: str = "value", icp: str | Path | None = None
    ) -> list[dict[str, Any]]:
        """Accounts with their CRM facts and metrics; `sort` names a column (prefix - for
        ascending), most valuable first by default."""
        rows = [m.row() for m in self.metrics(as_of, icp).values()]
        ascending = sort.startswith("-")
        column = sort.lstrip("-")
        if rows and column not in rows[0]:
            raise UsageError(f"cannot sort by {column!r}; columns: {', '.join(rows[0])}")
        present = [r for r in rows if r[column] is not None]
        missing = [r for r in rows if r[column] is None]
        present.sort(key=lambda r: (r[column], r["account"]), reverse=not ascending)
        return present + sorted(missing, key=lambda r: r["account"])

    def account_facets(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Account names (normalised → CRM spelling, aliases too) and the industries and
        segments the archive knows: what a question can name."""
        from .link import account_key

        names = {
            account_key(r["name"]): r["name"] for r in self.store.query("SELECT name FROM accounts")
        }
        for row in self.store.query(
            "SELECT l.key, a.name FROM aliases l JOIN accounts a ON a.id = l.account_id"
        ):
            names.setdefault(row["key"], row["name"])
        facets = {
            column: [
                r[column]
                for r in self.store.query(
                    f"SELECT DISTINCT {column} FROM accounts WHERE {column} IS NOT NULL "
                    f"AND {column} != ''"
                )
            ]
            for column in ("industry", "segment")
        }
        return names, facets

    def ask(self, question: str, as_of: date | None = None):
        """A question in plain words → the parsed query → cited quotes grouped by account."""
        from .query import parse_question

        as_of = as_of or date.today()
        names, facets = self.account_facets()
        query = parse_question(question, as_of, account_names=names, facets=facets)
        return self.run(query, as_of, question=question)

    def icp(self, name_or_file: str = "icp", as_of: date | None = None) -> list[dict[str, Any]]:
        """Accounts ranked by the ICP query: tier, fit score and reasons, pain, TTV."""
        from .answer import select_cohort
        from .query import find_query, load_query

        as_of = as_of or date.today()
        query = load_query(find_query(name_or_file), as_of)
        metrics = self.metrics(as_of, find_query(name_or_file))
        cohort, _ = select_cohort(query, metrics, [])
        rows = []
        for position, account in enumerate(cohort, 1):
            row = account.row()
            row.update(
                rank=position,
                reasons="; ".join(account.fit_reasons) or "-",
                unknown=account.unknown_criteria,
                urgency=account.urgency,
                pain_points=[p.as_dict() for p in account.pain_points],
                open_pains=[p.as_dict() for p in account.open_pains],
            )
            rows.append(row)
        return rows

    def query(self, name_or_file: str, as_of: date | None = None, queries: str | None = None):
        """Run a saved query file (a name in the query folders, or a path)."""
        from .query import find_query, load_query

        as_of = as_of or date.today()
        query = load_query(find_query(name_or_file, queries), as_of)
        return self.run(query, as_of)

    def run(self, query: Any, as_of: date, question: str | None = None):
        from .answer import run
        from .query import find_query, load_query

        icp = load_query(find_query("icp"), as_of).settings
        for key in ("icp", "pain", "tiers", "exceptions"):
            if key in icp and key not in query.settings:
                query.settings[key] = icp[key]
        named = [self.account_id(name) for name in query.accounts]
        return run(self.store, query, as_of, question=question, named=named, search=self.search)

    def search(
        self,
        text: str,
        *,
        k: int = 10,
        account: str | None = None,
        account_ids: list[int] | None = None,
        **filters: Any,
    ):
        from .index import index_path, sync
        from .search import hybrid_search

        if account:
            account_ids = [self.account_id(account)]
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

            problems, notes = check(self.store, index_path(self.path))
            report.problems.extend(problems)
            report.notes.extend(notes)
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
