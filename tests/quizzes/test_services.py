from __future__ import annotations

import pytest
import time_machine
from django.http import QueryDict

from quizzes import access, presentation, results, services
from quizzes.grading import ResponseError
from quizzes.models import Attempt, AttemptItem, Quiz
from tests.builders import MODES_NOTES as NOTES

pytestmark = pytest.mark.django_db


def _answer_right(attempt, number):
    item = access.item_for(attempt, number)
    key = presentation.answer_key(item.question)
    correct = key.correct_response()
    if "selected" in correct:
        data = QueryDict(mutable=True)
        data.setlist("choice", correct["selected"])
    elif "order" in correct:
        data = QueryDict(mutable=True)
        data.setlist("order", correct["order"])
    else:
        data = QueryDict(mutable=True)
        for prompt, match in correct["matches"].items():
            data[f"match-{prompt}"] = match
    return services.attempt_answer(attempt=attempt, item=item, data=data)


def _wrong_data(item) -> QueryDict:
    """A valid but wrong response for whatever type the item is."""
    key = presentation.answer_key(item.question)
    correct = key.correct_response()
    data = QueryDict(mutable=True)
    if "selected" in correct:
        data.setlist("choice", [o for o in key.options if o not in key.correct][: len(correct["selected"])])
    elif "order" in correct:
        data.setlist("order", list(reversed(correct["order"])))
    else:
        prompts = list(correct["matches"])
        matches = [correct["matches"][p] for p in prompts]
        for prompt, match in zip(prompts, matches[1:] + matches[:1], strict=True):
            data[f"match-{prompt}"] = match
    return data


def test_practice_start_draws_the_asked_number_from_scorable_questions(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=4, seed=7)
    items = list(attempt.items.select_related("question"))
    assert len(items) == 4
    assert all(i.question.type != "case_study" for i in items)
    assert attempt.quiz.mode == Quiz.Mode.PRACTICE


def test_draw_is_reproducible_from_the_seed_and_keeps_case_parts_together(student, bank):
    a = services.practice_start(user=student, banks=[bank], count=None, seed=42)
    b = services.practice_start(user=student, banks=[bank], count=None, seed=42)
    keys_a = [i.question.key for i in a.items.select_related("question")]
    keys_b = [i.question.key for i in b.items.select_related("question")]
    assert keys_a == keys_b
    assert len(keys_a) == 6  # 4 standalone + 2 case-study parts
    infra = keys_a.index("q-case-infra")
    assert keys_a[infra + 1] == "q-case-serve"


def test_domain_and_topic_filters(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], domain_numbers=[2], count=None)
    assert [i.question.key for i in attempt.items.select_related("question")] == ["q-matching"]
    with pytest.raises(services.NoQuestions, match="No question matches"):
        services.practice_start(user=student, banks=[bank], domain_numbers=[4], count=None)


def test_unseen_and_wrong_selections_use_the_learners_history(student, bank):
    first = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    for item in first.items.order_by("position")[:2]:
        _answer_right(first, item.number)
    wrong_item = access.item_for(first, 3)
    services.attempt_answer(attempt=first, item=wrong_item, data=_wrong_data(wrong_item))

    unseen = services.practice_start(user=student, banks=[bank], count=None, selection="unseen")
    seen_ids = set(first.items.filter(answered_at__isnull=False).values_list("question_id", flat=True))
    assert len(seen_ids) == 3
    assert not seen_ids & set(unseen.items.values_list("question_id", flat=True))
    wrong = services.practice_start(user=student, banks=[bank], count=None, selection="wrong")
    assert list(wrong.items.values_list("question_id", flat=True)) == [wrong_item.question_id]


