"""Extraction with spaCy: pain, pricing, money amounts, competitors, tech, triggers and go-live
statements in an utterance, each a `Mention` with its span, value and confidence.

The pipeline is spaCy's tokenizer and sentencizer plus registered components; their patterns and
term lists are files in models/extract/, and the extractor's version is a hash of those files,
so changing a pattern re-tags history (`cie reextract`). The speaker's side is an input: a
seller pitching or recapping pain is not pain."""

from __future__ import annotations

import calendar
import hashlib
import re
import tomllib
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .amounts import find_amounts
from .types import Mention

MODELS_DIR = Path(__file__).resolve().parent.parent / "models" / "extract"
CODE_VERSION = "1"  # bump when the code's reading of the model files changes


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile(
        r"(?<![\w'])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w])", re.IGNORECASE
    )


class Rules:
    """The cue lists of models/extract/cues.toml, compiled once."""

    def __init__(self, models_dir: Path):
        data = tomllib.loads((models_dir / "cues.toml").read_text(encoding="utf-8"))
        self.pain_explicit = _compile(data["pain"]["explicit"])
        self.pain_implicit = _compile(data["pain"]["implicit"])
        block = data["block"]
        self.negation = _compile(block["negation"])
        self.resolved = _compile(block["resolved"])
        self.current = _compile(block["current"])
        self.previous_employer = _compile(block["previous_employer"])
        self.hypothetical = _compile(block["hypothetical"])
        self.competitor = _compile(block["competitor"])
        self.idiom = _compile(block["idiom"])
        self.small_talk = _compile(block["small_talk"])
        self.generalising = _compile(block["generalising"])
        self.question_start = re.compile(block["question_start"], re.IGNORECASE)
        self.acute = _compile(data["intensity"]["acute"])
        self.mild = _compile(data["intensity"]["mild"])
        self.pricing = _compile(data["pricing"]["cues"])
        self.pricing_exclusions = _compile(data["pricing"]["exclusions"])
        self.objections = _compile(data["pricing"]["objections"])
        self.ttv = _compile(data["ttv"]["statements"])
        lists = tomllib.loads((models_dir / "lists.toml").read_text(encoding="utf-8"))
        self.competitors = lists["competitor"]["names"]
        self.tech = lists["tech"]["names"]
        self.triggers = {kind: _compile(p) for kind, p in lists["trigger"].items()}


