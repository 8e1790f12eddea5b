"""Train the pain and pricing classifiers: `python -m ci_engine.train`.

Logistic regressions over [all-MiniLM-L6-v2 sentence embedding, rule features of extract.py],
fitted on corpora/labelled/train.jsonl; the regularisation and each decision threshold are
chosen on dev.jsonl; the weights are written to models/extract/classifier.json (plain JSON, the
standardisation folded into the weights). Seeded and deterministic; the held-out test split is
never read here. `python -m ci_engine.train split` makes the fixed train/dev split from the
labelled pools (corpora/labelled/pool-*.jsonl)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .evaluate import INTENSITIES, load_records
from .extract import CLASSIFIER_FILE, FEATURES, MODELS_DIR, Extractor

LABELLED = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
DEV_SHARE = 5  # one utterance in five goes to dev, by a hash of its id
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
SEED = 13


def split(folder: Path = LABELLED) -> tuple[int, int]:
    """Write train.jsonl and dev.jsonl from the pools: a fixed split by a hash of each id."""
    train, dev = [], []
    for pool in sorted(folder.glob("pool-*.jsonl")):
        for line in pool.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            digest = hashlib.sha256(str(record["id"]).encode()).digest()
            (dev if digest[0] % DEV_SHARE == 0 else train).append(line)
    (folder / "train.jsonl").write_text("\n".join(train) + "\n", encoding="utf-8")
    (folder / "dev.jsonl").write_text("\n".join(dev) + "\n", encoding="utf-8")
    return len(train), len(dev)


def features(records: list[dict[str, Any]], embedder: Any, extractor: Extractor) -> np.ndarray:
    """[embedding, rule features] for each record."""
    texts = [r["text"] for r in records]
    docs = extractor.docs(
        texts,
        [r.get("side") or "buyer" for r in records],
        contexts=[r.get("context") for r in records],
        features=True,
    )
    rules = np.vstack([d._.features for d in docs])
    return np.hstack([embedder.encode(texts), rules]).astype(np.float32)


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
    """A lower bar for utterances the rules already flag: the one with the best F1 on dev given
    the plain threshold (the threshold itself when lowering it does not help)."""
    candidates = np.round(np.arange(0.05, threshold + 0.001, 0.01), 2)
    scores = [_f1(y, (p >= threshold) | ((rule > 0) & (p >= t))) for t in candidates]
    best = max(scores)
    if best <= _f1(y, p >= threshold) + 1e-9:
        return threshold, best
    plateau = [t for t, s in zip(candidates, scores, strict=True) if s >= best - 1e-9]
    return float(plateau[len(plateau) // 2]), best


def _fold(model: Any, mean: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights on raw inputs from a model fitted on standardised ones."""
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0] - np.sum(model.coef_[0] * mean / scale))
    return weights, bias


def fit_head(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_dev: np.ndarray,
    y_dev: np.ndarray,
    rule_dev: np.ndarray | None = None,
) -> dict[str, Any]:
    """A logistic regression, its C and class weighting chosen by F1 on dev."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    best: dict[str, Any] | None = None
    for weighting in (None, "balanced"):
        for c in C_GRID:
            model = LogisticRegression(
                C=c, class_weight=weighting, max_iter=5000, random_state=SEED
            )
            model.fit((x_train - mean) / scale, y_train)
            p = model.predict_proba((x_dev - mean) / scale)[:, 1]
            threshold, f1 = _best_threshold(y_dev, p)
            rule_threshold = threshold
            if rule_dev is not None:
                rule_threshold, f1 = _rule_threshold(y_dev, p, rule_dev, threshold)
            if best is None or f1 > best["dev_f1"] + 1e-9:
                weights, bias = _fold(model, mean, scale)
                best = {
                    "weights": weights,
                    "bias": bias,
                    "threshold": threshold,
                    "rule_threshold": rule_threshold,
                    "C": c,
                    "class_weight": weighting,
                    "dev_f1": f1,
                }
    assert best is not None
    return best


def fit_intensity(
    x_train: np.ndarray, labels_train: list[str], x_dev: np.ndarray, labels_dev: list[str]
) -> dict[str, Any] | None:
    """A multinomial regression over the pain utterances' intensity, kept when it beats the
    rules on dev (macro-F1)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    if len(set(labels_train)) < 3 or not labels_dev:
        return None
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    best: dict[str, Any] | None = None
    for c in C_GRID:
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)
        model.fit((x_train - mean) / scale, labels_train)
        predicted = model.predict((x_dev - mean) / scale)
        f1 = float(
            f1_score(
                labels_dev, predicted, average="macro", labels=list(INTENSITIES), zero_division=0
            )
        )
        if best is None or f1 > best["dev_macro_f1"] + 1e-9:
            weights = model.coef_ / scale
            bias = model.intercept_ - (model.coef_ * (mean / scale)).sum(axis=1)
            best = {
                "labels": [str(label) for label in model.classes_],
                "weights": weights,
                "bias": bias,
                "C": c,
                "dev_macro_f1": f1,
            }
    return best


