"""Ingest: walk files, parse them, link each conversation to an account and a date, cut turns into
utterance windows, embed and extract them, and store each file in one transaction."""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import parse
from .errors import InputError
from .link import domain_of, path_hints, persona
from .store import Store
from .themes import ThemeMatcher, tag_pain_themes
from .types import ParsedConversation

CONVERSATION_KINDS = ("vtt", "srt", "txt", "gong", "md")
SUPPORT_ORDER = ("team", "accounts", "aliases", "people", "manifest")
BATCH_UTTERANCES = 2048  # encoded together: length-sorted batches of 2k pad far less than of 256
INFER_SELLER_ACCOUNTS = 3  # a speaker heard at this many accounts is one of ours
UNKNOWN_SIDE_WARNING = 0.2
GENERIC_SPEAKERS = ("speaker", "unknown", "participant", "guest", "customer", "agent", "caller")


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    conversations: int = 0
    utterances: int = 0
    non_english: int = 0
    unknown_side: int = 0
    inferred_sellers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "replaced": len(self.replaced),
            "skipped": len(self.skipped),
            "moved": len(self.moved),
            "failed": [{"file": f.path, "reason": f.reason} for f in self.failed],
            "conversations": self.conversations,
            "utterances": self.utterances,
            "non_english": self.non_english,
            "inferred_sellers": self.inferred_sellers,
            "warnings": self.warnings,
        }


@dataclass
class SourceFile:
    """One file found under an ingested root."""

    path: Path
    root: Path

    @property
    def rel(self) -> str:
        return self.path.relative_to(self.root).as_posix()


@dataclass
class Prepared:
    """A conversation file read and parsed off the main thread, not yet linked or stored."""

    source: SourceFile
    kind: str
    content_hash: str
    conversations: list[ParsedConversation] = field(default_factory=list)
    error: str | None = None
    metadata_only: bool = False


@dataclass
class PendingUtterance:
    turn: int
    window: int
    speaker: str
    side: str
    side_key: str
    text: str
    start: float | None
    end: float | None
    char_start: int
    char_end: int
    lang: str = "en"
    context: dict[str, str] | None = None


@dataclass
class PendingConversation:
    account_id: int
    date: str
    title: str | None
    format: str
    linked_by: str
    external_id: str | None
    position: int
    utterances: list[PendingUtterance]
    speakers: dict[str, dict[str, Any]]  # side_key → person fields


@dataclass
class PendingFile:
    prepared: Prepared
    conversations: list[PendingConversation]
    replaces: int | None


