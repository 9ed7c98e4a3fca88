"""The instructor area: building a quiz, classes and joining, assignments taken by learners, the gradebook, and
who may see what."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as class_services
from accounts.models import Classroom, Enrollment
from quizzes import assignments, services, teaching
from quizzes.models import Assignment, Attempt, AttemptItem, Quiz
from tests.factories import InstructorFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def _login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _quiz_data(bank, **overrides) -> dict:
    data = {
        "title": "Week 1 check",
        "description": "",
        "source": "chosen",
        "chosen": [str(pk) for pk in bank.questions.scorable().values_list("pk", flat=True)],
        "time_limit_minutes": "",
        "attempts_allowed": "2",
        "opens_at": "",
        "closes_at": "",
        "feedback": "end",
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "pass_mark": "70",
        "bank": bank.slug,
    }
    data.update(overrides)
    return data


@pytest.fixture
def course(bank, instructor, student):
    """The instructor's quiz of every sample question, a class with the student in it, and the assignment."""
    quiz = Quiz.objects.create(
        title="Week 1 check", owner=instructor, kind=Quiz.Kind.ASSIGNABLE, mode=Quiz.Mode.EXAM,
        feedback=Quiz.Feedback.END, attempts_allowed=2, pass_mark=70,
    )  # fmt: skip
    quiz.banks.set([bank])
    quiz.questions.set(bank.questions.scorable())
    classroom = class_services.classroom_create(owner=instructor, name="MLA evening class")
    Enrollment.objects.create(classroom=classroom, learner=student)
    assignment = Assignment.objects.create(classroom=classroom, quiz=quiz, assigned_by=instructor)
    return {"quiz": quiz, "classroom": classroom, "assignment": assignment}


def _answer_all(attempt, right: bool = True):
    """Save every item's right (or a wrong) answer as the exam screen would, then submit."""
    from quizzes import presentation, qtypes

    for item in AttemptItem.objects.filter(attempt=attempt).select_related("version"):
        key = presentation.answer_key(item.version)
        response = qtypes.get(item.version.type).correct_response(key)
        if not right:
            response = _wrong(response, key)
        item.response = response
        item.answered_at = timezone.now()
        item.save()
    return services.attempt_finish(attempt=attempt)


def _wrong(response: dict, key) -> dict:
    """A whole answer that earns nothing: wrong options, steps reversed, matches rotated."""
    if "selected" in response:
        return {"selected": [k for k in key.options if k not in key.correct][: len(response["selected"])]}
    if "order" in response:
        return {"order": list(reversed(response["order"]))}
    prompts, matches = list(response["matches"]), list(response["matches"].values())
    return {"matches": dict(zip(prompts, matches[1:] + matches[:1], strict=True))}


# --- Building a quiz ----------------------------------------------------------------------------------------


def test_instructor_builds_a_quiz_of_chosen_questions(bank, instructor):
    client = _login(instructor)
    response = client.post(reverse("quizzes:teach_quiz_new") + f"?bank={bank.slug}", _quiz_data(bank))
    quiz = Quiz.objects.get(title="Week 1 check")
    assert response.status_code == 302 and response["Location"] == reverse(
        "quizzes:teach_quiz", args=[quiz.pk]
    )
    assert quiz.kind == Quiz.Kind.ASSIGNABLE and quiz.owner == instructor
    assert quiz.mode == Quiz.Mode.EXAM  # answers after submission: the exam screens
    assert quiz.questions.count() == bank.questions.scorable().count() == quiz.question_count
    assert quiz.attempts_allowed == 2