def _rounded(values: Any) -> Any:
    return np.round(np.asarray(values, dtype=np.float64), 6).tolist()


def train(
    folder: Path = LABELLED, models_dir: Path = MODELS_DIR, embedder_name: str = "default"
) -> dict[str, Any]:
    """Fit, choose on dev, write classifier.json; return a summary of the choices."""
    from .embed import load_embedder

    train_records = load_records(folder / "train.jsonl")
    dev_records = load_records(folder / "dev.jsonl")
    embedder = load_embedder(embedder_name)
    rules = Extractor(models_dir, rules_only=True)
    x_train = features(train_records, embedder, rules)
    x_dev = features(dev_records, embedder, rules)
    heads = {}
    for kind in ("pain", "pricing"):
        y_train = np.array([bool(r.get(kind)) for r in train_records], dtype=int)
        y_dev = np.array([bool(r.get(kind)) for r in dev_records], dtype=int)
        rule_dev = x_dev[:, embedder.dim + FEATURES.index(f"{kind}_rule")]
        heads[kind] = fit_head(x_train, y_train, x_dev, y_dev, rule_dev)

    def labelled(records: list[dict[str, Any]], x: np.ndarray) -> tuple[np.ndarray, list[str]]:
        rows = [
            i for i, r in enumerate(records) if r.get("pain") and r.get("intensity") in INTENSITIES
        ]
        return x[rows], [records[i]["intensity"] for i in rows]

    intensity = fit_intensity(*labelled(train_records, x_train), *labelled(dev_records, x_dev))
    data = {
        "embedder_id": embedder.id,
        "dim": int(embedder.dim),
        "features": list(FEATURES),
        "trained_on": {"train": len(train_records), "dev": len(dev_records)},
        "heads": {
            kind: {
                "weights": _rounded(head["weights"]),
                "bias": round(head["bias"], 6),
                "threshold": head["threshold"],
                "rule_threshold": head["rule_threshold"],
                "C": head["C"],
                "class_weight": head["class_weight"],
                "dev_f1": round(head["dev_f1"], 4),
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
            "dev_macro_f1": round(intensity["dev_macro_f1"], 4),
        }
    (models_dir / CLASSIFIER_FILE).write_text(json.dumps(data) + "\n", encoding="utf-8")
    return {
        kind: {k: v for k, v in head.items() if k not in ("weights", "bias")}
        for kind, head in data["heads"].items()
    } | (
        {"intensity": {"C": intensity["C"], "dev_macro_f1": intensity["dev_macro_f1"]}}
        if intensity
        else {}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ci_engine.train", description=__doc__)
    parser.add_argument("command", nargs="?", default="train", choices=("train", "split"))
    parser.add_argument("--labelled", type=Path, default=LABELLED)
    parser.add_argument("--models", type=Path, default=MODELS_DIR)
    parser.add_argument("--embedder", default="default")
    args = parser.parse_args(argv)
    if args.command == "split":
        n_train, n_dev = split(args.labelled)
        print(f"train.jsonl: {n_train}, dev.jsonl: {n_dev}")
        return 0
    summary = train(args.labelled, args.models, args.embedder)
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
