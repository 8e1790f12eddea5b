"""Extraction throughput, as ratios to spaCy's bare tokenizer on the same utterances:
rules only, the classifiers with vectors supplied (as ingest calls it), and the classifiers
encoding the text themselves. `python -m bench.extract_bench [N]` prints JSON."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

LABELLED = Path(__file__).resolve().parent.parent / "corpora" / "labelled"
FALLBACK = [
    "Month-end close takes us twelve business days and the auditors keep asking why.",
    "That's steep: they quoted us $40k a year for the AP module.",
    "Someone on my team retypes the carrier PDFs into the TMS every morning.",
    "We run NetSuite and a couple of spreadsheets for accruals.",
    "Honestly the price is fine, it's the implementation timeline I'm worried about.",
    "How's the weather over there?",
]


def utterances(count: int) -> list[tuple[str, str]]:
    """`count` (text, side) pairs from the labelled pools, repeated as needed."""
    from ci_engine.train import load_pools

    records, _ = load_pools(LABELLED)
    pool = [(r["text"], r.get("side") or "buyer") for r in records]
    pool = pool or [(t, "buyer") for t in FALLBACK]
    return [pool[i % len(pool)] for i in range(count)]


def _rate(count: int, run) -> float:
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


def main(count: int = 2000) -> dict[str, float]:
    import spacy

    from ci_engine.embed import load_embedder
    from ci_engine.extract import load_extractor

    pairs = utterances(count)
    texts, sides = [t for t, _ in pairs], [s for _, s in pairs]
    nlp = spacy.blank("en")
    tokenizer = _rate(count, lambda: [nlp.make_doc(t) for t in texts])
    rules = load_extractor(rules_only=True)
    rules.extract(texts[:50], sides[:50])
    rules_rate = _rate(count, lambda: rules.extract(texts, sides))
    result = {
        "utterances": count,
        "tokenizer_per_s": round(tokenizer),
        "rules_per_s": round(rules_rate),
        "rules_vs_tokenizer": round(rules_rate / tokenizer, 4),
    }
    model = load_extractor()
    if model.classifier is not None:
        embedder = load_embedder(model.classifier.embedder_id)
        sample = texts[: min(count, 500)]
        vectors = embedder.encode(texts)
        given = _rate(count, lambda: model.extract(texts, sides, vectors=vectors))
        encoding = _rate(len(sample), lambda: model.extract(sample, sides[: len(sample)]))
        result |= {
            "model_with_vectors_per_s": round(given),
            "model_with_vectors_vs_tokenizer": round(given / tokenizer, 4),
            "model_encoding_per_s": round(encoding),
            "model_encoding_vs_tokenizer": round(encoding / tokenizer, 4),
        }
    return result


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000), indent=2))
