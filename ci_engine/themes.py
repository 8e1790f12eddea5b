"""Pain themes: the nearest named theme (models/themes.toml) to a pain utterance, else `other`.
The seed vectors are kept in the archive so ranking never needs the encoder."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

import numpy as np

THEMES_FILE = Path(__file__).resolve().parent.parent / "models" / "themes.toml"
OTHER = "other"


class ThemeMatcher:
    """Assigns themes to utterance vectors by cosine to each theme's seed phrases."""

    def __init__(self, names: list[str], seeds: np.ndarray, owners: list[int], threshold: float):
        self.names = names
        self.seeds = seeds
        self.owners = np.asarray(owners)
        self.threshold = threshold

    @classmethod
    def for_store(cls, store: Any, embedder: Any, path: Path = THEMES_FILE) -> ThemeMatcher:
        """Seed vectors from the archive's cache, encoded once per themes file and embedder."""
        raw = path.read_bytes()
        config = tomllib.loads(raw.decode("utf-8"))
        key = f"{hashlib.sha256(raw).hexdigest()[:16]}:{embedder.id}"
        names = [t["name"] for t in config["theme"]]
        phrases = [(i, seed) for i, t in enumerate(config["theme"]) for seed in t["seeds"]]
        cached = store.get_meta("theme_vectors")
        cached = json.loads(cached) if cached else {}
        if cached.get("key") == key:
            vectors = np.asarray(cached["vectors"], dtype=np.float32)
        else:
            vectors = np.asarray(embedder.encode([p for _, p in phrases]), dtype=np.float32)
            store.set_meta(
                "theme_vectors",
                json.dumps({"key": key, "vectors": np.round(vectors, 5).tolist()}),
            )
        return cls(names, vectors, [i for i, _ in phrases], float(config.get("threshold", 0.35)))

    def assign(self, vectors: np.ndarray) -> list[str]:
        if len(vectors) == 0:
            return []
        similarity = np.asarray(vectors, dtype=np.float32) @ self.seeds.T
        best = similarity.argmax(axis=1)
        themes = []
        for row, column in enumerate(best):
            if similarity[row, column] >= self.threshold:
                themes.append(self.names[self.owners[column]])
            else:
                themes.append(OTHER)
        return themes


def tag_pain_themes(
    mentions: list[list[Any]], vectors: np.ndarray | None, matcher: ThemeMatcher | None
) -> None:
    """Write the theme of each pain mention into its `extra`, from its utterance's vector."""
    if matcher is None or vectors is None:
        return
    rows = [i for i, found in enumerate(mentions) if any(m.kind == "pain" for m in found)]
    if not rows:
        return
    for i, theme in zip(rows, matcher.assign(vectors[rows]), strict=True):
        for m in mentions[i]:
            if m.kind == "pain":
                m.extra["theme"] = theme
