"""Re-tagging the archive from stored text and vectors gives what ingest gave, including the
short answers the classifiers read with the previous turn's vector, and encodes nothing."""

import pytest

from ci_engine.archive import Archive

from conftest import SAMPLE


def _mentions(archive):
    return archive.store.query(
        "SELECT utterance_id, kind, text, start, end, value FROM mentions "
        "ORDER BY utterance_id, kind, start, text"
    )


@pytest.mark.model
def test_reextract_reproduces_ingest(tmp_path, monkeypatch):
    archive = Archive(tmp_path / "cie.db", create=True)
    report = archive.ingest([SAMPLE])
    assert not report.failed, report.failed
    assert archive.extractor is not None and archive.extractor.classifier is not None
    before = _mentions(archive)
    # short answers read with their context exist in the sample, so the previous-turn vectors
    # that ingest and reextract each gather are exercised
    short_answers = archive.store.query(
        "SELECT COUNT(*) AS n FROM utterances u JOIN mentions m ON m.utterance_id = u.id "
        "WHERE m.kind IN ('pain', 'pricing') AND u.turn > 0 "
        "AND length(u.text) - length(replace(u.text, ' ', '')) < 12"
    )[0]["n"]
    assert short_answers > 0
    archive.store.conn.execute("DELETE FROM mentions")
    archive.store.conn.commit()

    def no_encoding(texts):
        raise AssertionError(f"re-embedded {len(texts)} texts: {texts[:2]}")

    monkeypatch.setattr(archive.extractor, "_encode", no_encoding)
    assert archive.reextract() > 0
    assert _mentions(archive) == before
