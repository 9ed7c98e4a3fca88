"""Timed mock exams on the server's clock: start and resume, autosave without feedback, the deadline and its
grace, overdue attempts finished at the deadline, idempotent submit, and the score stored once (issue 10)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.http import QueryDict

from content.loader import load_bank
from quizzes import access, presentation, qtypes, services
from quizzes.models import GRACE_SECONDS, Attempt, AttemptItem, Blueprint
from tests import builders

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def quick():
    load_bank(builders.exam_bank())
    return Blueprint.objects.get(slug="mla-c01-quick")


@pytest.fixture
def full():
    load_bank(builders.exam_bank())
    return Blueprint.objects.get(slug="mla-c01-full")


def _form(**lists) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in lists.items():
        data.setlist(name, values)
    return data


def _form_for(response: dict) -> QueryDict:
    """Form data that posts a given response, for any type."""
    if "selected" in response:
        return _form(choice=response["selected"])
    if "order" in response:
        return _form(order=response["order"])
    return _form(**{f"match-{prompt}": [match] for prompt, match in response["matches"].items()})


def _choice(item: AttemptItem, right: bool) -> str:
    return next(c.key for c in item.version.choice_list() if c.role == "option" and c.is_correct == right)


def _save(attempt, number, *, right=True, seq=1):
    item = access.item_for(attempt, number)
    return services.exam_save(
        user=attempt.user,
        attempt_id=attempt.pk,
        number=item.number,
        data=_form(choice=[_choice(item, right)]),
        seq=seq,
    )


@time_machine.travel(START, tick=False)
def test_starting_a_mock_sets_the_deadline_and_draws_the_blueprint(student, full):
    attempt, created = services.exam_start(user=student, blueprint=full, seed=4)
    assert created and attempt.deadline == START + timedelta(minutes=130)
    items = AttemptItem.objects.filter(attempt=attempt)
    assert items.count() == 65 and items.filter(scored=False).count() == 15
    assert attempt.quiz.mode == "exam" and attempt.quiz.feedback == "end"
    assert attempt.seconds_left() == 130 * 60


def test_a_start_after_the_bank_changed_draws_the_changed_questions(student, other_student):
    """The draw's pool is read once per process and bank version (quizzes.exams.exam_pool): a change through the
    loader is seen by the next start, and a retired question is never drawn again."""
    load_bank(builders.exam_bank(per_domain=17))
    full = Blueprint.objects.get(slug="mla-c01-full")
    first, _ = services.exam_start(user=student, blueprint=full, seed=4)
    changed = builders.exam_bank(per_domain=17)
    questions = tuple(
        replace(q, stem=q.stem.replace("Question", "Changed question")) if q.key == "d1-0" else q
        for q in changed.questions
        if q.key != "d2-0"
    )
    load_bank(replace(changed, questions=questions))
    second, _ = services.exam_start(user=other_student, blueprint=full, seed=4)
    before = AttemptItem.objects.select_related("version").get(attempt=first, question__key="d1-0")
    after = AttemptItem.objects.select_related("version").get(attempt=second, question__key="d1-0")
    assert before.version.stem == "Question 0 of domain 1?"
    assert after.version.stem == "Changed question 0 of domain 1?"
    assert AttemptItem.objects.filter(attempt=first, question__key="d2-0").exists()
    assert not AttemptItem.objects.filter(attempt=second, question__key="d2-0").exists()
    assert second.items.count() == 65


def test_starting_again_resumes_the_open_attempt(student, other_student, quick):
    first, created = services.exam_start(user=student, blueprint=quick)
    again, created_again = services.exam_start(user=student, blueprint=quick)
    assert created and not created_again and again.pk == first.pk
    theirs, _ = services.exam_start(user=other_student, blueprint=quick)
    assert theirs.pk != first.pk
    assert Attempt.objects.filter(blueprint=quick, status="in_progress").count() == 2


def test_the_database_refuses_a_second_open_attempt_per_blueprint(student, quick):
    from django.db import IntegrityError, transaction

    first, _ = services.exam_start(user=student, blueprint=quick)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(user=student, quiz=first.quiz, blueprint=quick, seed=1)


def test_an_exam_save_stores_the_answer_without_grading_it(student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=2)
    saved = _save(attempt, 1, right=False)
    item = AttemptItem.objects.get(pk=saved.item.pk)
    assert item.response == {"selected": [_choice(item, False)]} and item.answered_at is not None
    assert item.is_correct is None and item.score is None  # no correctness until submission
    # Changing it is allowed until submission.
    _save(attempt, 1, right=True, seq=2)
    item.refresh_from_db()
    assert item.response == {"selected": [_choice(item, True)]}


def test_an_older_retried_save_never_overwrites_a_newer_one(student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=2)
    _save(attempt, 1, right=True, seq=5)
    late = _save(attempt, 1, right=False, seq=4)  # the retry of an earlier change arrives last
    assert late.stale
    item = AttemptItem.objects.get(pk=late.item.pk)
    assert item.response == {"selected": [_choice(item, True)]} and item.save_seq == 5


def test_a_tampered_exam_answer_is_refused_and_changes_nothing(student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=2)
    item = access.item_for(attempt, 1)
    with pytest.raises(qtypes.ResponseError, match="not part of this question"):
        services.exam_save(
            user=attempt.user, attempt_id=attempt.pk, number=item.number, data=_form(choice=["forged"]), seq=1
        )
    item.refresh_from_db()
    assert item.response is None and item.save_seq == 0


def test_clearing_an_answer_makes_the_question_unanswered_again(student):
    load_bank(builders.sample_bank())
    from content.models import Bank

    bank = Bank.objects.get(slug="sample")
    attempt = services.timed_test_start(user=student, banks=[bank], count=6, minutes=10, seed=1)
    number = AttemptItem.objects.get(attempt=attempt, question__key="q-multiple").position + 1
    item = access.item_for(attempt, number)
    some = [c.key for c in item.version.choice_list() if c.role == "option"][:1]
    services.exam_save(
        user=attempt.user, attempt_id=attempt.pk, number=item.number, data=_form(choice=some), seq=1
    )  # 1 of 2: saved as it is
    item.refresh_from_db()
    assert item.is_answered
    services.exam_save(
        user=attempt.user, attempt_id=attempt.pk, number=item.number, data=_form(choice=[]), seq=2
    )
    item.refresh_from_db()
    assert item.response is None and not item.is_answered


def test_answers_inside_the_grace_count_and_later_ones_are_refused(student, quick):
    with time_machine.travel(START, tick=False) as clock:
        attempt, _ = services.exam_start(user=student, blueprint=quick, seed=3)
        clock.move_to(attempt.deadline + timedelta(seconds=GRACE_SECONDS - 1))
        _save(attempt, 1, right=True)  # sent before zero, arrived within the grace: kept
        clock.move_to(attempt.deadline + timedelta(seconds=GRACE_SECONDS))
        with pytest.raises(services.AttemptClosed, match="after the deadline"):
            _save(attempt, 2, right=True)
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submitted_at == attempt.deadline
    second = AttemptItem.objects.get(attempt=attempt, position=1)
    assert second.response is None and second.is_correct is False
    assert AttemptItem.objects.get(attempt=attempt, position=0).is_correct is True


def test_an_abandoned_attempt_is_finished_at_its_deadline_by_the_sweep(student, other_student, quick):
    with time_machine.travel(START, tick=False) as clock:
        mine, _ = services.exam_start(user=student, blueprint=quick, seed=3)
        _save(mine, 1, right=True)
        clock.shift(timedelta(minutes=30))
        theirs, _ = services.exam_start(user=other_student, blueprint=quick, seed=4)  # still has time
        clock.move_to(mine.deadline + timedelta(minutes=20))  # the sweep runs later (MDL-54907)
        call_command("close_overdue_attempts")
        call_command("close_overdue_attempts")  # running twice finishes nothing twice
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == "submitted" and mine.submitted_at == mine.deadline
    assert mine.raw_score == 1.0 and mine.max_score == 20.0
    assert theirs.status == "in_progress"


def test_a_visit_after_the_deadline_finishes_the_attempt_and_a_new_start_is_fresh(student, quick):
    with time_machine.travel(START, tick=False) as clock:
        first, _ = services.exam_start(user=student, blueprint=quick, seed=3)
        clock.move_to(first.deadline + timedelta(days=1))
        assert services.finish_if_overdue(first)
        second, created = services.exam_start(user=student, blueprint=quick, seed=4)
    first.refresh_from_db()
    assert first.submitted_at == first.deadline and created and second.pk != first.pk


def test_submitting_twice_grades_once(student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=3)
    _save(attempt, 1, right=True)
    _save(attempt, 2, right=False)
    first = services.attempt_finish(attempt=attempt)
    stored = (first.raw_score, first.max_score, first.scaled_score, first.passed, first.submitted_at)
    again = services.attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk))
    assert (again.raw_score, again.max_score, again.scaled_score, again.passed, again.submitted_at) == stored
    with pytest.raises(services.AttemptClosed):
        _save(attempt, 3, right=True)


def test_the_score_is_scaled_and_stored_per_domain_with_unscored_items_left_out(student, full):
    attempt, _ = services.exam_start(user=student, blueprint=full, seed=9)
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("version", "question__domain"))
    scored = [i for i in items if i.scored]
    # Every unscored item right and 35 of the 50 scored ones (70 %): exactly the passing score.
    for item in items:
        right = (not item.scored) or scored.index(item) < 35
        if item.version.type == "single":
            data = _form(choice=[_choice(item, right)])
        elif right:
            data = _form_for(presentation.answer_key(item.version).correct_response())
        else:
            continue  # left unanswered: wrong
        services.exam_save(user=attempt.user, attempt_id=attempt.pk, number=item.number, data=data, seq=1)
    done = services.attempt_finish(attempt=attempt)
    assert (done.raw_score, done.max_score) == (35.0, 50.0)
    assert done.scaled_score == 720 and done.passed is True
    rows = {row["number"]: row for row in done.domain_scores}
    assert sum(row["total"] for row in rows.values()) == 50
    assert sum(row["correct"] for row in rows.values()) == 35


def test_a_timed_test_of_my_own_prefers_questions_i_have_not_seen(student):
    from content.models import Bank

    load_bank(builders.exam_bank(per_domain=5))
    bank = Bank.objects.get(slug="exam")
    seen = services.practice_start(user=student, banks=[bank], count=10, seed=1)
    for item in AttemptItem.objects.filter(attempt=seen).select_related("version"):
        services.attempt_answer(attempt=seen, item=item, data=_form(choice=[_choice(item, True)]))
    seen_ids = set(AttemptItem.objects.filter(attempt=seen).values_list("question_id", flat=True))
    attempt = services.timed_test_start(user=student, banks=[bank], count=10, minutes=15, seed=2)
    drawn = set(AttemptItem.objects.filter(attempt=attempt).values_list("question_id", flat=True))
    assert len(drawn) == 10 and not drawn & seen_ids
    assert attempt.deadline - attempt.started_at == timedelta(minutes=15)
    assert attempt.blueprint is None and attempt.quiz.time_limit_minutes == 15


@pytest.mark.django_db(transaction=True)
def test_the_migration_stores_domain_scores_for_attempts_submitted_before_them(student):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from content.models import Bank

    load_bank(builders.sample_bank())
    attempt = services.practice_start(
        user=student, banks=[Bank.objects.get(slug="sample")], count=None, seed=1
    )
    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version")[:3]:
        key = presentation.answer_key(item.version)
        services.attempt_answer(attempt=attempt, item=item, data=_form_for(key.correct_response()))
    stored = services.attempt_finish(attempt=attempt).domain_scores
    assert stored and sum(row["answered"] for row in stored) == 3
    Attempt.objects.update(domain_scores=[])
    executor = MigrationExecutor(connection)
    executor.migrate([("quizzes", "0007_exam_attempts")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Attempt.objects.get(pk=attempt.pk).domain_scores == stored
