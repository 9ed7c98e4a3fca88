"""The answer key appears in no page or fragment a learner can reach before answering: a sweep over the bank's
pages, the practice screens (whole pages and htmx fragments), the dashboard, and the owner-only exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from content.models import Choice, Question
from quizzes import access, services

pytestmark = pytest.mark.django_db


def _secrets(bank) -> list[str]:
    """What only an answered question may show: explanations and rationales (the key's giveaway words)."""
    texts = list(
        Question.objects.filter(bank=bank).exclude(explanation="").values_list("explanation", flat=True)
    )
    texts += list(
        Choice.objects.filter(question__bank=bank).exclude(rationale="").values_list("rationale", flat=True)
    )
    return [t for t in texts if len(t) > 12]


def test_no_page_before_answering_holds_an_explanation_rationale_or_key_marker(student_client, student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    secrets = _secrets(bank)
    assert len(secrets) >= 5  # the sweep has something to find
    urls = [
        reverse("dashboard"),
        reverse("content:bank_list"),
        reverse("content:bank_detail", args=[bank.slug]),
        reverse("content:bank_questions", args=[bank.slug]),
        reverse("quizzes:practice_new"),
        reverse("quizzes:attempt", args=[attempt.pk]),
    ] + [reverse("quizzes:question", args=[attempt.pk, n]) for n in range(1, attempt.items.count() + 1)]
    for url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            response = student_client.get(url, headers=headers, follow=True)
            assert response.status_code == 200, url
            html = response.content.decode()
            leaked = [s[:40] for s in secrets if s in html]
            assert not leaked, (url, headers, leaked)
            assert "is-right" not in html and "Right answer" not in html and "is_correct" not in html, url


def test_the_bank_file_with_its_answers_is_for_its_owners_only(student_client, bank, private_bank):
    for slug in (bank.slug, private_bank.slug):  # shared (built-in), and another learner's
        assert student_client.get(reverse("content:bank_export", args=[slug])).status_code == 404
        assert student_client.get(reverse("content:bank_text", args=[slug])).status_code == 404


def test_after_answering_the_explanation_is_shown_so_the_sweep_can_see_it(student_client, student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    item = access.item_for(attempt, 1)
    choice = item.question.choices.filter(role="option").first()
    data = {"choice": [choice.key]} if choice else {}
    response = student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), data, follow=True)
    assert item.question.explanation[:40] in response.content.decode()
