"""Reviewing the questions made from notes before (and across) saves: leave out, rewrite, errors by line."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from content import review
from content.generate import generate
from content.models import Bank, Question
from content.notes import parse_notes
from tests.builders import MODES_NOTES as NOTES

pytestmark = pytest.mark.django_db
LOAD = reverse("content:notes_load")

SCENARIO = "n-scenario-file-mode-vs-pipe-mode-vs-fast-file-mode-fast-file-mode"
EFS = "n-describe-amazon-efs"


def _generated():
    return generate(parse_notes(NOTES), slug="x", title="Modes").bank


def _form(**extra):
    return {"title": "Modes", "text": NOTES, **extra}


def _edit_box(html: str, key: str) -> str:
    match = re.search(
        rf'<textarea id="edit-{re.escape(key)}" name="edit:{re.escape(key)}"[^>]*>(.*?)</textarea>',
        html,
        re.S,
    )
    assert match, f"no edit box for {key}"
    return unescape(match.group(1)).lstrip("\n")


def test_the_preview_shows_each_question_with_its_key_lines_and_review_controls(student_client):
    html = student_client.post(LOAD, _form(preview="1")).content.decode()
    item = html[html.index(f'id="review-{SCENARIO}"') :]
    item = item[: item.index("</li>\n", item.index('class="review-actions"'))]
    assert " · lines 2, 3, 4</div>" in item  # the note lines it rests on (the three modes)
    assert (
        '<span class="key-mark" aria-hidden="true">✓</span> Fast File Mode <span class="muted small">(right answer)</span>'
        in item
    )
    assert f'name="exclude" value="{SCENARIO}" form="notes-form"' in item
    assert _edit_box(html, SCENARIO) == review.block(
        next(q for q in _generated().questions if q.key == SCENARIO)
    )
    assert '<input type="hidden" name="reviewed" value="1" form="notes-form">' in html


def test_a_question_left_out_is_not_saved_and_stays_out_when_the_notes_are_saved_again(
    student, student_client
):
    generated = _generated()
    response = student_client.post(LOAD, _form(save="1", reviewed="1", exclude=[EFS]))
    assert response.status_code == 302
    bank = Bank.objects.get(owner=student)
    keys = set(Question.objects.filter(bank=bank, retired_at__isnull=True).values_list("key", flat=True))
    assert keys == {q.key for q in generated.questions} - {EFS}
    assert bank.review == {"excluded": [EFS], "edited": {}}
    # Saved again from the form's first view (no review posted): the stored review applies.
    student_client.post(LOAD, _form(save="1"))
    assert not Question.objects.filter(bank=bank, key=EFS, retired_at__isnull=True).exists()
    # The preview of the same title shows it ticked; unticking it brings it back.
    html = student_client.post(LOAD, _form(preview="1")).content.decode()
    assert f'name="exclude" value="{EFS}" form="notes-form" checked' in html
    assert "(5 kept, 1 left out)" in html or re.search(r"\(\d+ kept, 1 left out\)", html)
    student_client.post(LOAD, _form(save="1", reviewed="1"))
    assert Question.objects.filter(bank=bank, key=EFS, retired_at__isnull=True).exists()
    assert Bank.objects.get(pk=bank.pk).review == {"excluded": [], "edited": {}}


def test_a_rewritten_question_keeps_its_key_and_survives_the_next_save(student, student_client):
    original = next(q for q in _generated().questions if q.key == EFS)
    text = review.block(original).replace(
        "Which shared storage option matches this description?", "Which AWS file system is this?"
    )
    response = student_client.post(LOAD, _form(save="1", reviewed="1", **{f"edit:{EFS}": text}))
    assert response.status_code == 302
    question = Question.objects.get(bank__owner=student, key=EFS)
    assert question.stem.startswith("Which AWS file system is this?")
    assert question.source_lines == list(original.source_lines)  # it still rests on the same note lines
    student_client.post(LOAD, _form(save="1"))
    question = Question.objects.get(bank__owner=student, key=EFS)
    assert question.stem.startswith("Which AWS file system is this?") and question.retired_at is None
    html = student_client.post(LOAD, _form(preview="1")).content.decode()
    assert _edit_box(html, EFS).startswith(text.splitlines()[0])
    assert "rewritten by you" in html


def test_a_rewrite_that_cannot_be_read_saves_nothing_and_says_where(student_client):
    original = next(q for q in _generated().questions if q.key == EFS)
    broken = review.block(original).replace("- [x]", "- [ ]")
    response = student_client.post(LOAD, _form(save="1", reviewed="1", **{f"edit:{EFS}": broken}))
    assert response.status_code == 400
    assert not Bank.objects.exists()
    html = response.content.decode()
    assert "1 edited question cannot be read, so nothing can be saved yet" in html
    error = re.search(
        r'<p class="field-error" id="edit-error-[^"]+" role="alert">Line (\d+) of this question: ([^<]+)',
        html,
    )
    # The line of the rewrite itself (its Options: label), not of some file around it.
    assert error and int(error.group(1)) == broken.splitlines().index("Options:") + 1
    assert "expected exactly one [x] option" in unescape(error.group(2))
    assert _edit_box(html, EFS) == broken  # what was typed is kept in the box


def test_leaving_every_question_out_saves_nothing(student_client):
    keys = [q.key for q in _generated().questions]
    response = student_client.post(LOAD, _form(save="1", reviewed="1", exclude=keys))
    assert response.status_code == 400 and not Bank.objects.exists()
    assert "Every question is left out, so there is nothing to save." in response.content.decode()


def test_a_tampered_review_changes_nothing_it_does_not_name():
    generated = _generated()
    posted = review.posted(
        generated, ["no-such-key"], {"no-such-key": "## x", EFS: review.block(generated.questions[0])}
    )
    assert posted.excluded == set()
    assert set(posted.edited) <= {EFS}


def test_a_live_preview_carries_the_choices_on_questions_it_does_not_show(student_client, monkeypatch):
    from content import services

    generated = _generated()
    keys = [q.key for q in generated.questions]
    assert len(keys) >= 4
    # A live preview that shows two questions and reads only the first half of the notes.
    monkeypatch.setattr(services, "LIVE_PREVIEW_QUESTIONS", 2)
    monkeypatch.setattr(services, "LIVE_PREVIEW_CHARS", len(NOTES) // 2)
    beyond = "n-describe-not-read-by-this-preview"
    edit = "Which mode? Options: [x] A B"
    html = student_client.post(
        reverse("content:notes_preview"),
        _form(reviewed="1", exclude=[beyond], **{f"edit:{beyond}": edit}),
        HTTP_HX_REQUEST="true",
    ).content.decode()
    # Choices on questions past the cut go back in hidden fields, unchanged.
    assert f'<input type="hidden" name="exclude" value="{beyond}" form="notes-form">' in html
    assert f'<input type="hidden" name="edit:{beyond}" value="{edit}" form="notes-form">' in html
    monkeypatch.setattr(services, "LIVE_PREVIEW_CHARS", 10 * len(NOTES))
    html = student_client.post(
        reverse("content:notes_preview"), _form(reviewed="1", exclude=[keys[3]]), HTTP_HX_REQUEST="true"
    ).content.decode()
    # The fourth question is not shown; its tick is carried.
    assert f'id="review-{keys[3]}"' not in html and f'id="review-{keys[0]}"' in html
    assert f'<input type="hidden" name="exclude" value="{keys[3]}" form="notes-form">' in html
    assert "This live preview shows the first 2 of" in unescape(html)


def test_the_preview_of_long_notes_shows_its_first_questions_and_saves_them_all(student_client, monkeypatch):
    """2 MB of notes make some 20,000 questions: the Preview button shows the first PREVIEW_QUESTIONS for review
    (a page that renders in seconds, not a 60 MB one), says so, carries a choice made on one past the cut, and
    saving keeps every question."""
    from content import services
    from content.models import Bank

    keys = [q.key for q in _generated().questions]
    monkeypatch.setattr(services, "PREVIEW_QUESTIONS", 2)
    html = unescape(
        student_client.post(
            reverse("content:notes_load"), _form(preview="1", reviewed="1", exclude=[keys[3]])
        ).content.decode()
    )
    assert f'id="review-{keys[1]}"' in html and f'id="review-{keys[2]}"' not in html
    assert f"This preview shows the first 2 of {len(keys)} questions for review" in html
    assert f'<input type="hidden" name="exclude" value="{keys[3]}" form="notes-form">' in html
    saved = student_client.post(
        reverse("content:notes_load"), _form(save="1", reviewed="1", exclude=[keys[3]])
    )
    assert saved.status_code == 302
    bank = Bank.objects.get(owner__isnull=False)
    assert set(bank.questions.filter(retired_at__isnull=True).values_list("key", flat=True)) == set(keys) - {
        keys[3]
    }
