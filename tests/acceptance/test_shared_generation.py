"""Questions generated from the shared seed notes (../shared/): kinds, distractors, the gate, stable keys."""

from __future__ import annotations

import re

import pytest

from content import model as m
from content.generate import generate
from content.notes import parse_notes
from tests.acceptance.conftest import SEED
from tests.content.generated_checks import assert_keys_unique_and_round_trip, assert_passes_the_gate


@pytest.fixture(scope="module")
def seed_bank():
    return generate(
        parse_notes(SEED.read_text(encoding="utf-8"), source="seed.txt"), slug="seed", title="Seed"
    )


def _by_key(generation):
    return {q.key: q for q in generation.bank.questions}


def test_generation_is_deterministic(seed_bank):
    again = generate(
        parse_notes(SEED.read_text(encoding="utf-8"), source="seed.txt"), slug="seed", title="Seed"
    )
    assert again.bank == seed_bank.bank


def test_every_kind_is_generated_from_the_seed(seed_bank):
    # (No "which two?" item: see test_which_two_need_two_wrong_options_of_their_sort.)
    kinds = {q.tags[0] for q in seed_bank.bank.questions}
    assert {"recall", "scenario", "match"} <= kinds
    forms = {q.tags[1] for q in seed_bank.bank.questions}
    assert {"describe-term", "term-statement", "scenario", "matching"} <= forms
    # One recall item per concept: never both "which term is this?" and "which statement describes it?".
    recalled = [q.concepts[0] for q in seed_bank.bank.questions if q.tags[0] == "recall"]
    assert len(recalled) == len(set(recalled))


def test_describe_term_masks_the_term_and_aliases(seed_bank):
    q = _by_key(seed_bank)["n-describe-principal-component-analysis"]
    assert "Principal Component" not in q.stem and "PCA" not in q.stem
    assert [o.text for o in q.options if o.correct] == ["Principal Component Analysis"]
    # Distractors come from the same heading first.
    assert {o.text for o in q.options if not o.correct} <= {"KMeans", "PC1", "PC2", "Random Cut Forest"}
    # K-Nearest Neighbors: once "neighbors" is hidden the notes say too little; refused, with the reason.
    assert "n-describe-k-nearest-neighbors" not in _by_key(seed_bank)
    assert any(
        r.concepts == ("K-Nearest Neighbors",) and "too little" in r.reason for r in seed_bank.rejected
    )


def test_describe_term_prefers_siblings_with_the_same_head_word(seed_bank):
    q = _by_key(seed_bank)["n-describe-pipe-mode"]
    wrong = [o.text for o in q.options if not o.correct]
    assert {"File Mode", "Fast File Mode"} <= set(wrong)


def test_term_statement_distractors_never_name_the_answer(seed_bank):
    for q in seed_bank.bank.questions:
        if "term-statement" in q.tags:
            answer = next(o.text for o in q.options if o.correct)
            term = q.concepts[0]
            for option in q.options:
                if not option.correct:
                    assert not re.search(rf"(?i)\b{re.escape(term)}\b", option.text), (q.key, option.text)
            assert answer


def test_scenario_for_the_input_modes(seed_bank):
    q = _by_key(seed_bank)["n-scenario-file-mode-vs-pipe-mode-vs-fast-file-mode-fast-file-mode"]
    assert {o.text for o in q.options} == {"File Mode", "Pipe Mode", "Fast File Mode"}
    assert [o.text for o in q.options if o.correct] == ["Fast File Mode"]
    # A situation, not the definition: Fast File's benefit is the need, each other mode fails a stated constraint.
    assert "training begins before all data loaded" not in q.stem.casefold()
    assert "- They want to reduce startup time." in q.stem
    assert "- In their case, the training dataset is huge." in q.stem  # File Mode: "Terrible when …"
    assert "AWS still recommends" in q.stem  # Pipe Mode: "Obsolete, use Fast File."
    assert "Fast File" not in q.stem and "File Mode" not in q.stem


def test_scenarios_where_the_seed_has_cues(seed_bank):
    scenarios = {q.concepts[0]: q for q in seed_bank.bank.questions if q.tags[0] == "scenario"}
    # "Good for / Optimized for" lines under the algorithm headings become situations with their siblings as options,
    # of the answer's family (text algorithms for a translation need, vision ones for a segmentation need).
    assert {
        "Fast File Mode",
        "Factorization Machines",
        "KMeans",
        "Random Cut Forest",
        "Sequence-to-Sequence",
        "Semantic Segmentation",
    } <= set(scenarios)
    # DeepAR is the seed's only forecasting algorithm: no rival of its family, so no scenario, and the reason says so.
    assert "DeepAR" not in scenarios
    assert any(
        r.kind == "scenario" and r.concepts == ("DeepAR",) and "fewer than 2 other options" in r.reason
        for r in seed_bank.rejected
    )
    for q in scenarios.values():
        # One stated requirement: which fits best; several: which meets every one.
        asks = "meets every requirement?" if q.stem.count("\n- ") > 1 else "fits best?"
        assert q.stem.endswith(asks), q.stem
        assert len(q.options) >= 3 and sum(o.correct for o in q.options) == 1
    # Pipe Mode is obsolete in the notes: never the answer of a scenario.
    assert "Pipe Mode" not in scenarios


def test_which_two_need_two_wrong_options_of_their_sort(seed_bank):
    # Of the seed's three storage options FSx for Lustre and EFS require a VPC: S3 Express One Zone alone is too few
    # wrong options for "which two?", and File Mode beside them would be struck out as an input mode.
    assert not [q for q in seed_bank.bank.questions if q.type == m.MULTIPLE and "vpc" in q.stem.casefold()]
    storage, modes = (
        {"FSx for Lustre", "EFS", "S3 Express One Zone"},
        {"File Mode", "Pipe Mode", "Fast File Mode"},
    )
    storage_items = [
        q for q in seed_bank.bank.questions if {o.text for o in q.options if o.correct} & storage
    ]
    assert storage_items
    for q in storage_items:
        assert not {o.text for o in q.options} & modes, q.stem


def test_matching_has_3_to_7_pairs(seed_bank):
    matching = [q for q in seed_bank.bank.questions if q.type == m.MATCHING]
    assert matching
    for q in matching:
        assert 3 <= len(q.pairs) <= 7


def test_every_question_passes_the_gate(seed_bank):
    assert_passes_the_gate(seed_bank.bank.questions)


def test_keys_are_unique_and_the_bank_file_round_trips(seed_bank):
    assert_keys_unique_and_round_trip(seed_bank.bank)
