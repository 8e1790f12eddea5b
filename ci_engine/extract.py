"""Extraction with spaCy: pain, pricing, money amounts, competitors, tech, triggers and go-live
statements in an utterance, each a `Mention` with its span, value and confidence.

The pipeline is `spacy.blank("en")`, a sentencizer and registered components. Amounts, names,
triggers and go-live statements are rules (they are exact); pain and pricing are decided by
logistic regressions over the sentence embedding plus rule features (`python -m
ci_engine.train`), or by the rules alone in the fast mode. Patterns, term lists and weights are
files in models/extract/, and the extractor's version is a hash of them, so changing any of
them re-tags history (`cie reextract`). The speaker's side is an input: a seller pitching or
recapping pain is not pain."""

from __future__ import annotations

import calendar
import hashlib
import json
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
CODE_VERSION = "5"  # bump when the code's reading of the model files changes
CLASSIFIER_FILE = "classifier.json"
NEIGHBOURS_FILE = "neighbours.npz"  # the labelled utterances' embeddings and labels (train.py)
NEIGHBOURS_K = 10
NEIGHBOUR_POWER = 4  # a neighbour's vote weighs its similarity to this power


def _compile(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile(
        r"(?<![\w'])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?![\w])", re.IGNORECASE
    )


class Rules:
    """The cue lists of models/extract/cues.toml and the names of lists.toml, compiled once."""

    def __init__(self, models_dir: Path):
        data = tomllib.loads((models_dir / "cues.toml").read_text(encoding="utf-8"))
        self.pain_explicit = _compile(data["pain"]["explicit"])
        self.pain_implicit = _compile(data["pain"]["implicit"])
        self.pain_weak = {w.lower() for w in data["pain"]["needs_business"]}
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
        self.praise = _compile(block["praise"])
        self.neutral = _compile(block["neutral"])
        self.question_start = re.compile(block["question_start"], re.IGNORECASE)
        self.affirmative = re.compile(block["affirmative"], re.IGNORECASE)
        self.denial = re.compile(block["denial"], re.IGNORECASE)
        self.business = _compile(block["business"])
        self.acute = _compile(data["intensity"]["acute"])
        self.mild = _compile(data["intensity"]["mild"])
        self.quantity = re.compile(data["intensity"]["quantity"], re.IGNORECASE)
        pricing = data["pricing"]
        self.pricing = _compile(pricing["cues"])
        self.pricing_strong = _compile(pricing["strong"])
        self.pricing_exclusions = _compile(pricing["exclusions"])
        self.pricing_stock = _compile(pricing["stock"])
        self.other_budget = _compile(pricing["other_budget"])
        self.objections = _compile(pricing["objections"])
        self.paying = _compile(pricing["paying"])
        self.own_prices = _compile(pricing["own_prices"])
        self.running_cost = _compile(pricing["running_cost"])
        self.comparison = _compile(pricing["comparison"])
        self.ttv = _compile(data["ttv"]["statements"])
        lists = tomllib.loads((models_dir / "lists.toml").read_text(encoding="utf-8"))
        self.competitors: list[str] = lists["competitor"]["names"]
        self.tech: list[str] = lists["tech"]["names"]
        self.triggers = {kind: _compile(p) for kind, p in lists["trigger"].items()}
        self.competitor_names = _compile(
            [re.escape(name) for name in sorted(self.competitors, key=len, reverse=True)]
        )


@cache
def load_rules(models_dir: Path = MODELS_DIR) -> Rules:
    return Rules(models_dir)


def model_version(models_dir: Path = MODELS_DIR) -> str:
    """A hash of every model file: a changed pattern, list or weight is a new version."""
    digest = hashlib.sha256(CODE_VERSION.encode())
    for path in sorted(models_dir.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return f"x{CODE_VERSION}-{digest.hexdigest()[:10]}"


# rules ------------------------------------------------------------------------------------


class Sentence:
    """A sentence's text and character offsets, read once from spaCy's sentence boundaries."""

    __slots__ = ("end_char", "start_char", "text")

    def __init__(self, text: str, start_char: int, end_char: int):
        self.text, self.start_char, self.end_char = text, start_char, end_char


def sentences(doc: Any) -> list[Sentence]:
    """The doc's sentences, cached on the doc (spaCy's `doc.sents` walks every token)."""
    cached = doc.user_data.get("cie_sentences")
    if cached is None:
        text = text_of(doc)
        starts = [t.idx for t in doc if t.is_sent_start] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        bounds = [*starts[1:], len(text)]
        cached = [
            Sentence(text[a:b].rstrip(), a, a + len(text[a:b].rstrip()))
            for a, b in zip(starts, bounds, strict=True)
        ]
        doc.user_data["cie_sentences"] = cached
    return cached


def text_of(doc: Any) -> str:
    """The doc's text, cached (spaCy's `doc.text` joins every token on each call)."""
    cached = doc.user_data.get("cie_text")
    if cached is None:
        cached = doc.user_data["cie_text"] = doc.text
    return cached


def _once(doc: Any, key: str, compute: Any) -> Any:
    if key not in doc.user_data:
        doc.user_data[key] = compute()
    return doc.user_data[key]


def _strip_fillers(text: str) -> str:
    return re.sub(
        r"^(?:(?:and|but|so|okay|ok|right|um+|uh+|well|also|now|just|sorry|oh|hmm+|"
        r"quick question|out of curiosity|curious),?\s+)+",
        "",
        text.strip(),
        flags=re.IGNORECASE,
    )


def is_question(text: str, rules: Rules) -> bool:
    """A question by its form: a question mark, or an auxiliary or wh-word leading the clause."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    return bool(rules.question_start.match(_strip_fillers(stripped))) and not re.search(
        r"[.!]\s*$", stripped
    )


def _context_turn(context: dict[str, Any] | None) -> tuple[str, str]:
    if not context:
        return "", ""
    return str(context.get("text") or ""), str(context.get("side") or "")


def answers_pain_question(text: str, context: dict[str, Any] | None, rules: Rules) -> bool:
    """ "Yes, every month." answering a seller's question about a pain."""
    previous, side = _context_turn(context)
    if not previous or side == "buyer" or not is_question(previous, rules):
        return False
    if not _has_cue(previous, "pain", rules):
        return False
    return bool(rules.affirmative.match(text)) and not rules.denial.match(text)


def _weak_cue(cue: str, rules: Rules) -> bool:
    return cue.lower() in rules.pain_weak


def pain_rule(doc: Any, rules: Rules) -> tuple[int, int] | None:
    """The span of the first clause that states current pain of the speaker's own organisation,
    by the cue lists alone; None when no clause does."""
    if doc._.side == "seller":
        return None
    text = text_of(doc)
    if answers_pain_question(text, doc._.context, rules):
        return 0, len(text)
    for sent in sentences(doc):
        s = sent.text
        implicit = rules.pain_implicit.search(s)
        cue = implicit or rules.pain_explicit.search(s)
        if not cue or is_question(s, rules):
            continue
        if rules.negation.search(s) and not implicit:
            continue
        if rules.previous_employer.search(s) or rules.hypothetical.search(s):
            continue
        if rules.competitor.search(s) or rules.generalising.search(s):
            continue
        if rules.resolved.search(s) and not rules.current.search(s):
            continue
        idiom = rules.idiom.search(s)
        if idiom and (idiom.start() <= cue.start() < idiom.end() or not implicit):
            continue
        if rules.neutral.search(s):
            continue
        if (rules.small_talk.search(s) or rules.praise.search(s)) and not implicit:
            continue
        if not implicit and _weak_cue(cue.group(0), rules) and not rules.business.search(s):
            continue
        return sent.start_char, sent.end_char
    return None


def pricing_rule(doc: Any, rules: Rules) -> tuple[int, int] | None:
    """The span of the first sentence about the commercial side of this purchase, by the cue
    lists alone; None when no sentence is."""
    amounts = [m for m in doc._.mentions if m.kind == "amount"]
    for sent in sentences(doc):
        s = sent.text
        if rules.objections.search(s):
            return sent.start_char, sent.end_char
        cue = rules.pricing.search(s)
        strong = rules.pricing_strong.search(s)
        has_amount = any(sent.start_char <= m.start < sent.end_char for m in amounts)
        if not cue and not strong and not has_amount:
            continue
        if rules.own_prices.search(s):
            continue
        if rules.running_cost.search(s) and not rules.comparison.search(s):
            continue
        if rules.pricing_exclusions.search(s) or rules.other_budget.search(s):
            if strong and not rules.pricing_stock.search(s) and not rules.other_budget.search(s):
                return sent.start_char, sent.end_char
            continue
        if strong or (has_amount and (cue or rules.paying.search(s))):
            return sent.start_char, sent.end_char
    return None


BARE_WORDS = 8  # an utterance this short with no cue of a kind says only what it answers
CONTEXT_WORDS = 12  # the classifiers read the previous turn only for answers this short


def _has_cue(text: str, kind: str, rules: Rules) -> bool:
    """A cue word of the kind in the text (amounts are checked by the caller)."""
    if kind == "pricing":
        return bool(
            rules.pricing.search(text)
            or rules.pricing_strong.search(text)
            or rules.objections.search(text)
        )
    return bool(rules.pain_explicit.search(text) or rules.pain_implicit.search(text))


def answers_only(doc: Any, kind: str, rules: Rules) -> bool:
    """A bare answer ("Sure, go ahead.", "Yeah, every week.") that cannot be pain or pricing on
    its own: short, no cue of the kind, and no context that gives it one (for pain, no context
    at all: discovery questions name the problem in too many ways for cue lists)."""
    text = text_of(doc)
    if len(text.split()) > BARE_WORDS or _has_cue(text, kind, rules):
        return False
    if kind == "pricing" and any(m.kind == "amount" for m in doc._.mentions):
        return False
    previous, _ = _context_turn(doc._.context)
    if not previous:
        return True
    return kind == "pricing" and not (_has_cue(previous, kind, rules) or find_amounts(previous))


def set_scores(doc: Any, pain: float, pricing: float, rules: Rules) -> None:
    """The classifiers' scores on the doc; a bare answer's are halved, below the bar."""
    for kind, score in (("pain", pain), ("pricing", pricing)):
        if answers_only(doc, kind, rules):
            score *= 0.5
        setattr(doc._, f"{kind}_score", score)


def pain_details(doc: Any, rules: Rules) -> dict[str, Any]:
    """Intensity (mild, real, acute) and the quantities attached to the pain."""
    text = text_of(doc)
    quantified = [m.group(0) for m in rules.quantity.finditer(text)]
    quantified += [m.text for m in doc._.mentions if m.kind == "amount"]
    if rules.acute.search(text):
        intensity = "acute"
    elif rules.mild.search(text) and not quantified:
        intensity = "mild"
    else:
        intensity = "real"
    return {"intensity": intensity, "quantified": quantified}


# features for the classifiers -------------------------------------------------------------

FEATURES = (
    "seller",
    "note",
    "question",
    "all_questions",
    "negation",
    "resolved",
    "current",
    "resolved_not_current",
    "previous_employer",
    "hypothetical",
    "competitor_pain",
    "idiom",
    "small_talk",
    "praise",
    "neutral",
    "generalising",
    "pain_explicit",
    "pain_implicit",
    "pain_rule",
    "business",
    "first_person",
    "second_person",
    "quantity",
    "pricing_cue",
    "pricing_strong",
    "pricing_exclusion",
    "pricing_stock",
    "other_budget",
    "objection",
    "paying",
    "pricing_rule",
    "own_prices",
    "running_cost",
    "comparison",
    "competitor_name",
    "future",
    "past",
    "amount",
    "amounts",
    "context",
    "context_question",
    "context_pain",
    "context_pricing",
    "affirmative",
    "denial",
    "affirms_pain",
    "affirms_pricing",
    "short",
    "length",
)
FUTURE_TENSE = re.compile(
    r"\b(?:will|won't|we'll|it'll|going to|gonna|would|might|could end up|next (?:year|quarter))\b",
    re.IGNORECASE,
)
PAST_TENSE = re.compile(
    r"\b(?:was|were|had|used to|last (?:year|quarter|month|week)|ago|back then|before)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:we|we're|we've|our|us|i|i'm|i've|my|me)\b", re.IGNORECASE)
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yours)\b", re.IGNORECASE)


def reads_context(text: str, context: dict[str, Any] | None) -> bool:
    """Whether the classifiers read the previous turn: only a short answer is read with it, as
    ingest gives every utterance one and a longer utterance speaks for itself."""
    return len(text.split()) <= CONTEXT_WORDS and bool(_context_turn(context)[0])


def context_vectors(
    texts: list[str],
    contexts: list[dict[str, Any] | None],
    encode: Any,
    known: list[np.ndarray | None] | None = None,
    dim: int = 0,
) -> np.ndarray:
    """The classifiers' view of each previous turn: its embedding for a short answer (from
    `known` where the caller has it, else `encode`d), zeros for every other utterance."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    need = [i for i, (t, c) in enumerate(zip(texts, contexts, strict=True)) if reads_context(t, c)]
    missing = [i for i in need if known is None or known[i] is None]
    if missing:
        out[missing] = encode([_context_turn(contexts[i])[0] for i in missing])
    for i in need:
        if known is not None and known[i] is not None:
            out[i] = known[i]
    return out


def rule_features(doc: Any, rules: Rules) -> np.ndarray:
    """The rule cues of EXTRACTION.md as numbers, in the order of FEATURES."""
    text = text_of(doc)
    side = doc._.side
    sents = [s.text for s in sentences(doc) if s.text.strip()] or [text]
    questions = [is_question(s, rules) for s in sents]
    amounts = sum(1 for m in doc._.mentions if m.kind == "amount")
    words = len(text.split())
    previous, previous_side = _context_turn(
        doc._.context if reads_context(text, doc._.context) else None
    )
    has = {
        "negation": rules.negation.search(text),
        "resolved": rules.resolved.search(text),
        "current": rules.current.search(text),
    }
    context_question = bool(previous) and previous_side != "buyer" and is_question(previous, rules)
    context_pain = bool(previous) and _has_cue(previous, "pain", rules)
    context_pricing = bool(previous) and bool(
        rules.pricing.search(previous) or rules.objections.search(previous)
    )
    affirmative = bool(rules.affirmative.match(text)) and not rules.denial.match(text)
    values = {
        "seller": side == "seller",
        "note": side == "note",
        "question": questions[-1],
        "all_questions": all(questions),
        "negation": has["negation"],
        "resolved": has["resolved"],
        "current": has["current"],
        "resolved_not_current": has["resolved"] and not has["current"],
        "previous_employer": rules.previous_employer.search(text),
        "hypothetical": rules.hypothetical.search(text),
        "competitor_pain": rules.competitor.search(text),
        "idiom": rules.idiom.search(text),
        "small_talk": rules.small_talk.search(text),
        "praise": rules.praise.search(text),
        "neutral": rules.neutral.search(text),
        "generalising": rules.generalising.search(text),
        "pain_explicit": rules.pain_explicit.search(text),
        "pain_implicit": rules.pain_implicit.search(text),
        "pain_rule": _once(doc, "cie_pain_rule", lambda: pain_rule(doc, rules)) is not None,
        "business": rules.business.search(text),
        "first_person": FIRST_PERSON.search(text),
        "second_person": SECOND_PERSON.search(text),
        "quantity": rules.quantity.search(text),
        "pricing_cue": rules.pricing.search(text),
        "pricing_strong": rules.pricing_strong.search(text),
        "pricing_exclusion": rules.pricing_exclusions.search(text),
        "pricing_stock": rules.pricing_stock.search(text),
        "other_budget": rules.other_budget.search(text),
        "objection": rules.objections.search(text),
        "paying": rules.paying.search(text),
        "pricing_rule": _once(doc, "cie_pricing_rule", lambda: pricing_rule(doc, rules))
        is not None,
        "own_prices": rules.own_prices.search(text),
        "running_cost": rules.running_cost.search(text),
        "comparison": rules.comparison.search(text),
        "competitor_name": rules.competitor_names.search(text),
        "future": FUTURE_TENSE.search(text),
        "past": PAST_TENSE.search(text),
        "amount": amounts > 0,
        "amounts": min(amounts, 4) / 4,
        "context": bool(previous),
        "context_question": context_question,
        "context_pain": context_pain,
        "context_pricing": context_pricing,
        "affirmative": affirmative,
        "denial": bool(rules.denial.match(text)),
        "affirms_pain": affirmative and context_question and context_pain,
        "affirms_pricing": affirmative and context_question and context_pricing,
        "short": words <= 6,
        "length": min(words, 80) / 80,
    }
    return np.array(
        [
            float(bool(values[f])) if f not in ("amounts", "length") else float(values[f])
            for f in FEATURES
        ],
        dtype=np.float32,
    )


def neighbour_vote(
    query: np.ndarray,
    query_seller: np.ndarray,
    bank: np.ndarray,
    bank_seller: np.ndarray,
    labels: np.ndarray,
    k: int = NEIGHBOURS_K,
    power: int = NEIGHBOUR_POWER,
) -> np.ndarray:
    """For each query vector, the similarity-weighted share of each label among its k nearest
    labelled utterances on the same side of the call (seller, or buyer and note): `labels` is
    (bank, kinds), the result (query, kinds)."""
    out = np.zeros((len(query), labels.shape[1]), dtype=np.float32)
    k = min(k, len(bank) - 1)
    if k < 1 or not len(query):
        return out
    bank = np.asarray(bank, dtype=np.float32)
    query = np.asarray(query, dtype=np.float32)
    query = query / np.maximum(np.linalg.norm(query, axis=1, keepdims=True), 1e-9)
    for lo in range(0, len(query), 1024):
        sims = query[lo : lo + 1024] @ bank.T
        sims = np.where(query_seller[lo : lo + 1024, None] == bank_seller[None, :], sims, -1.0)
        nearest = np.argpartition(-sims, k, axis=1)[:, :k]
        weights = np.take_along_axis(sims, nearest, axis=1).clip(0) ** power
        votes = (weights[:, :, None] * labels[nearest]).sum(axis=1)
        out[lo : lo + 1024] = votes / np.maximum(weights.sum(axis=1), 1e-9)[:, None]
    return out


def blend(probability: np.ndarray, vote: np.ndarray, share: float) -> np.ndarray:
    """The regression's probability with the neighbours' vote taking `share` of it (train.py
    chooses the share with the same function)."""
    return (1 - share) * probability + share * vote


def _score(docs: list[Any], x: np.ndarray, classifier: Classifier, rules: Rules) -> None:
    """The classifiers' scores and intensity on each doc, from its row of x: [vector, rule
    features, previous turn's vector]."""
    votes = classifier.votes(x)
    pain = classifier.scores("pain", x, votes)
    pricing = classifier.scores("pricing", x, votes)
    intensity = classifier.intensities(x)
    for i, doc in enumerate(docs):
        set_scores(doc, float(pain[i]), float(pricing[i]), rules)
        doc._.intensity = intensity[i] if intensity else None


class Classifier:
    """Logistic regressions over [sentence embedding, rule features, embedding of the previous
    turn for a short answer], blended with a vote of the nearest labelled utterances (trained by
    train.py): one head per decision, each with the blend and threshold chosen by train.py on
    held-out pools."""

    def __init__(self, data: dict[str, Any]):
        self.embedder_id: str = data["embedder_id"]
        self.dim = int(data["dim"])
        self.features: list[str] = list(data["features"])
        if tuple(self.features) != FEATURES or not data.get("context_vector"):
            raise ValueError(
                "the classifier was trained on other features; run: python -m ci_engine.train"
            )
        self.heads = {
            kind: (
                np.asarray(head["weights"], dtype=np.float32),
                float(head["bias"]),
                float(head["threshold"]),
            )
            for kind, head in data["heads"].items()
        }
        # a lower bar where the rules already flag the utterance (train.py, on held-out pools)
        self.rule_thresholds = {
            kind: float(head.get("rule_threshold", head["threshold"]))
            for kind, head in data["heads"].items()
        }
        self.intensity = data.get("intensity")
        # the regression's probability blends with the nearest labelled utterances' vote
        self.neighbour_weights = {
            kind: float(head.get("neighbour_weight", 0.0)) for kind, head in data["heads"].items()
        }
        self.bank: dict[str, np.ndarray] | None = None

    @classmethod
    def load(cls, models_dir: Path) -> Classifier | None:
        path = models_dir / CLASSIFIER_FILE
        if not path.exists():
            return None
        classifier = cls(json.loads(path.read_text(encoding="utf-8")))
        bank = models_dir / NEIGHBOURS_FILE
        if any(classifier.neighbour_weights.values()):
            if not bank.exists():
                raise ValueError(f"{bank} is missing; run: python -m ci_engine.train")
            with np.load(bank) as found:
                classifier.bank = {name: found[name] for name in found.files}
            for name in ("vectors", "labels"):
                classifier.bank[name] = classifier.bank[name].astype(np.float32)
        return classifier

    def votes(self, x: np.ndarray) -> np.ndarray | None:
        """The nearest labelled utterances' vote on each kind (columns in the bank's order)."""
        if self.bank is None:
            return None
        return neighbour_vote(
            x[:, : self.dim],
            x[:, self.dim + FEATURES.index("seller")] > 0,
            self.bank["vectors"],
            self.bank["seller"],
            self.bank["labels"],
        )

    def probabilities(
        self, kind: str, x: np.ndarray, votes: np.ndarray | None = None
    ) -> np.ndarray:
        """The regression's probability, blended with the neighbours' vote (`votes` from
        votes(x), computed here when not given)."""
        weights, bias, _ = self.heads[kind]
        p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
        share = self.neighbour_weights[kind]
        if not share or self.bank is None:
            return p
        votes = self.votes(x) if votes is None else votes
        assert votes is not None
        return blend(p, votes[:, list(self.bank["kinds"]).index(kind)], share)

    def scores(self, kind: str, x: np.ndarray, votes: np.ndarray | None = None) -> np.ndarray:
        """Probabilities rescaled so that the tuned threshold sits at 0.5; the threshold is the
        lower rule threshold where the kind's rule fired."""
        _, _, plain = self.heads[kind]
        rule = x[:, self.dim + FEATURES.index(f"{kind}_rule")] > 0
        threshold = np.where(rule, self.rule_thresholds[kind], plain)
        p = self.probabilities(kind, x, votes)
        low = 0.5 * p / np.maximum(threshold, 1e-6)
        high = 0.5 + 0.5 * (p - threshold) / np.maximum(1e-6, 1 - threshold)
        return np.where(p < threshold, low, high)

    def intensities(self, x: np.ndarray) -> list[str] | None:
        if not self.intensity:
            return None
        weights = np.asarray(self.intensity["weights"], dtype=np.float32)
        bias = np.asarray(self.intensity["bias"], dtype=np.float32)
        labels = self.intensity["labels"]
        return [labels[i] for i in np.argmax(x @ weights.T + bias, axis=1)]


@cache
def load_classifier(models_dir: Path = MODELS_DIR) -> Classifier | None:
    return Classifier.load(models_dir)


# spaCy components -----------------------------------------------------------------------


def _add(doc: Any, mention: Mention) -> None:
    doc._.mentions.append(mention)


@cache
def _register() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    for name, default in (
        ("side", "buyer"),
        ("context", None),
        ("mentions", None),
        ("vector", None),
        ("features", None),
        ("pain_score", None),
        ("pricing_score", None),
        ("intensity", None),
        ("english", True),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

    def _start(doc: Any) -> None:
        if doc._.mentions is None:
            doc._.mentions = []

    @Language.factory("cie_amounts")
    def amounts_component(nlp: Language, name: str) -> Any:
        def run(doc: Any) -> Any:
            _start(doc)
            for found in find_amounts(text_of(doc)):
                value = found.amount.as_dict()
                _add(
                    doc,
                    Mention(
                        "amount",
                        text_of(doc)[found.start : found.end],
                        found.start,
                        found.end,
                        value,
                        1.0,
                    ),
                )
            return doc

        return run

    @Language.factory("cie_names", default_config={"kind": "competitor", "models_dir": ""})
    def names_component(nlp: Language, name: str, kind: str, models_dir: str) -> Any:
        from spacy.matcher import PhraseMatcher

        rules = load_rules(Path(models_dir) if models_dir else MODELS_DIR)
        names = rules.competitors if kind == "competitor" else rules.tech
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        canonical = {label.lower(): label for label in names}
        for label in names:
            matcher.add(kind, [nlp.make_doc(label)])

        def run(doc: Any) -> Any:
            _start(doc)
            spans = sorted(matcher(doc, as_spans=True), key=lambda s: (s.start, -len(s)))
            taken: set[int] = set()
            for span in spans:
                if taken & set(range(span.start, span.end)):
                    continue
                taken |= set(range(span.start, span.end))
                label = canonical.get(span.text.lower(), span.text)
                _add(doc, Mention(kind, span.text, span.start_char, span.end_char, label, 1.0))
            return doc

        return run

    @Language.factory("cie_triggers", default_config={"models_dir": ""})
    def triggers_component(nlp: Language, name: str, models_dir: str) -> Any:
        rules = load_rules(Path(models_dir) if models_dir else MODELS_DIR)

        def run(doc: Any) -> Any:
            _start(doc)
            for sent in sentences(doc):
                s = sent.text
                if rules.hypothetical.search(s) or is_question(s, rules):
                    continue
                for kind, pattern in rules.triggers.items():
                    m = pattern.search(s)
                    if m:
                        start = sent.start_char + m.start()
                        _add(
                            doc,
                            Mention(
                                "trigger", m.group(0), start, sent.start_char + m.end(), kind, 0.8
                            ),
                        )
            return doc

        return run

    @Language.factory("cie_ttv", default_config={"models_dir": ""})
    def ttv_component(nlp: Language, name: str, models_dir: str) -> Any:
        rules = load_rules(Path(models_dir) if models_dir else MODELS_DIR)

        def run(doc: Any) -> Any:
            _start(doc)
            for sent in sentences(doc):
                m = rules.ttv.search(sent.text)
                if not m or is_question(sent.text, rules):
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
                        {"cue": text_of(doc)[start : sent.start_char + m.end()]},
                    ),
                )
            return doc

        return run

    @Language.factory("cie_classify", default_config={"models_dir": "", "enabled": True})
    def classify_component(nlp: Language, name: str, models_dir: str, enabled: bool) -> Any:
        """Scores pain and pricing from doc._.vector (computed when the caller gave none)."""
        folder = Path(models_dir) if models_dir else MODELS_DIR
        rules = load_rules(folder)
        classifier = load_classifier(folder) if enabled else None

        def run(doc: Any) -> Any:
            _start(doc)
            doc._.features = rule_features(doc, rules)
            if classifier is None or doc._.pain_score is not None:
                return doc
            from .embed import load_embedder

            encode = _embedder(classifier.embedder_id, load_embedder).encode
            if doc._.vector is None:
                doc._.vector = encode([text_of(doc)])[0]
            previous = context_vectors([text_of(doc)], [doc._.context], encode, dim=classifier.dim)
            x = np.concatenate(
                [np.asarray(doc._.vector, dtype=np.float32), doc._.features, previous[0]]
            )
            _score([doc], x[None], classifier, rules)
            return doc

        return run

    @Language.factory("cie_pain", default_config={"models_dir": ""})
    def pain_component(nlp: Language, name: str, models_dir: str) -> Any:
        rules = load_rules(Path(models_dir) if models_dir else MODELS_DIR)

        def run(doc: Any) -> Any:
            _start(doc)
            if doc._.side == "seller":
                return doc  # pain counts only when the sufferer says it
            found = _once(doc, "cie_pain_rule", lambda: pain_rule(doc, rules))
            score = doc._.pain_score
            if score is not None:
                is_pain, confidence = score >= 0.5, score
            else:
                is_pain, confidence = found is not None, 0.7
            if not is_pain:
                return doc
            start, end = found if found else (0, len(text_of(doc)))
            details = pain_details(doc, rules)
            if doc._.intensity:  # the classifier's, unless a mild cue plays it down
                text = text_of(doc)
                mild = rules.mild.search(text) and not rules.acute.search(text)
                details["intensity"] = "mild" if mild else doc._.intensity
            _add(
                doc,
                Mention(
                    "pain", text_of(doc)[start:end].strip(), start, end, None, confidence, details
                ),
            )
            return doc

        return run

    @Language.factory("cie_pricing", default_config={"models_dir": ""})
    def pricing_component(nlp: Language, name: str, models_dir: str) -> Any:
        rules = load_rules(Path(models_dir) if models_dir else MODELS_DIR)

        def run(doc: Any) -> Any:
            _start(doc)
            found = _once(doc, "cie_pricing_rule", lambda: pricing_rule(doc, rules))
            score = doc._.pricing_score
            if score is not None:
                is_pricing, confidence = score >= 0.5, score
            else:
                is_pricing, confidence = found is not None, 0.7
            if is_pricing:
                start, end = found if found else (0, len(text_of(doc)))
                _add(
                    doc,
                    Mention(
                        "pricing", text_of(doc)[start:end].strip(), start, end, None, confidence
                    ),
                )
            return doc

        return run


