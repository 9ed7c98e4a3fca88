"""An XSS corpus pushed through every field that renders Markdown or text, checked in Chromium: nothing runs.

Each payload, if it ran, would set `window.__xss`. Two layers stop it: the Markdown sanitizer (nh3) and escaping
drop or neutralise the markup, and the Content-Security-Policy would block any inline script that slipped through;
the page fixture fails the test on any policy violation, so a payload that reaches the page as live markup fails
even though the policy stopped it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts import services as class_services
from accounts.models import Enrollment
from content import services as content_services
from quizzes import assignments
from quizzes import services as quiz_services
from quizzes.models import Attempt
from tests.conftest import PASSWORD
from tests.factories import InstructorFactory, UserFactory

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=window.__xss=3></svg>",
    "[click me](javascript:window.__xss=4)",
    '"><script>window.__xss=5</script>',
    '<a href="javascript:window.__xss=6">link</a>',
    '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>',
    '<details open ontoggle="window.__xss=8">x</details>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=9>",
    "{{ request }} {% csrf_token %}",
]
SHORT = '<img src=x onerror="window.__xss=10">'  # fits a display name (80 characters)
ALL = " ".join(PAYLOADS)


def _bank_text(slug: str) -> str:
    """One question of each rendering path: topic, stem, options, rationales, explanation, references."""
    lines = "\n".join(f"  {p}" for p in PAYLOADS)
    return f'''+++
slug = "{slug}"
title = "XSS corpus"
description = """{ALL}"""
+++

# Topic {PAYLOADS[1]}

## xss-single
type: single

Which one? {ALL}

Options:
- [x] Right {PAYLOADS[0]}
{lines}
- [ ] Wrong {PAYLOADS[2]}
- [ ] Also wrong {PAYLOADS[3]}

Explanation:
Because {ALL}

References:
- {PAYLOADS[5]}
'''


@pytest.fixture
def corpus(transactional_db):
    teacher = InstructorFactory(email="xss-teacher@example.com", display_name=SHORT, password=PASSWORD)
    learner = UserFactory(email="xss-learner@example.com", display_name=SHORT, password=PASSWORD)
    bank = content_services.bank_create(owner=teacher, title=SHORT, description=ALL)
    check = content_services.bank_text_save(bank=bank, text=_bank_text("xss-corpus"))
    assert not check.errors, check.errors
    notes = f"# Notes {PAYLOADS[0]}\n\n## Input modes {PAYLOADS[1]}\n\n" + "\n".join(
        f"- **Term {i}**: {p} streams data from S3 on demand for training jobs."
        for i, p in enumerate(PAYLOADS)
    )
    content_services.upload_save(user=learner, title=SHORT, text=notes, source=f"{PAYLOADS[1]}.md")
    classroom = class_services.classroom_create(owner=teacher, name=SHORT)
    Enrollment.objects.create(classroom=classroom, learner=learner)
    quiz = assignments.quiz_save(
        owner=teacher,
        bank=bank,
        data={"title": SHORT, "description": ALL, "blueprint": None, "time_limit_minutes": None,
              "attempts_allowed": None, "opens_at": None, "closes_at": None, "feedback": "immediate",
              "shuffle_questions": False, "shuffle_options": False, "pass_mark": 70, "rules": [],
              "source": "chosen", "chosen": list(bank.questions.all())},
    )  # fmt: skip
    assignments.assignment_create(classroom=classroom, quiz=quiz, by=teacher)
    attempt = quiz_services.practice_start(user=teacher, banks=[bank], count=None, seed=1)
    return {
        "teacher": teacher,
        "learner": learner,
        "bank": bank,
        "classroom": classroom,
        "attempt": attempt,
        "quiz": quiz,
    }


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.evaluate("window.__xss") is None, url


def _answer_first_option(page) -> None:
    """Answer the question on the page and wait for its feedback: the explanation, rationales and references."""
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".explanation").first).to_be_visible()
    assert page.evaluate("window.__xss") is None


def test_no_payload_runs_on_any_page_that_shows_it(page, corpus):
    learner, teacher, bank, classroom, quiz = (
        corpus[k] for k in ("learner", "teacher", "bank", "classroom", "quiz")
    )
    _sign_in(page, learner.email)
    notes_bank = learner.banks.get()
    for url in (
        reverse("dashboard"),
        reverse("content:bank_list"),
        reverse("content:bank_detail", args=[notes_bank.slug]),
        reverse("content:bank_questions", args=[notes_bank.slug]),
        reverse("accounts:profile"),
    ):
        _visit(page, url)
    # The assigned quiz (its title, description and question) from the dashboard, answered with feedback.
    _visit(page, reverse("dashboard"))
    page.get_by_role("region", name="Assignments").get_by_role("button", name="Start").click()
    _answer_first_option(page)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, teacher.email)
    _visit(page, reverse("quizzes:question", args=[corpus["attempt"].pk, 1]))
    _answer_first_option(page)
    for url in (
        reverse("quizzes:teach"),
        reverse("content:bank_detail", args=[bank.slug]),
        reverse("content:bank_questions", args=[bank.slug]),
        reverse("content:bank_text", args=[bank.slug]),
        reverse("content:question_form", args=[bank.slug, "xss-single"]),
        reverse("content:question_edit", args=[bank.slug, "xss-single"]),
        reverse("quizzes:teach_quiz", args=[quiz.pk]),
        reverse("quizzes:teach_quiz_items", args=[quiz.pk]),
        reverse("quizzes:teach_class", args=[classroom.pk]),
        reverse("quizzes:teach_gradebook", args=[classroom.pk]),
        reverse("quizzes:teach_learner", args=[classroom.pk, learner.pk]),
    ):
        _visit(page, url)
    assert Attempt.objects.filter(user=learner, assignment__classroom=classroom).exists()