def test_answer_grades_once_even_when_posted_twice(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    item = _answer_right(attempt, 1)
    assert item.is_correct and item.score == 1.0
    first_time = item.answered_at
    again = access.item_for(attempt, 1)
    bogus = QueryDict(mutable=True)
    bogus.setlist("choice", ["nonsense"])
    result = services.attempt_answer(attempt=attempt, item=again, data=bogus)
    assert result.answered_at == first_time and result.is_correct
    assert AttemptItem.objects.get(pk=item.pk).is_correct


def test_bad_response_changes_nothing(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    item = access.item_for(attempt, 1)
    with pytest.raises(ResponseError):
        services.attempt_answer(attempt=attempt, item=item, data=QueryDict("choice=zzz&order=zzz"))
    item.refresh_from_db()
    assert item.response is None and item.answered_at is None


def test_seconds_spent_is_measured_on_the_server(student, bank):
    with time_machine.travel("2026-01-01 10:00:00Z", tick=False):
        attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
        item = access.item_for(attempt, 1)
        services.item_mark_shown(item)
    with time_machine.travel("2026-01-01 10:00:42Z", tick=False):
        item = _answer_right(attempt, 1)
    assert item.seconds_spent == 42


def test_finished_attempt_refuses_answers_and_deadline_closes_it(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    services.attempt_finish(attempt=attempt)
    with pytest.raises(services.AttemptClosed):
        _answer_right(attempt, 1)
    timed = services.practice_start(user=student, banks=[bank], count=None, seed=4)
    with time_machine.travel("2026-01-01 10:00:00Z", tick=False):
        Attempt.objects.filter(pk=timed.pk).update(deadline="2026-01-01T10:30:00Z")
        timed.refresh_from_db()
    with (
        time_machine.travel("2026-01-01 10:31:00Z", tick=False),
        pytest.raises(services.AttemptClosed, match="Time is up"),
    ):
        _answer_right(timed, 1)
    timed.refresh_from_db()
    assert timed.status == Attempt.Status.SUBMITTED


def test_finish_scores_the_answered_items_and_is_idempotent(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=5)
    _answer_right(attempt, 1)
    _answer_right(attempt, 2)
    done = services.attempt_finish(attempt=attempt)
    assert (done.raw_score, done.max_score, done.status) == (2.0, 2.0, "submitted")
    assert services.attempt_finish(attempt=attempt).submitted_at == done.submitted_at


def test_next_number_skips_answered_items_and_keep_going_draws_more(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=6)
    _answer_right(attempt, 1)
    assert services.attempt_next_number(attempt=attempt, after=1) == 2
    endless = services.practice_start(user=student, banks=[bank], keep_going=True, seed=9)
    assert endless.items.count() == 1
    seen = set()
    for n in range(1, 7):
        item = _answer_right(endless, n)
        seen.add(item.question_id)
        following = services.attempt_next_number(attempt=endless, after=n)
        if n < 6:
            assert following == n + 1
    assert following is None, "keep going ends when every question has been drawn"
    assert len(seen) == 6


def test_display_order_is_stable_per_attempt_and_steps_never_start_in_order(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=11)
    ordering = AttemptItem.objects.get(attempt=attempt, question__key="q-ordering")
    first = presentation.display_for(attempt, ordering)
    again = presentation.display_for(attempt, ordering)
    assert [c.key for c in first.steps] == [c.key for c in again.steps]
    assert [c.position for c in first.steps] != sorted(c.position for c in first.steps)


def test_summary_breaks_down_by_domain_and_lists_missed(student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=12)
    _answer_right(attempt, 1)
    item = access.item_for(attempt, 2)
    services.attempt_answer(attempt=attempt, item=item, data=_wrong_data(item))
    services.attempt_finish(attempt=attempt)
    summary = results.attempt_summary(attempt)
    assert summary.progress.answered == 2 and summary.progress.correct == 1.0
    assert summary.unanswered == 4
    assert [r.item.question_id for r in summary.missed] == [item.question_id]
    assert sum(b.answered for b in summary.by_domain) == 2


def test_get_attempt_for_user_hides_other_peoples_attempts(student, other_student, bank):
    from django.http import Http404

    attempt = services.practice_start(user=student, banks=[bank], count=2)
    assert access.attempt_for_user(student, attempt.pk) == attempt
    with pytest.raises(Http404):
        access.attempt_for_user(other_student, attempt.pk)


def test_a_practice_session_on_notes_never_asks_twice_about_one_concept(student):
    from content.generate import generate
    from content.loader import load_bank
    from content.models import Bank
    from content.notes import parse_notes

    load_bank(generate(parse_notes(NOTES), slug="modes", title="Modes").bank, owner=student, kind="notes")
    bank = Bank.objects.get(slug="modes")
    # Recall items, a scenario and a matching item on the modes: five concepts, more questions than that.
    questions = list(bank.questions.all())
    assert len(questions) > 5 and any(q.tags[0] == "scenario" for q in questions)
    for seed in range(12):
        attempt = services.practice_start(user=student, banks=[bank], count=3, seed=seed)
        about = [set(i.question.concepts) for i in attempt.items.select_related("question")]
        assert len(about) == 3
        assert all(not (a & b) for i, a in enumerate(about) for b in about[i + 1 :]), (seed, about)
