"""A query process on its own: `python -m bench.query_process DB` loads the encoder and the
archive's index from disk as `cie search` does, runs hybrid searches (with and without a
filter) and prints its peak memory and search p50 as JSON. run.py starts it as a new process, so
nothing the benchmark itself holds is counted."""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's own peak (VmHWM): getrusage's maximum carries over from the parent that
    forked it."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(db: Path) -> dict:
    from bench.run import HYBRID_QUERIES, RealQueries
    from ci_engine import index as vector_index
    from ci_engine.embed import OnnxEmbedder
    from ci_engine.search import hybrid_search
    from ci_engine.store import Store

    store = Store(db)
    index = vector_index.VectorIndex.load(vector_index.index_path(db))
    if index is None:
        raise SystemExit(f"{db}: no index beside the archive")
    queries = RealQueries(OnnxEmbedder())
    results = {}
    for key, accounts in (("", None), ("_filtered", [1, 2, 3, 4, 5])):
        times = []
        for i in range(30):
            t = time.perf_counter()
            hybrid_search(
                store,
                HYBRID_QUERIES[i % len(HYBRID_QUERIES)],
                k=10,
                account_ids=accounts,
                embedder=queries,
                index=index,
            )
            times.append(time.perf_counter() - t)
        results[f"query_process_hybrid{key}_p50_ms"] = round(statistics.median(times) * 1000, 3)
    results["query_process_rss_mb"] = peak_rss_mb()
    return results


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
