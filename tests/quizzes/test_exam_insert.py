"""A mock exam's start on PostgreSQL writes its quiz, bank links, attempt and items in one statement
(quizzes/exam_insert.py): the same rows the ORM writes, all or nothing, one round trip instead of six."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict

from content.loader import load_bank
from quizzes import exam_insert, exams, services
from quizzes.blueprints import install_builtin
from quizzes.models import Attempt, AttemptItem, Blueprint, Quiz
from tests import builders

pytestmark = pytest.mark.postgresql


def _exam(user, blueprint, seed):
    """The unsaved quiz and attempt, and the drawn items, as `services.exam_start` builds them."""
    banks = exams.exam_banks(blueprint)
    drawn = exams.draw(blueprint, banks=banks, seed=seed, user=user, with_versions=True)
    quiz, attempt = services.exam_rows(user=user, blueprint=blueprint, seed=seed, question_count=len(drawn))
    return quiz, attempt, banks, [(q.pk, q.version, q.scored) for q in drawn]


def _blueprint():
    install_builtin(Blueprint)  # a transactional test may have flushed what the migration installed
    load_bank(builders.exam_bank())
    return Blueprint.objects.get(slug="mla-c01-full")


def _rows(attempt: Attempt) -> tuple[dict, dict, list, list]:
    attempt = Attempt.objects.get(pk=attempt.pk)
    quiz = Quiz.objects.get(pk=attempt.quiz_id)
    skip = {"id", "quiz", "created_at", "updated_at"}
    item_columns = [
        f.attname for f in AttemptItem._meta.concrete_fields if f.attname not in {"id", "attempt_id"}
    ]
    return (
        {k: v for k, v in model_to_dict(quiz).items() if k not in skip | {"banks"}},
        {k: v for k, v in model_to_dict(attempt).items() if k not in skip},
        sorted(quiz.banks.values_list("slug", flat=True)),
        list(AttemptItem.objects.filter(attempt=attempt).order_by("position").values_list(*item_columns)),
    )


@pytest.mark.django_db
def test_the_one_statement_writes_the_rows_the_orm_writes(student, other_student):
    blueprint = _blueprint()
    quiz, attempt, banks, items = _exam(student, blueprint, seed=9)
    exam_insert.insert_exam(
        connection, quiz=quiz, bank_ids=[b.pk for b in banks], attempt=attempt, items=items
    )
    assert not quiz._state.adding and attempt.quiz_id == quiz.pk and attempt.pk is not None
    # The same exam written through the ORM, for the other learner.
    orm_quiz, orm_attempt, _, _ = _exam(other_student, blueprint, seed=9)
    orm_attempt.started_at, orm_attempt.deadline = attempt.started_at, attempt.deadline
    orm_quiz.save(force_insert=True)
    orm_quiz.banks.set(banks)
    orm_attempt.quiz = orm_quiz
    orm_attempt.save(force_insert=True)
    AttemptItem.objects.bulk_create(
        AttemptItem(attempt=orm_attempt, question_id=q, version_id=v, position=i, scored=s)
        for i, (q, v, s) in enumerate(items)
    )
    written, expected = _rows(attempt), _rows(orm_attempt)
    assert written[0] == {**expected[0], "owner": student.pk}
    assert written[1] == {**expected[1], "user": student.pk}
    assert written[2] == expected[2] == sorted(b.slug for b in banks) and banks
    assert len(written[3]) == 65 and written[3] == expected[3]
    created = Quiz.objects.get(pk=quiz.pk).created_at
    assert created is not None and Quiz.objects.get(pk=quiz.pk).updated_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_refused_start_writes_nothing_at_all(student):
    """Outside any transaction (as in a request) the statement is its own transaction: when the database refuses
    the attempt (a second open one for the blueprint), the quiz and the links written before it are gone too."""
    blueprint = _blueprint()
    services.exam_start(user=student, blueprint=blueprint, seed=1)
    counts = (Quiz.objects.count(), Quiz.banks.through.objects.count(), Attempt.objects.count())
    items = AttemptItem.objects.count()
    quiz, attempt, banks, drawn = _exam(student, blueprint, seed=2)
    assert not connection.in_atomic_block
    with pytest.raises(IntegrityError):
        exam_insert.insert_exam(
            connection, quiz=quiz, bank_ids=[b.pk for b in banks], attempt=attempt, items=drawn
        )
    assert (Quiz.objects.count(), Quiz.banks.through.objects.count(), Attempt.objects.count()) == counts
    assert AttemptItem.objects.count() == items


@pytest.mark.django_db
def test_a_refused_start_inside_a_transaction_leaves_the_transaction_usable(student):
    blueprint = _blueprint()
    first, _ = services.exam_start(user=student, blueprint=blueprint, seed=1)
    quiz, attempt, banks, drawn = _exam(student, blueprint, seed=2)
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            exam_insert.insert_exam(
                connection, quiz=quiz, bank_ids=[b.pk for b in banks], attempt=attempt, items=drawn
            )
        assert Attempt.objects.filter(user=student).count() == 1  # the transaction still answers
    # Two tabs: the second start resumes the first.
    again, created = services.exam_start(user=student, blueprint=blueprint, seed=3)
    assert not created and again.pk == first.pk


@pytest.mark.django_db(transaction=True)
def test_a_start_makes_seven_queries_on_postgresql(student_client, other_student, django_assert_num_queries):
    """session, user, blueprint, open exam, banks, questions seen before, the one insert (no BEGIN or COMMIT: a
    request runs outside a transaction, and the statement is its own)."""
    blueprint = _blueprint()
    services.exam_start(
        user=other_student, blueprint=blueprint
    )  # the first start writes the questions' versions
    with django_assert_num_queries(7):
        response = student_client.post(f"/exams/{blueprint.slug}/start/")
    attempt = Attempt.objects.exclude(user=other_student).get()
    assert response.status_code == 302 and response.url == f"/attempts/{attempt.pk}/"
    assert attempt.items.count() == 65 and set(attempt.quiz.banks.all()) == set(exams.exam_banks(blueprint))