def test_quiz_by_rules_draws_so_many_per_domain(bank, instructor):
    client = _login(instructor)
    data = _quiz_data(bank, source="rules", chosen=[], domain_1="2", feedback="immediate")
    response = client.post(reverse("quizzes:teach_quiz_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(title="Week 1 check")
    assert quiz.rules == [{"domain": 1, "count": 2}] and quiz.mode == Quiz.Mode.PRACTICE
    drawn = assignments.quiz_draw(quiz, seed=3).questions
    domains = set(
        bank.questions.filter(pk__in=[pk for pk, _ in drawn]).values_list("domain__number", flat=True)
    )
    assert len(drawn) == 2 and domains == {1}
    assert assignments.quiz_draw(quiz, seed=3).questions == drawn  # reproducible from the seed


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"chosen": []}, "chosen", "Choose at least one question."),
        ({"time_limit_minutes": "20", "feedback": "immediate"}, "feedback", "A timed quiz shows answers"),
        ({"feedback": "closed"}, "closes_at", "Set a close date"),
        (
            {"opens_at": "2026-12-10T10:00", "closes_at": "2026-12-09T10:00"},
            "closes_at",
            "close after it opens",
        ),
        ({"source": "rules", "domain_1": "99"}, "domain_1", "less than or equal to"),
        ({"chosen": ["999999"]}, "chosen", "not in this bank"),
    ],
)
def test_a_bad_quiz_form_says_why_next_to_the_field_and_saves_nothing(
    bank, instructor, overrides, field, message
):
    response = _login(instructor).post(reverse("quizzes:teach_quiz_new"), _quiz_data(bank, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Quiz.objects.filter(kind=Quiz.Kind.ASSIGNABLE).exists()


def test_a_quiz_cannot_be_built_from_another_users_private_bank(private_bank, instructor):
    response = _login(instructor).get(reverse("quizzes:teach_quiz_new") + f"?bank={private_bank.slug}")
    assert response.status_code == 400
    assert private_bank.title not in response.content.decode()


def test_a_learner_is_told_the_instructor_area_is_for_instructors(student_client):
    response = student_client.get(reverse("quizzes:teach"))
    assert response.status_code == 403
    assert "for instructors" in response.content.decode()


# --- Classes ------------------------------------------------------------------------------------------------


def test_learner_joins_with_the_code_in_any_case_and_once(course, other_student):
    classroom = course["classroom"]
    client = _login(other_student)
    typed = classroom.join_code.lower()[:4] + "-" + classroom.join_code.lower()[4:]
    response = client.post(reverse("accounts:class_join"), {"code": typed})
    assert response.status_code == 302
    assert Enrollment.objects.filter(classroom=classroom, learner=other_student).count() == 1
    client.post(reverse("accounts:class_join"), {"code": classroom.join_code})
    assert Enrollment.objects.filter(classroom=classroom, learner=other_student).count() == 1


def test_a_wrong_code_says_so_and_joins_nothing(course, other_student):
    response = _login(other_student).post(reverse("accounts:class_join"), {"code": "ZZZZ9999"})
    assert response.status_code == 400
    assert "No class has that code" in response.content.decode()
    assert not Enrollment.objects.filter(learner=other_student).exists()


def test_the_join_link_asks_before_joining(course, other_student):
    client = _login(other_student)
    url = reverse("accounts:class_join_link", args=[course["classroom"].join_code])
    page = client.get(url)
    assert page.status_code == 200 and "Join MLA evening class?" in page.content.decode()
    assert not Enrollment.objects.filter(learner=other_student).exists()
    client.post(url)
    assert Enrollment.objects.filter(learner=other_student, classroom=course["classroom"]).exists()


def test_a_new_code_stops_the_old_one(course, instructor, other_student):
    old = course["classroom"].join_code
    _login(instructor).post(reverse("quizzes:teach_class_code", args=[course["classroom"].pk]))
    assert Classroom.objects.get(pk=course["classroom"].pk).join_code != old
    response = _login(other_student).post(reverse("accounts:class_join"), {"code": old})
    assert response.status_code == 400


def test_removing_a_learner_keeps_their_attempts(course, instructor, student):
    attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    _login(instructor).post(reverse("quizzes:teach_class_remove", args=[course["classroom"].pk, student.pk]))
    assert not Enrollment.objects.filter(learner=student).exists()
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    # And they can no longer start its assignments.
    with pytest.raises(Exception):  # noqa: B017 - the access helper's 404
        from quizzes import access

        access.assignment_for_learner(student, course["assignment"].pk)


def test_a_co_instructor_shares_the_class(course, instructor):
    colleague = InstructorFactory(email="colleague@example.com")
    response = _login(instructor).post(
        reverse("quizzes:teach_class_co", args=[course["classroom"].pk]), {"email": "Colleague@Example.com"}
    )
    assert response.status_code == 302
    assert (
        _login(colleague).get(reverse("quizzes:teach_gradebook", args=[course["classroom"].pk])).status_code
        == 200
    )


def test_a_learner_cannot_be_made_co_instructor(course, instructor, other_student):
    response = _login(instructor).post(
        reverse("quizzes:teach_class_co", args=[course["classroom"].pk]), {"email": other_student.email}
    )
    assert response.status_code == 400
    assert "need an instructor account" in response.content.decode()


# --- Taking an assignment -----------------------------------------------------------------------------------


def test_learner_sees_the_assignment_and_takes_it_on_the_exam_screens(course, student_client, student):
    dashboard = student_client.get(reverse("dashboard")).content.decode()
    assert "Week 1 check" in dashboard and "MLA evening class" in dashboard
    response = student_client.post(reverse("quizzes:assignment_start", args=[course["assignment"].pk]))
    attempt = Attempt.objects.get(user=student, quiz=course["quiz"])
    assert response["Location"] == reverse("quizzes:attempt", args=[attempt.pk])
    assert attempt.assignment == course["assignment"] and attempt.is_exam
    assert attempt.items.count() == course["quiz"].questions.count()


def test_starting_again_resumes_the_open_attempt(course, student):
    first, new = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    again, new_again = assignments.assignment_start(user=student, assignment=course["assignment"], seed=2)
    assert new and not new_again and again.pk == first.pk


def test_attempts_allowed_are_enforced(course, student):
    for seed in (1, 2):
        attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=seed)
        services.attempt_finish(attempt=attempt)
    with pytest.raises(assignments.AssignmentRefused, match="used all 2 attempts"):
        assignments.assignment_start(user=student, assignment=course["assignment"], seed=3)
    assert Attempt.objects.filter(user=student).count() == 2


def test_a_quiz_is_refused_before_it_opens_and_after_it_closes(course, student):
    quiz = course["quiz"]
    quiz.opens_at, quiz.closes_at = NOW + dt.timedelta(days=1), NOW + dt.timedelta(days=2)
    quiz.save()
    with (
        time_machine.travel(NOW, tick=False),
        pytest.raises(assignments.AssignmentRefused, match="opens on"),
    ):
        assignments.assignment_start(user=student, assignment=course["assignment"])
    with (
        time_machine.travel(NOW + dt.timedelta(days=3), tick=False),
        pytest.raises(assignments.AssignmentRefused, match="closed on"),
    ):
        assignments.assignment_start(user=student, assignment=course["assignment"])
    assert not Attempt.objects.exists()


def test_the_deadline_is_the_time_limit_but_never_after_the_close(course, student):
    quiz = course["quiz"]
    quiz.time_limit_minutes, quiz.closes_at = 60, NOW + dt.timedelta(minutes=20)
    quiz.save()
    with time_machine.travel(NOW, tick=False):
        attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"])
    assert attempt.deadline == NOW + dt.timedelta(minutes=20)


def test_answers_stay_hidden_until_the_close_when_the_quiz_says_so(course, student, student_client):
    quiz = course["quiz"]
    quiz.feedback, quiz.closes_at = Quiz.Feedback.AFTER_CLOSE, NOW + dt.timedelta(days=1)
    quiz.save()
    with time_machine.travel(NOW, tick=False):
        attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
        _answer_all(attempt, right=False)
        page = student_client.get(reverse("quizzes:summary", args=[attempt.pk])).content.decode()
        assert "shown after Week 1 check closes" in page
        assert "Right answer" not in page and "Review the questions" not in page
        again = student_client.post(reverse("quizzes:again", args=[attempt.pk]), {"which": "missed"})
        assert again.status_code == 302 and Attempt.objects.filter(user=student).count() == 1
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        page = student_client.get(reverse("quizzes:summary", args=[attempt.pk])).content.decode()
        assert "Review the questions" in page and "Right answer" in page


# --- Results ------------------------------------------------------------------------------------------------


def test_gradebook_shows_best_and_last_score_and_status(course, student, instructor):
    other = UserFactory(display_name="Zed Zero")
    Enrollment.objects.create(classroom=course["classroom"], learner=other)
    first, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    _answer_all(first, right=True)
    second, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=2)
    _answer_all(second, right=False)
    book = teaching.gradebook(course["classroom"])
    rows = {row.learner.pk: row.cells[0] for row in book.rows}
    assert rows[student.pk].best == 100.0 and rows[student.pk].last == 0.0 and rows[student.pk].attempts == 2
    assert rows[student.pk].status == "Submitted"
    assert rows[other.pk].status == "Not started" and rows[other.pk].best is None
    csv_text = (
        _login(instructor)
        .get(reverse("quizzes:teach_gradebook", args=[course["classroom"].pk]) + "?format=csv")
        .content.decode()
    )
    assert "Week 1 check: best %" in csv_text.splitlines()[0]
    assert f"Sam Student,{student.email},100.0,0.0,Submitted,2" in csv_text


