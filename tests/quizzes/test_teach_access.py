"""Every URL of the instructor area that names an object: its instructor succeeds; another instructor, a learner
(even one in the class) and an anonymous visitor get 404 or the sign-in page, never data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services as class_services
from accounts.models import Enrollment
from quizzes import assignments, services
from quizzes.models import Assignment, Quiz
from tests.factories import InstructorFactory

pytestmark = pytest.mark.django_db

# name -> (arguments from the fixture, method)
OBJECT_URLS = {
    "quizzes:teach_quiz": (("quiz",), "get"),
    "quizzes:teach_quiz_items": (("quiz",), "get"),
    "quizzes:teach_class": (("classroom",), "get"),
    "quizzes:teach_class_assign": (("classroom",), "post"),
    "quizzes:teach_class_code": (("classroom",), "post"),
    "quizzes:teach_class_co": (("classroom",), "post"),
    "quizzes:teach_class_remove": (("classroom", "learner"), "post"),
    "quizzes:teach_learner": (("classroom", "learner"), "get"),
    "quizzes:teach_gradebook": (("classroom",), "get"),
    "quizzes:teach_assignment_remove": (("assignment",), "post"),
    "quizzes:teach_assignment_items": (("assignment",), "get"),
    "quizzes:teach_attempt": (("attempt",), "get"),
}


@pytest.fixture
def objects(bank, instructor, student):
    quiz = Quiz.objects.create(
        title="Week 1", owner=instructor, kind=Quiz.Kind.ASSIGNABLE, mode=Quiz.Mode.EXAM, feedback="end"
    )
    quiz.banks.set([bank])
    quiz.questions.set(bank.questions.scorable())
    classroom = class_services.classroom_create(owner=instructor, name="Evening class")
    Enrollment.objects.create(classroom=classroom, learner=student)
    assignment = Assignment.objects.create(classroom=classroom, quiz=quiz)
    attempt, _ = assignments.assignment_start(user=student, assignment=assignment, seed=1)
    services.attempt_finish(attempt=attempt)
    return {
        "quiz": quiz.pk,
        "classroom": classroom.pk,
        "assignment": assignment.pk,
        "attempt": attempt.pk,
        "learner": student.pk,
    }


def _request(client: Client, name: str, objects: dict):
    args, method = OBJECT_URLS[name]
    url = reverse(name, args=[objects[a] for a in args])
    return getattr(client, method)(url)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_teach_url_with_an_object_is_in_the_matrix():
    from tests.config.test_urls import _named_urls

    teach = {
        n
        for n in _named_urls()
        if n.startswith("quizzes:teach_") and n not in ("quizzes:teach_quiz_new", "quizzes:teach_class_new")
    }
    assert teach == set(OBJECT_URLS)


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_the_instructor_succeeds(objects, instructor, name):
    response = _request(_client(instructor), name, objects)
    assert response.status_code in (200, 302, 400), response.status_code  # 400: a POST without its form data


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_a_co_instructor_succeeds(objects, instructor, name):
    from accounts.models import Classroom

    colleague = InstructorFactory()
    Classroom.objects.get(pk=objects["classroom"]).co_instructors.add(colleague)
    response = _request(_client(colleague), name, objects)
    # A quiz belongs to the instructor who built it: a co-instructor reads its results through the class.
    expected = (404,) if name in ("quizzes:teach_quiz", "quizzes:teach_quiz_items") else (200, 302, 400, 403)
    assert response.status_code in expected, response.status_code


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_another_instructor_gets_404(objects, name):
    assert _request(_client(InstructorFactory()), name, objects).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_a_learner_of_the_class_gets_404(objects, student, name):
    assert _request(_client(student), name, objects).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_an_anonymous_visitor_is_sent_to_sign_in(objects, name):
    response = _request(_client(), name, objects)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_assignment_is_started_only_by_a_learner_of_its_class(objects, student, other_student, instructor):
    url = reverse("quizzes:assignment_start", args=[objects["assignment"]])
    assert _client(other_student).post(url).status_code == 404
    assert _client(InstructorFactory()).post(url).status_code == 404
    assert _client().post(url)["Location"].startswith(reverse("accounts:login"))
    assert _client(student).post(url).status_code == 302


def test_a_learner_cannot_open_another_learners_assigned_attempt(objects, other_student):
    url = reverse("quizzes:summary", args=[objects["attempt"]])
    assert _client(other_student).get(url).status_code == 404
