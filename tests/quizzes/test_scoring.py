"""Scoring rules (quizzes/scoring.py), against figures worked out by hand."""

import pytest

from quizzes.scoring import Mark, Scale, score

MLA = Scale(minimum=100, maximum=1000, passing=720, pass_fraction=0.7)


@pytest.mark.parametrize(
    ("fraction", "scaled"),
    [(0.0, 100), (0.35, 410), (0.7, 720), (0.85, 860), (1.0, 1000)],
)
def test_scaled_score_is_piecewise_linear_through_the_pass_point(fraction, scaled):
    assert MLA.scaled(fraction) == scaled


def test_exam_counts_unanswered_as_wrong_and_ignores_unscored_items():
    marks = [Mark(1.0, True, domain=1, domain_name="Data")] * 35
    marks += [Mark(0.0, False, domain=2, domain_name="Models")] * 15
    marks += [Mark(1.0, True, scored=False, domain=2, domain_name="Models")] * 15
    result = score(marks, exam=True, scale=MLA)
    assert (result.raw, result.maximum, result.scaled, result.passed) == (35, 50, 720, True)
    assert [(d.number, d.correct, d.answered, d.total, d.percent) for d in result.domains] == [
        (1, 35, 35, 35, 100),
        (2, 0, 0, 15, 0),
    ]


def test_one_below_the_pass_point_fails():
    marks = [Mark(1.0, True)] * 34 + [Mark(0.0, True)] * 16
    result = score(marks, exam=True, scale=MLA)
    assert result.scaled == 702  # 100 + 620 × (0.68 / 0.7)
    assert result.passed is False


def test_practice_scores_only_what_was_answered_and_has_no_pass_or_fail():
    marks = [Mark(1.0, True), Mark(0.5, True), Mark(0.0, False)]
    result = score(marks, exam=False)
    assert (result.raw, result.maximum, result.percent, result.passed, result.scaled) == (
        1.5,
        2,
        75.0,
        None,
        None,
    )


def test_custom_timed_test_passes_at_its_percentage():
    marks = [Mark(1.0, True)] * 7 + [Mark(0.0, True)] * 3
    assert score(marks, exam=True, pass_percent=70).passed is True
    assert score(marks, exam=True, pass_percent=72).passed is False


def test_the_examples_in_docs_scoring_hold():
    from pathlib import Path

    from quizzes.models import Blueprint

    text = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert "35 % right gives 410, and 85 % gives 860" in text
    assert "35 of the 50 scored items of a full mock pass" in text
    scale = Scale(100, 1000, 720, 0.7)
    assert (scale.scaled(0.35), scale.scaled(0.85), scale.scaled(35 / 50)) == (410, 860, 720)
    assert Blueprint._meta.get_field("pass_fraction").default == 0.7
