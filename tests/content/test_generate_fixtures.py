"""Questions generated from the project's own notes fixtures (tests/fixtures/notes/): kinds, distractors, the gate.

These cover, without the shared notes beside the project, every behaviour that tests/acceptance/test_shared_generation.py checks on the
shared seed notes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from content import model as m
from content.generate import generate
from content.notes import parse_notes
from tests.builders import MODES_NOTES
from tests.content.generated_checks import assert_keys_unique_and_round_trip, assert_passes_the_gate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"
BLOG = FIXTURES / "messy-blog-notes.txt"
ALL_FIXTURES = ("messy-blog-notes.txt", "obsidian-style.md", "outline-style.txt")
TABULAR = {"LightGBM", "CatBoost", "K-Nearest Neighbors", "Factorization Machines"}
MODES = {"File Mode", "Pipe Mode", "Fast File Mode"}


def _generate(name: str):
    path = FIXTURES / name
    return generate(
        parse_notes(path.read_text(encoding="utf-8"), source=name), slug="fixture", title="Fixture"
    )


@pytest.fixture(scope="module")
def blog_bank():
    return _generate(BLOG.name)


def _by_key(generation):
    return {q.key: q for q in generation.bank.questions}


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_generation_is_deterministic(name):
    first, again = _generate(name), _generate(name)
    assert first.bank.questions
    assert again.bank == first.bank
    assert again.rejected == first.rejected


def test_every_kind_is_generated(blog_bank):
    kinds = {q.tags[0] for q in blog_bank.bank.questions}
    assert {"recall", "scenario", "multiple", "match"} <= kinds
    forms = {q.tags[1] for q in blog_bank.bank.questions}
    assert {"describe-term", "scenario", "shared-fact", "matching"} <= forms
    # One recall item per concept: never both "which term is this?" and "which statement describes it?".
    recalled = [q.concepts[0] for q in blog_bank.bank.questions if q.tags[0] == "recall"]
    assert len(recalled) == len(set(recalled))


def test_describe_term_masks_the_term_and_aliases(blog_bank):
    described = [q for q in blog_bank.bank.questions if "describe-term" in q.tags]
    assert described
    concepts = {c.term: c for c in blog_bank.bank.concepts}
    for q in described:
        concept = concepts[q.concepts[0]]
        for name in (concept.term, *concept.aliases):
            assert name.casefold() not in q.stem.casefold(), (name, q.stem)
    # K-Nearest Neighbors: "KNN predicts from the k closest training points" says "nearest" in other words, and
    # what is left ("supervised, index-based method") names only a class of things: no recall item, and a reason.
    assert "n-describe-k-nearest-neighbors" not in _by_key(blog_bank)
    assert any(
        r.concepts == ("K-Nearest Neighbors",) and r.reason.startswith("too little left")
        for r in blog_bank.rejected
    )


def test_describe_term_prefers_siblings_with_the_same_head_word(blog_bank):
    q = _by_key(blog_bank)["n-describe-pipe-mode"]
    wrong = [o.text for o in q.options if not o.correct]
    assert {"File Mode", "Fast File Mode"} <= set(wrong)


def test_scenario_for_the_input_modes():
    generation = generate(parse_notes(MODES_NOTES), slug="s", title="S")
    q = _by_key(generation)["n-scenario-file-mode-vs-pipe-mode-vs-fast-file-mode-fast-file-mode"]
    assert {o.text for o in q.options} == MODES
    assert [o.text for o in q.options if o.correct] == ["Fast File Mode"]
    lines = q.stem.split("\n")
    # "Best for large datasets when …"; never the caveat "Works best with sequential reads" as a requirement.
    assert "- Their workload: large datasets when training must start at once." in lines
    assert "- In their case, the dataset is very large." in lines  # File Mode: "Slow to start when …"
    assert any("AWS still recommends" in line for line in lines)  # Pipe Mode: "now recommends a newer mode"
    assert "Fast File" not in q.stem and "as the script opens them" not in q.stem
    # The explanation says why each wrong option fails, with the line it rests on.
    assert "**File Mode** — your notes say it does badly here" in q.explanation
    assert "**Pipe Mode** — your notes call it obsolete" in q.explanation
    assert q.source_lines == (2, 3, 4)


def test_a_caveat_is_no_need(blog_bank):
    """The blog notes' Fast File Mode "Works best with sequential reads": a limit of it, which no team states as
    what it needs, so the modes have no scenario there."""
    from content.generate.scenario import cues

    fast = next(c for c in parse_notes(BLOG.read_text()).concepts if c.term == "Fast File Mode")
    assert [c for c in cues(fast) if c.kind in ("need", "when", "benefit")] == []
    assert not [k for k in _by_key(blog_bank) if k.startswith("n-scenario-file-mode-vs-pipe-mode")]


def test_a_comparison_of_two_with_nothing_else_of_its_sort_is_refused_with_the_reason(blog_bank):
    assert not [k for k in _by_key(blog_bank) if k.startswith("n-scenario-real-time-inference-vs-batch")]
    assert any(
        r.kind == "scenario"
        and r.concepts == ("Batch Transform",)
        and "fewer than 2 other options" in r.reason
        for r in blog_bank.rejected
    )


def test_which_two_need_a_vpc(blog_bank):
    q = next(
        q for q in blog_bank.bank.questions if q.type == m.MULTIPLE and "needs a vpc" in q.stem.casefold()
    )
    assert {o.text for o in q.options if o.correct} == {"Amazon FSx for Lustre", "Amazon EFS"}
    assert "Amazon S3 Express One Zone" in {o.text for o in q.options}
    assert "(Choose TWO.)" in q.stem


def test_matching_has_3_to_7_pairs(blog_bank):
    matching = [q for q in blog_bank.bank.questions if q.type == m.MATCHING]
    assert matching
    for q in matching:
        assert 3 <= len(q.pairs) <= 7, q.key
        assert len({p.prompt for p in q.pairs}) == len(q.pairs), q.key
    modes = _by_key(blog_bank)["n-match-training-input-modes"]
    assert {p.prompt for p in modes.pairs} >= MODES
    # Pipe Mode by what it does, not by "AWS now recommends a newer mode instead" (a side remark).
    assert (
        dict((p.prompt, p.match) for p in modes.pairs)["Pipe Mode"]
        == "Nothing is written to local disk first."
    )


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_question_passes_the_gate(name):
    questions = _generate(name).bank.questions
    assert questions
    assert_passes_the_gate(questions)


def test_keys_are_unique_and_the_bank_file_round_trips(blog_bank):
    assert_keys_unique_and_round_trip(blog_bank.bank)