_EMBEDDERS: dict[str, Any] = {}


def _embedder(embedder_id: str, loader: Any) -> Any:
    if embedder_id not in _EMBEDDERS:
        _EMBEDDERS[embedder_id] = loader(embedder_id)
    return _EMBEDDERS[embedder_id]


# go-live statements -------------------------------------------------------------------------

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS = {word: i + 1 for i, word in enumerate(_ORDINAL_WORDS.split())}
ORDINALS.update(
    {
        "twenty-first": 21,
        "twenty-second": 22,
        "twenty-third": 23,
        "twenty-fourth": 24,
        "twenty-fifth": 25,
        "thirtieth": 30,
        "thirty-first": 31,
    }
)
SMALL = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
    "sixty": 60, "ninety": 90, "a couple of": 2, "couple of": 2, "a few": 3, "few": 3,
}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?|(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
_N = r"(\d+|" + "|".join(sorted(SMALL, key=len, reverse=True)) + r")"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
FUTURE = re.compile(
    r"\b(will|we'?ll|going to|gonna|hope|hoping|plan(?:ning)? to|aim(?:ing)? to|should|"
    r"would|want to|expect(?:ing)? to|target(?:ing)?|scheduled to|supposed to)\b[^.]{0,30}"
    r"\b(?:live|launch|production|running)\b"
)


def _day_number(digits: str | None, word: str | None) -> int | None:
    if digits:
        return int(digits)
    return ORDINALS.get(word.lower()) if word else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else SMALL[word]


def ttv_value(text: str) -> dict[str, Any] | None:
    """When a go-live statement says it happened: {"date"}, {"month", "day"},
    {"day_of_month"}, {"weekday", "since"}, {"after_close_days"}, {"duration_days"},
    {"days_ago"}; {"future": True} for a plan; None when it names no time."""
    low = text.lower()
    if FUTURE.search(low):
        return {"future": True}
    m = re.search(
        _N + r" (day|week|month)s? (?:after|from|of|post)[- ](?:signing|we signed|(?:the )?"
        r"contract|(?:the )?close|closing|kick-?off|we closed|signature|the deal|we bought)",
        low,
    )
    if m:
        return {"after_close_days": _count(m.group(1)) * UNIT_DAYS[m.group(2)]}
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", low)
    if m:
        return {"date": f"{m.group(1)}-{m.group(2)}-{m.group(3)}"}
    m = re.search(rf"\b({_MONTH})\.? (?:the )?(?:{_DAY})\b(?:,? (\d{{4}}))?", low)
    if m:
        month, day = MONTHS[m.group(1)], _day_number(m.group(2), m.group(3))
        if m.group(4) and day:
            return {"date": f"{int(m.group(4)):04d}-{month:02d}-{day:02d}"}
        return {"month": month, "day": day}
    m = re.search(rf"\b(?:the )?(?:{_DAY}) (?:of )?({_MONTH})\b(?:,? (\d{{4}}))?", low)
    if m:
        month, day = MONTHS[m.group(3)], _day_number(m.group(1), m.group(2))
        if m.group(4) and day:
            return {"date": f"{int(m.group(4)):04d}-{month:02d}-{day:02d}"}
        return {"month": month, "day": day}
    weekdays = "|".join(WEEKDAYS)
    m = re.search(rf"\b(since |on |last |this (?:past )?)?({weekdays})\b", low)
    if m:
        value: dict[str, Any] = {"weekday": m.group(2)}
        if (m.group(1) or "").strip() == "since":
            value["since"] = True
        return value
    m = re.search(rf"\b(?:on|since|from|as of|by) the (?:{_DAY})\b", low)
    if m:
        return {"day_of_month": _day_number(m.group(1), m.group(2))}
    if re.search(r"\byesterday\b", low):
        return {"days_ago": 1}
    if re.search(r"\btoday\b|\bthis morning\b", low):
        return {"days_ago": 0}
    if re.search(r"\blast week\b", low):
        return {"days_ago": 7}
    m = re.search(
        r"(?:in|within|after|took(?: us)?|under|about|just|only|inside|less than) (?:about |just "
        r"|under |only |less than |like )?" + _N + r" (day|week|month)s?",
        low,
    )
    if m:
        return {"duration_days": _count(m.group(1)) * UNIT_DAYS[m.group(2)]}
    return None


def resolve_ttv(
    value: dict[str, Any] | None, conversation_date: date, closed_at: date | None
) -> date | None:
    """The go-live date a statement means, read against the day it was said: "on the 1st" in a
    call on 2026-04-09 → 2026-04-01; "since Monday" → the Monday on or before the call; "two
    weeks after signing" → closed_at + 14."""
    said_on = conversation_date
    if not value or value.get("future"):
        return None
    if "date" in value:
        try:
            return date.fromisoformat(value["date"])
        except ValueError:
            return None
    if "after_close_days" in value or "duration_days" in value:
        days = value.get("after_close_days", value.get("duration_days"))
        return closed_at + timedelta(days=int(days)) if closed_at else None
    if "days_ago" in value:
        return said_on - timedelta(days=int(value["days_ago"]))
    if "weekday" in value:
        weekday = value["weekday"]
        number = WEEKDAYS.get(str(weekday).lower()) if isinstance(weekday, str) else int(weekday)
        if number is None:
            return None
        return said_on - timedelta(days=(said_on.weekday() - number) % 7)
    if "month" in value and value.get("day"):
        for year in (said_on.year, said_on.year - 1):
            try:
                found = date(year, int(value["month"]), int(value["day"]))
            except ValueError:
                return None
            if found <= said_on:
                return found
        return None
    if "day_of_month" in value:
        day = int(value["day_of_month"])
        month_start = said_on.replace(day=1)
        for _ in range(2):
            try:
                found = month_start.replace(day=day)
            except ValueError:
                found = None
            if found and found <= said_on:
                return found
            month_start = (month_start - timedelta(days=1)).replace(day=1)
        return None
    return None


# language -----------------------------------------------------------------------------------


@cache
def _language_words(models_dir: Path = MODELS_DIR) -> tuple[frozenset[str], frozenset[str]]:
    data = tomllib.loads((models_dir / "language.toml").read_text(encoding="utf-8"))
    english = frozenset(data["english"])
    other = frozenset(w for words in data["other"].values() for w in words) - english
    return english, other


def is_english(text: str) -> bool:
    """A cheap check for utterances in another language: common English words against common
    words of other European languages, and the share of non-Latin letters."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(1 for c in letters if ord(c) > 0x24F) / len(letters) > 0.3:
        return False
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
    if len(words) < 4:
        return True
    english_words, other_words = _language_words()
    english = sum(w in english_words for w in words)
    other = sum(w in other_words for w in words)
    if other > english and other >= 2:
        return False
    return english / len(words) >= 0.08 or other == 0


# the extractor ------------------------------------------------------------------------------

RULE_STAGES = ("sentencizer", "cie_amounts", "cie_competitors", "cie_tech", "cie_triggers",
               "cie_ttv")  # fmt: skip
DECISION_STAGES = ("cie_pain", "cie_pricing")


class Extractor:
    """The spaCy pipeline. With the trained classifiers (default) pain and pricing are decided
    from the sentence embedding and rule features; `rules_only=True` needs no encoder and runs
    thousands of utterances a second."""

    def __init__(self, models_dir: Path | None = None, rules_only: bool = False):
        import spacy

        _register()
        self.models_dir = Path(models_dir) if models_dir else MODELS_DIR
        folder = str(self.models_dir)
        self.rules = load_rules(self.models_dir)
        self.classifier = None if rules_only else load_classifier(self.models_dir)
        self.rules_only = self.classifier is None
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("cie_amounts")
        nlp.add_pipe(
            "cie_names", name="cie_competitors", config={"kind": "competitor", "models_dir": folder}
        )
        nlp.add_pipe("cie_names", name="cie_tech", config={"kind": "tech", "models_dir": folder})
        nlp.add_pipe("cie_triggers", config={"models_dir": folder})
        nlp.add_pipe("cie_ttv", config={"models_dir": folder})
        nlp.add_pipe("cie_classify", config={"models_dir": folder, "enabled": not rules_only})
        nlp.add_pipe("cie_pain", config={"models_dir": folder})
        nlp.add_pipe("cie_pricing", config={"models_dir": folder})
        self.nlp = nlp
        self.version = model_version(self.models_dir) + ("-rules" if self.rules_only else "")

    def _encode(self, texts: list[str]) -> np.ndarray:
        from .embed import load_embedder

        assert self.classifier is not None
        return _embedder(self.classifier.embedder_id, load_embedder).encode(texts)

    def docs(
        self,
        texts: list[str],
        sides: list[str],
        vectors: np.ndarray | None = None,
        contexts: list[dict[str, Any] | None] | None = None,
        embedder_id: str | None = None,
        features: bool | None = None,
        previous: list[np.ndarray | None] | None = None,
    ) -> list[Any]:
        """Run the pipeline over a batch; the classifiers score the whole batch at once. The
        rule features are computed when the classifiers need them, or when `features` asks.
        `previous` holds the previous turn's vector where the caller has it (ingest does)."""
        if not texts:
            return []
        contexts = contexts or [None] * len(texts)
        pipes = dict(self.nlp.pipeline)
        docs = []
        for text, side, context in zip(texts, sides, contexts, strict=True):
            doc = self.nlp.make_doc(text)
            doc.user_data["cie_text"] = text
            doc._.side = side or "buyer"
            doc._.context = context
            doc._.mentions = []
            doc._.english = is_english(text)
            for name in RULE_STAGES:
                doc = pipes[name](doc)
            if not doc._.english:
                doc._.mentions = []  # flagged and left out of extraction
            if features or self.classifier is not None:
                doc._.features = rule_features(doc, self.rules)
            docs.append(doc)
        if self.classifier is not None:
            usable = (
                vectors is not None
                and getattr(vectors, "shape", (0, 0))[1] == self.classifier.dim
                and embedder_id in (None, self.classifier.embedder_id)
            )
            vectors = np.asarray(vectors, dtype=np.float32) if usable else self._encode(texts)
            before = context_vectors(
                texts, contexts, self._encode, previous if usable else None, self.classifier.dim
            )
            x = np.hstack([vectors, np.vstack([d._.features for d in docs]), before])
            _score(docs, x, self.classifier, self.rules)
            for i, doc in enumerate(docs):
                doc._.vector = vectors[i]
        for i, doc in enumerate(docs):
            if not doc._.english:
                continue
            for name in DECISION_STAGES:
                doc = pipes[name](doc)
            docs[i] = doc
        return docs

    def extract(
        self,
        texts: list[str],
        sides: list[str],
        vectors: np.ndarray | None = None,
        contexts: list[dict[str, Any] | None] | None = None,
        embedder_id: str | None = None,
        previous: list[np.ndarray | None] | None = None,
    ) -> list[list[Mention]]:
        """The mentions of each utterance. `vectors` are the utterances' embeddings when the
        caller has them (ingest does), from the encoder named by `embedder_id`, and `previous`
        the previous turns' vectors."""
        found = self.docs(texts, sides, vectors, contexts, embedder_id, previous=previous)
        return [doc._.mentions for doc in found]

    def analyse_many(
        self,
        texts: list[str],
        sides: list[str],
        contexts: list[dict[str, Any] | None] | None = None,
        vectors: np.ndarray | None = None,
    ) -> list[dict[str, Any]]:
        """The `cie extract --json` objects, one per text."""
        found = self.extract(texts, sides, vectors=vectors, contexts=contexts)
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

    def analyse(
        self, text: str, side: str = "buyer", context: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """One utterance as `cie extract --json` prints it."""
        return self.analyse_many([text], [side], [context])[0]


@cache
def _cached(models_dir: Path, rules_only: bool) -> Extractor:
    return Extractor(models_dir, rules_only)


def load_extractor(models_dir: Path | str | None = None, rules_only: bool = False) -> Extractor:
    """The extractor for a models folder (default: the shipped models/extract/), loaded once."""
    return _cached(Path(models_dir) if models_dir else MODELS_DIR, rules_only)
