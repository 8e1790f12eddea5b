"""The `cie` command line: options in, one library call, rows out. No work is done here."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import click

from . import __version__
from .errors import CieError
from .render import quote_block, seconds, table, to_csv, to_json, to_jsonl

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the errors a user can cause into a message and an exit status, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CieError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        envvar="CIE_DB",
        default="cie.db",
        show_default=True,
        help="Archive file (or set CIE_DB).",
    )(fn)


def output_options(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--json` (and `--csv` where rows are flat) defined once for every command that prints."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        if "csv" in formats:
            fn = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(fn)
        return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(fn)

    return decorate


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Evaluate as of this date (YYYY-MM-DD); default today.",
    )(fn)


def open_archive(db_path: str, *, create: bool = False):
    from .archive import Archive

    return Archive(db_path, create=create)


def progress_bar(label: str) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A progress callback drawing a bar on a terminal, silent otherwise (scripts, CI)."""
    if not sys.stderr.isatty():
        return (lambda done, total: None), (lambda: None)
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(
                length=total, label=label, file=sys.stderr, show_pos=True
            )
            state["bar"].__enter__()
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done

    def finish() -> None:
        if "bar" in state:
            state["bar"].__exit__(None, None, None)

    return update, finish


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="cie")
def cli() -> None:
    """ci-engine: what your buyers actually said, searchable, ranked and cited.

    Ingest your call transcripts, notes and CRM export, then ask questions across
    accounts and months. Everything stays on this machine.

    \b
    Start with:
      cie ingest path/to/calls/        # transcripts, notes, accounts.csv
      cie accounts                     # accounts, stage, value
      cie search "onboarding took forever"
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--team", default="", help="Our team's names, comma-separated (seller side).")
@click.option(
    "--team-domain",
    "team_domains",
    multiple=True,
    help="Our email domain, e.g. ourco.com (repeatable).",
)
@db_option
@output_options()
@handle_errors
def ingest(paths, team, team_domains, db_path, as_json):
    """Parse, link, embed, extract and store transcripts, notes and CRM exports.

    PATHS are files or folders (searched recursively). Re-running is safe: unchanged
    files are skipped, changed files replace their old version, moved files keep
    their history. A bad file is named with the reason; the rest is ingested and the
    exit status is 1.
    """
    archive = open_archive(db_path, create=True)
    update, finish = progress_bar("Ingesting")
    try:
        report = archive.ingest(
            paths,
            team=[n for n in team.split(",") if n.strip()],
            team_domains=team_domains,
            progress=update,
        )
    finally:
        finish()
    for failure in report.failed:
        click.echo(f"failed: {failure.path}: {failure.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(to_json(report.as_dict()))
    else:
        click.echo(
            f"{len(report.added)} added, {len(report.skipped)} skipped, "
            f"{len(report.replaced)} replaced, {len(report.moved)} moved, "
            f"{len(report.failed)} failed: {report.conversations} conversations, "
            f"{report.utterances} utterances"
            + (
                f", {report.non_english} not in English (kept, not extracted)"
                if report.non_english
                else ""
            )
        )
        if report.inferred_sellers:
            click.echo(
                "inferred to be on our team (heard at 3+ accounts): "
                + ", ".join(report.inferred_sellers)
            )
    if report.failed:
        sys.exit(1)


CONVERSATION_COLUMNS = ["file", "account", "date", "title", "format", "turns", "linked_by"]


@cli.command()
@click.option("--account", help="Only this account's conversations.")
@db_option
@output_options("csv")
@handle_errors
def conversations(account, db_path, as_json, as_csv):
    """List conversations with their account, date, format, turns and how each was linked."""
    rows = open_archive(db_path).conversations(account)
    rows = [{c: r[c] for c in CONVERSATION_COLUMNS} for r in rows]
    _print_rows(rows, CONVERSATION_COLUMNS, as_json, as_csv)


ACCOUNT_COLUMNS = [
    "account",
    "domain",
    "stage",
    "arr",
    "expansion_arr",
    "value",
    "closed_at",
    "live_at",
    "churned_at",
    "conversations",
    "pain_sharpness",
    "ttv_days",
    "ttv_source",
    "sales_cycle_days",
    "icp_score",
    "tier",
]
ACCOUNT_TABLE = ["account", "stage", "value", "closed_at", "live_at", "conversations"]


@cli.command()
@click.option(
    "--sort",
    default="value",
    show_default=True,
    help="Column to sort by, highest first; prefix - for lowest first "
    "(e.g. --sort pain_sharpness, --sort -ttv_days).",
)
@as_of_option
@db_option
@output_options("csv")
@handle_errors
def accounts(sort, as_of, db_path, as_json, as_csv):
    """List accounts: stage, value, pain sharpness, time-to-value, sales cycle, ICP fit."""
    rows = open_archive(db_path).accounts(_as_of(as_of), sort=sort)
    if as_json or as_csv:
        _print_rows(rows, ACCOUNT_COLUMNS, as_json, as_csv)
    else:
        click.echo(table(rows, ACCOUNT_TABLE))


@cli.command()
@click.argument("question")
@as_of_option
@db_option
@output_options()
@handle_errors
def ask(question, as_of, db_path, as_json):
    """Ask across accounts and months; get the buyers' own words, cited.

    \b
    cie ask "what did my best 20 customers say about pricing last month"
    cie ask "pain from churned customers in the last 90 days"
    cie ask "what did Acme Health say about competitors since March"

    The parsed form is printed first, so you see how the question was understood.
    Answers are quotes only: nothing is generated.
    """
    answer = open_archive(db_path).ask(question, _as_of(as_of))
    if as_json:
        click.echo(to_json(answer.as_dict()))
    else:
        _print_answer(answer.as_dict())


@cli.command()
@click.argument("name")
@click.option("--queries", type=click.Path(file_okay=False), help="Extra folder of query files.")
@as_of_option
@db_option
@output_options()
@handle_errors
def query(name, queries, as_of, db_path, as_json):
    """Run a saved query by NAME (from ./queries or the shipped ones) or a .toml FILE."""
    answer = open_archive(db_path).query(name, _as_of(as_of), queries)
    if as_json:
        click.echo(to_json(answer.as_dict()))
    else:
        _print_answer(answer.as_dict())


@cli.command()
@click.argument("query_file", required=False, default="icp")
@click.option("--explain", is_flag=True, help="Show the pain quotes and the points each added.")
@as_of_option
@db_option
@output_options("csv")
@handle_errors
def icp(query_file, explain, as_of, db_path, as_json, as_csv):
    """Rank accounts by the ICP: pain sharpness high, time-to-value short; tiers and reasons."""
    rows = open_archive(db_path).icp(query_file, _as_of(as_of))
    if as_json:
        click.echo(to_json(rows))
        return
    if as_csv:
        click.echo(to_csv(rows, ICP_COLUMNS), nl=False)
        return
    click.echo(table(rows, ICP_COLUMNS))
    if explain:
        for row in rows:
            if not row["pain_points"]:
                continue
            click.echo(f"\n{row['account']}: pain sharpness {row['pain_sharpness']}")
            for point in row["pain_points"]:
                label = " (paraphrase, notes)" if point["paraphrase"] else ""
                click.echo(
                    f"  +{point['points']:.1f}  {point['intensity']}"
                    f"{', quantified' if point['quantified'] else ''} · {point['date']} "
                    f"· {point['speaker']}{label}"
                )
                click.echo(quote_block(point["text"], indent="        "))


ICP_COLUMNS = [
    "rank",
    "account",
    "stage",
    "tier",
    "icp_score",
    "pain_sharpness",
    "ttv_days",
    "sales_cycle_days",
    "reasons",
]


def _print_answer(data: dict[str, Any]) -> None:
    parsed = data["parsed"]
    cohort = parsed["cohort"]
    window = parsed["window"]
    topic = parsed["topic"]
    parts = [f"cohort {cohort['name']}" + (f" (top {cohort['limit']})" if cohort["limit"] else "")]
    if cohort["filters"]:
        parts.append("filters " + ", ".join(f"{k}={v}" for k, v in cohort["filters"].items()))
    if parsed["accounts"]:
        parts.append("accounts " + ", ".join(parsed["accounts"]))
    parts.append(
        "topic "
        + (", ".join(topic["kinds"]) or "-")
        + (f" + “{topic['text']}”" if topic["text"] else "")
    )
    parts.append(f"window {window['start'] or '…'} → {window['end'] or '…'} ({window['label']})")
    parts.append(f"side {parsed['side']}" + (f", role {parsed['role']}" if parsed["role"] else ""))
    click.echo("Understood: " + " · ".join(parts))
    if parsed["unparsed"]:
        click.echo("Unparsed (searched as free text): " + " ".join(parsed["unparsed"]))
    if data.get("note"):
        click.echo(f"Note: {data['note']}")
    total = sum(a["quote_count"] for a in data["accounts"])
    click.echo(
        f"{total} quotes from {sum(1 for a in data['accounts'] if a['quotes'])} of "
        f"{len(data['accounts'])} accounts\n"
    )
    for account in data["accounts"]:
        if not account["quotes"]:
            continue
        click.echo(f"{account['rank']}. {account['account']} ({account['quote_count']})")
        for q in account["quotes"]:
            at = f" @{seconds(q['start'])}" if q["start"] is not None else ""
            who = q["speaker"] + (f", {q['title']}" if q["title"] else "")
            click.echo(quote_block(q["text"]))
            click.echo(f"      — {who} · {q['date']} · {q['conversation']['file']}{at}")
    silent = [a["account"] for a in data["accounts"] if not a["quotes"]]
    if silent:
        click.echo(f"\nNothing on this topic from: {', '.join(silent)}")


@cli.command()
@click.argument("text")
@click.option("--account", help="Only this account.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="From this date.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Up to this date.")
@click.option("--side", type=click.Choice(["buyer", "seller", "note", "unknown"]))
@click.option(
    "--role",
    help="Speaker persona: executive, finance, operations, it-security, "
    "legal-procurement, end-user.",
)
@click.option("--kind", help="Only utterances with a mention of this kind (pain, pricing, …).")
@click.option("-k", "k", default=10, show_default=True, help="How many hits.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "vector", "keyword"]),
    default="hybrid",
    show_default=True,
    help="Meaning and keywords fused, or one of them alone.",
)
@db_option
@output_options()
@handle_errors
def search(text, account, since, until, side, role, kind, k, mode, db_path, as_json):
    """Find what was said, in your own words: semantic and keyword search fused.

    Filters are applied inside the search, so a narrow filter still returns k hits.
    """
    hits = open_archive(db_path).search(
        text,
        k=k,
        account=account,
        since=_iso(since),
        until=_iso(until),
        side=side,
        role=role,
        kind=kind,
        mode=mode,
    )
    data = [h.as_dict() for h in hits]
    if as_json:
        click.echo(to_json(data))
        return
    if not data:
        click.echo("No matches.")
    for rank, hit in enumerate(data, 1):
        at = f" @{seconds(hit['start'])}" if hit["start"] is not None else ""
        click.echo(
            f"{rank}. {hit['account']} · {hit['date']} · {hit['speaker']} ({hit['side']}) · "
            f"{hit['conversation']['file']}{at}"
        )
        click.echo(quote_block(hit["text"]))


@cli.command()
@db_option
@output_options()
@handle_errors
def doctor(db_path, as_json):
    """Check the archive and its index: integrity, drift, accounts no CRM names."""
    report = open_archive(db_path).doctor()
    if as_json:
        click.echo(to_json(report.as_dict()))
    else:
        counts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        click.echo(f"archive {db_path}: {counts}")
        for note in report.notes:
            click.echo(f"note: {note}")
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    if not report.ok:
        sys.exit(1)


@cli.command()
@db_option
@handle_errors
def reindex(db_path):
    """Rebuild the vector index from the stored vectors (no re-encoding)."""
    count = open_archive(db_path).reindex()
    click.echo(f"index rebuilt: {count} vectors")


@cli.command()
@click.argument("text", required=False)
@click.option(
    "--side",
    type=click.Choice(["buyer", "seller"]),
    default="buyer",
    show_default=True,
    help="Who spoke the lines.",
)
@click.option(
    "--rules-only",
    is_flag=True,
    help="Skip the trained classifiers (no encoder): thousands of lines a second.",
)
@output_options()
@handle_errors
def extract(text, side, rules_only, as_json):
    """Find pain, pricing, amounts, competitors, tech, triggers and go-live in ad-hoc text.

    TEXT is one utterance; with no TEXT or with -, each line of standard input is one
    utterance. --json prints JSON Lines, one object per input line.
    """
    from .extract import load_extractor

    lines = [text] if text not in (None, "-") else sys.stdin.read().splitlines()
    extractor = load_extractor(rules_only=rules_only)
    results = extractor.analyse_many(lines, [side] * len(lines))
    if as_json:
        click.echo(to_jsonl(results))
        return
    for result in results:
        flags = [k for k in ("pain", "pricing") if result[k]]
        click.echo(f"{', '.join(flags) or 'no pain or pricing'}: {result['text']}")
        for amount in result["amounts"]:
            click.echo(
                f"  amount {amount['value']:,} {amount['currency']}"
                f"{' / ' + amount['period'] if amount['period'] else ''}"
            )
        for m in result["mentions"]:
            if m["kind"] == "amount":
                continue
            detail = f" {m['intensity']}" if m.get("intensity") else ""
            value = f" = {m['value']}" if m["value"] not in (None, "") else ""
            click.echo(f"  {m['kind']}{detail}: “{m['text']}”{value}")


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--rules-only", is_flag=True, help="Evaluate the rules alone (no classifiers).")
@click.option(
    "--baseline",
    is_flag=True,
    help="Evaluate a keyword tracker (fixed word lists, dollar figures) for comparison.",
)
@click.option(
    "--errors",
    "show_errors",
    default=20,
    show_default=True,
    help="How many errors of each kind to list.",
)
@output_options()
@handle_errors
def evaluate(file, rules_only, baseline, show_errors, as_json):
    """Precision, recall and F1 of pain and pricing, and amount accuracy, on a labelled file.

    FILE is JSON Lines with `text`, `side`, `pain`, `pricing`, `amounts` (and optional
    `context`, `intensity`), as in corpora/labelled/.
    """
    from .evaluate import KeywordBaseline, evaluate_file
    from .extract import load_extractor

    extractor = KeywordBaseline() if baseline else load_extractor(rules_only=rules_only)
    report = evaluate_file(extractor, file)
    if as_json:
        click.echo(to_json(report.as_dict()))
    else:
        click.echo(report.render(show_errors))


@cli.command()
@db_option
@handle_errors
def reextract(db_path):
    """Re-tag every stored utterance with the current extraction model and patterns.

    Uses the stored text and vectors: nothing is re-parsed or re-embedded. Safe to
    interrupt; the next run resumes.
    """
    archive = open_archive(db_path)
    update, finish = progress_bar("Re-tagging")
    try:
        count = archive.reextract(update)
    finally:
        finish()
    click.echo(f"re-tagged {count} utterances with extractor {archive.extractor.version}")


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if hasattr(value, "date") else str(value)


def _as_of(as_of: Any) -> date:
    return as_of.date() if as_of is not None else date.today()


def _print_rows(rows: list[dict[str, Any]], columns: list[str], as_json: bool, as_csv: bool):
    if as_json:
        click.echo(to_json(rows))
    elif as_csv:
        click.echo(to_csv(rows, columns), nl=False)
    else:
        click.echo(table(rows, columns))


def main() -> None:
    cli(prog_name="cie")


if __name__ == "__main__":
    main()
