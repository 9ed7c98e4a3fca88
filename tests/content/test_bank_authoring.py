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
    assert response.status_code == 200
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
    # The file carries the owner's own name for the bank, without the owner's prefix of the stored slug.
    assert own_bank.slug == f"mine-{own_bank.owner_id}-week-1"
    assert response.status_code == 200 and response["Content-Disposition"].endswith('"week-1.md"')
    assert response.content.decode() == text.replace(f'slug = "{own_bank.slug}"', 'slug = "week-1"')
    outsider = Client()
    outsider.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    assert outsider.get(reverse("content:bank_export", args=[own_bank.slug])).status_code == 404


def test_bank_slugs_are_per_owner_an_exported_file_loads_back_into_its_bank_or_anothers_own(
    student, own_bank, other_student
):
    _with_one_question(own_bank)
    exported = services.bank_text(own_bank)
    changed = exported.replace("Match each algorithm to its use.", "Match each algorithm to its job.")
    args = {"title": "ignored", "source": "week-1.md"}
    _, report = services.upload_save(user=student, text=changed, **args)
    assert report.updated and not report.added
    assert Bank.objects.filter(owner=student).count() == 1
    _, theirs = services.upload_save(user=other_student, text=exported, **args)
    copy = Bank.objects.get(owner=other_student)
    assert copy.slug == f"mine-{other_student.pk}-week-1" and theirs.added


def test_the_built_in_bank_is_not_editable_as_text_or_exported(student_client):
    from content.loader import load_bank

    load_bank(builders.sample_bank())
    bank = Bank.objects.get(slug="sample")
    assert student_client.get(reverse("content:bank_text", args=[bank.slug])).status_code == 404
    assert student_client.get(reverse("content:bank_export", args=[bank.slug])).status_code == 404


# --- One question in a form ---------------------------------------------------------------------------------


def _form(**overrides) -> dict:
    data = {
        "type": "single",
        "key": "",
        "topic": "Input modes",
        "domain": "",
        "difficulty": "medium",
        "stem": "A job reads **4 TB** from S3 and must start at once. Which input mode fits?",
        "explanation": "Fast File mode streams objects on demand.",
        "option_0": "File mode",
        "rationale_0": "Copies everything first.",
        "option_1": "Fast File mode",
        "correct_1": "on",
        "rationale_1": "Streams on demand.",
        "option_2": "Pipe mode",
        "option_3": "Amazon EFS",
    }
    data.update(overrides)
    return data


def test_a_question_written_in_the_form_joins_the_bank_through_the_loader(student_client, own_bank):
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _form())
    assert response.status_code == 302
    question = Question.objects.get(bank=own_bank)
    assert question.key == "a-job-reads-4-tb-from-s3-and-must-start-at-once-which-input"
    assert question.type == "single" and question.topic.title == "Input modes"
    right = question.choices.get(is_correct=True)
    assert right.text == "Fast File mode" and right.rationale == "Streams on demand."


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"correct_1": ""}, None, "Tick exactly one right option (ticked: 0)."),
        ({"option_2": "", "option_3": ""}, "option_2", "Write at least 3 options."),
        ({"type": "multiple"}, None, "Tick two or more right options"),
        ({"type": "ordering"}, "step_0", "Write 3 to 5 steps"),
        (
            {"type": "matching", "prompt_0": "Pipe", "match_1": "FIFO"},
            "match_0",
            "Each prompt needs its match",
        ),
        ({"stem": ""}, "stem", "Write the question."),
        ({"key": "Bad Key!"}, "key", "lower-case letters"),
    ],
)
def test_a_bad_question_says_why_beside_the_field_and_saves_nothing(
    student_client, own_bank, overrides, field, message
):
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _form(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors.get(field or "__all__", [])), errors
    assert not Question.objects.filter(bank=own_bank).exists()


def test_the_same_option_twice_is_refused_by_the_format_rules(student_client, own_bank):
    response = student_client.post(
        reverse("content:question_new", args=[own_bank.slug]), _form(option_3="Pipe mode")
    )
    assert response.status_code == 400
    assert "twice" in response.content.decode() and "Nothing was saved" in response.content.decode()


