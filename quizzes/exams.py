"""Timed mock exams: what a blueprint draws (read only). Starting, saving and submitting are services' work.

`draw` turns a blueprint and its banks into the questions of one exam, through the pure rule in
`quizzes.selection.blueprint_draw`: domain weights split by largest remainder for scored and unscored items
separately, case studies whole, no repeats, questions the learner has not seen first, reproducible from the seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from content.models import Bank, Question
from quizzes import selection
from quizzes.models import AttemptItem, Blueprint


@dataclass(frozen=True)
class ExamQuestion:
    """One drawn question, as `draw_exam --json` prints it."""

    pk: int
    key: str
    domain: int | None
    scored: bool
    case_study: str | None  # the key of the case study it belongs to


def exam_banks(blueprint: Blueprint) -> list[Bank]:
    """The public banks written for the blueprint's exam (the built-in bank for MLA-C01)."""
    return list(Bank.objects.filter(owner__isnull=True, exam=blueprint.exam).order_by("slug"))


def draw(
    blueprint: Blueprint, *, banks: Sequence[Bank], seed: int, user=None, seen: Iterable[int] | None = None
) -> list[ExamQuestion]:
    """The exam's questions in the order they are asked. `seen` defaults to what `user` has answered before."""
    pool = Question.objects.scorable().filter(bank__in=banks)
    rows = list(pool.values_list("pk", "parent_id", "position", "domain__number", "key", "parent__key"))
    if seen is None:
        seen = (
            AttemptItem.objects.filter(attempt__user=user, answered_at__isnull=False)
            .values_list("question_id", flat=True)
            .distinct()
            if user is not None
            else ()
        )
    drawn = selection.blueprint_draw(
        [selection.Candidate(pk, parent, position, domain) for pk, parent, position, domain, _, _ in rows],
        weights=blueprint.weights(),
        scored=blueprint.scored_count,
        unscored=blueprint.unscored_count,
        seen=seen,
        rng=random.Random(seed),
    )
    by_pk = {row[0]: row for row in rows}
    return [
        ExamQuestion(
            pk=d.pk, key=by_pk[d.pk][4], domain=by_pk[d.pk][3], scored=d.scored, case_study=by_pk[d.pk][5]
        )
        for d in drawn
    ]
