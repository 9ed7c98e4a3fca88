"""quizzes.prepared: a lookup compiled once gives what the ORM gives, on every database the suite runs on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes import access, services
from quizzes.models import Attempt, AttemptItem
from quizzes.prepared import Prepared, PreparedUpdate
from tests.quizzes.test_services import _answer_right

pytestmark = pytest.mark.django_db

RELATED = ("version", "question__topic", "question__domain", "question__parent", "question__bank")


def _fields(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_a_prepared_lookup_gives_the_orms_instances_with_their_related_objects(student, bank):
    attempts = [services.practice_start(user=student, banks=[bank], count=None, seed=s) for s in (1, 2)]
    # An answered item: its JSON response and its time come back through the same converters.
    _answer_right(attempts[0], 1)
    for attempt in attempts:
        mine = access.attempt_for_user(student, attempt.pk)
        orm = Attempt.objects.select_related("quiz", "blueprint").get(pk=attempt.pk)
        assert _fields(mine) == _fields(orm)
        assert _fields(mine.quiz) == _fields(orm.quiz)
        assert mine.blueprint is None and orm.blueprint is None
        for position in range(attempt.items.count()):
            with CaptureQueriesContext(connection) as queries:
                item = access.item_for(mine, position + 1)
                # Everything the question card reads comes with the one query.
                seen = (item.version.type, item.question.topic, item.question.domain, item.question.bank.slug)
            assert len(queries.captured_queries) == 1, seen
            expected = AttemptItem.objects.select_related(*RELATED).get(attempt=attempt, position=position)
            assert _fields(item) == _fields(expected)
            assert _fields(item.version) == _fields(expected.version)  # JSON choices, converted alike
            assert _fields(item.question) == _fields(expected.question)
            assert _fields(item.question.bank) == _fields(expected.question.bank)
            assert item.attempt is mine


def test_a_prepared_lookup_is_none_when_nothing_matches_and_refuses_a_value_it_does_not_use(
    student, other_student, bank
):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    lookup = Prepared(lambda pk, user_id: Attempt.objects.filter(pk=pk, user_id=user_id))
    assert lookup.first(attempt.pk, student.pk).pk == attempt.pk
    assert lookup.first(attempt.pk, other_student.pk) is None  # another learner's attempt: nothing
    assert lookup.first(attempt.pk + 1000, student.pk) is None
    unused = Prepared(lambda pk, user_id: Attempt.objects.filter(pk=pk))
    with pytest.raises(ImproperlyConfigured, match="each of its values once"):
        unused.first(attempt.pk, student.pk)


def test_a_prepared_values_row_is_the_orms_aggregate(student, bank):
    from django.db.models import Count, Sum

    from quizzes import results

    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=4)
    _answer_right(attempt, 1)
    expected = AttemptItem.objects.filter(attempt=attempt).aggregate(
        total=Count("pk"), answered=Count("answered_at"), correct=Sum("score")
    )
    progress = results.attempt_progress(attempt)
    assert (progress.total, progress.answered, progress.correct) == (
        expected["total"],
        1,
        round(expected["correct"], 2),
    )
    assert progress.total == attempt.items.count() > 1 and progress.correct == 1
    attempt.items.all().delete()
    assert results.attempt_progress(attempt) == results.Progress(total=0, answered=0, correct=0.0)


def test_a_prepared_update_writes_what_the_orms_update_writes_and_only_to_the_rows_it_selects(student, bank):
    from datetime import timedelta

    from django.utils import timezone

    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=5)
    first, second, third = AttemptItem.objects.filter(attempt=attempt).order_by("position")[:3]
    save = PreparedUpdate(
        lambda pk: AttemptItem.objects.filter(pk=pk, attempt__status=Attempt.Status.IN_PROGRESS),
        ("response", "is_correct", "score", "answered_at", "seconds_spent"),
    )
    when = timezone.now() - timedelta(minutes=3)
    values = {"response": {"selected": ["a", "c"]}, "is_correct": False, "score": 0.5, "answered_at": when}
    assert save.run((first.pk,), {**values, "seconds_spent": 42}) == 1
    AttemptItem.objects.filter(pk=second.pk).update(**values, seconds_spent=42)
    # The second run reuses the compiled SQL with new values in their places.
    assert save.run((third.pk,), {**values, "response": {"order": ["x"]}, "seconds_spent": 7}) == 1
    first, second, third = (AttemptItem.objects.get(pk=item.pk) for item in (first, second, third))
    written = ("response", "is_correct", "score", "answered_at", "seconds_spent")
    assert [getattr(first, name) for name in written] == [getattr(second, name) for name in written]
    assert first.response == {"selected": ["a", "c"]} and first.answered_at == when and first.score == 0.5
    assert (third.response, third.seconds_spent) == ({"order": ["x"]}, 7)
    untouched = AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=True).count()
    assert untouched == attempt.items.count() - 3

    # The filter through the relation holds: a finished attempt's items are not changed.
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.SUBMITTED)
    assert save.run((first.pk,), {**values, "seconds_spent": 99}) == 0
    assert AttemptItem.objects.get(pk=first.pk).seconds_spent == 42


def test_a_prepared_update_refuses_a_missing_value_or_none(student, bank):
    save = PreparedUpdate(lambda pk: AttemptItem.objects.filter(pk=pk), ("score", "is_correct"))
    with pytest.raises(ImproperlyConfigured, match="each to a value"):
        save.run((1,), {"score": 1.0})
    with pytest.raises(ImproperlyConfigured, match="each to a value"):
        save.run((1,), {"score": None, "is_correct": True})  # None would be a literal NULL in the SQL


def test_the_open_exam_lookup_gives_the_orms_attempt_and_nothing_once_it_is_submitted(student, other_student):
    from content.loader import load_bank
    from quizzes.models import Blueprint
    from tests import builders

    load_bank(builders.exam_bank())
    blueprint = Blueprint.objects.get(slug="mla-c01-quick")
    attempt, created = services.exam_start(user=student, blueprint=blueprint, seed=1)
    assert created
    found = services._open_exam(student, blueprint)
    orm = Attempt.objects.select_related("quiz", "blueprint").get(pk=attempt.pk)
    assert _fields(found) == _fields(orm) and _fields(found.quiz) == _fields(orm.quiz)
    assert _fields(found.blueprint) == _fields(orm.blueprint)
    assert services._open_exam(other_student, blueprint) is None
    assert services.exam_start(user=student, blueprint=blueprint) == (found, False)
    services.attempt_finish(attempt=attempt)
    assert services._open_exam(student, blueprint) is None
