"""Every URL of the site, from the URL configuration: HEAD works wherever GET does (health checks use it), and
every URL that names an object gives anyone but its owner a 404. A new URL without an entry here fails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from content.loader import load_bank
from content.models import Bank
from quizzes import services
from tests import builders

pytestmark = pytest.mark.django_db


def _named_urls(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's own, behind staff sign-in
            names |= _named_urls(entry, f"{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(prefix + entry.name)
    return names


# name -> (arguments, GET allowed, names an object of the learner's)
URLS = {
    "home": ({}, True, False),
    "dashboard": ({}, True, False),
    "quizzes:practice_new": ({}, True, False),
    "quizzes:exams": ({}, True, False),
    "quizzes:exam_start": ({"slug": "mla-c01-quick"}, False, False),
    "quizzes:attempt": ({"pk": "attempt"}, True, True),
    "quizzes:question": ({"pk": "attempt", "number": 1}, True, True),
    "quizzes:answer": ({"pk": "attempt", "number": 1}, False, True),
    "quizzes:flag": ({"pk": "attempt", "number": 1}, False, True),
    "quizzes:save": ({"pk": "attempt", "number": 1}, False, True),
    "quizzes:next": ({"pk": "attempt"}, False, True),
    "quizzes:finish": ({"pk": "attempt"}, True, True),
    "quizzes:summary": ({"pk": "attempt"}, True, True),
    "quizzes:again": ({"pk": "attempt"}, False, True),
    "accounts:signup": ({}, True, False),
    "accounts:login": ({}, True, False),
    "accounts:logout": ({}, False, False),
    "accounts:profile": ({}, True, False),
    "accounts:password_change": ({}, True, False),
    "accounts:password_change_done": ({}, True, False),
    "accounts:password_reset": ({}, True, False),
    "accounts:password_reset_done": ({}, True, False),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "set-password"}, True, False),
    "accounts:password_reset_complete": ({}, True, False),
    "content:bank_list": ({}, True, False),
    "content:notes_load": ({}, True, False),
    "content:notes_preview": ({}, False, False),
    "content:bank_detail": ({"slug": "bank"}, True, True),
    "content:bank_questions": ({"slug": "bank"}, True, True),
    "content:question_edit": ({"slug": "bank", "key": "q-single"}, True, True),
    "content:question_retire": ({"slug": "bank", "key": "q-single"}, False, True),
    "content:question_restore": ({"slug": "bank", "key": "q-single"}, False, True),
    "content:bank_new": ({}, True, False),
    "content:question_new": ({"slug": "bank"}, True, True),
    "content:question_preview": ({"slug": "bank"}, False, True),
    "content:question_form": ({"slug": "bank", "key": "q-single"}, True, True),
    "content:bank_text": ({"slug": "bank"}, True, True),
    "content:bank_text_check": ({"slug": "bank"}, False, True),
    "content:bank_export": ({"slug": "bank"}, True, True),
    "content:bank_co_owners": ({"slug": "bank"}, False, True),
    "content:bank_co_owner_remove": ({"slug": "bank", "user_id": 1}, False, True),
    "accounts:class_join": ({}, True, False),
    "accounts:class_join_link": ({"code": "NOSUCHCD"}, True, False),
    # The instructor area: its object URLs have their own matrix (tests/quizzes/test_teach_access.py).
    "quizzes:assignment_start": ({"pk": 1}, False, False),
    "quizzes:teach": ({}, True, False),
    "quizzes:teach_quiz_new": ({}, True, False),
    "quizzes:teach_quiz": ({"pk": 1}, True, False),
    "quizzes:teach_quiz_items": ({"pk": 1}, True, False),
    "quizzes:teach_class_new": ({}, True, False),
    "quizzes:teach_class": ({"pk": 1}, True, False),
    "quizzes:teach_class_assign": ({"pk": 1}, False, False),
    "quizzes:teach_class_code": ({"pk": 1}, False, False),
    "quizzes:teach_class_co": ({"pk": 1}, False, False),
    "quizzes:teach_class_remove": ({"pk": 1, "user_pk": 1}, False, False),
    "quizzes:teach_learner": ({"pk": 1, "user_pk": 1}, True, False),
    "quizzes:teach_gradebook": ({"pk": 1}, True, False),
    "quizzes:teach_assignment_remove": ({"pk": 1}, False, False),
    "quizzes:teach_assignment_items": ({"pk": 1}, True, False),
    "quizzes:teach_attempt": ({"pk": 1}, True, False),
}


def test_every_url_has_an_entry():
    assert _named_urls() == set(URLS), "add the new URL to URLS with its arguments and owner rule"


@pytest.fixture
def owned(student):
    load_bank(builders.sample_bank(slug="students-notes"), owner=student, kind="notes")
    bank = Bank.objects.get(slug="students-notes")
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    return {"attempt": attempt.pk, "bank": bank.slug}


def _url(name: str, owned: dict) -> str:
    kwargs, _, _ = URLS[name]
    return reverse(name, kwargs={k: owned.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()})


@pytest.mark.parametrize("name", [n for n, (_, get, _) in URLS.items() if get])
def test_head_answers_wherever_get_does(student_client, owned, name):
    url = _url(name, owned)
    got = student_client.get(url)
    head = student_client.head(url)
    assert got.status_code != 405
    assert head.status_code == got.status_code, (url, got.status_code, head.status_code)
    assert head.content == b""


@pytest.mark.parametrize("name", [n for n, (_, _, obj) in URLS.items() if obj])
def test_another_learner_gets_404_for_every_object_url(owned, other_student, name):
    client = Client()
    client.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    url = _url(name, owned)
    _, get, _ = URLS[name]
    response = client.get(url) if get else client.post(url)
    assert response.status_code == 404, url


@pytest.mark.parametrize("name", [n for n, (_, _, obj) in URLS.items() if obj])
def test_another_instructor_gets_404_for_every_object_url(owned, name):
    from tests.factories import InstructorFactory

    client = Client()
    client.force_login(InstructorFactory(), backend="django.contrib.auth.backends.ModelBackend")
    url = _url(name, owned)
    _, get, _ = URLS[name]
    response = client.get(url) if get else client.post(url)
    assert response.status_code == 404, url


@pytest.mark.parametrize("name", [n for n, (_, get, _) in URLS.items() if not get])
def test_every_state_changing_url_refuses_a_post_without_the_csrf_token(student, owned, name):
    """CSRF on every write, htmx ones included (htmx sends the token as a header; without it: 403)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    url = _url(name, owned)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(url, {"text": "x", "email": "a@example.com"}, headers=headers)
        assert response.status_code == 403, (url, headers)


@pytest.mark.parametrize("name", [n for n, (_, _, obj) in URLS.items() if obj])
def test_an_anonymous_visitor_is_sent_to_sign_in_for_every_object_url(owned, name):
    url = _url(name, owned)
    _, get, _ = URLS[name]
    response = Client().get(url) if get else Client().post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
