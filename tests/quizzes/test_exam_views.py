"""The timed exam's pages: the exam page (every question, no answer key, saved answers filled in), the autosave
post, the review screen, finishing, and the results; access for outsiders; query counts that do not grow with
the exam's length (issue 10)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from content.loader import load_bank
from quizzes import access, scoring, services
from quizzes.models import GRACE_SECONDS, Attempt, AttemptItem, Blueprint
from tests import builders

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def blueprints():
    load_bank(builders.exam_bank())
    return Blueprint.objects.get(slug="mla-c01-quick"), Blueprint.objects.get(slug="mla-c01-full")


@pytest.fixture
def quick(blueprints):
    return blueprints[0]


def _right(item) -> str:
    return next(c.key for c in item.version.choice_list() if c.role == "option" and c.is_correct)


def _wrong(item) -> str:
    return next(c.key for c in item.version.choice_list() if c.role == "option" and not c.is_correct)


def _save_url(attempt, number):
    return reverse("quizzes:save", args=[attempt.pk, number])


def test_starting_from_the_exams_page_opens_the_exam_and_starting_again_resumes(
    student_client, student, quick
):
    page = student_client.get(reverse("quizzes:exams")).content.decode()
    assert "MLA-C01 quick mock exam" in page and "Start the exam" in page
    url = reverse("quizzes:exam_start", args=[quick.slug])
    first = student_client.post(url)
    attempt = Attempt.objects.get(user=student)
    assert first.url == reverse("quizzes:attempt", args=[attempt.pk])
    again = student_client.post(url, follow=True)
    assert Attempt.objects.filter(user=student).count() == 1
    assert "carries on where you left it" in again.content.decode()
    assert "Resume" in student_client.get(reverse("quizzes:exams")).content.decode()


def test_the_exam_page_holds_every_question_and_no_answer_key(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, 3])).content.decode()
    assert html.count('class="card question-card exam-question"') == 20
    assert 'id="q-3"' in html and 'data-number="3" aria-labelledby="q-3-heading">' in html  # shown first
    assert 'data-seconds-left="2400"' in html or 'data-seconds-left="2399"' in html
    # Rationales, explanations and the words of feedback belong to the results, never to the exam page.
    for secret in (
        "Streams on demand.",
        "Copies everything first.",
        "Fast File mode presents S3 objects",
        "Right answer",
        "is_correct",
    ):
        assert secret not in html


def test_a_saved_answer_is_filled_in_when_the_exam_is_opened_again(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 2)
    choice = _wrong(item)
    response = student_client.post(
        _save_url(attempt, 2), {"choice": choice, "flagged": "1", "seq": "1"}, **HX
    )
    assert response.status_code == 200 and "✓ Saved" in response.content.decode()
    event = json.loads(response["HX-Trigger"])["qw:saved"]
    assert event == {
        "number": 2,
        "seq": 1,
        "ok": True,
        "stale": False,
        "fields": None,
        "answered": True,
        "flagged": True,
        "secondsLeft": event["secondsLeft"],
    }
    assert 2390 <= event["secondsLeft"] <= 2400
    # Nothing in the save response says whether the answer is right.
    assert "Correct" not in response.content.decode() and "right" not in response.content.decode().lower()
    html = student_client.get(reverse("quizzes:attempt", args=[attempt.pk]), follow=True).content.decode()
    assert f'value="{choice}" data-option-index' in html and f'value="{choice}" data-option-index="' in html
    assert 'name="flagged" value="1" checked' in html
    assert 'id="nav-2" href' in html and "nav-cell is-answered is-flagged" in html


def test_a_tampered_save_is_refused_with_a_message(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    response = student_client.post(_save_url(attempt, 1), {"choice": "forged", "seq": "1"}, **HX)
    assert response.status_code == 422
    assert "Not saved: That option is not part of this question." in response.content.decode()
    assert AttemptItem.objects.get(attempt=attempt, position=0).response is None


def test_a_save_after_the_grace_is_refused_and_the_exam_is_submitted_at_its_deadline(
    student_client, student, quick
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
        item = access.item_for(attempt, 1)
        clock.move_to(attempt.deadline + timedelta(seconds=GRACE_SECONDS + 1))
        response = student_client.post(_save_url(attempt, 1), {"choice": _right(item), "seq": "1"}, **HX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse(
        "quizzes:summary", args=[attempt.pk]
    )
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submitted_at == attempt.deadline
    assert AttemptItem.objects.get(attempt=attempt, position=0).response is None
    page = student_client.get(response["HX-Redirect"]).content.decode()
    assert "arrived after the deadline and was not saved" in page


def test_opening_an_exam_after_its_deadline_shows_the_results(student_client, student, quick):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
        clock.move_to(attempt.deadline + timedelta(hours=3))
        response = student_client.get(reverse("quizzes:question", args=[attempt.pk, 1]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:summary", args=[attempt.pk])
    assert "Time ran out on this attempt" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline


def test_saving_without_javascript_moves_on_to_the_next_question(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    response = student_client.post(_save_url(attempt, 1), {"choice": _right(item), "seq": "1"})
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 2]) + "#q-2"


def test_the_practice_answer_post_does_not_grade_an_exam(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), {"choice": _right(item)})
    assert AttemptItem.objects.get(pk=item.pk).is_correct is None


def test_the_review_screen_lists_unanswered_and_flagged_before_submitting(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    for number in (1, 2):
        item = access.item_for(attempt, number)
        student_client.post(
            _save_url(attempt, number),
            {"choice": _right(item), "seq": "1", **({"flagged": "1"} if number == 2 else {})},
            **HX,
        )
    html = student_client.get(reverse("quizzes:finish", args=[attempt.pk])).content.decode()
    assert "18 of 20 not answered" in html and "1 flagged for review" in html
    assert f'class="nav-cell is-flagged" href="/attempts/{attempt.pk}/q/2/#q-2"' in html
    confirm = student_client.get(reverse("quizzes:finish", args=[attempt.pk]) + "?confirm=1").content.decode()
    assert "18 questions are not answered" in confirm and "Submit and see my score" in confirm
    assert Attempt.objects.get(pk=attempt.pk).is_open  # looking is not submitting


def test_results_show_the_scaled_score_domains_unscored_items_and_every_answer(
    student_client, student, blueprints
):
    _, full = blueprints
    attempt, _ = services.exam_start(user=student, blueprint=full, seed=3)
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("version").order_by("position"))
    first = items[0]
    services.exam_save(
        user=attempt.user, attempt_id=attempt.pk, number=first.number, data=_qd(choice=[_right(first)]), seq=1
    )
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(reverse("quizzes:summary", args=[attempt.pk]) + "?show=all").content.decode()
    attempt.refresh_from_db()
    assert attempt.scaled_score == scoring.Scale(100, 1000, 720, 0.7).scaled(
        (1.0 if first.scored else 0.0) / 50
    )
    assert f"{attempt.scaled_score} <span" in html and "Not a pass yet" in html
    assert '<svg class="chart"' in html and "Domain 1: Data Preparation for ML" in html
    assert html.count(">unscored</span>") == 15
    assert html.count("Not answered") == 64  # every unanswered question shows its right answer beside it
    assert "Practise the 64 missed or unanswered" in html or "Practise the 65 missed or unanswered" in html


def test_the_exam_urls_give_outsiders_404(client, other_student, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    client.force_login(other_student)
    for url in (
        reverse("quizzes:question", args=[attempt.pk, 1]),
        reverse("quizzes:finish", args=[attempt.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(_save_url(attempt, 1), {"choice": "x", "seq": "1"}).status_code == 404
    assert client.get(_save_url(attempt, 1)).status_code == 405


@pytest.mark.parametrize("which", ["quick", "full"])
def test_exam_page_autosave_and_results_query_counts_do_not_grow(
    student_client, student, blueprints, django_assert_max_num_queries, django_assert_num_queries, which
):
    blueprint = blueprints[0] if which == "quick" else blueprints[1]
    attempt, _ = services.exam_start(user=student, blueprint=blueprint, seed=1)
    item = access.item_for(attempt, 2)
    # session, user, 2 permission lookups (nav role), attempt, items with their versions
    with django_assert_max_num_queries(6):
        assert student_client.get(reverse("quizzes:question", args=[attempt.pk, 1])).status_code == 200
    # session, user, the item with its attempt, quiz and version, the guarded update (no transaction around it)
    with django_assert_num_queries(4):
        response = student_client.post(_save_url(attempt, 2), {"choice": _right(item), "seq": "1"}, **HX)
    assert response.status_code == 200
    services.attempt_finish(attempt=attempt)
    # session, user, 2 permission lookups (nav role), attempt with quiz and blueprint, items, past exams
    with django_assert_max_num_queries(7):
        assert student_client.get(reverse("quizzes:summary", args=[attempt.pk])).status_code == 200


def _after_the_read(monkeypatch, then):
    """Run `then()` just after a save has read its item, before it writes."""
    real = access.exam_item_for
    monkeypatch.setattr(access, "exam_item_for", lambda *args: (real(*args), then())[0])


def test_a_save_that_reads_the_exam_open_but_finds_it_submitted_when_writing_changes_nothing(
    student_client, student, quick, monkeypatch
):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    _after_the_read(monkeypatch, lambda: services.attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk)))
    response = student_client.post(_save_url(attempt, 1), {"choice": _right(item), "seq": "1"}, **HX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("quizzes:summary", args=[attempt.pk])
    stored = AttemptItem.objects.get(pk=item.pk)
    assert stored.response is None and stored.save_seq == 0
    assert Attempt.objects.get(pk=attempt.pk).raw_score == 0


def test_a_save_whose_grace_ends_between_its_read_and_its_write_is_refused_and_the_exam_submitted(
    student_client, student, quick, monkeypatch
):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    late = time_machine.travel(attempt.deadline + timedelta(seconds=GRACE_SECONDS + 1), tick=False)
    _after_the_read(monkeypatch, late.start)
    try:
        response = student_client.post(_save_url(attempt, 1), {"choice": _right(item), "seq": "1"}, **HX)
    finally:
        late.stop()
    assert response["HX-Redirect"] == reverse("quizzes:summary", args=[attempt.pk])
    assert AttemptItem.objects.get(pk=item.pk).response is None
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.submitted_at == attempt.deadline


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_save_waits_for_a_submit_under_way_and_then_changes_nothing(student):
    """The guarded UPDATE share-locks the attempt: a submit holding its row makes the save wait, and the save
    then sees the attempt submitted (without the lock it would write an answer the grade never counted)."""
    from quizzes.blueprints import install_builtin

    install_builtin(Blueprint)
    load_bank(builders.exam_bank())
    attempt, _ = services.exam_start(
        user=student, blueprint=Blueprint.objects.get(slug="mla-c01-quick"), seed=1
    )
    item = access.item_for(attempt, 1)
    locked, release, outcome = threading.Event(), threading.Event(), []

    def submit_slowly():
        try:
            with transaction.atomic():
                Attempt.objects.select_for_update().filter(pk=attempt.pk).update(status="submitted")
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def save():
        try:
            services.exam_save(
                user=student, attempt_id=attempt.pk, number=1, data=_qd(choice=[_right(item)]), seq=1
            )
            outcome.append("saved")
        except services.AttemptClosed as error:
            outcome.append(str(error))
        finally:
            connection.close()

    submitter = threading.Thread(target=submit_slowly)
    submitter.start()
    assert locked.wait(10)
    # The save reads before the submit commits, so its read sees the exam open; its write must wait.
    saver = threading.Thread(target=save)
    saver.start()
    saver.join(0.5)
    assert saver.is_alive(), "the save did not wait for the submit holding the attempt's row"
    release.set()
    submitter.join(10)
    saver.join(10)
    assert outcome == [services.SUBMITTED_MESSAGE]
    assert AttemptItem.objects.get(pk=item.pk).response is None


def _qd(**lists):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name, values in lists.items():
        data.setlist(name, values)
    return data


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_grade_the_exam_once(student, monkeypatch):
    from quizzes.blueprints import install_builtin

    install_builtin(Blueprint)  # an earlier transactional test may have flushed what the migration installed
    load_bank(builders.exam_bank())
    attempt, _ = services.exam_start(
        user=student, blueprint=Blueprint.objects.get(slug="mla-c01-quick"), seed=1
    )
    calls = []
    real = scoring.score
    monkeypatch.setattr(scoring, "score", lambda *a, **k: calls.append(1) or real(*a, **k))
    barrier = threading.Barrier(4)
    errors = []

    def submit():
        try:
            barrier.wait()
            services.attempt_finish(attempt=Attempt.objects.get(pk=attempt.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(calls) == 1
    assert Attempt.objects.get(pk=attempt.pk).status == "submitted"


def test_the_dashboard_finishes_an_overdue_exam_and_shows_its_scaled_score(student_client, student, quick):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
        html = student_client.get(reverse("dashboard")).content.decode()
        assert "Continue where you left off" in html and "40 min 00 s left" in html
        clock.move_to(attempt.deadline + timedelta(minutes=5))
        html = student_client.get(reverse("dashboard")).content.decode()
    assert "Continue where you left off" not in html
    assert "100 of 1000 · not passed" in html  # nothing answered: the scale's minimum
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline


def test_practising_the_missed_questions_of_an_exam_includes_the_unanswered(student_client, student, quick):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    student_client.post(_save_url(attempt, 1), {"choice": _right(item), "seq": "1"}, **HX)
    services.attempt_finish(attempt=attempt)
    response = student_client.post(reverse("quizzes:again", args=[attempt.pk]), {"which": "missed"})
    again = Attempt.objects.exclude(pk=attempt.pk).get(user=student)
    assert response.url == reverse("quizzes:question", args=[again.pk, 1])
    assert again.quiz.mode == "practice" and again.items.count() == 19


def test_an_older_window_is_refilled_with_the_newer_answer_another_window_saved(
    student_client, student, quick
):
    attempt, _ = services.exam_start(user=student, blueprint=quick, seed=1)
    item = access.item_for(attempt, 1)
    newer, older = _right(item), _wrong(item)
    student_client.post(_save_url(attempt, 1), {"choice": newer, "flagged": "1", "seq": "2000"}, **HX)
    response = student_client.post(_save_url(attempt, 1), {"choice": older, "seq": "1500"}, **HX)
    event = json.loads(response["HX-Trigger"])["qw:saved"]
    assert event["stale"] and event["ok"] and event["seq"] == 2000
    assert event["fields"] == [["choice", newer], ["flagged", "1"]]
    assert "A newer answer, given in another window, is saved" in response.content.decode()
    assert AttemptItem.objects.get(pk=item.pk).response == {"selected": [newer]}


def test_an_answer_given_in_part_is_saved_and_said_to_be_incomplete_before_submitting(
    student_client, student
):
    load_bank(builders.sample_bank())
    from content.models import Bank

    attempt = services.timed_test_start(
        user=student, banks=[Bank.objects.get(slug="sample")], count=6, minutes=10
    )
    number = AttemptItem.objects.get(attempt=attempt, question__key="q-multiple").position + 1
    item = access.item_for(attempt, number)
    one = next(c.key for c in item.version.choice_list() if c.role == "option")
    response = student_client.post(_save_url(attempt, number), {"choice": one, "seq": "1"}, **HX)
    assert (
        "✓ Saved · " in response.content.decode()
        and "Choose exactly 2 options; you chose 1." in response.content.decode()
    )
    review = student_client.get(reverse("quizzes:finish", args=[attempt.pk])).content.decode()
    assert "1 answered only in part" in review and f"#q-{number}" in review
