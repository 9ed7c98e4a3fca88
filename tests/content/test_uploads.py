"""Load my notes: uploads carried from preview to save, bank files recognised, errors the same everywhere, and
oversized bodies refused before they are read."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import RequestSizeLimitMiddleware
from content.formats import bankfile
from content.models import Bank, Concept, Question
from tests import builders

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content" / "samples" / "sagemaker-notes.txt"
LOAD = reverse("content:notes_load")
PREVIEW = reverse("content:notes_preview")


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def _box(html: str) -> str:
    """The text in the notes box of a rendered form."""
    match = re.search(r'<textarea name="text"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, "the form has no notes box"
    return unescape(match.group(1)).lstrip("\n")


def _hidden_source(html: str) -> str:
    match = re.search(r'<input type="hidden" name="source" value="([^"]*)"', html)
    return unescape(match.group(1)) if match else ""


def test_a_previewed_upload_is_carried_to_the_save(student_client, student):
    preview = student_client.post(
        LOAD,
        {"title": "SageMaker", "file": _upload("sagemaker-notes.txt", SAMPLE.read_bytes()), "preview": "1"},
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "The text of <strong>sagemaker-notes.txt</strong> is now in the box" in html
    assert _box(html) == SAMPLE.read_text(encoding="utf-8")
    assert _hidden_source(html) == "sagemaker-notes.txt"
    # Save, as the browser would post the re-rendered form: no file any more, the text in the box.
    saved = student_client.post(
        LOAD, {"title": "SageMaker", "text": _box(html), "source": _hidden_source(html), "save": "1"}
    )
    assert saved.status_code == 302
    bank = Bank.objects.get(owner=student)
    assert Question.objects.filter(bank=bank).exists()
    assert set(Question.objects.filter(bank=bank).values_list("source", flat=True)) == {"sagemaker-notes.txt"}


def test_pasted_notes_keep_no_file_name(student_client, student):
    student_client.post(LOAD, {"title": "Pasted", "text": SAMPLE.read_text(), "save": "1"})
    assert set(Question.objects.values_list("source", flat=True)) == {"pasted notes"}


def _bank_file(**kw) -> bytes:
    return bankfile.write(builders.sample_bank(slug="course-bank", title="Course bank", **kw)).encode()


def test_a_bank_file_uploaded_as_notes_is_previewed_as_a_bank(student_client):
    response = student_client.post(
        LOAD, {"title": "x", "file": _upload("course.md", _bank_file()), "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: a bank file" in html and "is read as a bank, not as notes" in html
    assert "Which input mode streams objects as files on demand?" in html
    assert "Concepts (" not in html  # no notes reading of it at all
    assert not Bank.objects.exists()


def test_a_bank_file_uploaded_as_notes_saves_as_a_private_bank(student_client, student):
    response = student_client.post(
        LOAD, {"title": "x", "file": _upload("course.md", _bank_file()), "save": "1"}
    )
    bank = Bank.objects.get()
    assert response.status_code == 302 and response["Location"] == bank.get_absolute_url()
    assert (bank.owner, bank.kind, bank.title) == (student, Bank.Kind.AUTHORED, "Course bank")
    assert bank.slug == f"mine-{student.pk}-course-bank"
    assert set(Question.objects.filter(bank=bank).values_list("key", flat=True)) >= {"q-single", "q-matching"}
    assert not Concept.objects.exists()
    page = student_client.get(response["Location"])
    assert "is a bank file, so it was loaded as a bank" in page.content.decode()


def test_a_bank_file_with_errors_lists_them_by_line_and_saves_nothing(student_client):
    text = _bank_file().decode().replace("type: single", "type: essay", 1)
    response = student_client.post(
        LOAD, {"title": "x", "file": _upload("course.md", text.encode()), "save": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "nothing can be saved until they are fixed" in html
    assert re.search(r"Line \d+: .*essay", html)
    assert not Bank.objects.exists()
    assert "essay" in _box(html)  # the text is in the box, ready to fix


def test_notes_with_other_toml_front_matter_are_still_notes(student_client):
    notes = '+++\ntitle = "My page"\n+++\n' + SAMPLE.read_text()
    response = student_client.post(PREVIEW, {"title": "Hugo", "text": notes}, **HX)
    html = response.content.decode()
    assert "Preview: a bank file" not in html and "Linear Learner" in html


def test_the_live_preview_shows_the_form_errors(student_client):
    response = student_client.post(PREVIEW, {"title": "x" * 121, "text": "Term: what it is"}, **HX)
    assert response.status_code == 422  # swapped by htmx (base.html's htmx-config)
    assert "Bank title: Ensure this value has at most 120 characters" in response.content.decode()


def test_the_live_preview_waits_for_notes_without_an_error(student_client, student):
    # The title typed first: the live preview fires with no notes yet. Nothing to read is no error (and no failed
    # request in the browser's log); a press of Save or Preview still says what is missing.
    for text in ("", "   "):
        response = student_client.post(PREVIEW, {"title": "My notes", "text": text}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "The preview appears here as soon as there are notes to read" in html
        assert "Paste some notes or choose a file." not in html and "form-errors" not in html
    assert not Bank.objects.filter(owner=student).exists()


def test_the_live_preview_refuses_a_file_over_10_mb_with_the_form_message(student_client):
    big = _upload(
        "big.txt", b"a = b\n" * (10 * 1024 * 1024 // 6 + 20_000)
    )  # just over 10 MB, under the body cap
    response = student_client.post(PREVIEW, {"title": "Big", "file": big}, **HX)
    assert response.status_code == 422
    assert "larger than 10 MB" in response.content.decode()


def test_the_live_preview_of_a_binary_file_says_so(student_client):
    response = student_client.post(
        PREVIEW, {"title": "Bin", "file": _upload("x.png", b"\x89PNG\x00\x01")}, **HX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "x.png: This looks like a binary file (an image, a PDF" in html
    assert "save your notes as plain text (.txt or .md)" in html
    assert "x.png:1:" not in html  # a line number means nothing in a photo
    assert "NUL" not in html


def test_notes_that_make_no_question_are_refused_and_say_why(student_client, student):
    text = "Things to revise later\n\nask Sam about the exam date\n"
    response = student_client.post(LOAD, {"title": "Empty", "text": text, "save": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert not Bank.objects.filter(owner=student).exists()
    assert "No questions could be made from this text, so there is nothing to save yet" in html
    assert "<code>Term: what it is or does</code>" in html
    assert _box(html) == text  # the text stays, to be fixed


def test_an_empty_submit_shows_its_error_once(student_client):
    response = student_client.post(LOAD, {"title": "Nothing", "text": "", "save": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("Paste some notes or choose a file.") == 1


def test_the_live_preview_lists_the_form_errors_it_replaces(student_client):
    response = student_client.post(PREVIEW, {"title": "", "text": ""}, **HX)
    html = response.content.decode()
    assert response.status_code == 422
    assert (
        html.count("Paste some notes or choose a file.") == 1 and html.count("This field is required.") == 1
    )


def test_the_preview_names_types_as_people_say_them_and_folds_a_long_list(student_client):
    response = student_client.post(
        LOAD, {"title": "SageMaker", "text": SAMPLE.read_text(encoding="utf-8"), "preview": "1"}
    )
    html = response.content.decode()
    shown, folded = html.split('<details class="more-questions">')
    assert shown.count('<div class="stem">') == 10
    count = int(re.search(r"(\d+) questions? ·", html).group(1))
    assert f"Show the other {count - 10} questions" in folded
    assert folded.count('<div class="stem">') == count - 10
    assert "Multiple choice ·" in html
    assert "single ·" not in html


class _Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readinto = read


def _huge_post(**headers):
    request = RequestFactory().post(LOAD, data=b"", content_type="multipart/form-data; boundary=x", **headers)
    request.META["CONTENT_LENGTH"] = str(60 * 1024 * 1024)
    request.META["wsgi.input"] = _Unreadable()
    return request


def test_an_oversized_body_is_refused_from_its_length_without_being_read():
    def view(request):
        raise AssertionError("the view was reached")

    response = RequestSizeLimitMiddleware(view)(_huge_post())
    assert response.status_code == 413
    text = response.content.decode()
    assert "60.0 MB" in text and "10.0 MB" in text


def test_an_oversized_htmx_body_gets_its_message_in_the_alert_region():
    response = RequestSizeLimitMiddleware(lambda r: None)(_huge_post(HTTP_HX_REQUEST="true"))
    assert response.status_code == 413
    assert response["HX-Retarget"] == "#htmx-alerts"
    assert "<html" not in response.content.decode()


def test_an_oversized_upload_through_the_stack_is_refused_and_saves_nothing(student_client):
    big = _upload("huge.txt", b"x" * (11 * 1024 * 1024))
    response = student_client.post(LOAD, {"title": "Huge", "file": big, "save": "1"})
    assert response.status_code == 413
    assert "was not read" in response.content.decode()
    assert not Bank.objects.exists()


def test_the_preview_says_when_saving_would_update_a_bank_of_the_same_title(student_client, student):
    notes = SAMPLE.read_text(encoding="utf-8")
    first = student_client.post(LOAD, {"title": "My notes", "text": notes, "preview": "1"}).content.decode()
    assert "You already have a bank called" not in first
    assert student_client.post(LOAD, {"title": "My notes", "text": notes, "save": "1"}).status_code == 302
    again = student_client.post(LOAD, {"title": "My notes", "text": "Glue\n- ETL service", "preview": "1"})
    html = again.content.decode()
    assert "You already have a bank called <strong>My notes</strong>. Saving updates it" in html
    assert "another title" in html
    # Another title is another bank: no warning.
    other = student_client.post(LOAD, {"title": "Glue notes", "text": "Glue\n- ETL service", "preview": "1"})
    assert "You already have a bank called" not in other.content.decode()


def test_notes_over_2_mb_are_refused_before_they_are_read_and_nothing_is_saved(student_client, student):
    big = _upload(
        "all-my-notes.txt", b"- Pipe mode: streams data from S3 into the container\n" * 45_000
    )  # 2.3 MB
    response = student_client.post(LOAD, {"title": "Everything", "file": big, "save": "1"})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "all-my-notes.txt: These notes are 2.3 MB; notes are read up to 2.0 MB at a time" in html
    assert not Bank.objects.filter(owner=student).exists()


def test_the_notes_limit_does_not_apply_to_bank_files(student_client, monkeypatch):
    from content import services

    text = bankfile.write(
        builders.sample_bank(slug="big-bank", title="Big bank", questions=builders.many_singles(60))
    )
    monkeypatch.setattr(services, "NOTES_MAX_BYTES", len(text.encode()) // 2)
    response = student_client.post(
        LOAD, {"title": "x", "file": _upload("big-bank.md", text.encode()), "preview": "1"}
    )
    assert response.status_code == 200 and "60 questions" in response.content.decode()
    as_notes = _upload("notes.txt", b"- Pipe mode: streams data from S3\n" * (len(text) // 30))
    refused = student_client.post(LOAD, {"title": "x", "file": as_notes, "preview": "1"})
    assert refused.status_code == 400 and "notes are read up to" in refused.content.decode()


def test_the_live_preview_of_long_notes_reads_their_start_and_says_so(student_client):
    text = SAMPLE.read_text(encoding="utf-8")
    long = (text + "\n") * (250_000 // len(text) + 1)
    live = unescape(student_client.post(PREVIEW, {"title": "Long", "text": long}, **HX).content.decode())
    assert "This live preview reads the first" in live and "Press Preview to read all of it" in live.replace(
        "<strong>", ""
    ).replace("</strong>", "")
    full = unescape(
        student_client.post(LOAD, {"title": "Long", "text": long, "preview": "1"}).content.decode()
    )
    assert "This live preview reads the first" not in full


def test_a_bank_file_preview_says_what_saving_would_add_update_and_retire(student_client, student):
    student_client.post(LOAD, {"title": "x", "file": _upload("course.md", _bank_file()), "save": "1"})
    bank = Bank.objects.get()
    before = list(
        Question.objects.filter(bank=bank).order_by("key").values_list("key", "content_hash", "retired_at")
    )
    smaller = builders.sample_bank(slug="course-bank", title="Course bank")
    smaller = bankfile.write(replace(smaller, questions=smaller.questions[1:])).encode()
    response = student_client.post(
        LOAD, {"title": "x", "file": _upload("course.md", smaller), "preview": "1"}
    )
    html = response.content.decode()
    retired = builders.sample_bank().questions[0].key
    assert "retire <strong>1</strong>" in html and f"<code>{retired}</code>" in html
    assert "add <strong>0</strong>" in html
    # A dry run: nothing changed.
    assert (
        list(
            Question.objects.filter(bank=bank)
            .order_by("key")
            .values_list("key", "content_hash", "retired_at")
        )
        == before
    )
