"""`make bench`: speed, recall and memory, each as a ratio to a baseline measured in the same run
or as a latency with its scale. Writes bench/results.json and prints the same as a table.

BENCH_SCALE (default 100000) sets the generated archive's size. Vectors at scale are noisy copies
of real embeddings of generated sentences, so they cluster like real ones (encoding 100k
sentences would take minutes); queries are real encoded sentences. Encoder and ingest
throughput are measured with the real model on real sentences from the sample corpus."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
QUESTION = "what did my best 20 customers say about pricing last month"
HYBRID_QUERIES = [  # hybrid search timings, here and in bench/query_process.py
    "carrier invoices late fees",
    "renewal quote discount",
    "approvals inbox",
    "spreadsheet reconcile sync",
    "budget thousand",
]


def p50(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def sample_sentences(limit: int | None = None) -> list[str]:
    """The sample corpus's utterances, each once (or repeated up to `limit`): the sentences
    ingest encodes, so encoder and ingest throughput compare like with like."""
    from ci_engine.archive import Archive

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CIE_EMBEDDER"] = "fake"
        os.environ["CIE_EXTRACT"] = "rules"
        archive = Archive(Path(tmp) / "s.db", create=True)
        archive.ingest([SAMPLE])
        texts = [r["text"] for r in archive.store.query("SELECT text FROM utterances")]
        del os.environ["CIE_EMBEDDER"], os.environ["CIE_EXTRACT"]
    if limit is None:
        return texts
    return (texts * (limit // len(texts) + 1))[:limit]


def encoders(results: dict, texts: list[str]) -> tuple[object, np.ndarray]:
    from ci_engine.embed import OnnxEmbedder, TorchEmbedder

    torch_model, fast = TorchEmbedder(), OnnxEmbedder()
    torch_model.encode(texts[:64])
    fast.encode(texts[:64])
    t = time.perf_counter()
    reference = torch_model.encode(texts)
    results["encode_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    t = time.perf_counter()
    vectors = fast.encode(texts)
    results["encode_fast_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    cosine = (reference * vectors).sum(axis=1)
    results["encode_fast_cosine_mean"] = round(float(cosine.mean()), 4)
    results["encode_fast_cosine_min"] = round(float(cosine.min()), 4)
    results["encode_fast_vs_torch"] = round(
        results["encode_fast_per_s"] / results["encode_per_s"], 2
    )
    # the search recall the fast encoder keeps: its top 10 neighbours of 100 sample sentences
    # against the torch encoder's
    recalls = []
    for i in range(0, len(texts), max(1, len(texts) // 100)):
        truth = set(np.argsort(-(reference @ reference[i]))[1:11].tolist())
        found = set(np.argsort(-(vectors @ vectors[i]))[1:11].tolist())
        recalls.append(len(truth & found) / 10)
    results["encode_fast_recall_at_10"] = round(float(np.mean(recalls)), 3)
    return fast, reference


def ingest(results: dict, fast: object) -> None:
    """Parse, store, embed and index the sample corpus with a loaded encoder, with and without
    extraction, as utterances per second."""
    from ci_engine.extract import load_extractor
    from ci_engine.ingest import Ingestor
    from ci_engine.store import Store

    for key, extractor in (("ingest_per_s", None), ("ingest_with_extract_per_s", load_extractor())):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "i.db", create=True)
            t = time.perf_counter()
            report = Ingestor(store, embedder=fast, extractor=extractor).run([SAMPLE])
            results[key] = round(report.utterances / (time.perf_counter() - t), 1)
            store.close()
    results["ingest_vs_encode"] = round(results["ingest_per_s"] / results["encode_fast_per_s"], 3)
    results["ingest_vs_torch_encode"] = round(results["ingest_per_s"] / results["encode_per_s"], 2)


class RealQueries:
    """The real encoder, under the archive's bench embedder id."""

    id = "bench-random-384"
    dim = 384

    def __init__(self, fast: object) -> None:
        self.fast = fast

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.fast.encode(texts)


