"""Train the pain and pricing classifiers: `python -m ci_engine.train`.

Logistic regressions over [all-MiniLM-L6-v2 sentence embedding, rule features of extract.py, the
previous turn's embedding for a short answer], each blended with a vote of the nearest labelled
utterances on the same side of the call (their embeddings go to neighbours.npz), fitted on every
labelled pool (corpora/labelled/pool-*.jsonl). The regularisation, the class weighting, the
neighbours' share and each decision threshold are chosen by leave-one-pool-out cross-validation:
each pool was written separately, in its own voices and industries, so predicting a pool from
the others measures what matters, utterances written by someone else. The final weights are
fitted on all pools and written to models/extract/classifier.json (plain JSON, the
standardisation folded into the weights). Seeded and deterministic; the held-out test split
(test.jsonl) is never read here."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .evaluate import INTENSITIES, load_records
from .extract import (
    CLASSIFIER_FILE,
    FEATURES,
    MODELS_DIR,
    NEIGHBOURS_FILE,
    Extractor,
    blend,
    context_vectors,
    neighbour_vote,
)

LABELLED = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
SHARE_GRID = (0.0, 0.3, 0.4, 0.5, 0.6)  # how much of the probability the neighbours' vote is
KINDS = ("pain", "pricing")
SEED = 13


def load_pools(folder: Path = LABELLED) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Every pool's records, and the pool each came from."""
    records: list[dict[str, Any]] = []
    groups: list[str] = []
    for pool in sorted(folder.glob("pool-*.jsonl")):
        found = load_records(pool)
        records += found
        groups += [pool.stem] * len(found)
    return records, np.asarray(groups)


def features(records: list[dict[str, Any]], embedder: Any, extractor: Extractor) -> np.ndarray:
    """[embedding, rule features, previous turn's embedding for a short answer] per record."""
    texts = [r["text"] for r in records]
    contexts = [r.get("context") for r in records]
    docs = extractor.docs(
        texts, [r.get("side") or "buyer" for r in records], contexts=contexts, features=True
    )
    rules = np.vstack([d._.features for d in docs])
    before = context_vectors(texts, contexts, embedder.encode, dim=embedder.dim)
    return np.hstack([embedder.encode(texts), rules, before]).astype(np.float32)


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1; among equal ones, the middle of the plateau."""
    candidates = np.round(np.arange(0.10, 0.91, 0.01), 2)
    scores = [_f1(y, p >= t) for t in candidates]
    best = max(scores)
    plateau = [t for t, s in zip(candidates, scores, strict=True) if s >= best - 1e-9]
    return float(plateau[len(plateau) // 2]), best


def _rule_threshold(
    y: np.ndarray, p: np.ndarray, rule: np.ndarray, threshold: float
) -> tuple[float, float]:
    """A lower bar for utterances the rules already flag: the one with the best F1 on the held-out
    predictions given the plain threshold (the threshold itself when lowering it does not help)."""
    candidates = np.round(np.arange(0.05, threshold + 0.001, 0.01), 2)
    scores = [_f1(y, (p >= threshold) | ((rule > 0) & (p >= t))) for t in candidates]
    best = max(scores)
    if best <= _f1(y, p >= threshold) + 1e-9:
        return threshold, best
    plateau = [t for t, s in zip(candidates, scores, strict=True) if s >= best - 1e-9]
    return float(plateau[len(plateau) // 2]), best


def _fold(model: Any, mean: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights and biases on raw inputs from a model fitted on standardised ones."""
    weights = model.coef_ / scale
    bias = model.intercept_ - (model.coef_ * (mean / scale)).sum(axis=1)
    return weights, bias


def _fit(x: np.ndarray, y: Any, c: float, weighting: str | None) -> tuple[Any, Any, Any]:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, class_weight=weighting, max_iter=5000, random_state=SEED)
    model.fit((x - mean) / scale, y)
    return model, mean, scale


def held_out(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float, weighting: str | None
) -> np.ndarray:
    """Each pool's predictions from a model fitted on the other pools: probabilities for a
    binary y, labels otherwise."""
    out: np.ndarray | None = None
    for pool in np.unique(groups):
        test = groups == pool
        model, mean, scale = _fit(x[~test], y[~test], c, weighting)
        z = (x[test] - mean) / scale
        found = model.predict_proba(z)[:, 1] if y.dtype.kind in "biu" else model.predict(z)
        if out is None:
            out = np.empty(len(y), dtype=found.dtype)
        out[test] = found
    assert out is not None
    return out


