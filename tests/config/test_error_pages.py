"""Error pages a visitor can act on: our own 404, 403, CSRF-failure, 400 and 500 pages, with the site's look and a
way on, never Django's bare defaults (tests run with debug off, as production does)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from content.loader import load_bank
from content.models import Bank
from quizzes import services
from tests import builders

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_ours_and_offers_a_way_on(student_client):
    response = student_client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "This page is not here" in html and 'class="site-header"' in html
    assert f'href="{reverse("dashboard")}">Go to my dashboard' in html
    anonymous = Client().get("/no-such-page/").content.decode()
    assert f'href="{reverse("accounts:login")}">Sign in' in anonymous


def test_another_learners_attempt_gets_the_same_404_page(student_client, other_student):
    load_bank(builders.sample_bank())
    bank = Bank.objects.get(slug="sample")
    attempt = services.practice_start(user=other_student, banks=[bank], count=2, seed=1)
    response = student_client.get(reverse("quizzes:question", args=[attempt.pk, 1]))
    assert response.status_code == 404
    assert "it belongs to someone else" in response.content.decode()


def test_a_form_posted_without_its_csrf_token_says_nothing_was_saved(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    response = browser.post(reverse("content:notes_load"), {"title": "x", "text": "a: b", "save": "1"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "That form had expired, so nothing was saved" in html
    assert "CSRF verification failed" not in html


def test_the_server_error_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and "app.css" in html


def test_the_bad_request_and_forbidden_pages_are_ours():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert "That request could not be read" in defaults.bad_request(request, Exception()).content.decode()
    assert "You cannot do that here" in defaults.permission_denied(request, Exception()).content.decode()
