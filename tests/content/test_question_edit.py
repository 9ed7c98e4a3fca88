"""The owner edits, retires and restores a saved bank's questions from its question list, through the loader."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from content import review
from content.generate import generate
from content.loader import load_bank
from content.models import Bank, Question
from content.notes import parse_notes
from quizzes import services as quiz_services

pytestmark = pytest.mark.django_db

NOTES = """\
## Shared storage
- Amazon EFS = an elastic NFS file system that many training instances can mount at the same time.
- FSx for Lustre = a parallel file system with hundreds of GB/s of throughput, linked to an S3 bucket.
- Amazon EBS = a block volume that one instance uses, sized in GiB, kept when the instance stops.
"""
EFS = "n-describe-amazon-efs"


@pytest.fixture
def notes_bank(student):
    load_bank(
        generate(parse_notes(NOTES), slug="mine", title="Storage").bank, kind=Bank.Kind.NOTES, owner=student
    )
    return Bank.objects.get(slug="mine")


def _url(name, key=EFS):
    return reverse(f"content:{name}", args=["mine", key])


def test_the_owner_rewrites_a_question_and_earlier_results_keep_their_version(
    student, student_client, notes_bank
):
    attempt = quiz_services.practice_start(user=student, banks=[notes_bank], count=None, seed=1)
    before = attempt.items.get(question__key=EFS).version_id
    page = student_client.get(_url("question_edit")).content.decode()
    assert "(right answer)" in page and "Amazon EFS" in page
    text = review.block(_model(notes_bank, EFS))
    text = text.replace(
        "Which shared storage option matches this description?", "Which AWS file system is described?"
    )
    response = student_client.post(_url("question_edit"), {"text": text})
    assert response.status_code == 302
    question = Question.objects.get(bank=notes_bank, key=EFS)
    assert question.stem.startswith("Which AWS file system is described?")
    # The attempt drawn before keeps the version it saw; a new draw sees the rewrite.
    item = attempt.items.select_related("version").get(question__key=EFS)
    assert item.version_id == before and item.version.stem.startswith(
        "Which shared storage option matches this description?"
    )
    again = quiz_services.practice_start(user=student, banks=[notes_bank], count=None, seed=2)
    assert again.items.select_related("version").get(question__key=EFS).version.stem.startswith("Which AWS")
    assert Bank.objects.get(pk=notes_bank.pk).review["edited"][EFS] == text


def _model(bank, key):
    from content.export import bank_from_db

    return next(q for q in bank_from_db(bank).questions if q.key == key)


def test_a_rewrite_with_a_problem_saves_nothing_and_says_the_line(student_client, notes_bank):
    text = review.block(_model(notes_bank, EFS)).replace("- [x]", "- [ ]")
    response = student_client.post(_url("question_edit"), {"text": text})
    assert response.status_code == 400
    assert (
        f"Line {text.splitlines().index('Options:') + 1}: expected exactly one [x]"
        in response.content.decode()
    )
    assert Question.objects.get(bank=notes_bank, key=EFS).stem.startswith(
        "Which shared storage option matches this description?"
    )


def test_retire_and_restore(student_client, notes_bank):
    assert student_client.post(_url("question_retire")).status_code == 302
    assert Question.objects.get(bank=notes_bank, key=EFS).retired_at is not None
    listing = student_client.get(reverse("content:bank_questions", args=["mine"])).content.decode()
    assert "Retired questions (1)" in listing and _url("question_restore") in listing
    assert EFS in Bank.objects.get(pk=notes_bank.pk).review["excluded"]
    assert student_client.post(_url("question_restore")).status_code == 302
    assert Question.objects.get(bank=notes_bank, key=EFS).retired_at is None
    assert EFS not in Bank.objects.get(pk=notes_bank.pk).review["excluded"]


def test_only_the_owner_may_edit_and_only_by_post(other_student, student_client, notes_bank):
    other, anonymous = Client(), Client()
    other.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("question_edit", "question_retire", "question_restore"):
        assert other.post(_url(name), {"text": "x"}).status_code == 404
        assert anonymous.post(_url(name)).status_code == 302  # to sign in
    assert other.get(_url("question_edit")).status_code == 404
    assert student_client.get(_url("question_retire")).status_code == 405
    assert student_client.get(_url("question_edit", key="no-such-key")).status_code == 404
    assert Question.objects.get(bank=notes_bank, key=EFS).retired_at is None
    assert Question.objects.get(bank=notes_bank, key=EFS).stem.startswith("Which shared storage option")