def test_the_live_preview_renders_markdown_and_the_key_without_saving(student_client, own_bank):
    response = student_client.post(
        reverse("content:question_preview", args=[own_bank.slug]), _form(), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="question-preview"' in html and "<html" not in html
    assert "<strong>4 TB</strong>" in html and "right</span>" in html
    assert not Question.objects.filter(bank=own_bank).exists()


def test_the_preview_sanitizes_markdown(student_client, own_bank):
    response = student_client.post(
        reverse("content:question_preview", args=[own_bank.slug]),
        _form(stem="Which one? <script>alert(1)</script><img src=x onerror=alert(2)>"),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "onerror" not in html


def test_editing_in_the_form_keeps_the_key_and_answered_versions(student_client, student, own_bank):
    from quizzes import services as quiz_services

    student_client.post(reverse("content:question_new", args=[own_bank.slug]), _form(key="input-mode"))
    attempt = quiz_services.practice_start(user=student, banks=[own_bank], count=None, seed=1)
    page = student_client.get(reverse("content:question_form", args=[own_bank.slug, "input-mode"]))
    assert page.status_code == 200 and "Fast File mode" in page.content.decode()
    response = student_client.post(
        reverse("content:question_form", args=[own_bank.slug, "input-mode"]),
        _form(key="input-mode", stem="Rewritten: which input mode fits?"),
    )
    assert response.status_code == 302
    assert Question.objects.get(bank=own_bank, key="input-mode").stem == "Rewritten: which input mode fits?"
    item = AttemptItem.objects.get(attempt=attempt)
    assert item.version.stem.startswith("A job reads")


def test_ordering_and_matching_questions_are_written_in_the_form(student_client, own_bank):
    ordering = _form(type="ordering", key="deploy-order", stem="Put the steps in order.", step_0="Upload",
                     step_1="Create the model", step_2="Create the endpoint")  # fmt: skip
    matching = _form(type="matching", key="match-modes", stem="Match each mode.", prompt_0="File", match_0="Copies",
                     prompt_1="Pipe", match_1="Streams", prompt_2="Fast File", match_2="On demand")  # fmt: skip
    for data in (ordering, matching):
        assert (
            student_client.post(reverse("content:question_new", args=[own_bank.slug]), data).status_code
            == 302
        )
    assert list(Question.objects.get(key="deploy-order").choices.order_by("position").values_list("text", flat=True)) == [
        "Upload", "Create the model", "Create the endpoint"
    ]  # fmt: skip
    assert Question.objects.get(key="match-modes").choices.filter(role="prompt").count() == 3


def test_the_preview_of_a_half_written_question_says_what_is_missing(student_client, own_bank):
    response = student_client.post(
        reverse("content:question_preview", args=[own_bank.slug]),
        _form(stem=""),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Fix the marked fields to see the preview" in response.content.decode()


def _case(**overrides) -> dict:
    """A case study with two parts: a single-answer part and an ordering part."""
    data = {
        "type": "case_study", "key": "churn-case", "topic": "Case studies", "domain": "", "difficulty": "hard",
        "stem": "A retailer trains a **churn** model on 4 TB of clickstream data in S3.", "explanation": "",
        "parts": "2",
        "part0-type": "single", "part0-key": "", "part0-stem": "Which input mode starts training at once?",
        "part0-explanation": "Fast File streams objects on demand.",
        "part0-option_0": "File mode", "part0-option_1": "Fast File mode", "part0-correct_1": "on",
        "part0-option_2": "Amazon EFS",
        "part1-type": "ordering", "part1-key": "", "part1-stem": "Put the deployment steps in order.",
        "part1-explanation": "The model comes before its endpoint.",
        "part1-step_0": "Upload the artifact", "part1-step_1": "Create the model", "part1-step_2": "Create the endpoint",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_case_study_and_its_parts_are_written_in_the_form(student_client, own_bank):
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _case())
    assert response.status_code == 302, response.context["form"].errors
    case = Question.objects.get(bank=own_bank, key="churn-case")
    parts = list(Question.objects.filter(parent=case).order_by("position").values_list("key", "type"))
    assert case.type == "case_study" and parts == [("churn-case-1", "single"), ("churn-case-2", "ordering")]
    assert Question.objects.get(key="churn-case-1").choices.get(is_correct=True).text == "Fast File mode"


def test_a_case_study_in_the_form_edits_and_keeps_its_part_keys(student_client, own_bank):
    student_client.post(reverse("content:question_new", args=[own_bank.slug]), _case())
    url = reverse("content:question_form", args=[own_bank.slug, "churn-case"])
    page = student_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and 'value="churn-case-2"' in html and "Create the endpoint" in html
    edited = _case(**{"part0-key": "churn-case-1", "part1-key": "churn-case-2",
                      "part0-stem": "Which input mode lets training start without copying?"})  # fmt: skip
    assert student_client.post(url, edited).status_code == 302
    assert (
        Question.objects.get(key="churn-case-1").stem
        == "Which input mode lets training start without copying?"
    )
    assert Question.objects.filter(bank=own_bank, parent__key="churn-case").count() == 2


def test_add_a_part_gives_one_more_slot_and_saves_nothing(student_client, own_bank):
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _case(add_part="1"))
    assert response.status_code == 200 and len(response.context["editor"].parts) == 3
    assert 'name="part2-stem"' in response.content.decode()
    assert not Question.objects.filter(bank=own_bank).exists()


@pytest.mark.parametrize(
    ("overrides", "where", "message"),
    [
        ({"part1-stem": ""}, None, "two or more parts (written: 1)"),
        ({"part0-correct_1": ""}, "part0", "Tick exactly one right option"),
        ({"part1-explanation": ""}, "part1", "Explain the answer"),
    ],
)
def test_a_bad_case_study_says_where_and_saves_nothing(student_client, own_bank, overrides, where, message):
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _case(**overrides))
    assert response.status_code == 400
    editor = response.context["editor"]
    form = editor.form if where is None else editor.parts[int(where[-1])]
    assert message in str(form.errors), form.errors
    assert not Question.objects.filter(bank=own_bank).exists()


def test_a_part_key_taken_by_another_question_is_refused(student_client, own_bank):
    student_client.post(reverse("content:question_new", args=[own_bank.slug]), _form(key="churn-case-1"))
    response = student_client.post(reverse("content:question_new", args=[own_bank.slug]), _case())
    assert response.status_code == 400 and "churn-case-1" in str(response.context["form"].non_field_errors())
    assert not Question.objects.filter(bank=own_bank, key="churn-case").exists()


def test_the_preview_shows_a_case_study_with_its_parts(student_client, own_bank):
    response = student_client.post(
        reverse("content:question_preview", args=[own_bank.slug]), _case(), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<strong>churn</strong>" in html
    assert "Part 2" in html and "Create the endpoint" in html and "right</span>" in html