def model_version(models_dir: Path = MODELS_DIR) -> str:
    digest = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(models_dir.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"x{CODE_VERSION}-{digest.hexdigest()[:10]}"


# spaCy components ----------------------------------------------------------------


@cache
def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    for name, default in (
        ("side", "buyer"),
        ("context", None),
        ("mentions", None),
        ("rules", None),
        ("pain_score", None),
        ("pricing_score", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

    @Language.factory("cie_amounts")
    def amounts_component(nlp: Language, name: str):
        def run(doc):
            for found in find_amounts(doc.text):
                _add(
                    doc,
                    Mention(
                        "amount",
                        doc.text[found.start : found.end],
                        found.start,
                        found.end,
                        found.amount.as_dict(),
                        1.0,
                    ),
                )
            return doc

        return run

    @Language.factory("cie_names", default_config={"kind": "competitor"})
    def names_component(nlp: Language, name: str, kind: str):
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        canonical: dict[str, str] = {}

        def run(doc):
            if not canonical:
                names = doc._.rules.competitors if kind == "competitor" else doc._.rules.tech
                for label in names:
                    canonical[label.lower()] = label
                    matcher.add(kind, [nlp.make_doc(label)])
            spans = sorted(matcher(doc, as_spans=True), key=lambda s: (s.start, -len(s)))
            taken: set[int] = set()
            for span in spans:
                if taken & set(range(span.start, span.end)):
                    continue
                taken |= set(range(span.start, span.end))
                _add(
                    doc,
                    Mention(
                        kind,
                        span.text,
                        span.start_char,
                        span.end_char,
                        canonical.get(span.text.lower(), span.text),
                        1.0,
                    ),
                )
            return doc

        return run

    @Language.factory("cie_triggers")
    def triggers_component(nlp: Language, name: str):
        def run(doc):
            for kind, pattern in doc._.rules.triggers.items():
                m = pattern.search(doc.text) if pattern else None
                if m and not doc._.rules.hypothetical.search(doc.text):
                    _add(
                        doc, Mention("trigger", m.group(0), m.start(), m.end(), {"kind": kind}, 0.8)
                    )
            return doc

        return run

    @Language.factory("cie_ttv")
    def ttv_component(nlp: Language, name: str):
        def run(doc):
            rules = doc._.rules
            for sent in doc.sents:
                m = rules.ttv.search(sent.text)
                if not m:
                    continue
                value = ttv_value(sent.text)
                start = sent.start_char + m.start()
                _add(
                    doc,
                    Mention(
                        "ttv",
                        sent.text.strip(),
                        sent.start_char,
                        sent.end_char,
                        value,
                        0.9 if value else 0.5,
                        {"cue": doc.text[start : sent.start_char + m.end()]},
                    ),
                )
            return doc

        return run

    @Language.factory("cie_pain")
    def pain_component(nlp: Language, name: str):
        def run(doc):
            found = pain_rule(doc, doc._.rules)
            score = doc._.pain_score
            if score is not None:
                is_pain = score >= 0.5
                confidence = score if is_pain else 1 - score
            else:
                is_pain, confidence = found is not None, 0.7
            if is_pain and doc._.side not in ("seller",):
                start, end = found if found else (0, len(doc.text))
                _add(
                    doc,
                    Mention(
                        "pain",
                        doc.text[start:end],
                        start,
                        end,
                        None,
                        confidence,
                        pain_details(doc, doc._.rules),
                    ),
                )
            return doc

        return run

    @Language.factory("cie_pricing")
    def pricing_component(nlp: Language, name: str):
        def run(doc):
            found = pricing_rule(doc, doc._.rules)
            score = doc._.pricing_score
            if score is not None:
                is_pricing = score >= 0.5
                confidence = score if is_pricing else 1 - score
            else:
                is_pricing, confidence = found is not None, 0.7
            if is_pricing:
                start, end = found if found else (0, len(doc.text))
                _add(doc, Mention("pricing", doc.text[start:end], start, end, None, confidence))
            return doc

        return run


def _add(doc: Any, mention: Mention) -> None:
    if doc._.mentions is None:
        doc._.mentions = []
    doc._.mentions.append(mention)


# rules ------------------------------------------------------------------------------


def _sentence_of(doc: Any, char: int) -> Any:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent
    return doc[:]


def _is_question(text: str, rules: Rules) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") and bool(
        rules.question_start.search(
            re.sub(
                r"^(?:and|but|so|okay|ok|right|um|uh|well),?\s+", "", stripped, flags=re.IGNORECASE
            )
        )
    )


AFFIRMATIVE = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|oh (?:yes|yeah|god yes|absolutely)|absolutely|definitely|"
    r"constantly|all the time|every (?:single )?(?:time|month|week|day|close)|totally|"
    r"(?:it )?(?:does|is|did),? (?:every|all|constantly)|unfortunately|sadly|big time)\b",
    re.IGNORECASE,
)


def pain_rule(doc: Any, rules: Rules) -> tuple[int, int] | None:
    """The span of the first clause that states current pain of the speaker's own org, or None."""
    if doc._.side == "seller":
        return None
    text = doc.text
    context = doc._.context or {}
    if (
        context.get("side") == "seller"
        and AFFIRMATIVE.match(text)
        and _is_question(context.get("text", ""), rules)
        and (
            rules.pain_explicit.search(context["text"])
            or rules.pain_implicit.search(context["text"])
        )
        and not rules.negation.search(text)
    ):
        return 0, len(text)
    for sent in doc.sents:
        s = sent.text
        cue = rules.pain_implicit.search(s) or rules.pain_explicit.search(s)
        if not cue:
            continue
        if _is_question(s, rules):
            continue
        if rules.negation.search(s) and not rules.pain_implicit.search(s):
            continue
        if rules.previous_employer.search(s) or rules.hypothetical.search(s):
            continue
        if rules.competitor.search(s) or rules.generalising.search(s):
            continue
        if rules.resolved.search(s) and not rules.current.search(s):
            continue
        cue_text = cue.group(0)
        idiom = rules.idiom.search(s)
        if idiom and (
            idiom.start() <= cue.start() < idiom.end() or not rules.pain_implicit.search(s)
        ):
            continue
        if rules.small_talk.search(s) and not rules.pain_implicit.search(s):
            continue
        if cue_text.lower() in (
            "late",
            "behind",
            "wrong",
            "lost",
            "lose",
            "losing",
            "miss",
            "missed",
            "missing",
            "can't",
            "cannot",
            "cant",
            "stress",
            "risk",
            "hate",
            "drag",
            "ages",
            "forever",
            "slow",
            "manual",
            "manually",
            "weekends",
            "weekend",
        ) and not _business(s):
            continue
        return sent.start_char, sent.end_char
    return None


BUSINESS = re.compile(
    r"\b(invoices?|vendors?|suppliers?|customers?|clients?|close|closing|books|ledger|payments?|"
    r"approvals?|audit\w*|reports?|reporting|team|staff|finance|accounting|erp|system|process|"
    r"orders?|shipments?|deals?|revenue|cash|month[- ]end|quarter|compliance|data|spreadsheets?|"
    r"excel|reconcil\w*|payroll|expenses?|budget|board|ceo|cfo|our|we|us)\b",
    re.IGNORECASE,
)


def _business(text: str) -> bool:
    return bool(BUSINESS.search(text))


QUANTITY = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|half)\s?(?:k\b|%|percent|hours?|hrs?|days?|weeks?|"
    r"months?|people|ftes?|full[- ]time|accountants|clerks|deals?|customers?|clients?|"
    r"invoices?|errors?|times)",
    re.IGNORECASE,
)