def scale(results: dict, n: int, work: Path, fast: object) -> None:
    import random

    from bench.generate import build, sentence
    from ci_engine import index as vector_index
    from ci_engine.search import hybrid_search
    from ci_engine.store import Store

    db = work / "scale.db"
    rng = random.Random(3)
    base = fast.encode([sentence(rng) for _ in range(3000)])
    t = time.perf_counter()
    build(db, n, base=base)
    results["generate_s"] = round(time.perf_counter() - t, 1)
    store = Store(db)
    path = vector_index.index_path(db)
    t = time.perf_counter()
    index = vector_index.sync(store, path, "bench-random-384")
    results["index_build_s"] = round(time.perf_counter() - t, 2)
    results["index_kind"] = index.kind
    results["index_bytes"] = path.stat().st_size
    queries = RealQueries(fast)
    qs = queries.encode([sentence(rng) for _ in range(100)])
    ids, vectors = vector_index._stored(store)
    exact = vectors @ qs.T
    truth = [set(ids[np.argsort(-exact[:, i])[:10]].tolist()) for i in range(len(qs))]

    def timed(fn) -> tuple[list[float], list]:
        times, out = [], []
        for q in qs:
            t = time.perf_counter()
            out.append(fn(q))
            times.append(time.perf_counter() - t)
        return times, out

    times, found = timed(lambda q: index.search(q, 10))
    results["search_p50_ms"] = p50(times)
    results["recall_at_10"] = round(
        float(np.mean([len(truth[i] & {h for h, _ in found[i]}) / 10 for i in range(len(qs))])), 3
    )

    accounts = max(1, round(0.01 * 500))
    allowed = [
        r[0]
        for r in store.conn.execute(
            "SELECT u.id FROM utterances u JOIN conversations c ON c.id = u.conversation_id "
            f"WHERE c.account_id <= {accounts}"
        )
    ]
    results["filter_share"] = round(len(allowed) / n, 4)
    times, found = timed(lambda q: index.search_within(store, q, 10, allowed))
    results["search_filtered_p50_ms"] = p50(times)
    mask = np.isin(ids, np.asarray(allowed))
    sub_ids, sub = ids[mask], vectors[mask]
    recalls = []
    for i, q in enumerate(qs):
        best = set(sub_ids[np.argsort(-(sub @ q))[:10]].tolist())
        recalls.append(len(best & {h for h, _ in found[i]}) / 10)
    results["recall_at_10_filtered"] = round(float(np.mean(recalls)), 3)

    times = []
    for i in range(50):
        t = time.perf_counter()
        text = HYBRID_QUERIES[i % len(HYBRID_QUERIES)]
        hybrid_search(store, text, k=10, embedder=queries, index=index)
        times.append(time.perf_counter() - t)
    results["hybrid_p50_ms"] = p50(times)

    saved = vector_index.EXACT_LIMIT
    vector_index.EXACT_LIMIT = 0  # the approximate index past the threshold, at this scale
    try:
        t = time.perf_counter()
        ivf = vector_index.VectorIndex.build(ids, vectors, "bench-random-384", 384)
        results["ivf_build_s"] = round(time.perf_counter() - t, 2)
        times, found = timed(lambda q: ivf.search(q, 10))
        results["ivf_search_p50_ms"] = p50(times)
        results["ivf_recall_at_10"] = round(
            float(np.mean([len(truth[i] & {h for h, _ in found[i]}) / 10 for i in range(len(qs))])),
            3,
        )
        import faiss

        results["ivf_index_bytes"] = int(faiss.serialize_index(ivf.index).nbytes)
    finally:
        vector_index.EXACT_LIMIT = saved
    store.close()
    query_process(results, db)
    ask(results, db)


def query_process(results: dict, db: Path) -> None:
    """Search latency and peak memory of a new process that only queries (bench/query_process)."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.query_process", str(db)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    results.update(json.loads(out.stdout.strip().splitlines()[-1]))


def ask(results: dict, db: Path) -> None:
    """The founder's question, warm in this process and cold in a new one, against the cost of
    starting `cie --help`."""
    from datetime import date

    from ci_engine.archive import Archive

    archive = Archive(db)
    archive.ask(QUESTION, date(2026, 11, 25))
    times = []
    for _ in range(10):
        t = time.perf_counter()
        archive.ask(QUESTION, date(2026, 11, 25))
        times.append(time.perf_counter() - t)
    results["ask_warm_p50_ms"] = p50(times)
    cie = [sys.executable, "-m", "ci_engine.cli"]

    def wall(args: list[str]) -> float:
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(cie + args, capture_output=True, check=True)
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    help_s = wall(["--help"])
    cold_s = wall(["ask", QUESTION, "--as-of", "2026-11-25", "--db", str(db), "--json"])
    results["cli_help_s"] = round(help_s, 3)
    results["ask_cold_s"] = round(cold_s, 3)
    results["ask_cold_vs_help"] = round(cold_s / help_s, 2)


def extraction(results: dict, texts: list[str]) -> None:
    import spacy

    from ci_engine.extract import load_extractor

    nlp = spacy.blank("en")
    t = time.perf_counter()
    for text in texts:
        nlp.make_doc(text)
    tokenizer_s = time.perf_counter() - t
    rules = load_extractor(rules_only=True)
    t = time.perf_counter()
    rules.extract(texts, ["buyer"] * len(texts))
    rules_s = time.perf_counter() - t
    results["extract_rules_per_s"] = round(len(texts) / rules_s, 1)
    results["tokenizer_per_s"] = round(len(texts) / tokenizer_s, 1)
    results["extract_vs_tokenizer"] = round(tokenizer_s / rules_s, 3)


def main() -> None:
    n = int(os.environ.get("BENCH_SCALE", "100000"))
    results: dict = {"scale": n}
    texts = sample_sentences()
    fast, _ = encoders(results, texts)
    ingest(results, fast)
    extraction(results, texts)
    with tempfile.TemporaryDirectory() as tmp:
        scale(results, n, Path(tmp), fast)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["vectors_at_scale"] = (
        "noisy copies (sigma 0.03 a dimension) of 3000 real embeddings of generated sentences"
    )
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key.ljust(width)}  {value}")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