def test_a_missed_due_date_shows_as_missed(course):
    course["assignment"].due_at = NOW
    course["assignment"].save()
    book = teaching.gradebook(course["classroom"], now=NOW + dt.timedelta(hours=1))
    assert book.rows[0].cells[0].status == "Missed"


def test_csv_names_that_look_like_formulas_are_written_as_text(course):
    learner = UserFactory(display_name='=HYPERLINK("http://x")')
    Enrollment.objects.create(classroom=course["classroom"], learner=learner)
    assert "'=HYPERLINK" in teaching.gradebook(course["classroom"]).csv()


def _learners_who_submitted(course, count: int) -> None:
    """`count` more learners in the class, each with one submitted attempt (every other one all right)."""
    for i in range(count):
        learner = UserFactory()
        Enrollment.objects.create(classroom=course["classroom"], learner=learner)
        attempt, _ = assignments.assignment_start(user=learner, assignment=course["assignment"], seed=i)
        _answer_all(attempt, right=bool(i % 2))


@pytest.mark.parametrize("learners", [1, 6])
def test_gradebook_queries_do_not_grow_with_the_class(
    course, instructor, learners, django_assert_max_num_queries
):
    _learners_who_submitted(course, learners)
    client = _login(instructor)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("quizzes:teach_gradebook", args=[course["classroom"].pk])).status_code == 200
        )