def walk(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Every file under the given paths, hidden ones left out, in a stable order."""
    found: list[SourceFile] = []
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel_parts = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in rel_parts):
                    found.append(SourceFile(child, path))
        elif path.is_file():
            found.append(SourceFile(path, path.parent))
        else:
            raise InputError("no such file or folder", str(raw))
    return found


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Ingestor:
    """One ingest run over some paths into a store."""

    def __init__(
        self,
        store: Store,
        *,
        embedder: Any = None,
        extractor: Any = None,
        team: Iterable[str] = (),
        team_domains: Iterable[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ):
        self.store = store
        self.embedder = embedder
        self.extractor = extractor
        self.team_given = [n.strip() for n in team if n.strip()]
        self.team_names = {_name_key(n) for n in self.team_given}
        self.team_emails: set[str] = set()
        self.team_domains = {d.lower().lstrip("@") for d in team_domains if d.strip()}
        self.progress = progress
        self.manifests: dict[Path, dict[str, Any]] = {}
        self.report = IngestReport()
        self.themes: ThemeMatcher | None = None
        self.unwritten: dict[str, str] = {}  # content hash → file, for files planned this run

    # the run --------------------------------------------------------------

    def run(self, paths: Iterable[str | Path]) -> IngestReport:
        files = walk(paths)
        self.first_id = self.store.scalar("SELECT coalesce(max(id), 0) FROM utterances")
        self._remember_team()
        kinds: dict[str, list[tuple[SourceFile, str]]] = {}
        conversation_files: list[tuple[SourceFile, str]] = []
        for source in files:
            kind = parse.detect(source.path)
            if kind is None:
                continue
            if kind in CONVERSATION_KINDS:
                conversation_files.append((source, kind))
            else:
                kinds.setdefault(kind, []).append((source, kind))
        for kind in SUPPORT_ORDER:
            for source, _ in kinds.get(kind, []):
                self._support_file(source, kind)
        self._check_embedder()
        if self.embedder is not None and self.extractor is not None:
            self.themes = ThemeMatcher.for_store(self.store, self.embedder)
        self._conversations(conversation_files)
        self._infer_sellers()
        self._warn_unknown_sides()
        if self.embedder is not None:
            self._sync_index()
        return self.report

    def _tick(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)

    # support files: roster, accounts, aliases, people, manifests ---------

    def _support_file(self, source: SourceFile, kind: str) -> None:
        try:
            data = source.path.read_bytes()
            text = parse.read_text(source.path)
        except (OSError, InputError) as exc:
            self._fail(source, getattr(exc, "reason", str(exc)))
            return
        digest = content_hash(data)
        known = self.store.source_by_path(str(source.path))
        unchanged = known is not None and known["content_hash"] == digest
        try:
            if kind == "team":
                for member in parse.parse_team(text, source.path):
                    self._add_team_member(member)
                return
            if kind == "manifest":
                for rel, row in parse.parse_manifest(text, source.path).items():
                    self.manifests[(source.path.parent / rel).resolve()] = row
                return
            if unchanged:
                self.report.skipped.append(source.rel)
                return
            with self.store.transaction():
                if kind == "accounts":
                    for record in parse.parse_accounts(text, source.path):
                        self.store.upsert_account(record, source.rel)
                elif kind == "aliases":
                    self._load_aliases(text, source)
                elif kind == "people":
                    self._load_people(text, source)
                self._record_source(source, digest, kind, known)
        except InputError as exc:
            self._fail(source, exc.reason)
            return
        (self.report.replaced if known else self.report.added).append(source.rel)

    def _remember_team(self) -> None:
        """Our team as earlier runs learned it (roster, team domains, inferred sellers), plus
        what this run was told; written back so the next run knows it too."""
        for row in self.store.query("SELECT key, email FROM people WHERE side = 'seller'"):
            self.team_names.add(row["key"])
            if row["email"]:
                self.team_emails.add(row["email"].lower())
        known = self.store.get_meta("team_domains")
        self.team_domains |= set(known.split(",")) if known else set()
        with self.store.transaction():
            if self.team_domains:
                self.store.set_meta("team_domains", ",".join(sorted(self.team_domains)))
            for name in self.team_given:
                self._store_team_member(name, None)

    def _store_team_member(self, name: str, email: str | None) -> None:
        self.store.person(name, account_id=None, side="seller", side_source="roster", email=email)

    def _add_team_member(self, member: Any) -> None:
        name, email = member if isinstance(member, tuple) else (member.name, member.email)
        if name:
            self.team_names.add(_name_key(name))
        if email:
            self.team_emails.add(email.lower())
        with self.store.transaction():
            self._store_team_member(name or email, email)

    def _load_aliases(self, text: str, source: SourceFile) -> None:
        for alias, account in parse.parse_aliases(text, source.path):
            account_id = self.store.find_account(account)
            if account_id is None:
                raise InputError(
                    f"alias {alias!r} points to {account!r}, which no accounts CSV names; "
                    "ingest the accounts export first or fix the name",
                    source.rel,
                )
            self.store.add_alias(alias, account_id)

    def _load_people(self, text: str, source: SourceFile) -> None:
        for person in parse.parse_people(text, source.path):
            account_id = self.store.find_account(person.account) if person.account else None
            if person.account and account_id is None:
                account_id = self.store.create_account(person.account)
            self.store.person(
                person.name,
                account_id=account_id,
                side="buyer",
                side_source="people.csv",
                email=person.email,
                title=person.title,
                persona=persona(person.title) if person.title else None,
            )

    def _record_source(
        self, source: SourceFile, digest: str, kind: str, known: dict[str, Any] | None
    ) -> int:
        if known:
            self.store.conn.execute("DELETE FROM sources WHERE id = ?", [known["id"]])
        cur = self.store.conn.execute(
            "INSERT INTO sources (path, root, file, content_hash, kind, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, datetime('now'))",
            [str(source.path), str(source.root), source.rel, digest, kind],
        )
        return cur.lastrowid

    # conversations ---------------------------------------------------------

    def _conversations(self, files: list[tuple[SourceFile, str]]) -> None:
        known = {
            row["path"]: row["content_hash"]
            for row in self.store.query("SELECT path, content_hash FROM sources")
        }
        total = len(files)
        done = 0
        self._tick(0, total)
        batch: list[PendingFile] = []
        pending = 0
        # one batch is encoded on a worker thread while the one before it is extracted and
        # written here: the model (which releases the GIL) never waits for the database
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode") as pool:
            in_flight: tuple[list[PendingFile], Future[Any]] | None = None

            def hand_over(ready: list[PendingFile]) -> None:
                nonlocal in_flight
                encoding = pool.submit(self._encode, ready)
                if in_flight is not None:
                    self._write_batch(*in_flight)
                in_flight = (ready, encoding)

            for prepared in _prepare_in_background(files, known):
                done += 1
                item = self._plan(prepared)
                self._tick(done, total)
                if item is None:
                    continue
                batch.append(item)
                pending += sum(len(c.utterances) for c in item.conversations)
                if pending >= BATCH_UTTERANCES:
                    hand_over(batch)
                    batch, pending = [], 0
            if batch:
                hand_over(batch)
            if in_flight is not None:
                self._write_batch(*in_flight)

    def _plan(self, prepared: Prepared) -> PendingFile | None:
        """Decide what a prepared file means for the archive: skip, move, or write (and how)."""
        source = prepared.source
        if prepared.metadata_only:
            return None
        known = self.store.source_by_path(str(source.path))
        if known and known["content_hash"] == prepared.content_hash:
            self.report.skipped.append(source.rel)
            return None
        if known is None:
            twins = self.store.sources_by_hash(prepared.content_hash)
            if twins:
                self._move_or_duplicate(source, twins[0])
                return None
            twin = self.unwritten.get(prepared.content_hash)
            if twin is not None:  # read earlier in this run, not yet stored
                self.report.skipped.append(source.rel)
                self.report.warnings.append(f"{source.rel}: same content as {twin}, skipped")
                return None
        if prepared.error:
            self._fail(source, prepared.error)
            return None
        conversations = []
        try:
            for position, parsed in enumerate(prepared.conversations):
                conversations.append(self._link(parsed, source, position, prepared.kind))
        except InputError as exc:
            self._fail(source, exc.reason)
            return None
        self.unwritten[prepared.content_hash] = source.rel
        return PendingFile(prepared, conversations, known["id"] if known else None)

    def _move_or_duplicate(self, source: SourceFile, twin: dict[str, Any]) -> None:
        if Path(twin["path"]).exists():
            self.report.skipped.append(source.rel)
            self.report.warnings.append(f"{source.rel}: same content as {twin['file']}, skipped")
            return
        with self.store.transaction():
            self.store.conn.execute(
                "UPDATE sources SET path = ?, root = ?, file = ? WHERE id = ?",
                [str(source.path), str(source.root), source.rel, twin["id"]],
            )
        self.report.moved.append(source.rel)

    def _link(
        self, parsed: ParsedConversation, source: SourceFile, position: int, kind: str
    ) -> PendingConversation:
        """Account and date in the order DESIGN.md gives: file metadata, manifest, path."""
        manifest = self.manifests.get(source.path.resolve()) or {}
        hints = path_hints(Path(source.rel))
        account_id, linked_by = None, None
        buyer_domains = [
            d
            for p in parsed.parties
            if p.email
            and p.side != "seller"
            and (d := domain_of(p.email))
            and d not in self.team_domains
            and p.email.lower() not in self.team_emails
        ]
        if parsed.account or buyer_domains:
            account_id = self.store.find_account(parsed.account, buyer_domains)
            if account_id is None and parsed.account:
                account_id = self.store.create_account(parsed.account)
            if account_id is not None:
                linked_by = "metadata"
        if account_id is None and manifest.get("account"):
            account_id = self.store.find_account(manifest["account"])
            if account_id is None:
                account_id = self.store.create_account(manifest["account"])
            linked_by = "manifest"
        if account_id is None and hints.accounts:
            for candidate in hints.accounts:
                account_id = self.store.find_account(candidate)
                if account_id is not None:
                    break
            else:
                account_id = self.store.create_account(_display_name(hints.accounts[0]))
            linked_by = "path"
        if account_id is None:
            raise InputError(
                "no account: add `account:` metadata, a conversations.csv row, "
                "or put the file in a folder named after the account"
            )
        date = parsed.date or manifest.get("date") or hints.date
        if not date:
            raise InputError(
                "no date: add `date:` metadata, a conversations.csv row, "
                "or start the file name with YYYY-MM-DD"
            )
        title = parsed.title or manifest.get("title") or hints.title
        utterances, speakers = self._utterances(parsed, kind, account_id)
        if not utterances:
            raise InputError("no speech: the file holds no speaker turns")
        return PendingConversation(
            account_id=account_id,
            date=date,
            title=title,
            format=kind,
            linked_by=linked_by,
            external_id=parsed.external_id,
            position=position,
            utterances=utterances,
            speakers=speakers,
        )

    def _utterances(
        self, parsed: ParsedConversation, kind: str, account_id: int
    ) -> tuple[list[PendingUtterance], dict[str, dict[str, Any]]]:
        from .embed import windows

        parties = {_name_key(p.name): p for p in parsed.parties if p.name}
        internal = {_name_key(n) for n in parsed.internal}
        speakers: dict[str, dict[str, Any]] = {}
        utterances: list[PendingUtterance] = []
        previous: dict[str, str] | None = None
        for turn_no, turn in enumerate(parsed.turns):
            text = turn.text.strip()
            if not text:
                continue
            key = _name_key(turn.speaker) or "unknown"
            if key not in speakers:
                speakers[key] = self._speaker(
                    turn.speaker, key, kind, parties, internal, account_id
                )
            side = speakers[key]["side"]
            for window_no, (lo, hi) in enumerate(windows(text)):
                utterances.append(
                    PendingUtterance(
                        turn=turn_no,
                        window=window_no,
                        speaker=turn.speaker or "unknown",
                        side=side,
                        side_key=key,
                        text=text[lo:hi],
                        start=turn.start,
                        end=turn.end,
                        char_start=lo,
                        char_end=hi,
                        context=previous,
                    )
                )
            previous = {"text": text, "side": side}
        return utterances, speakers

    def _speaker(
        self,
        name: str,
        key: str,
        kind: str,
        parties: dict[str, Any],
        internal: set[str],
        account_id: int,
    ) -> dict[str, Any]:
        """Who a speaker is and which side they are on, from the strongest evidence at hand."""
        party = parties.get(key)
        email = party.email.lower() if party and party.email else None
        title = party.title if party else None
        listed = self.store.query(
            "SELECT title FROM people WHERE key = ? AND account_id = ? "
            "AND side_source = 'people.csv'",
            [key, account_id],
        )
        title = title or (listed[0]["title"] if listed else None)
        if kind == "md":
            side, why = "note", "notes"
        elif key in self.team_names or (email and email in self.team_emails):
            side, why = "seller", "roster"
        elif email and domain_of(email) in self.team_domains:
            side, why = "seller", "team-domain"
        elif party and party.side:
            side, why = party.side, "affiliation"
        elif key in internal:
            side, why = "seller", "front-matter"
        elif listed:
            side, why = "buyer", "people.csv"
        elif self.team_names or self.team_emails or self.team_domains:
            side, why = "buyer", "default"
        else:
            side, why = "unknown", None
        return {
            "name": name or "unknown",
            "side": side,
            "side_source": why,
            "email": email,
            "title": title,
        }

    # writing ---------------------------------------------------------------

    def _encode(self, batch: list[PendingFile]) -> Any:
        """The batch's vectors (None without an embedder); runs on the encoding thread."""
        if self.embedder is None:
            return None
        texts = [u.text for f in batch for c in f.conversations for u in c.utterances]
        return self.embedder.encode(texts) if texts else None

    def _write_batch(self, batch: list[PendingFile], encoding: Future[Any]) -> None:
        """Extract a batch of files together once its vectors are ready, then store each file
        in its own transaction."""
        flat = [u for f in batch for c in f.conversations for u in c.utterances]
        self._flag_language(flat)
        vectors = encoding.result()
        mentions = self._extract(flat, vectors)
        at = 0
        for item in batch:
            size = sum(len(c.utterances) for c in item.conversations)
            self._write_file(
                item,
                vectors[at : at + size] if vectors is not None else None,
                mentions[at : at + size],
            )
            at += size

    def _flag_language(self, utterances: list[PendingUtterance]) -> None:
        if self.extractor is None:
            return
        from .extract import is_english

        for u in utterances:
            if not is_english(u.text):
                u.lang = "other"

    def _extract(self, utterances: list[PendingUtterance], vectors: Any) -> list[list[Any]]:
        if self.extractor is None or not utterances:
            return [[] for _ in utterances]
        english = [i for i, u in enumerate(utterances) if u.lang == "en"]
        before = _previous_turns(utterances)
        found = self.extractor.extract(
            [utterances[i].text for i in english],
            [utterances[i].side for i in english],
            vectors=vectors[english] if vectors is not None else None,
            contexts=[utterances[i].context for i in english],
            previous=[
                vectors[before[i]] if vectors is not None and before[i] is not None else None
                for i in english
            ],
        )
        result: list[list[Any]] = [[] for _ in utterances]
        for i, mentions in zip(english, found, strict=True):
            result[i] = mentions
        tag_pain_themes(result, vectors, self.themes)
        return result

    def _write_file(self, item: PendingFile, vectors: Any, mentions: list[list[Any]]) -> None:
        from .embed import to_blob

        source = item.prepared.source
        store = self.store
        version = self.extractor.version if self.extractor is not None else None
        with store.transaction() as conn:
            if item.replaces is not None:
                store.delete_source(item.replaces)
            source_id = self._record_source(
                source, item.prepared.content_hash, item.prepared.kind, None
            )
            at = 0
            for conv in item.conversations:
                conversation_id = conn.execute(
                    "INSERT INTO conversations (source_id, position, account_id, date, title, "
                    "format, linked_by, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        source_id,
                        conv.position,
                        conv.account_id,
                        conv.date,
                        conv.title,
                        conv.format,
                        conv.linked_by,
                        conv.external_id,
                    ],
                ).lastrowid
                people = {
                    key: store.person(
                        s["name"],
                        account_id=conv.account_id,
                        side=s["side"],
                        side_source=s["side_source"],
                        email=s["email"],
                        title=s["title"],
                        persona=persona(s["title"]) if s["title"] else None,
                    )
                    for key, s in conv.speakers.items()
                }
                for u in conv.utterances:
                    person_id = people[u.side_key]
                    side = conv.speakers[u.side_key]["side"]
                    utterance_id = conn.execute(
                        "INSERT INTO utterances (conversation_id, turn, window, person_id, "
                        "speaker, side, text, start, end, char_start, char_end, lang) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            conversation_id,
                            u.turn,
                            u.window,
                            person_id,
                            u.speaker,
                            side,
                            u.text,
                            u.start,
                            u.end,
                            u.char_start,
                            u.char_end,
                            u.lang,
                        ],
                    ).lastrowid
                    if vectors is not None:
                        conn.execute(
                            "INSERT INTO embeddings (utterance_id, vector) VALUES (?, ?)",
                            [utterance_id, to_blob(vectors[at])],
                        )
                    self._insert_mentions(utterance_id, mentions[at], version)
                    if u.lang != "en":
                        self.report.non_english += 1
                    at += 1
                self.report.conversations += 1
                self.report.utterances += len(conv.utterances)
            if version:
                store.set_meta("extractor_version", version)
        (self.report.replaced if item.replaces is not None else self.report.added).append(
            source.rel
        )

    def _insert_mentions(self, utterance_id: int, mentions: list[Any], version: str | None) -> None:
        from .reextract import insert_mentions

        insert_mentions(self.store.conn, utterance_id, mentions, version)

    def _check_embedder(self) -> None:
        if self.embedder is None:
            return
        from .index import check_embedder

        check_embedder(self.store, self.embedder)

    def _sync_index(self) -> None:
        from .index import index_path, sync

        sync(self.store, index_path(self.store.path), self.embedder.id)

    # after the run ---------------------------------------------------------

    def _infer_sellers(self) -> None:
        """Without a roster entry, a speaker heard at three or more accounts is one of ours."""
        rows = self.store.query(
            "SELECT p.key, count(DISTINCT c.account_id) AS accounts "
            "FROM utterances u JOIN people p ON p.id = u.person_id "
            "JOIN conversations c ON c.id = u.conversation_id "
            "WHERE p.side IN ('unknown', 'buyer') "
            "AND coalesce(p.side_source, 'default') IN ('default', 'inferred') "
            "GROUP BY p.key HAVING accounts >= ?",
            [INFER_SELLER_ACCOUNTS],
        )
        keys = [r["key"] for r in rows if not r["key"].startswith(GENERIC_SPEAKERS)]
        if not keys:
            return
        from .reextract import reextract_utterances

        marks = ", ".join("?" for _ in keys)
        with self.store.transaction() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT u.id FROM utterances u JOIN people p ON p.id = u.person_id "
                    f"WHERE p.key IN ({marks}) AND u.side != 'seller'",
                    keys,
                )
            ]
            conn.execute(
                f"UPDATE people SET side = 'seller', side_source = 'inferred' "
                f"WHERE key IN ({marks})",
                keys,
            )
            conn.executemany(
                "UPDATE utterances SET side = 'seller' WHERE id = ?", [(i,) for i in ids]
            )
            if self.extractor is not None and ids:
                reextract_utterances(self.store, self.extractor, ids, self.themes)
        names = self.store.query(
            f"SELECT DISTINCT name FROM people WHERE key IN ({marks}) ORDER BY name", keys
        )
        self.report.inferred_sellers = [r["name"] for r in names]

    def _warn_unknown_sides(self) -> None:
        self.report.unknown_side = self.store.scalar(
            "SELECT count(*) FROM utterances WHERE id > ? AND side = 'unknown'", [self.first_id]
        )
        if self.report.utterances and (
            self.report.unknown_side / self.report.utterances > UNKNOWN_SIDE_WARNING
        ):
            share = self.report.unknown_side / self.report.utterances
            self.report.warnings.append(
                f"{share:.0%} of the turns just added have no side (buyer or seller). "
                "Say who is on your team: add a team.txt (one name or email per line) to the "
                "ingested folder, or pass --team 'Name,Name' or --team-domain yourco.com, "
                "then run the same ingest again"
            )

    def _fail(self, source: SourceFile, reason: str) -> None:
        self.report.failed.append(Failure(source.rel, reason))


