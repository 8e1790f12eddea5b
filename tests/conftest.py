"""Shared fixtures. Tests run on the fake deterministic embedder unless marked `model`."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# every test runs on the fake embedder and the extraction rules unless marked `model`
os.environ["CIE_EMBEDDER"] = "fake"
os.environ["CIE_EXTRACT"] = "rules"

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
FACTS = ROOT / "corpora" / "facts"
REAL_DATA = ROOT.parent / "shared" / "data" / "real"


@pytest.fixture(autouse=True)
def real_models_when_marked(request, monkeypatch):
    """Tests marked `model` use the real encoder and the trained extraction layer."""
    if "model" in request.keywords:
        monkeypatch.delenv("CIE_EMBEDDER")
        monkeypatch.delenv("CIE_EXTRACT")