def pain_details(doc: Any, rules: Rules) -> dict[str, Any]:
    text = doc.text
    quantified = [m.group(0) for m in QUANTITY.finditer(text)]
    quantified += [m.text for m in (doc._.mentions or []) if m.kind == "amount"]
    if rules.acute.search(text) or (
        quantified
        and rules.pain_implicit.search(text)
        and re.search(r"\$|\d+\s?k\b|lost|late fee", text, re.I)
    ):
        intensity = "acute"
    elif rules.mild.search(text) and not quantified:
        intensity = "mild"
    else:
        intensity = "real"
    return {"intensity": intensity, "quantified": quantified}


STRONG_PRICING = re.compile(
    r"\b(price[sd]?|pricing|discount\w*|quote[sd]?|licen[cs]\w*|subscription|renewal|renew\w*|"
    r"per (?:seat|user|head|license)|roi|payback|pay ?back|payment terms|net[- ]?\d+|list price|"
    r"implementation fee|setup fee|expensive|steep|pricey|afford\w*|cheaper|tiers?|pilot|"
    r"budget\w*|sign[- ]off|approval|proposal|contract|overage|upfront|prepay\w*)\b",
    re.IGNORECASE,
)


def pricing_rule(doc: Any, rules: Rules) -> tuple[int, int] | None:
    """The span of the first sentence about the commercial side of this purchase, or None."""
    amounts = [m for m in (doc._.mentions or []) if m.kind == "amount"]
    for sent in doc.sents:
        s = sent.text
        if rules.objections.search(s):
            return sent.start_char, sent.end_char
        cue = rules.pricing.search(s)
        has_amount = any(sent.start_char <= m.start < sent.end_char for m in amounts)
        if not cue and not has_amount:
            continue
        strong = STRONG_PRICING.search(s)
        excluded = rules.pricing_exclusions.search(s)
        if excluded:
            if (
                strong
                and not re.search(
                    r"\b(revenue|arr|raised|funding|salar\w*|payroll|we charge|our (?:customers|"
                    r"clients) pay|valuation)\b",
                    s,
                    re.IGNORECASE,
                )
                and not re.search(
                    r"(?:events?|marketing|travel|operating|hiring|training|"
                    r"headcount|it|facilities|project) budget",
                    s,
                    re.IGNORECASE,
                )
            ):
                return sent.start_char, sent.end_char
            continue
        if strong or (has_amount and cue):
            return sent.start_char, sent.end_char
        if has_amount and re.search(
            r"\b(pay|paying|paid|cost|costs|spend|spending|charge)", s, re.IGNORECASE
        ):
            return sent.start_char, sent.end_char
    return None


# go-live statements -------------------------------------------------------------------

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
}
SMALL = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "couple of": 2,
    "few": 3,
}
UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?|(" + "|".join(ORDINALS) + r")"
_N = r"(\d+|" + "|".join(sorted(SMALL, key=len, reverse=True)) + r")"


def _day_number(digits: str | None, word: str | None) -> int | None:
    if digits:
        return int(digits)
    return ORDINALS.get(word.lower()) if word else None


