"""The practice set-up offers the domains and topics of the banks chosen, and every page counts questions alike."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.urls import reverse

from content import model as m
from content.loader import load_bank
from content.models import Bank, Topic
from quizzes.models import Attempt
from tests import builders

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
URL = reverse("quizzes:practice_new")


def _notes_bank(owner) -> Bank:
    """A notes bank: topics of its own, no exam domains."""
    questions = tuple(replace(q, domain=None, topic="Notes Input modes") for q in builders.many_singles(4))
    load_bank(m.Bank(slug="my-notes", title="My notes", questions=questions), owner=owner, kind="notes")
    return Bank.objects.get(slug="my-notes")


@pytest.fixture
def two_banks(student, bank):
    return bank, _notes_bank(student)


def _domain_labels(html: str) -> list[str]:
    return re.findall(r'name="domains" value="\d+"[^>]*>\s*<label[^>]*>([^<]+)</label>', html)


def test_a_notes_only_bank_offers_no_exam_domains(student_client, two_banks):
    _, notes = two_banks
    html = student_client.get(URL, {"bank": notes.slug}).content.decode()
    assert _domain_labels(html) == []
    assert "Notes Input modes (4)" in html
    assert "Deployment" not in html[html.index('id="practice-filters"') :]


def test_the_built_in_domains_come_with_their_bank(student_client, two_banks):
    sample, _ = two_banks
    html = student_client.get(URL, {"bank": sample.slug}).content.decode()
    assert _domain_labels(html) == [
        "1. Data Preparation for ML (2)",
        "2. ML Model Development (1)",
        "3. Deployment and Orchestration (3)",
    ]  # domain 4 has no question in the sample bank: not offered


def test_with_several_banks_and_none_ticked_it_asks_for_a_bank_first(student_client, two_banks):
    html = student_client.get(URL).content.decode()
    assert "Tick a bank to choose among its domains and topics." in html
    assert _domain_labels(html) == []


def test_changing_the_banks_refreshes_the_domains_and_topics_by_htmx(student_client, two_banks):
    sample, notes = two_banks
    response = student_client.get(URL, {"banks": [notes.pk]}, **HX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="practice-filters"')
    assert "Notes Input modes (4)" in html and _domain_labels(html) == []
    both = student_client.get(URL, {"banks": [notes.pk, sample.pk], "domains": ["1"]}, **HX).content.decode()
    assert "1. Data Preparation for ML (2)" in _domain_labels(both)
    assert re.search(r'name="domains" value="1"[^>]*checked', both), "a ticked domain stays ticked"
    assert "HX-Request" in response["Vary"]


def test_without_javascript_a_button_shows_the_choices_of_the_ticked_banks(student_client, two_banks):
    _, notes = two_banks
    response = student_client.post(URL, {"banks": [notes.pk], "refresh": "1", "count": "10"})
    html = response.content.decode()
    assert response.status_code == 200 and "Notes Input modes (4)" in html
    assert not Attempt.objects.exists(), "refreshing the choices starts nothing"


def test_a_domain_of_another_bank_is_refused_with_a_clear_message(student_client, two_banks):
    _, notes = two_banks
    response = student_client.post(
        URL, {"banks": [notes.pk], "domains": ["3"], "count": "10", "selection": "all"}
    )
    assert response.status_code == 400
    assert "Domain 3 is not in the banks you chose." in response.content.decode()
    assert not Attempt.objects.exists()


def test_practice_set_up_query_count_is_fixed(student_client, two_banks, django_assert_max_num_queries):
    sample, notes = two_banks
    # session, user, 2 permission lookups (nav role), chosen banks, bank choices, topics with counts, domains
    with django_assert_max_num_queries(9):
        assert student_client.get(URL, {"banks": [sample.pk, notes.pk]}).status_code == 200


def test_a_topics_count_is_the_same_on_the_bank_page_the_set_up_and_in_the_practice(
    student_client, student, bank
):
    topic = Topic.objects.get(bank=bank, title="Deployment")
    setup = student_client.get(URL, {"bank": bank.slug}).content.decode()
    assert re.search(rf'name="topics" value="{topic.pk}"[^>]*>\s*<label[^>]*>Deployment \(3\)</label>', setup)
    page = student_client.get(reverse("content:bank_detail", args=[bank.slug])).content.decode()
    row = page[page.index(f'id="topic-{topic.pk}"') :].split("</li>")[0]
    assert "3 questions" in row
    student_client.post(URL, {"banks": [bank.pk], "topics": [topic.pk], "count": "all", "selection": "all"})
    assert Attempt.objects.get(user=student).items.count() == 3


def test_the_loaders_counts_say_what_they_count(bank):
    report = load_bank(builders.sample_bank())
    assert "(7 entries = 6 questions + 1 case-study scenario)" in str(report)


def test_practice_link_from_a_topic_ticks_that_topic(student_client, bank):
    topic = Topic.objects.get(bank=bank, title="Algorithms")
    html = student_client.get(URL, {"bank": bank.slug, "topics": topic.pk}).content.decode()
    assert re.search(rf'name="topics" value="{topic.pk}"[^>]*checked', html)
    assert '<details class="topic-picker" open>' in html
