"""Timed mock exams: what a blueprint draws (read only). Starting, saving and submitting are services' work.

`draw` turns a blueprint and its banks into the questions of one exam, through the pure rule in
`quizzes.selection.blueprint_draw`: domain weights split by largest remainder for scored and unscored items
separately, case studies whole, no repeats, questions the learner has not seen first, reproducible from the seed.

What a draw chooses from (`exam_pool`: the banks' questions and the id of each one's current version) is read once
per process and bank version: every change to a bank's questions goes through the loader, which bumps
`Bank.version`, and 500 learners starting the same exam at once then read it once instead of 500 times.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from content.models import Bank, Question
from content.versions import version_ids_for
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
    version: int | None  # the id of the question version it shows, when asked for


def exam_banks(blueprint: Blueprint) -> list[Bank]:
    """The public banks written for the blueprint's exam (the built-in bank for MLA-C01)."""
    return list(Bank.objects.filter(owner__isnull=True, exam=blueprint.exam).order_by("slug"))


@dataclass
class Pool:
    """What the banks hold for a draw: (pk, parent id, position, domain number, key, parent key) per question; the
    draw's candidates and the rows by pk are worked out once, and so is (`version_ids`, which makes any version
    missing) the id of each question's current version."""

    rows: tuple[tuple[int, int | None, int, int | None, str, str | None], ...]

    @functools.cached_property
    def candidates(self) -> list[selection.Candidate]:
        return [selection.Candidate(pk, parent, pos, domain) for pk, parent, pos, domain, _, _ in self.rows]

    @functools.cached_property
    def by_pk(self) -> dict[int, tuple]:
        return {row[0]: row for row in self.rows}

    @functools.cached_property
    def version_ids(self) -> dict[int, int]:
        return version_ids_for(row[0] for row in self.rows)


# Per process, by each bank's (id, version, last change): a few entries, since few bank versions are in use at once.
_pools: dict[tuple[tuple[int, int, datetime], ...], Pool] = {}
POOLS_KEPT = 8


def exam_pool(banks: Sequence[Bank]) -> Pool:
    token = tuple((bank.pk, bank.version, bank.updated_at) for bank in banks)
    pool = _pools.get(token)
    if pool is None:
        rows = tuple(
            Question.objects.scorable()
            .filter(bank__in=banks)
            .values_list("pk", "parent_id", "position", "domain__number", "key", "parent__key")
        )
        pool = Pool(rows=rows)
        while len(_pools) >= POOLS_KEPT:
            _pools.pop(next(iter(_pools)))
        _pools[token] = pool
    return pool


def forget_pools() -> None:
    """Drop what this process has read (tests, whose rolled-back banks may reuse ids)."""
    _pools.clear()


def draw(
    blueprint: Blueprint,
    *,
    banks: Sequence[Bank],
    seed: int,
    user=None,
    seen: Iterable[int] | None = None,
    with_versions: bool = False,
) -> list[ExamQuestion]:
    """The exam's questions in the order they are asked. `seen` defaults to what `user` has answered before.
    `with_versions` gives each its version id (making the versions not made yet: starting an exam, not a preview)."""
    pool = exam_pool(banks)
    versions = pool.version_ids if with_versions else {}
    if seen is None:
        seen = (
            AttemptItem.objects.filter(attempt__user=user, answered_at__isnull=False)
            .values_list("question_id", flat=True)
            .distinct()
            if user is not None
            else ()
        )
    drawn = selection.blueprint_draw(
        pool.candidates,
        weights=blueprint.weights(),
        scored=blueprint.scored_count,
        unscored=blueprint.unscored_count,
        seen=seen,
        rng=random.Random(seed),
    )
    by_pk = pool.by_pk
    return [
        ExamQuestion(
            pk=d.pk,
            key=by_pk[d.pk][4],
            domain=by_pk[d.pk][3],
            scored=d.scored,
            case_study=by_pk[d.pk][5],
            version=versions.get(d.pk),
        )
        for d in drawn
    ]