def _prepare(source: SourceFile, kind: str, known: dict[str, str]) -> Prepared:
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return Prepared(source, kind, "", error=f"cannot read: {exc.strerror or exc}")
    digest = content_hash(data)
    prepared = Prepared(source, kind, digest)
    if known.get(str(source.path)) == digest:
        return prepared
    try:
        text = parse.read_text(source.path)
        prepared.conversations = parse.PARSERS[kind](text, source.path)
    except InputError as exc:
        prepared.error = exc.reason
    except Exception as exc:  # a parser bug must cost one file, never the run
        prepared.error = f"could not parse ({type(exc).__name__}: {exc})"
    if not prepared.error and not prepared.conversations:
        if kind == "gong" and parse.gong.is_calls_export(parse.gong.load(text)):
            prepared.metadata_only = True  # read with its transcripts export, not on its own
        else:
            prepared.error = "no conversation found in the file"
    return prepared


def _prepare_in_background(
    files: list[tuple[SourceFile, str]], known: dict[str, str]
) -> Iterator[Prepared]:
    """Read and parse on a second thread so parsing stays ahead of the model."""
    out: queue.Queue[Prepared | None] = queue.Queue(maxsize=64)

    def work() -> None:
        for source, kind in files:
            out.put(_prepare(source, kind, known))
        out.put(None)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    while (item := out.get()) is not None:
        yield item
    thread.join()


def _name_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _display_name(folder: str) -> str:
    """`brightwater-logistics` → `Brightwater Logistics`; a folder spelled as a name stays."""
    if folder == folder.lower() and " " not in folder:
        return " ".join(w.capitalize() for w in folder.replace("_", "-").split("-") if w)
    return folder


def _previous_turns(utterances: list[PendingUtterance]) -> list[int | None]:
    """For each utterance, the index of the last window of the turn before it (the turn its
    context is), or None. A conversation's utterances are consecutive and in turn order, and
    its first turn has no context."""
    found: list[int | None] = []
    for i, u in enumerate(utterances):
        j = i - 1
        while j >= 0 and utterances[j].turn == u.turn:
            j -= 1
        found.append(j if u.context is not None and j >= 0 else None)
    return found