@pytest.mark.parametrize("learners", [1, 6])
def test_item_analysis_queries_do_not_grow_with_the_class(
    course, instructor, learners, django_assert_max_num_queries
):
    _learners_who_submitted(course, learners)
    client = _login(instructor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("quizzes:teach_assignment_items", args=[course["assignment"].pk]))
    assert response.status_code == 200
    assert f"<strong>{learners}</strong> attempt" in response.content.decode()


def test_item_analysis_counts_first_attempts_only(course, student):
    first, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    _answer_all(first, right=False)
    second, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=2)
    _answer_all(second, right=True)
    analysis = teaching.item_analysis(Attempt.objects.filter(quiz=course["quiz"]))
    assert analysis.attempts == 1
    assert all(row.stats.facility == 0.0 for row in analysis.rows)


def test_instructor_reviews_a_learners_attempt_with_the_answers(course, student, instructor):
    attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    _answer_all(attempt, right=False)
    page = _login(instructor).get(reverse("quizzes:teach_attempt", args=[attempt.pk])).content.decode()
    assert "Right answer" in page and "Sam Student" in page


@pytest.mark.parametrize("classes", [1, 4])
def test_dashboard_queries_do_not_grow_with_assignments(
    bank, instructor, student, classes, django_assert_max_num_queries
):
    for i in range(classes):
        quiz = Quiz.objects.create(
            title=f"Quiz {i}", owner=instructor, kind=Quiz.Kind.ASSIGNABLE, feedback="end"
        )
        quiz.banks.set([bank])
        quiz.questions.set(bank.questions.scorable())
        classroom = class_services.classroom_create(owner=instructor, name=f"Class {i}")
        Enrollment.objects.create(classroom=classroom, learner=student)
        assignment = Assignment.objects.create(classroom=classroom, quiz=quiz)
        assignments.assignment_start(user=student, assignment=assignment, seed=i)
    client = _login(student)
    # session, user, 2 permission lookups, overdue exams, assignments, their attempts, banks, recent attempts
    with django_assert_max_num_queries(9):
        html = client.get(reverse("dashboard")).content.decode()
    assert html.count("assignment-row") == classes


def test_item_stats_command_prints_the_pages_figures_as_json(course, student):
    import json

    from django.core.management import call_command

    attempt, _ = assignments.assignment_start(user=student, assignment=course["assignment"], seed=1)
    _answer_all(attempt, right=True)
    from io import StringIO

    out = StringIO()
    call_command("item_stats", str(course["quiz"].pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["attempts"] == 1
    assert {q["question"] for q in data["questions"]} == set(
        course["quiz"].questions.values_list("key", flat=True)
    )
    assert all(q["facility"] == 100.0 and q["n"] == 1 for q in data["questions"])
    choice = next(q for q in data["questions"] if q["options"])
    assert sum(o["chosen"] for o in choice["options"] if o["correct"]) >= 1


def test_demo_class_gives_the_demo_instructor_a_class_with_the_demo_learner_and_an_assignment(db):
    from accounts.demo import ensure_demo_accounts
    from content.loader import load_bank
    from quizzes.demo import CLASS_NAME, ensure_demo_class
    from tests import builders

    load_bank(builders.sample_bank(slug="mla-c01"))
    ensure_demo_accounts()
    assert "(created)" in ensure_demo_class()
    assert "(exists)" in ensure_demo_class()  # idempotent
    classroom = Classroom.objects.get(name=CLASS_NAME)
    assert classroom.owner.email == "instructor@example.com"
    assert list(classroom.learners.values_list("email", flat=True)) == ["learner@example.com"]
    assignment = Assignment.objects.get(classroom=classroom)
    assert assignment.quiz.time_limit_minutes == 20 and assignment.due_at is not None
    learner = classroom.learners.get()
    attempt, _ = assignments.assignment_start(user=learner, assignment=assignment, seed=1)
    assert attempt.items.exists()