def ttv_value(text: str) -> dict[str, Any] | None:
    """What a go-live statement says about when: an absolute date, a day of the month, a weekday,
    days after signing, or a duration."""
    low = text.lower()
    if re.search(
        r"\b(will|we'?ll|going to|hope|hoping|plan(?:ning)? to|aim(?:ing)? to|"
        r"should|would|want to|expect(?:ing)? to|target(?:ing)?)\b[^.]{0,30}\blive\b",
        low,
    ):
        return {"future": True}
    m = re.search(
        _N + r" (day|week|month)s? (?:after|from|of) (?:signing|we signed|the "
        r"contract|contract|close|closing|kick-?off|we closed|signature)",
        low,
    )
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else SMALL[m.group(1)]
        return {"after_close_days": n * UNIT_DAYS[m.group(2)]}
    months = "|".join(sorted(MONTHS, key=len, reverse=True))
    m = re.search(rf"\b({months})\.? (?:the )?(?:{_DAY})\b", low) or None
    if m:
        return {"month": MONTHS[m.group(1)], "day": _day_number(m.group(2), m.group(3))}
    m = re.search(rf"\b(?:the )?(?:{_DAY}) (?:of )?({months})\b", low)
    if m:
        return {"month": MONTHS[m.group(3)], "day": _day_number(m.group(1), m.group(2))}
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", low)
    if m:
        return {"date": f"{m.group(1)}-{m.group(2)}-{m.group(3)}"}
    weekdays = "|".join(WEEKDAYS)
    m = re.search(rf"\b(?:on |since |last |this )?({weekdays})\b", low)
    if m:
        return {"weekday": WEEKDAYS[m.group(1)]}
    m = re.search(rf"\b(?:on|since|from|as of) the (?:{_DAY})\b", low)
    if m:
        return {"day_of_month": _day_number(m.group(1), m.group(2))}
    if re.search(r"\byesterday\b", low):
        return {"days_ago": 1}
    if re.search(r"\btoday\b|\bthis morning\b", low):
        return {"days_ago": 0}
    m = re.search(r"\blast week\b", low)
    if m:
        return {"days_ago": 7}
    m = re.search(
        r"(?:in|within|after|took(?: us)?|under|about|just) (?:about |just |under "
        r"|only )?" + _N + r" (day|week|month)s?",
        low,
    )
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else SMALL[m.group(1)]
        return {"duration_days": n * UNIT_DAYS[m.group(2)]}
    return None


def resolve_ttv(value: dict[str, Any], said_on: date, closed_at: date | None) -> date | None:
    """The go-live date a statement means, read against the day it was said."""
    if not value or value.get("future"):
        return None
    if "date" in value:
        try:
            return date.fromisoformat(value["date"])
        except ValueError:
            return None
    if "after_close_days" in value:
        return closed_at + timedelta(days=value["after_close_days"]) if closed_at else None
    if "duration_days" in value:
        return closed_at + timedelta(days=value["duration_days"]) if closed_at else None
    if "days_ago" in value:
        return said_on - timedelta(days=value["days_ago"])
    if "weekday" in value:
        back = (said_on.weekday() - value["weekday"]) % 7
        return said_on - timedelta(days=back)
    if "month" in value and value.get("day"):
        year = said_on.year
        try:
            found = date(year, value["month"], value["day"])
            return found if found <= said_on else date(year - 1, value["month"], value["day"])
        except ValueError:
            return None
    if "day_of_month" in value:
        day = value["day_of_month"]
        candidate = said_on.replace(day=1)
        for _ in range(2):
            try:
                found = candidate.replace(day=day)
            except ValueError:
                found = None
            if found and found <= said_on:
                return found
            candidate = (candidate - timedelta(days=1)).replace(day=1)
        return None
    return None


# language ------------------------------------------------------------------------------

ENGLISH = set(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "it",
        "this",
        "that",
        "we",
        "you",
        "i",
        "they",
        "he",
        "she",
        "our",
        "your",
        "my",
        "not",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "so",
        "if",
        "just",
        "what",
        "about",
        "can",
        "will",
        "would",
        "there",
        "their",
        "them",
        "me",
        "us",
    ]
)


