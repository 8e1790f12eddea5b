"""How well extraction follows EXTRACTION.md on a labelled file: precision, recall and F1 of pain
and pricing, amount triples, intensity, and the errors themselves; plus the keyword tracker that
call recorders ship, measured the same way as a baseline."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .types import Mention

INTENSITIES = ("mild", "real", "acute")


class Extracts(Protocol):
    """Anything with the `Extractor.extract` signature: the model, the rules, the baseline."""

    def extract(
        self,
        texts: list[str],
        sides: list[str],
        vectors: Any = None,
        contexts: list[dict[str, Any] | None] | None = None,
    ) -> list[list[Mention]]: ...


@dataclass
class Score:
    """Counts of a yes/no decision, and the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    """The figures of one evaluation run and the errors behind them."""

    count: int = 0
    pain: Score = field(default_factory=Score)
    pricing: Score = field(default_factory=Score)
    amounts: Score = field(default_factory=Score)
    amounts_exact: int = 0  # utterances whose amount list is exactly right
    amounts_with: int = 0  # utterances stating at least one amount (gold or predicted)
    amounts_with_exact: int = 0
    intensity_macro_f1: float | None = None
    intensity_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def amounts_accuracy(self) -> float:
        return self.amounts_exact / self.count if self.count else 0.0

    @property
    def amounts_accuracy_with(self) -> float:
        return self.amounts_with_exact / self.amounts_with if self.amounts_with else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "pain": self.pain.as_dict(),
            "pricing": self.pricing.as_dict(),
            "amounts": {
                **self.amounts.as_dict(),
                "exact_match": round(self.amounts_accuracy, 4),
                "exact_match_where_stated": round(self.amounts_accuracy_with, 4),
                "utterances_with_amounts": self.amounts_with,
            },
            "intensity": {
                "macro_f1": None
                if self.intensity_macro_f1 is None
                else round(self.intensity_macro_f1, 4),
                "count": self.intensity_count,
            },
            "errors": self.errors,
        }

    def summary_rows(self) -> list[tuple[str, str, str, str]]:
        rows = [
            (name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
            for name, s in (
                ("pain", self.pain),
                ("pricing", self.pricing),
                ("amount triples", self.amounts),
            )
        ]
        return rows

    def render(self, show_errors: int = 20) -> str:
        lines = [f"{self.count} utterances", "", f"{'':16} {'P':>6} {'R':>6} {'F1':>6}"]
        for name, p, r, f in self.summary_rows():
            lines.append(f"{name:16} {p:>6} {r:>6} {f:>6}")
        lines.append("")
        lines.append(
            f"amounts exactly right: {self.amounts_accuracy:.3f} of all utterances, "
            f"{self.amounts_accuracy_with:.3f} of the {self.amounts_with} stating one"
        )
        if self.intensity_macro_f1 is not None:
            lines.append(
                f"intensity macro-F1: {self.intensity_macro_f1:.3f} "
                f"({self.intensity_count} pain utterances found and labelled)"
            )
        if show_errors:
            by_kind: dict[str, list[dict[str, Any]]] = {}
            for error in self.errors:
                by_kind.setdefault(f"{error['kind']} {error['error']}", []).append(error)
            for name, errors in sorted(by_kind.items()):
                lines.append("")
                lines.append(f"{name} ({len(errors)}):")
                for error in errors[:show_errors]:
                    detail = ""
                    if error["kind"] == "amounts":
                        detail = f"  gold {error['gold']} got {error['predicted']}"
                    lines.append(f"  [{error['side']}] {error['text'][:140]}{detail}")
        return "\n".join(lines)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """A labelled JSON Lines file (`text, side, pain, pricing, amounts`, …) as a list."""
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if "text" not in record:
            raise ValueError(f"{path}:{number}: no `text`")
        records.append(record)
    return records


def _triple(amount: dict[str, Any]) -> tuple[float, str, str | None]:
    return (
        round(float(amount["value"]), 2),
        str(amount.get("currency") or "USD").upper(),
        amount.get("period"),
    )


def _macro_f1(pairs: list[tuple[str, str]]) -> float:
    scores = []
    for label in INTENSITIES:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def evaluate(extractor: Extracts, records: list[dict[str, Any]], vectors: Any = None) -> Report:
    """Score `extractor` on labelled records (rules in EXTRACTION.md)."""
    found = extractor.extract(
        [r["text"] for r in records],
        [r.get("side") or "buyer" for r in records],
        vectors=vectors,
        contexts=[r.get("context") for r in records],
    )
    report = Report(count=len(records))
    intensity_pairs: list[tuple[str, str]] = []
    for record, mentions in zip(records, found, strict=True):
        base = {"id": record.get("id"), "text": record["text"], "side": record.get("side")}
        for kind in ("pain", "pricing"):
            gold = bool(record.get(kind))
            predicted = any(m.kind == kind for m in mentions)
            score: Score = getattr(report, kind)
            if gold and predicted:
                score.tp += 1
            elif predicted:
                score.fp += 1
                report.errors.append({**base, "kind": kind, "error": "false positive"})
            elif gold:
                score.fn += 1
                report.errors.append({**base, "kind": kind, "error": "false negative"})
        gold_amounts = Counter(_triple(a) for a in record.get("amounts") or [])
        got_amounts = Counter(_triple(m.value) for m in mentions if m.kind == "amount")
        hits = sum((gold_amounts & got_amounts).values())
        report.amounts.tp += hits
        report.amounts.fp += sum(got_amounts.values()) - hits
        report.amounts.fn += sum(gold_amounts.values()) - hits
        if gold_amounts == got_amounts:
            report.amounts_exact += 1
        if gold_amounts or got_amounts:
            report.amounts_with += 1
            if gold_amounts == got_amounts:
                report.amounts_with_exact += 1
            else:
                report.errors.append(
                    {
                        **base,
                        "kind": "amounts",
                        "error": "wrong",
                        "gold": sorted(gold_amounts.elements(), key=str),
                        "predicted": sorted(got_amounts.elements(), key=str),
                    }
                )
        pain = next((m for m in mentions if m.kind == "pain"), None)
        if record.get("pain") and record.get("intensity") in INTENSITIES and pain is not None:
            intensity_pairs.append((record["intensity"], pain.extra.get("intensity", "real")))
    if intensity_pairs:
        report.intensity_macro_f1 = _macro_f1(intensity_pairs)
        report.intensity_count = len(intensity_pairs)
    return report


def evaluate_file(extractor: Extracts, path: str | Path) -> Report:
    """`evaluate` on a JSON Lines file (what `cie eval` runs)."""
    return evaluate(extractor, load_records(path))


# the keyword baseline -----------------------------------------------------------------------

# What a call recorder's keyword tracker ships: a fixed list per topic, matched anywhere.
BASELINE_PAIN = (
    "problem",
    "issue",
    "pain",
    "struggle",
    "struggling",
    "frustrating",
    "frustrated",
    "nightmare",
    "headache",
    "challenge",
    "difficult",
    "manual",
    "slow",
    "error",
    "mistake",
    "broken",
    "waste",
    "bottleneck",
    "hard to",
    "takes forever",
)
BASELINE_PRICING = (
    "price",
    "pricing",
    "cost",
    "budget",
    "discount",
    "expensive",
    "cheap",
    "quote",
    "contract",
    "renewal",
    "per seat",
    "per user",
    "license",
    "roi",
    "$",
    "dollars",
    "fee",
)
_BASELINE_AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)\s?([kKmM])?\b")


class KeywordBaseline:
    """A keyword tracker: pain or pricing when any listed word appears; dollar figures only."""

    version = "keyword-baseline"

    def __init__(self) -> None:
        self.pain = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(k) for k in BASELINE_PAIN) + r")", re.I
        )
        self.pricing = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(k) for k in BASELINE_PRICING) + r")|\$", re.I
        )

    def extract(
        self,
        texts: list[str],
        sides: list[str],
        vectors: Any = None,
        contexts: list[dict[str, Any] | None] | None = None,
    ) -> list[list[Mention]]:
        results = []
        for text in texts:
            mentions = []
            for kind, pattern in (("pain", self.pain), ("pricing", self.pricing)):
                m = pattern.search(text)
                if m:
                    mentions.append(Mention(kind, m.group(0), m.start(), m.end(), None, 1.0))
            for m in _BASELINE_AMOUNT.finditer(text):
                scale = {"k": 1e3, "m": 1e6}.get((m.group(2) or "").lower(), 1)
                value = float(m.group(1).replace(",", "")) * scale
                mentions.append(
                    Mention(
                        "amount",
                        m.group(0),
                        m.start(),
                        m.end(),
                        {"value": value, "currency": "USD", "period": None},
                    )
                )
            results.append(mentions)
        return results
