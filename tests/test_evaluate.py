"""evaluate(): precision, recall, F1, amount triples and the error list on a tiny labelled
file, and the keyword baseline measured the same way."""

import json

from ci_engine.evaluate import KeywordBaseline, Score, evaluate, evaluate_file
from ci_engine.extract import load_extractor

RECORDS = [
    {"id": "t-1", "text": "That's steep: they quoted us $40k a year.", "side": "buyer",
     "pain": False, "pricing": True,
     "amounts": [{"value": 40000, "currency": "USD", "period": "year"}]},
    {"id": "t-2", "text": "Month-end close takes us twelve business days.", "side": "buyer",
     "pain": True, "pricing": False, "amounts": [], "intensity": "acute"},
    {"id": "t-3", "text": "Teams like yours struggle with approvals.", "side": "seller",
     "pain": False, "pricing": False, "amounts": []},
    {"id": "t-4", "text": "We did 40 million in revenue last year.", "side": "buyer",
     "pain": False, "pricing": False,
     "amounts": [{"value": 40000000, "currency": "USD", "period": None}]},
]  # fmt: skip


def test_score_figures():
    score = Score(tp=3, fp=1, fn=2)
    assert score.precision == 0.75
    assert score.recall == 0.6
    assert abs(score.f1 - 2 * 0.75 * 0.6 / 1.35) < 1e-9
    assert Score().f1 == 0.0


def test_evaluate_rules_on_a_tiny_file(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    report = evaluate_file(load_extractor(rules_only=True), path)
    assert report.count == 4
    assert (report.pain.tp, report.pain.fp, report.pain.fn) == (1, 0, 0)
    assert (report.pricing.tp, report.pricing.fp, report.pricing.fn) == (1, 0, 0)
    # the revenue figure is labelled without a period: one wrong triple, listed as an error
    assert (report.amounts.tp, report.amounts.fp, report.amounts.fn) == (1, 1, 1)
    assert report.amounts_exact == 3
    errors = [e for e in report.errors if e["kind"] == "amounts"]
    assert [e["id"] for e in errors] == ["t-4"]
    assert report.intensity_count == 1
    data = report.as_dict()
    assert data["pain"]["f1"] == 1.0
    assert "amounts exactly right" in report.render()


def test_baseline_is_measured_the_same_way():
    report = evaluate(KeywordBaseline(), RECORDS)
    # the keyword tracker flags the seller's pitch as pain
    assert report.pain.fp == 1
    assert report.count == 4


def test_cli_eval_rules_and_baseline_on_the_held_out_split():
    """`cie eval` on the test split: the rules beat the keyword tracker on pain and pricing."""
    from click.testing import CliRunner

    from ci_engine.cli import cli

    from conftest import ROOT

    test = str(ROOT / "corpora" / "labelled" / "test.jsonl")
    runner = CliRunner()
    scores = {}
    for flag in ("--rules-only", "--baseline"):
        result = runner.invoke(cli, ["eval", test, flag, "--json"])
        assert result.exit_code == 0, result.output
        scores[flag] = json.loads(result.output)
    rules, keywords = scores["--rules-only"], scores["--baseline"]
    assert rules["count"] == keywords["count"] == 320
    for kind in ("pain", "pricing"):
        assert rules[kind]["f1"] > keywords[kind]["f1"] + 0.1, (kind, rules, keywords)