def is_english(text: str) -> bool:
    """A cheap check: enough common English words among the words of a longer utterance."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 4:
        return True
    share = sum(w in ENGLISH for w in words) / len(words)
    non_latin = sum(1 for c in text if c.isalpha() and ord(c) > 0x24F) / max(1, len(text))
    return share >= 0.12 and non_latin < 0.3


# the extractor ------------------------------------------------------------------------------


class Extractor:
    """The spaCy pipeline, optionally with trained pain and pricing classifiers on top."""

    def __init__(self, models_dir: Path = MODELS_DIR, rules_only: bool = False):
        import spacy

        _register()
        self.models_dir = models_dir
        self.rules = Rules(models_dir)
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("cie_amounts")
        self.nlp.add_pipe("cie_names", name="cie_competitors", config={"kind": "competitor"})
        self.nlp.add_pipe("cie_names", name="cie_tech", config={"kind": "tech"})
        self.nlp.add_pipe("cie_triggers")
        self.nlp.add_pipe("cie_ttv")
        self.nlp.add_pipe("cie_pain")
        self.nlp.add_pipe("cie_pricing")
        self.classifier = None if rules_only else Classifier.load(models_dir)
        self.version = model_version(models_dir) + ("-rules" if rules_only else "")
        self._embedder = None

    def _vectors(self, texts: list[str], vectors: np.ndarray | None) -> np.ndarray | None:
        if self.classifier is None:
            return None
        if vectors is not None and getattr(vectors, "shape", (0, 0))[1] == self.classifier.dim:
            return vectors
        if self._embedder is None:
            from .embed import load_embedder

            self._embedder = load_embedder(self.classifier.embedder_id)
        return self._embedder.encode(texts)

    def extract(
        self,
        texts: list[str],
        sides: list[str],
        vectors: np.ndarray | None = None,
        contexts: list[dict[str, str] | None] | None = None,
        embedder_id: str | None = None,
    ) -> list[list[Mention]]:
        if not texts:
            return []
        contexts = contexts or [None] * len(texts)
        if self.classifier is not None and embedder_id not in (None, self.classifier.embedder_id):
            vectors = None  # vectors from another encoder are no features for this classifier
        features = self._vectors(texts, vectors)
        results = []
        for i, text in enumerate(texts):
            doc = self.nlp.make_doc(text)
            doc._.side = sides[i]
            doc._.context = contexts[i]
            doc._.rules = self.rules
            doc._.mentions = []
            if features is not None:
                doc._.pain_score, doc._.pricing_score = self.classifier.scores(
                    features[i], text, sides[i], contexts[i], self.rules
                )
            for _, component in self.nlp.pipeline:
                doc = component(doc)
            results.append(doc._.mentions)
        return results

    def analyse_many(
        self, texts: list[str], sides: list[str], contexts: list[dict | None] | None = None
    ) -> list[dict[str, Any]]:
        """The `cie extract --json` objects, one per text."""
        found = self.extract(texts, sides, contexts=contexts)
        return [
            {
                "text": text,
                "side": side,
                "pain": any(m.kind == "pain" for m in mentions),
                "pricing": any(m.kind == "pricing" for m in mentions),
                "amounts": [m.value for m in mentions if m.kind == "amount"],
                "mentions": [m.as_dict() for m in mentions],
            }
            for text, side, mentions in zip(texts, sides, found, strict=True)
        ]

    def analyse(self, text: str, side: str = "buyer", context: dict | None = None):
        return self.analyse_many([text], [side], [context])[0]


class Classifier:
    """Logistic regressions over the sentence embedding plus rule features (see train.py)."""

    def __init__(self, data: dict[str, Any]):
        self.embedder_id = data["embedder_id"]
        self.dim = int(data["dim"])
        self.heads = {
            kind: (
                np.asarray(head["weights"], dtype=np.float32),
                float(head["bias"]),
                float(head["threshold"]),
            )
            for kind, head in data["heads"].items()
        }

    @classmethod
    def load(cls, models_dir: Path) -> Classifier | None:
        import json

        path = models_dir / "classifier.json"
        if not path.exists():
            return None
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, vector, text, side, context, rules) -> tuple[float, float]:
        from .features import rule_features

        x = np.concatenate(
            [np.asarray(vector, dtype=np.float32), rule_features(text, side, context, rules)]
        )
        out = []
        for kind in ("pain", "pricing"):
            weights, bias, threshold = self.heads[kind]
            p = 1 / (1 + np.exp(-(float(x @ weights) + bias)))
            # rescale so the tuned threshold sits at 0.5 for the component's decision
            out.append(
                0.5 * p / threshold
                if p < threshold
                else 0.5 + 0.5 * (p - threshold) / max(1e-6, 1 - threshold)
            )
        return out[0], out[1]


@cache
def _cached(models_dir: Path, rules_only: bool) -> Extractor:
    return Extractor(models_dir, rules_only)


def load_extractor(models_dir: Path | None = None, rules_only: bool = False) -> Extractor:
    return _cached(models_dir or MODELS_DIR, rules_only)