def held_out_votes(
    vectors: np.ndarray, seller: np.ndarray, labels: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """Each pool's neighbour votes from the other pools' utterances."""
    votes = np.zeros(labels.shape, dtype=np.float32)
    for pool in np.unique(groups):
        test = groups == pool
        votes[test] = neighbour_vote(
            vectors[test], seller[test], vectors[~test], seller[~test], labels[~test]
        )
    return votes


def fit_head(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    rule: np.ndarray | None = None,
    vote: np.ndarray | None = None,
) -> dict[str, Any]:
    """A logistic regression: C, class weighting, the neighbours' share (given their held-out
    `vote`) and thresholds chosen by F1 on the held-out pools' predictions, then fitted on every
    pool."""
    best: dict[str, Any] | None = None
    for weighting in (None, "balanced"):
        for c in C_GRID:
            regression = held_out(x, y, groups, c, weighting)
            for share in SHARE_GRID if vote is not None else (0.0,):
                p = regression if vote is None else blend(regression, vote, share)
                threshold, f1 = _best_threshold(y, p)
                rule_threshold = threshold
                if rule is not None:
                    rule_threshold, f1 = _rule_threshold(y, p, rule, threshold)
                if best is None or f1 > best["cv_f1"] + 1e-9:
                    best = {
                        "threshold": threshold,
                        "rule_threshold": rule_threshold,
                        "C": c,
                        "class_weight": weighting,
                        "neighbour_weight": share,
                        "cv_f1": f1,
                    }
    assert best is not None
    model, mean, scale = _fit(x, y, best["C"], best["class_weight"])
    weights, bias = _fold(model, mean, scale)
    return best | {"weights": weights[0], "bias": float(bias[0])}


def fit_intensity(x: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> dict[str, Any] | None:
    """A multinomial regression over the pain utterances' intensity, C chosen by macro-F1 on
    the held-out pools."""
    from sklearn.metrics import f1_score

    if len(set(labels)) < 3:
        return None
    best: dict[str, Any] | None = None
    for c in C_GRID:
        predicted = held_out(x, labels, groups, c, "balanced")
        f1 = float(
            f1_score(labels, predicted, average="macro", labels=list(INTENSITIES), zero_division=0)
        )
        if best is None or f1 > best["cv_macro_f1"] + 1e-9:
            best = {"C": c, "cv_macro_f1": f1}
    assert best is not None
    model, mean, scale = _fit(x, labels, best["C"], "balanced")
    weights, bias = _fold(model, mean, scale)
    return best | {"labels": [str(v) for v in model.classes_], "weights": weights, "bias": bias}


def _rounded(values: Any) -> Any:
    return np.round(np.asarray(values, dtype=np.float64), 6).tolist()


def train(
    folder: Path = LABELLED, models_dir: Path = MODELS_DIR, embedder_name: str = "default"
) -> dict[str, Any]:
    """Choose by held-out pools, fit on all, write classifier.json; return the choices."""
    from .embed import load_embedder

    records, groups = load_pools(folder)
    embedder = load_embedder(embedder_name)
    x = features(records, embedder, Extractor(models_dir, rules_only=True))
    vectors = x[:, : embedder.dim]
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    seller = x[:, embedder.dim + FEATURES.index("seller")] > 0
    labels = np.array([[bool(r.get(kind)) for kind in KINDS] for r in records], dtype=np.float32)
    votes = held_out_votes(vectors, seller, labels, groups)
    heads = {}
    for column, kind in enumerate(KINDS):
        y = labels[:, column].astype(int)
        rule = x[:, embedder.dim + FEATURES.index(f"{kind}_rule")]
        heads[kind] = fit_head(x, y, groups, rule, votes[:, column])
    rows = [i for i, r in enumerate(records) if r.get("pain") and r.get("intensity") in INTENSITIES]
    intensities = np.array([records[i]["intensity"] for i in rows])
    intensity = fit_intensity(x[rows], intensities, groups[rows])
    data = {
        "embedder_id": embedder.id,
        "dim": int(embedder.dim),
        "features": list(FEATURES),
        "context_vector": True,
        "trained_on": {"utterances": len(records), "pools": sorted(set(groups.tolist()))},
        "heads": {
            kind: {
                "weights": _rounded(head["weights"]),
                "bias": round(head["bias"], 6),
                "threshold": head["threshold"],
                "rule_threshold": head["rule_threshold"],
                "C": head["C"],
                "class_weight": head["class_weight"],
                "neighbour_weight": head["neighbour_weight"],
                "cv_f1": round(head["cv_f1"], 4),
            }
            for kind, head in heads.items()
        },
    }
    if intensity:
        data["intensity"] = {
            "labels": intensity["labels"],
            "weights": _rounded(intensity["weights"]),
            "bias": _rounded(intensity["bias"]),
            "C": intensity["C"],
            "cv_macro_f1": round(intensity["cv_macro_f1"], 4),
        }
    np.savez_compressed(
        models_dir / NEIGHBOURS_FILE,
        vectors=vectors.astype(np.float16),
        seller=seller,
        labels=labels.astype(np.uint8),
        kinds=np.array(KINDS),
    )
    (models_dir / CLASSIFIER_FILE).write_text(json.dumps(data) + "\n", encoding="utf-8")
    summary: dict[str, Any] = {
        kind: {k: v for k, v in head.items() if k not in ("weights", "bias")}
        for kind, head in data["heads"].items()
    }
    if intensity:
        summary["intensity"] = {"C": intensity["C"], "cv_macro_f1": intensity["cv_macro_f1"]}
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ci_engine.train", description=__doc__)
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--models", type=Path, default=MODELS_DIR)
    parser.add_argument("--embedder", default="default")
    args = parser.parse_args(argv)
    summary = train(args.labelled, args.models, args.embedder)
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
