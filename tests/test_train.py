"""Training chooses by held-out pools and writes a classifier the extractor loads; checked on
three real labelled pools with the fake embedder, so it runs in seconds."""

import json
import shutil

import numpy as np

from ci_engine.evaluate import evaluate_file
from ci_engine.extract import MODELS_DIR, Extractor
from ci_engine.train import LABELLED, held_out, load_pools, train

POOLS = ("pool-b.jsonl", "pool-f.jsonl", "pool-i.jsonl")


def test_each_pool_is_predicted_by_a_model_that_never_saw_it():
    x = np.arange(12, dtype=float).reshape(6, 2)
    y = np.array([0, 1, 0, 1, 0, 1])
    groups = np.array(["a", "a", "b", "b", "c", "c"])
    p = held_out(x, y, groups, 1.0, None)
    assert p.shape == (6,) and ((p >= 0) & (p <= 1)).all()
    records, pool_of = load_pools(LABELLED)
    assert len(records) == len(pool_of) >= 800
    assert "test" not in set(pool_of)  # the held-out split is never a training pool


def test_training_writes_a_classifier_that_beats_the_rules_on_an_unseen_pool(tmp_path):
    labelled = tmp_path / "labelled"
    labelled.mkdir()
    for name in POOLS[:2]:
        shutil.copy(LABELLED / name, labelled / name)
    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    (models / "classifier.json").unlink()
    summary = train(labelled, models, "fake")
    data = json.loads((models / "classifier.json").read_text())
    assert data["trained_on"]["pools"] == ["pool-b", "pool-f"]
    assert data["embedder_id"] == "fake-hash-384"
    for kind in ("pain", "pricing"):
        assert 0.5 < summary[kind]["cv_f1"] <= 1.0
        assert summary[kind]["C"] in (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
    unseen = LABELLED / POOLS[2]
    trained = evaluate_file(Extractor(models), unseen)
    rules = evaluate_file(Extractor(models, rules_only=True), unseen)
    assert trained.pain.f1 > rules.pain.f1, (trained.pain, rules.pain)


def test_neighbours_vote_on_their_own_side_of_the_call():
    from ci_engine.extract import neighbour_vote

    bank = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    bank /= np.linalg.norm(bank, axis=1, keepdims=True)
    seller = np.array([False, True, False, False])
    labels = np.array([[1.0], [0.0], [0.0], [0.0]])
    query = np.array([[1.0, 0.05], [1.0, 0.05]])
    votes = neighbour_vote(query, np.array([False, True]), bank, seller, labels, k=2)
    # a buyer line near the buyer's pain is mostly pain; the same words from the seller side
    # meet only the seller's pitch, which is not
    assert votes[0, 0] > 0.8
    assert votes[1, 0] == 0.0
