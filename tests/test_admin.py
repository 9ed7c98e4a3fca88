"""The admin shows banks, quizzes and attempts to operators, and lets nobody change them (content/admin.py,
quizzes/admin.py say why)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import model as bank_model
from content.loader import load_bank
from content.models import Bank, Choice, Concept, Domain, Question, Topic
from quizzes import presentation, services
from quizzes.models import Attempt, AttemptItem, Quiz
from tests import builders
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"
MODELS = [Bank, Domain, Topic, Concept, Question, Quiz, Attempt]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    admin = UserFactory(email="operator@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend=BACKEND)
    return client


@pytest.fixture
def data(student):
    """A loaded bank (with a concept) and a submitted practice attempt with one answered item."""
    concept = bank_model.Concept(term="Fast File mode", topic="Input modes", definition="Streams S3 objects.")
    load_bank(builders.sample_bank(concepts=(concept,)))
    bank = Bank.objects.get(slug="sample")
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=3)
    for item in attempt.items.select_related("question").order_by("position"):
        correct = presentation.answer_key(item.question).correct_response()
        if "selected" in correct:
            form = QueryDict(mutable=True)
            form.setlist("choice", correct["selected"])
            services.attempt_answer(attempt=attempt, item=item, data=form)
            break
    services.attempt_finish(attempt=attempt)
    return {
        Bank: bank,
        Domain: bank.domains.get(number=1),
        Topic: bank.topics.get(title="Input modes"),
        Concept: bank.concepts.get(),
        Question: bank.questions.get(key="q-single"),
        Quiz: attempt.quiz,
        Attempt: Attempt.objects.get(pk=attempt.pk),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_superuser_can_open_the_list_and_the_view_page(superuser_client, data, model):
    obj = data[model]
    changelist = superuser_client.get(_url(model, "changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1

    page = superuser_client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Close" in html  # the view-only page
    assert 'name="_save"' not in html
    assert "deletelink" not in html


def test_the_question_page_shows_its_choices_and_the_attempt_page_its_items(superuser_client, data):
    question = data[Question]
    page = superuser_client.get(_url(Question, "change", question.pk)).content.decode()
    for choice in Choice.objects.filter(question=question):
        assert choice.text in page

    attempt = data[Attempt]
    page = superuser_client.get(_url(Attempt, "change", attempt.pk)).content.decode()
    for item in attempt.items.select_related("question"):
        assert item.question.key in page
    answered = attempt.items.get(answered_at__isnull=False)
    for key in answered.response["selected"]:
        assert key in page  # the answered item's response


@pytest.mark.parametrize(
    ("model", "hit", "miss"),
    [
        (Bank, "sample", "no-such-bank"),
        (Bank, "Sample", "no-such-bank"),
        (Bank, "student@example", "nobody@example"),  # the owner's email
        (Question, "q-single", "q-nothing"),
        (Question, "streams objects", "quantum"),  # the stem
        (Concept, "Fast File", "Pipe"),
        (Quiz, "Sample bank", "Mock exam of nothing"),
        (Quiz, "student@example", "nobody@example"),
        (Attempt, "student@example", "nobody@example"),
        (Attempt, "Sample bank", "Mock exam of nothing"),  # the quiz's title
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else v,
)
def test_search_finds_the_row_and_not_another(superuser_client, data, model, hit, miss):
    expected = data[model]
    if model is Bank and hit == "student@example":
        # The sample bank is shared (no owner): search for a learner's own bank by its owner.
        load_bank(builders.sample_bank(slug="sams-notes", title="Sam's notes"), owner=data[Quiz].owner)
        expected = Bank.objects.get(slug="sams-notes")
    found = superuser_client.get(_url(model, "changelist"), {"q": hit})
    assert found.status_code == 200
    assert expected in list(found.context["cl"].result_list)
    missed = superuser_client.get(_url(model, "changelist"), {"q": miss})
    assert missed.context["cl"].result_count == 0


def test_question_search_narrows_to_the_matching_row(superuser_client, data):
    response = superuser_client.get(_url(Question, "changelist"), {"q": "q-matching"})
    assert [q.key for q in response.context["cl"].result_list] == ["q-matching"]


def test_retired_filter(superuser_client, data):
    load_bank(builders.sample_bank(questions=(builders.single(), builders.multiple())))
    retired = superuser_client.get(_url(Question, "changelist"), {"retired": "yes"}).context["cl"]
    active = superuser_client.get(_url(Question, "changelist"), {"retired": "no"}).context["cl"]
    assert "q-matching" in {q.key for q in retired.result_list}
    assert {q.key for q in active.result_list} == {"q-single", "q-multiple"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_add_page_is_refused(superuser_client, data, model):
    assert superuser_client.get(_url(model, "add")).status_code == 403
    assert superuser_client.post(_url(model, "add"), {}).status_code == 403


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Bank, "title", "Renamed by hand"),
        (Domain, "name", "Renamed by hand"),
        (Topic, "title", "Renamed by hand"),
        (Concept, "term", "Renamed by hand"),
        (Question, "stem", "Rewritten by hand"),
        (Quiz, "title", "Renamed by hand"),
        (Attempt, "raw_score", "99"),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else v,
)
def test_posting_the_change_page_changes_nothing(superuser_client, data, model, field, value):
    obj = data[model]
    before = getattr(obj, field)
    response = superuser_client.post(_url(model, "change", obj.pk), {field: value, "_save": "Save"})
    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_posting_an_attempt_page_with_its_items_changes_no_item(superuser_client, data):
    attempt = data[Attempt]
    items = list(attempt.items.values_list("pk", "score", "is_correct", "response"))
    form = {
        "raw_score": "99",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-id": str(items[0][0]),
        "items-0-score": "1",
        "items-0-is_correct": "on",
    }
    assert superuser_client.post(_url(Attempt, "change", attempt.pk), form).status_code == 403
    assert list(attempt.items.values_list("pk", "score", "is_correct", "response")) == items


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_delete_is_refused(superuser_client, data, model):
    obj = data[model]
    assert superuser_client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert superuser_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    # Nor as a bulk action from the list page.
    changelist = superuser_client.get(_url(model, "changelist"))
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)
    superuser_client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert model.objects.filter(pk=obj.pk).exists()


def test_staff_with_only_the_view_permission_can_look_but_not_touch(client, data):
    clerk = UserFactory(email="clerk@example.com", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(content_type__app_label="content", codename="view_question"),
        Permission.objects.get(content_type__app_label="quizzes", codename="view_attempt"),
    )
    client.force_login(clerk, backend=BACKEND)
    for model in (Question, Attempt):
        obj = data[model]
        assert client.get(_url(model, "changelist")).status_code == 200
        assert client.get(_url(model, "change", obj.pk)).status_code == 200
        assert client.get(_url(model, "add")).status_code == 403
        assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    # No view permission on banks: no bank pages.
    assert client.get(_url(Bank, "changelist")).status_code == 403


def test_staff_without_permissions_sees_nothing(client, data):
    client.force_login(UserFactory(email="clerk@example.com", is_staff=True), backend=BACKEND)
    for model in MODELS:
        assert client.get(_url(model, "changelist")).status_code == 403


def _queries(client, url) -> tuple[int, object]:
    # One warm-up request first, so per-process caches (content types, the
    # session row) filled by whichever test ran before cannot shift the count.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_question_list_runs_the_same_number_of_queries_for_5_and_50_questions(superuser_client, db):
    url = _url(Question, "changelist")
    load_bank(builders.sample_bank(questions=builders.many_singles(5)))
    few, response = _queries(superuser_client, url)
    assert len(response.context["cl"].result_list) == 5

    # The same bank reloaded with 50: 45 more rows on the page, spread over every topic and domain.
    spread = [
        builders.single(key=q.key, topic=topic, domain=domain, stem=q.stem, options=q.options)
        for q, (topic, domain) in zip(
            builders.many_singles(50),
            [("Input modes", 1), ("Storage", 1), ("Algorithms", 2), ("Deployment", 3)] * 13,
            strict=False,
        )
    ]
    load_bank(builders.sample_bank(questions=spread))
    many, response = _queries(superuser_client, url)
    assert len(response.context["cl"].result_list) == 50
    assert many == few


@pytest.mark.parametrize("model", [Bank, Topic, Concept, Quiz, Attempt], ids=lambda m: m.__name__)
def test_other_lists_do_not_grow_a_query_per_row(superuser_client, student, model):
    load_bank(builders.sample_bank())
    bank = Bank.objects.get(slug="sample")
    services.practice_start(user=student, banks=[bank], count=None, seed=1)
    few, _ = _queries(superuser_client, _url(model, "changelist"))
    for n in range(4):
        owner = UserFactory()
        load_bank(builders.sample_bank(slug=f"notes-{n}", title=f"Notes {n}"), owner=owner, kind="notes")
        services.practice_start(user=owner, banks=[Bank.objects.get(slug=f"notes-{n}")], count=None)
    many, _ = _queries(superuser_client, _url(model, "changelist"))
    assert many == few


def test_attempt_page_runs_the_same_number_of_queries_for_2_and_6_items(superuser_client, student, db):
    load_bank(builders.sample_bank())
    bank = Bank.objects.get(slug="sample")
    small = services.practice_start(user=student, banks=[bank], count=2, seed=1)
    large = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    assert AttemptItem.objects.filter(attempt=large).count() == 6
    few, _ = _queries(superuser_client, _url(Attempt, "change", small.pk))
    many, _ = _queries(superuser_client, _url(Attempt, "change", large.pk))
    assert many == few
