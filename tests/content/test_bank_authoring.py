"""Authoring a whole bank in the browser: a new bank, the text editor (checked as you type, nothing saved while it
has errors, through the one loader) and the export."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.formats import bankfile
from content.models import Bank, Question
from quizzes.models import AttemptItem
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_bank(student):
    return services.bank_create(owner=student, title="Week 1", exam="MLA-C01")


def _with_one_question(bank: Bank) -> str:
    text = bankfile.write(builders.sample_bank(slug=bank.slug, title=bank.title))
    services.bank_text_save(bank=bank, text=text)
    return text


def test_a_new_bank_is_the_owners_and_empty(student_client, student):
    response = student_client.post(
        reverse("content:bank_new"), {"title": "Week 1", "exam": "", "description": ""}
    )
    bank = Bank.objects.get(owner=student, title="Week 1")
    assert response["Location"] == reverse("content:bank_text", args=[bank.slug])
    assert bank.kind == Bank.Kind.AUTHORED and not bank.questions.exists()


def test_two_owners_may_each_have_a_bank_of_the_same_title(student, other_student):
    a = services.bank_create(owner=student, title="Week 1")
    b = services.bank_create(owner=other_student, title="Week 1")
    assert a.slug != b.slug


def test_the_same_title_twice_is_refused_with_a_message(student_client, own_bank):
    response = student_client.post(reverse("content:bank_new"), {"title": "Week 1"})
    assert response.status_code == 400 and "already have a bank called" in response.content.decode()


def test_the_text_check_reports_problems_by_line_and_saves_nothing(student_client, own_bank):
    text = _with_one_question(own_bank)
    broken = text.replace("Options:", "Optoins:", 1)
    before = list(Question.objects.filter(bank=own_bank).values_list("key", "content_hash"))
    url = reverse("content:bank_text_check", args=[own_bank.slug])
    response = student_client.post(url, {"text": broken}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="text-check"' in html and "Line " in html and "<html" not in html
    saved = student_client.post(reverse("content:bank_text", args=[own_bank.slug]), {"text": broken})
    assert saved.status_code == 400 and "nothing can be saved" in saved.content.decode()
    assert list(Question.objects.filter(bank=own_bank).values_list("key", "content_hash")) == before


def test_the_text_check_says_what_saving_would_change_without_saving(student_client, own_bank):
    text = _with_one_question(own_bank)
    keys = list(Question.objects.filter(bank=own_bank, parent__isnull=True).values_list("key", flat=True))
    first = f"## {keys[0]}\n"
    start = text.index(first)
    end = text.find("\n## ", start + 1)
    without_first = text[:start] + (text[end + 1 :] if end != -1 else "")
    response = student_client.post(
        reverse("content:bank_text_check", args=[own_bank.slug]),
        {"text": without_first},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "retire 1" in response.content.decode() and keys[0] in response.content.decode()
    assert Question.objects.filter(bank=own_bank, key=keys[0], retired_at__isnull=True).exists()


def test_saving_the_text_goes_through_the_loader_and_keeps_answered_versions(
    student_client, student, own_bank
):
    from quizzes import services as quiz_services

    text = _with_one_question(own_bank)
    attempt = quiz_services.practice_start(user=student, banks=[own_bank], count=None, seed=1)
    item = AttemptItem.objects.filter(attempt=attempt).select_related("version", "question").first()
    old_stem = item.version.stem
    edited = text.replace(item.question.stem.splitlines()[0], "A rewritten stem for this question?", 1)
    response = student_client.post(reverse("content:bank_text", args=[own_bank.slug]), {"text": edited})
    assert response.status_code == 302
    own_bank.refresh_from_db()
    assert own_bank.version > 1
    item.refresh_from_db()
    assert item.version.stem == old_stem  # the attempt keeps the version it saw


def test_the_text_cannot_move_the_bank_to_another_slug(student_client, own_bank, other_student):
    other = services.bank_create(owner=other_student, title="Olive's")
    text = _with_one_question(own_bank).replace(f'slug = "{own_bank.slug}"', f'slug = "{other.slug}"')
    student_client.post(reverse("content:bank_text", args=[own_bank.slug]), {"text": text})
    assert not other.questions.exists()


def test_the_export_is_the_bank_file_and_for_its_owner_only(student_client, own_bank, other_student):
    text = _with_one_question(own_bank)
    response = student_client.get(reverse("content:bank_export", args=[own_bank.slug]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'"{own_bank.slug}.md"')
    assert response.content.decode() == text
    outsider = Client()
    outsider.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    assert outsider.get(reverse("content:bank_export", args=[own_bank.slug])).status_code == 404


def test_the_built_in_bank_is_not_editable_as_text_or_exported(student_client):
    from content.loader import load_bank

    load_bank(builders.sample_bank())
    bank = Bank.objects.get(slug="sample")
    assert student_client.get(reverse("content:bank_text", args=[bank.slug])).status_code == 404
    assert student_client.get(reverse("content:bank_export", args=[bank.slug])).status_code == 404
