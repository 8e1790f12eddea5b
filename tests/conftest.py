"""Shared fixtures. Tests run on the fake deterministic embedder unless marked `model`."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
FACTS = ROOT / "corpora" / "facts"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture(autouse=True)
def fake_embedder(request, monkeypatch):
    """Every test not marked `model` uses the fake embedder, so no model is loaded."""
    if "model" not in request.keywords:
        monkeypatch.setenv("CIE_EMBEDDER", "fake")
