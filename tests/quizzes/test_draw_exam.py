"""Blueprints and `draw_exam`: the built-in MLA-C01 blueprints are installed, and the command prints the split
(scored 14/13/11/12 and unscored 4/4/3/4 for the full mock), reproducibly, without writing anything."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from content.loader import load_bank
from content.models import QuestionVersion
from quizzes.models import Attempt, Blueprint, Quiz
from tests import builders

pytestmark = pytest.mark.django_db


def _exam_bank():
    load_bank(builders.exam_bank())


def _draw(capsys, *args) -> dict:
    call_command("draw_exam", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_the_builtin_blueprints_are_installed_as_the_exam_guide_says():
    full = Blueprint.objects.get(slug="mla-c01-full")
    quick = Blueprint.objects.get(slug="mla-c01-quick")
    assert (full.question_count, full.unscored_count, full.duration_minutes) == (65, 15, 130)
    assert (full.scale_min, full.scale_max, full.passing_score) == (100, 1000, 720)
    assert full.weights() == {1: 28.0, 2: 26.0, 3: 22.0, 4: 24.0}
    assert (quick.question_count, quick.unscored_count, quick.duration_minutes) == (20, 0, 40)
    assert quick.weights() == full.weights()


def test_draw_exam_prints_the_full_mock_split_and_writes_nothing(capsys):
    _exam_bank()
    versions = QuestionVersion.objects.count()
    data = _draw(capsys, "--blueprint", "mla-c01-full", "--seed", "7")
    assert data["count"] == 65 and len(data["questions"]) == 65
    assert data["by_domain"] == {
        "scored": {"1": 14, "2": 13, "3": 11, "4": 12},
        "unscored": {"1": 4, "2": 4, "3": 3, "4": 4},
    }
    keys = [q["key"] for q in data["questions"]]
    assert len(set(keys)) == 65  # no repeats
    assert sum(q["scored"] for q in data["questions"]) == 50
    parts = [i for i, q in enumerate(data["questions"]) if q["case_study"] == "q-case"]
    assert parts == [] or (len(parts) == 2 and parts[1] == parts[0] + 1)  # a case study whole, in order
    assert (Attempt.objects.count(), Quiz.objects.count(), QuestionVersion.objects.count()) == (
        0,
        0,
        versions,
    )


def test_draw_exam_is_reproducible_from_its_seed(capsys):
    _exam_bank()
    first = _draw(capsys, "--blueprint", "mla-c01-full", "--seed", "7")
    again = _draw(capsys, "--blueprint", "mla-c01-full", "--seed", "7")
    other = _draw(capsys, "--blueprint", "mla-c01-full", "--seed", "8")
    assert first == again
    assert [q["key"] for q in other["questions"]] != [q["key"] for q in first["questions"]]


def test_the_quick_mock_draws_20_all_scored(capsys):
    _exam_bank()
    data = _draw(capsys, "--blueprint", "mla-c01-quick", "--seed", "1")
    assert data["by_domain"] == {"scored": {"1": 6, "2": 5, "3": 4, "4": 5}, "unscored": {}}


def test_draw_exam_refuses_an_unknown_blueprint_or_a_missing_bank(capsys):
    with pytest.raises(SystemExit):
        call_command("draw_exam", "--blueprint", "mla-c01-full", "--seed", "1")
    assert "load_builtin" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("draw_exam", "--blueprint", "nope", "--seed", "1")
    assert "No blueprint 'nope'. Blueprints: mla-c01-full, mla-c01-quick." in capsys.readouterr().err
