"""The vector index: a faiss file beside the archive, always rebuildable from the vectors the
archive stores. The only module that imports faiss (lazily).

Consistent means the index holds exactly the archive's (utterance id, vector) pairs; the file's
sidecar records the embedder, the count, the highest id and the sum of ids, and a reader tops it
up from the stored vectors when the archive is ahead, or rebuilds it when rows went away."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from .embed import from_blob
from .errors import EnvironmentProblem
from .store import Store

# Exact search up to this many vectors (1.5 KB each: 300 MB at the limit); past it an IVF index
# with 8-bit scalar quantisation (384 B a vector), nprobe below. Measured on generated data
# (bench/run.py, clustered vectors): recall@10 against exact search 0.976 at 100k and 0.967 at
# 1M (2 ms a query, 398 MB), where exact search costs ~200 ms a query and 1.5 GB.
EXACT_LIMIT = 200_000
NPROBE = 64
# A filter keeping at most this share of the archive is searched exactly over the kept vectors
# (read from the archive: ~10 ms for 10k vectors); approximate search with a selector misses
# most of the true neighbours when the filter is that narrow.
EXACT_FILTER_SHARE = 0.05


def index_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.faiss")


def _sidecar(path: Path) -> Path:
    return Path(f"{path}.json")


def archive_state(store: Store) -> dict[str, int]:
    count, top, total = store.conn.execute(
        "SELECT count(*), coalesce(max(utterance_id), 0), coalesce(sum(utterance_id), 0) "
        "FROM embeddings"
    ).fetchone()
    return {"count": count, "max_id": top, "id_sum": total}


def check_embedder(store: Store, embedder: Any) -> None:
    """Refuse to mix vectors of two models in one archive; record the model on first use."""
    recorded = store.get_meta("embedder_id")
    if recorded and recorded != embedder.id:
        raise EnvironmentProblem(
            f"{store.path} was embedded with {recorded}, not {embedder.id}. Use the same "
            f"embedder (CIE_EMBEDDER), or ingest into a new archive"
        )
    if not recorded:
        store.set_meta("embedder_id", embedder.id)
        store.set_meta("embedding_dim", str(embedder.dim))


class VectorIndex:
    def __init__(self, index: Any, embedder_id: str, dim: int, state: dict[str, int]):
        self.index = index
        self.embedder_id = embedder_id
        self.dim = dim
        self.state = dict(state)

    @property
    def kind(self) -> str:
        return "exact" if self.state["count"] <= EXACT_LIMIT else "ivf-sq8"

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray, embedder_id: str, dim: int):
        import faiss

        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
        if len(ids) <= EXACT_LIMIT:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        else:
            lists = int(4 * np.sqrt(len(ids)))
            quantizer = faiss.IndexFlatIP(dim)
            ivf = faiss.IndexIVFScalarQuantizer(
                quantizer, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
            rng = np.random.default_rng(0)
            sample = vectors[rng.choice(len(vectors), min(len(vectors), lists * 40), False)]
            ivf.train(sample)
            ivf.nprobe = NPROBE
            index = ivf
        if len(ids):
            index.add_with_ids(vectors, ids)
        state = {
            "count": len(ids),
            "max_id": int(ids.max()) if len(ids) else 0,
            "id_sum": int(ids.sum()) if len(ids) else 0,
        }
        return cls(index, embedder_id, dim, state)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        if not len(ids):
            return
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)
        self.state["count"] += len(ids)
        self.state["max_id"] = max(self.state["max_id"], int(ids.max()))
        self.state["id_sum"] += int(ids.sum())

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self.state["count"] == 0:
            return []
        scores, ids = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def search_within(
        self, store: Store, query: np.ndarray, k: int, allowed: list[int]
    ) -> list[tuple[int, float]]:
        """Nearest neighbours among the allowed ids only, so a narrow filter still gets k."""
        if not allowed:
            return []
        if len(allowed) <= max(1000, EXACT_FILTER_SHARE * self.state["count"]):
            return exact_within(store, query, k, allowed)
        import faiss

        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        if self.kind == "exact":
            params = faiss.SearchParameters(sel=selector)
        else:
            params = faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE * 4)
        scores, ids = self.index.search(
            np.asarray(query, dtype=np.float32).reshape(1, -1), k, params=params
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self, path: Path) -> None:
        """Temporary file, fsync, rename: a reader never sees half an index."""
        import faiss

        tmp = Path(f"{path}.tmp")
        faiss.write_index(self.index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        meta = {"embedder_id": self.embedder_id, "dim": self.dim, "kind": self.kind, **self.state}
        side_tmp = Path(f"{_sidecar(path)}.tmp")
        side_tmp.write_text(json.dumps(meta))
        with open(side_tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        os.replace(side_tmp, _sidecar(path))

    @classmethod
    def load(cls, path: Path) -> VectorIndex | None:
        import faiss

        if not path.exists() or not _sidecar(path).exists():
            return None
        try:
            meta = json.loads(_sidecar(path).read_text())
            index = faiss.read_index(str(path))
        except (OSError, ValueError, RuntimeError):
            return None
        if index.ntotal != meta.get("count"):
            return None  # the file and its sidecar disagree: rebuild
        state = {k: int(meta[k]) for k in ("count", "max_id", "id_sum")}
        return cls(index, meta["embedder_id"], int(meta["dim"]), state)


def exact_within(store: Store, query: np.ndarray, k: int, allowed: list[int]):
    found: list[tuple[int, float]] = []
    q = np.asarray(query, dtype=np.float32).reshape(-1)
    for lo in range(0, len(allowed), 50_000):
        chunk = allowed[lo : lo + 50_000]
        rows = store.conn.execute(
            f"SELECT utterance_id, vector FROM embeddings WHERE utterance_id IN "
            f"({','.join(map(str, chunk))})"
        ).fetchall()
        if not rows:
            continue
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(
            len(rows), -1
        )
        scores = vectors @ q
        top = np.argsort(-scores)[:k]
        found.extend((int(ids[i]), float(scores[i])) for i in top)
    found.sort(key=lambda hit: -hit[1])
    return found[:k]


def _stored(store: Store, after: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rows = store.conn.execute(
        "SELECT utterance_id, vector FROM embeddings WHERE utterance_id > ? ORDER BY utterance_id",
        [after],
    ).fetchall()
    dim = int(store.get_meta("embedding_dim") or 384)
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, dim), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), dim)
    return ids, vectors


def rebuild(store: Store, path: Path) -> int:
    """A new index from the stored vectors; nothing is re-encoded."""
    embedder_id = store.get_meta("embedder_id")
    if embedder_id is None:
        raise EnvironmentProblem(f"{store.path} holds no vectors yet. Run: cie ingest PATH")
    ids, vectors = _stored(store)
    index = VectorIndex.build(ids, vectors, embedder_id, int(store.get_meta("embedding_dim")))
    index.save(path)
    return index.state["count"]


def sync(store: Store, path: Path, embedder_id: str) -> VectorIndex:
    """The index, made consistent with the archive: topped up when the archive is ahead,
    rebuilt when vectors went away or the file is missing or damaged."""
    recorded = store.get_meta("embedder_id")
    if recorded and recorded != embedder_id:
        raise EnvironmentProblem(f"{store.path} was embedded with {recorded}, not {embedder_id}")
    state = archive_state(store)
    index = VectorIndex.load(path)
    if index is not None and index.embedder_id != (recorded or embedder_id):
        raise EnvironmentProblem(
            f"{path} was built with {index.embedder_id}; the archive uses {recorded}. "
            "Run: cie reindex"
        )
    if index is not None and index.state == state:
        return index
    if index is not None and index.state["max_id"] <= state["max_id"]:
        ids, vectors = _stored(store, index.state["max_id"])
        trial = dict(index.state)
        trial["count"] += len(ids)
        trial["id_sum"] += int(ids.sum()) if len(ids) else 0
        trial["max_id"] = max(trial["max_id"], int(ids.max()) if len(ids) else 0)
        if trial == state:
            index.add(ids, vectors)
            index.save(path)
            return index
    rebuild(store, path)
    return VectorIndex.load(path)


def check(store: Store, path: Path) -> tuple[list[str], list[str]]:
    """Drift between the archive and its index, for `cie doctor`: problems, and notes on what
    the next search repairs by itself (an index missing, damaged or behind the archive, as a
    process killed mid-ingest leaves it)."""
    problems: list[str] = []
    notes: list[str] = []
    state = archive_state(store)
    orphans = store.scalar(
        "SELECT count(*) FROM utterances u WHERE NOT EXISTS "
        "(SELECT 1 FROM embeddings e WHERE e.utterance_id = u.id)"
    )
    if orphans:
        problems.append(f"{orphans} utterances have no vector; run: cie ingest (same paths)")
    index = VectorIndex.load(path)
    if index is None:
        if state["count"]:
            notes.append(
                f"vector index {path} is missing or damaged; the next search rebuilds it from the "
                "stored vectors, or run: cie reindex"
            )
        return problems, notes
    recorded = store.get_meta("embedder_id")
    if index.embedder_id != recorded:
        problems.append(
            f"index built with {index.embedder_id}, archive uses {recorded}; run: cie reindex"
        )
    if index.state["max_id"] > state["max_id"] or (
        index.state != state and index.state["count"] >= state["count"]
    ):
        problems.append(
            f"index holds vectors the archive no longer has ({index.state['count']} in the "
            f"index, {state['count']} in the archive); run: cie reindex"
        )
    elif index.state != state:
        missing = state["count"] - index.state["count"]
        notes.append(
            f"{missing} vectors are not in the index yet; any search adds them, or run: cie reindex"
        )
    elif index.kind == "exact" and state["count"]:
        sample = store.conn.execute(
            "SELECT utterance_id, vector FROM embeddings ORDER BY random() LIMIT 20"
        ).fetchall()
        for utterance_id, blob in sample:
            stored = from_blob(blob)
            held = index.index.reconstruct(int(utterance_id))
            if not np.allclose(stored, held, atol=1e-5):
                problems.append(
                    f"index vector for utterance {utterance_id} is stale; run: cie reindex"
                )
                break
    return problems, notes
