from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from content.loader import load_bank
from content.models import Bank, Question, Topic
from tests import builders

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
SAMPLE = Path(__file__).resolve().parents[2] / "content" / "samples" / "sagemaker-notes.txt"
NOTES = """Training input modes:
- "File Mode" - the default. Copies the whole data set to the instance before training starts.
- "Pipe Mode" - Streams records through a FIFO pipe while training runs.
- "Fast File Mode" - Streams S3 objects as files on demand, so training starts at once.
"""


def test_bank_list_shows_shared_and_own_banks_only(student_client, student, other_student):
    load_bank(builders.sample_bank(slug="shared", title="Shared bank"))
    load_bank(builders.sample_bank(slug="mine", title="My notes bank"), owner=student, kind="notes")
    load_bank(
        builders.sample_bank(slug="theirs", title="Their notes bank"), owner=other_student, kind="notes"
    )
    html = student_client.get(reverse("content:bank_list")).content.decode()
    assert "Shared bank" in html and "My notes bank" in html
    assert "Their notes bank" not in html


def test_bank_detail_shows_the_outline_with_counts_and_a_practice_link_per_topic(
    student_client, django_assert_max_num_queries
):
    load_bank(builders.sample_bank())
    with django_assert_max_num_queries(10):
        response = student_client.get(reverse("content:bank_detail", args=["sample"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "6 questions (2 of them in 1 case study)" in html  # 4 questions + 2 scored parts of the case study
    assert "Domain 1: Data Preparation for ML" in html
    deployment = Topic.objects.get(bank__slug="sample", title="Deployment")
    row = html[html.index(f'id="topic-{deployment.pk}"') :].split("</li>")[0]
    assert "3 questions" in row  # the ordering question and the two parts of the case study
    assert f"?bank=sample&amp;topics={deployment.pk}" in row
    assert "Which input mode streams objects" not in html  # stems are on the question list, not here


def test_bank_detail_query_count_does_not_grow_with_the_bank(student_client, django_assert_max_num_queries):
    load_bank(builders.sample_bank(questions=builders.many_singles(300)))
    with django_assert_max_num_queries(10):
        assert student_client.get(reverse("content:bank_detail", args=["sample"])).status_code == 200


def test_the_question_list_shows_stems_without_answers(student_client, django_assert_max_num_queries):
    load_bank(builders.sample_bank())
    with django_assert_max_num_queries(10):
        response = student_client.get(reverse("content:bank_questions", args=["sample"]))
    html = response.content.decode()
    assert "Which input mode streams objects as files on demand?" in html
    assert "A retailer forecasts demand" in html and "How should the nightly predictions be made?" in html
    assert "Streams on demand." not in html  # no rationale, no answer key on the browse page
    assert "Fast File mode presents S3 objects as files." not in html


def test_the_question_list_is_paged_with_a_query_count_that_does_not_grow(
    student_client, django_assert_max_num_queries
):
    load_bank(builders.sample_bank(questions=builders.many_singles(300)))
    url = reverse("content:bank_questions", args=["sample"])
    with django_assert_max_num_queries(10):
        html = student_client.get(url + "?page=3").content.decode()
    assert html.count('<li id="q-') == 20
    assert "page 3 of 15" in html and 'rel="next"' in html and 'rel="prev"' in html
    assert "Generated question number 40?" in html and "Generated question number 60?" not in html


def test_the_question_list_searches_stems_and_case_parts_and_filters_by_topic(student_client):
    load_bank(builders.sample_bank())
    url = reverse("content:bank_questions", args=["sample"])
    html = student_client.get(url, {"q": "nightly predictions"}).content.decode()
    assert "2 questions match (2 of them in 1 case study, each listed once with its parts)" in html
    assert "A retailer forecasts demand" in html
    whole = student_client.get(url).content.decode()
    assert "6 questions (2 of them in 1 case study" in whole  # the same count as the bank page
    html = student_client.get(url, {"q": "storage services VPC"}).content.decode()
    assert "Which two storage services" in html and "Which input mode" not in html
    topic = Topic.objects.get(bank__slug="sample", title="Algorithms")
    html = student_client.get(url, {"topic": topic.pk}).content.decode()
    assert "Match each algorithm" in html and "Which input mode" not in html
    html = student_client.get(url, {"q": "zebra"}).content.decode()
    assert "No question matches" in html


def test_a_tampered_topic_or_page_on_the_question_list_is_harmless(student_client, other_student):
    load_bank(builders.sample_bank())
    load_bank(builders.sample_bank(slug="theirs"), owner=other_student, kind="notes")
    foreign = Topic.objects.filter(bank__slug="theirs").first()
    url = reverse("content:bank_questions", args=["sample"])
    response = student_client.get(url, {"topic": foreign.pk, "page": "999"})
    assert response.status_code == 200
    assert "Which input mode" in response.content.decode()  # an unknown topic is ignored, the last page shown
    assert student_client.get(reverse("content:bank_questions", args=["theirs"])).status_code == 404


def test_only_the_owner_sees_where_questions_came_from(student_client, student, other_student):
    load_bank(builders.sample_bank())
    Question.objects.update(source="d1a-ingestion-storage.md", source_lines=[779])
    html = student_client.get(reverse("content:bank_questions", args=["sample"])).content.decode()
    assert "d1a-ingestion-storage.md" not in html and "line 779" not in html
    Bank.objects.update(owner=student)
    html = student_client.get(reverse("content:bank_questions", args=["sample"])).content.decode()
    assert "d1a-ingestion-storage.md line 779" in html


def test_someone_elses_private_bank_is_404(student_client, other_student):
    load_bank(builders.sample_bank(slug="theirs"), owner=other_student, kind="notes")
    assert student_client.get(reverse("content:bank_detail", args=["theirs"])).status_code == 404
    assert student_client.get(reverse("content:bank_detail", args=["no-such-bank"])).status_code == 404


def test_bank_pages_need_sign_in_and_get(student_client):
    load_bank(builders.sample_bank())
    assert Client().get(reverse("content:bank_detail", args=["sample"])).status_code == 302
    assert student_client.post(reverse("content:bank_detail", args=["sample"])).status_code == 405
    assert student_client.delete(reverse("content:notes_load")).status_code == 405
    assert student_client.get(reverse("content:notes_preview")).status_code == 405


def test_markdown_in_a_bank_is_sanitized(student_client):
    evil = builders.single(
        stem='Pick one <script>alert("x")</script> <img src=x onerror="alert(1)"> **bold**'
    )
    load_bank(builders.sample_bank(questions=(evil,)))
    html = student_client.get(reverse("content:bank_questions", args=["sample"])).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html


def test_notes_preview_fragment_shows_concepts_questions_and_lines(student_client):
    response = student_client.post(reverse("content:notes_preview"), {"title": "Modes", "text": NOTES}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="notes-preview"' in html and "<html" not in html
    assert "Fast File Mode" in html and "Pipe Mode" in html
    assert "line 4" in html
    assert not Bank.objects.exists(), "a preview never saves"


def test_saving_notes_makes_a_private_bank_and_saving_again_keeps_it(student_client, student, other_student):
    response = student_client.post(
        reverse("content:notes_load"), {"title": "Modes", "text": NOTES, "save": "1"}
    )
    bank = Bank.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "content:bank_detail", args=[bank.slug]
    )
    assert bank.owner == student and bank.kind == "notes"
    count = Question.objects.filter(bank=bank).count()
    assert count > 0
    student_client.post(reverse("content:notes_load"), {"title": "Modes", "text": NOTES, "save": "1"})
    assert Bank.objects.count() == 1 and Question.objects.filter(bank=bank).count() == count
    other = Client()
    other.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get(reverse("content:bank_detail", args=[bank.slug])).status_code == 404


def test_notes_upload_of_the_sample_file(student_client):
    upload = SimpleUploadedFile("sagemaker-notes.txt", SAMPLE.read_bytes(), content_type="text/plain")
    response = student_client.post(
        reverse("content:notes_load"), {"title": "SageMaker", "file": upload, "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Linear Learner" in html and "XGBoost" in html


def test_notes_form_needs_some_notes(student_client):
    response = student_client.post(
        reverse("content:notes_load"), {"title": "Empty", "text": "  ", "save": "1"}
    )
    assert response.status_code == 400
    assert "Paste some notes or choose a file." in response.content.decode()
    assert not Bank.objects.exists()


def test_binary_upload_gets_one_clear_error_and_saves_nothing(student_client):
    upload = SimpleUploadedFile(
        "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff\xfe", content_type="image/png"
    )
    response = student_client.post(
        reverse("content:notes_load"), {"title": "Bad", "file": upload, "save": "1"}
    )
    assert response.status_code == 400
    assert "photo.png" in response.content.decode()
    assert not Bank.objects.exists()


def test_notes_load_requires_csrf(student):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        strict.post(reverse("content:notes_load"), {"title": "x", "text": NOTES, "save": "1"}).status_code
        == 403
    )
    assert not Bank.objects.exists()
