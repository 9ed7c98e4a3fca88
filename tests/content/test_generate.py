"""Questions generated from notes: kinds, likeness of distractors, the quality gate, stable keys."""

from __future__ import annotations

import re

from content.generate import MASK, generate, make_key, mask
from content.notes import parse_notes


def test_keys_survive_a_change_of_wording():
    before = generate(
        parse_notes(
            "Modes\nFile Mode = copies the data set first.\nPipe Mode = streams records through a FIFO.\nFast File Mode = reads S3 objects on demand.\n"
        ),
        slug="s",
        title="S",
    )
    after = generate(
        parse_notes(
            "Modes\nFile Mode = copies the whole data set before training.\nPipe Mode = streams records through a named pipe.\nFast File Mode = reads S3 objects lazily on demand.\n"
        ),
        slug="s",
        title="S",
    )
    assert {q.key for q in before.bank.questions} == {q.key for q in after.bank.questions}
    assert before.bank.questions != after.bank.questions


def test_the_gate_reports_rejections_with_reasons():
    generation = generate(parse_notes("Topic\nAlpha = Alpha is Alpha.\nBeta = short.\n"), slug="s", title="S")
    assert generation.rejected
    assert all(r.reason and r.line >= 1 for r in generation.rejected)
    assert any(
        "fewer than 3" in r.reason or "options" in r.reason or "hidden" in r.reason
        for r in generation.rejected
    )


def test_mask_handles_case_plurals_and_word_boundaries():
    assert mask("Pipe modes and pipe mode's", ["Pipe mode"]) == f"{MASK} and {MASK}"
    assert mask("XGBoostish stays", ["XGBoost"]) == "XGBoostish stays"
    assert mask("K-Nearest Neighbors (KNN)", ["K-Nearest Neighbors", "KNN"]) == f"{MASK} ({MASK})"


def test_long_keys_are_shortened_with_a_hash():
    key = make_key("scenario", "a" * 60, "b" * 60)
    assert len(key) <= 80 and re.fullmatch(r"[a-z0-9-]+", key)
    assert key == make_key("scenario", "a" * 60, "b" * 60)
