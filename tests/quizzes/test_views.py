from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from content.loader import load_bank
from content.models import Bank, Choice
from quizzes import access, presentation, services
from quizzes.models import Attempt, AttemptItem
from tests import builders

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
HX_ANSWER = {**HX, "HTTP_HX_TARGET": "answer-area"}  # what the question screen's answer form sends


def _start(student, bank, **kw):
    kw.setdefault("count", None)
    kw.setdefault("seed", 21)
    return services.practice_start(user=student, banks=[bank], **kw)


def _item_of_type(attempt, type_):
    item = attempt.items.select_related("question").filter(question__type=type_).first()
    return access.item_for(attempt, item.number)


def _right_post_data(item) -> dict:
    correct = presentation.answer_key(item.question).correct_response()
    if "selected" in correct:
        return {"choice": correct["selected"]}
    if "order" in correct:
        return {"order": correct["order"]}
    return {f"match-{p}": m for p, m in correct["matches"].items()}


# --- Practice set-up ------------------------------------------------------------------------------------


def test_practice_form_lists_only_banks_the_user_may_use(student_client, bank, private_bank):
    html = student_client.get(reverse("quizzes:practice_new") + "?bank=sample").content.decode()
    assert "Sample bank" in html
    assert "Olive&#x27;s notes" not in html and "Olive's notes" not in html


def test_practice_form_groups_topics_by_domain_with_question_counts(
    student_client, bank, django_assert_max_num_queries
):
    # session, user, 2 permission lookups (nav role), banks, initial bank, topics with counts, domains
    with django_assert_max_num_queries(8):
        html = student_client.get(reverse("quizzes:practice_new")).content.decode()
    # The sample bank's "Deployment" topic holds the ordering question and the case study's two parts.
    assert re.search(r"<legend[^>]*>Domain 3: Deployment and Orchestration</legend>", html)
    assert re.search(r'name="topics" value="\d+"[^>]*>\s*<label[^>]*>Deployment \(3\)</label>', html)


def test_practice_on_one_topic_draws_only_from_it(student_client, student, bank):
    topic = bank.topics.get(title="Deployment")
    response = student_client.post(
        reverse("quizzes:practice_new"),
        {"banks": [bank.pk], "topics": [topic.pk], "count": "all", "selection": "all"},
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=student)
    assert {item.question.topic_id for item in attempt.items.select_related("question")} == {topic.pk}
    assert attempt.items.count() == 3


def _ticked_banks(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="banks" value="(\d+)"[^>]*checked', html)


def test_practice_form_ticks_the_only_bank_and_leaves_a_choice_of_several_to_the_learner(
    student_client, student, bank
):
    url = reverse("quizzes:practice_new")
    assert _ticked_banks(student_client.get(url).content.decode()) == [str(bank.pk)]
    load_bank(builders.sample_bank(slug="my-notes", title="My notes"), owner=student, kind="notes")
    assert _ticked_banks(student_client.get(url).content.decode()) == []
    assert _ticked_banks(student_client.get(url + "?bank=sample").content.decode()) == [str(bank.pk)]


def test_practice_start_redirects_to_the_first_question(student_client, student, bank):
    response = student_client.post(
        reverse("quizzes:practice_new"), {"banks": [bank.pk], "count": "10", "selection": "all"}
    )
    attempt = Attempt.objects.get(user=student)
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:question", args=[attempt.pk, 1])
    assert attempt.items.count() == 6


def test_practice_start_refuses_someone_elses_bank(student_client, student, private_bank):
    response = student_client.post(
        reverse("quizzes:practice_new"), {"banks": [private_bank.pk], "count": "10", "selection": "all"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Attempt.objects.exists()


def test_practice_start_with_nothing_to_draw_says_why(student_client, bank):
    response = student_client.post(
        reverse("quizzes:practice_new"), {"banks": [bank.pk], "count": "10", "selection": "wrong"}
    )
    assert response.status_code == 400
    assert "No question that matches these choices is marked wrong" in response.content.decode()


def test_practice_views_need_sign_in_and_the_right_method(student_client, bank):
    assert Client().get(reverse("quizzes:practice_new")).status_code == 302
    assert student_client.put(reverse("quizzes:practice_new")).status_code == 405


# --- The question screen --------------------------------------------------------------------------------


@pytest.mark.parametrize("type_", ["single", "multiple", "ordering", "matching"])
def test_unanswered_question_page_carries_no_answer_key(student_client, student, bank, type_):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, type_)
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    assert item.question.stem.split()[0] in html
    assert item.question.explanation not in html
    for choice in item.question.choices.all():
        if choice.rationale:
            assert choice.rationale not in html
        assert choice.match_key == "" or choice.match_key not in html.replace(
            f'value="{choice.match_key}"', ""
        )
    assert "is-right" not in html and "Right answer" not in html
    if type_ == "ordering":
        shown = re.findall(r'data-key="([0-9a-f]+)"', html)
        right = [c.key for c in item.question.choices.order_by("position")]
        assert sorted(shown) == sorted(right) and shown != right


def test_case_study_part_shows_its_scenario(student_client, student, bank):
    attempt = _start(student, bank)
    item = attempt.items.select_related("question").get(question__key="q-case-serve")
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    assert "A retailer forecasts demand for 5,000 products every night." in html
    assert "Case study" in html


@pytest.mark.parametrize("type_", ["single", "multiple", "ordering", "matching"])
def test_answer_then_feedback_for_every_type(student_client, student, bank, type_):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, type_)
    url = reverse("quizzes:answer", args=[attempt.pk, item.number])
    response = student_client.post(url, _right_post_data(item))
    assert response.status_code == 302
    page = student_client.get(response["Location"]).content.decode()
    assert "✓ Correct" in page
    assert item.question.explanation in page
    assert AttemptItem.objects.get(pk=item.pk).is_correct


def test_htmx_answer_returns_the_feedback_and_the_counts_only(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    wrong = item.question.choices.filter(is_correct=False).first()
    response = student_client.post(
        reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": wrong.key}, **HX_ANSWER
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="answer-area" data-answered="true">')
    assert "✗ Not quite" in html
    assert "Streams on demand." in html  # the right option's rationale
    assert "Copies everything first." in html or wrong.rationale in html
    # The stem, the flag and the finish form stay on the page; the counts that changed come out of band.
    assert "<html" not in html and 'id="question-card"' not in html and "<title>" not in html
    assert item.question.stem not in html and 'id="flag-button"' not in html
    assert '<div class="quiz-progress" id="quiz-progress" hx-swap-oob="true">' in html
    assert "1 answered · 0 correct (0%)" in html
    total = attempt.items.count()
    assert f'<p id="finish-counts" hx-swap-oob="true">You answered 1 of {total} questions.' in html


def test_htmx_answer_from_a_page_without_the_answer_area_gets_the_whole_card(student_client, student, bank):
    # A page loaded before the answer area existed targets the card: it still gets a card to swap.
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    right = item.question.choices.get(is_correct=True)
    response = student_client.post(
        reverse("quizzes:answer", args=[attempt.pk, item.number]),
        {"choice": right.key},
        **HX,
        HTTP_HX_TARGET="question-card",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="question-card"' in html and "✓ Correct" in html and "hx-swap-oob" not in html


def test_the_htmx_next_question_carries_its_tab_title(student_client, student, bank):
    attempt = _start(student, bank)
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, 2]), **HX).content.decode()
    assert html.lstrip().startswith(f"<title>Question 2 · {attempt.quiz.title} · Quizwright</title>")
    assert html.count("<title>") == 1 and "<html" not in html
    page = student_client.get(reverse("quizzes:question", args=[attempt.pk, 2])).content.decode()
    assert page.count("<title>") == 1  # the whole page has only the head's title


def test_wrong_number_of_choices_is_refused_with_a_message(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "multiple")
    keys = list(item.question.choices.values_list("key", flat=True))[:3]
    response = student_client.post(
        reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": keys}, **HX_ANSWER
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Choose exactly 2 options; you chose 3." in html
    # The refusal replaces the answer area: the form again, with the message, and nothing counted.
    assert html.lstrip().startswith('<div id="answer-area" data-answered="false">')
    assert 'id="question-card"' not in html and "0 answered" in html
    assert AttemptItem.objects.get(pk=item.pk).answered_at is None
    # What the learner ticked stays ticked, so they fix the count instead of starting again.
    ticked = set(re.findall(r'name="choice" value="([^"]+)"[^>]*\bchecked\b', html))
    assert ticked == set(keys)


def test_tampered_option_id_is_refused(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    response = student_client.post(
        reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": "9999"}
    )
    assert response.status_code == 422
    assert "not part of this question" in response.content.decode()
    assert AttemptItem.objects.get(pk=item.pk).response is None


def test_double_submitted_answer_is_graded_once(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    url = reverse("quizzes:answer", args=[attempt.pk, item.number])
    right = item.question.choices.get(is_correct=True).key
    wrong = item.question.choices.filter(is_correct=False).first().key
    student_client.post(url, {"choice": right})
    student_client.post(url, {"choice": wrong})
    saved = AttemptItem.objects.get(pk=item.pk)
    assert saved.response == {"selected": [right]} and saved.is_correct


def test_other_users_get_404_for_every_attempt_url(client, student, other_student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    client.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    right = item.question.choices.get(is_correct=True).key
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("quizzes:question", args=[attempt.pk, 1])).status_code == 404
    assert (
        client.post(reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": right}).status_code
        == 404
    )
    assert client.post(reverse("quizzes:flag", args=[attempt.pk, 1])).status_code == 404
    assert client.post(reverse("quizzes:next", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:finish", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("quizzes:summary", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("quizzes:again", args=[attempt.pk])).status_code == 404
    assert AttemptItem.objects.get(pk=item.pk).response is None
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_anonymous_is_sent_to_sign_in(client, student, bank):
    attempt = _start(student, bank)
    response = client.get(reverse("quizzes:question", args=[attempt.pk, 1]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_wrong_methods_are_405(student_client, student, bank):
    attempt = _start(student, bank)
    assert student_client.get(reverse("quizzes:answer", args=[attempt.pk, 1])).status_code == 405
    assert student_client.put(reverse("quizzes:finish", args=[attempt.pk])).status_code == 405
    assert student_client.post(reverse("quizzes:question", args=[attempt.pk, 1])).status_code == 405
    assert student_client.get(reverse("quizzes:next", args=[attempt.pk])).status_code == 405


def test_answer_needs_a_csrf_token(student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    right = item.question.choices.get(is_correct=True).key
    response = strict.post(reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": right})
    assert response.status_code == 403
    assert AttemptItem.objects.get(pk=item.pk).response is None


def test_flag_toggles_and_htmx_gets_the_button(student_client, student, bank):
    attempt = _start(student, bank)
    url = reverse("quizzes:flag", args=[attempt.pk, 1])
    response = student_client.post(url, **HX)
    assert 'id="flag-button"' in response.content.decode() and "★ Flagged" in response.content.decode()
    assert AttemptItem.objects.get(attempt=attempt, position=0).flagged
    student_client.post(url)
    assert not AttemptItem.objects.get(attempt=attempt, position=0).flagged


def test_next_swaps_in_the_following_question_and_pushes_its_url(student_client, student, bank):
    attempt = _start(student, bank)
    item = access.item_for(attempt, 1)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(item))
    response = student_client.post(reverse("quizzes:next", args=[attempt.pk]), {"after": "1"}, **HX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == reverse("quizzes:question", args=[attempt.pk, 2])
    assert "Question 2 of 6" in response.content.decode()


def test_finishing_shows_the_summary_and_practise_again_uses_missed_questions(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    wrong = item.question.choices.filter(is_correct=False).first().key
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": wrong})
    response = student_client.post(reverse("quizzes:finish", args=[attempt.pk]), follow=True)
    html = response.content.decode()
    assert "Your results" in html and "Review the questions" in html
    assert item.question.explanation in html
    response = student_client.post(reverse("quizzes:again", args=[attempt.pk]))
    again = Attempt.objects.exclude(pk=attempt.pk).get()
    assert response["Location"] == reverse("quizzes:question", args=[again.pk, 1])
    assert list(again.items.values_list("question_id", flat=True)) == [item.question_id]


def test_finishing_with_nothing_answered_offers_to_practise_the_unanswered(student_client, student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=3, seed=4)
    drawn = set(attempt.items.values_list("question_id", flat=True))
    html = student_client.post(reverse("quizzes:finish", args=[attempt.pk]), follow=True).content.decode()
    assert "there is no score for this attempt" in html
    assert 'value="unanswered" class="button">Practise the 3 unanswered</button>' in html
    response = student_client.post(reverse("quizzes:again", args=[attempt.pk]), {"which": "unanswered"})
    again = Attempt.objects.exclude(pk=attempt.pk).get()
    assert response["Location"] == reverse("quizzes:question", args=[again.pk, 1])
    assert set(again.items.values_list("question_id", flat=True)) == drawn
    assert again.quiz.title.startswith("3 unanswered again · ")
    assert not again.quiz.title.endswith("3 questions")


def test_practise_again_titles_drop_the_first_sessions_length():
    assert (
        services.again_title("Sample · Domain 1 · 9 questions", 5, "missed")
        == "5 missed again · Sample · Domain 1"
    )
    assert (
        services.again_title("5 missed again · Sample · keep going", 2, "flagged")
        == "2 flagged again · Sample"
    )
    assert services.again_title("My 3 questions list", 1, "missed") == "1 missed again · My 3 questions list"


def test_after_the_last_answer_next_finishes_the_attempt(student_client, student, bank):
    attempt = services.practice_start(user=student, banks=[bank], count=1, seed=2)
    item = access.item_for(attempt, 1)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(item))
    response = student_client.post(reverse("quizzes:next", args=[attempt.pk]), {"after": "1"}, **HX)
    assert response["HX-Redirect"] == reverse("quizzes:summary", args=[attempt.pk])
    assert not Attempt.objects.get(pk=attempt.pk).is_open


def test_answer_after_finishing_is_refused_and_changes_nothing(student_client, student, bank):
    attempt = _start(student, bank)
    services.attempt_finish(attempt=attempt)
    item = _item_of_type(attempt, "single")
    right = item.question.choices.get(is_correct=True).key
    response = student_client.post(
        reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": right}
    )
    assert response.status_code == 302
    assert AttemptItem.objects.get(pk=item.pk).response is None


# --- Query counts: pinned, and independent of the size of the bank or the quiz ---------------------------


def _big_bank(n: int) -> Bank:
    load_bank(builders.sample_bank(slug="big", questions=builders.many_singles(n)))
    return Bank.objects.get(slug="big")


@pytest.mark.parametrize("size", [5, 400])
def test_question_page_query_count_does_not_grow(
    student_client, student, django_assert_max_num_queries, size
):
    bank = _big_bank(size)
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    url = reverse("quizzes:question", args=[attempt.pk, 2])
    # session, user, 2 permission lookups (nav role), attempt, item+question, choices, shown_at, progress
    with django_assert_max_num_queries(9):
        assert student_client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert student_client.get(url, **HX).status_code == 200


@pytest.mark.parametrize("size", [5, 400])
def test_answer_post_query_count_does_not_grow(student_client, student, django_assert_max_num_queries, size):
    bank = _big_bank(size)
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    right = Choice.objects.get(question=access.item_for(attempt, 3).question, is_correct=True).key
    # session, user, the item with its attempt, question and version, the guarded UPDATE (one statement, no
    # transaction around it), progress
    with django_assert_max_num_queries(5):
        response = student_client.post(
            reverse("quizzes:answer", args=[attempt.pk, 3]), {"choice": right}, **HX_ANSWER
        )
    assert response.status_code == 200 and "✓ Correct" in response.content.decode()


@pytest.mark.parametrize("attempts", [1, 8])
def test_dashboard_query_count_does_not_grow_with_attempts(
    student_client, student, bank, django_assert_max_num_queries, attempts
):
    for i in range(attempts):
        attempt = _start(student, bank, seed=i)
        if i % 2:
            services.attempt_finish(attempt=attempt)
    # session, user, 2 permission lookups (nav role), overdue exams to close, assignments of the learner's classes,
    # banks, attempts with their quizzes
    with django_assert_max_num_queries(8):
        html = student_client.get(reverse("dashboard")).content.decode()
    assert "Continue where you left off" in html
    assert ("Recent results" in html) == (attempts > 1)


def _feedback_anchors_missing_from_the_bank_page(client, attempt) -> tuple[list[str], int]:
    item = access.item_for(attempt, 1)
    html = client.post(
        reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(item), **HX
    ).content.decode()
    bank_url = reverse("content:bank_detail", args=[item.question.bank.slug])
    anchors = re.findall(rf'href="{re.escape(bank_url)}#([^"]+)"', html)
    page = client.get(bank_url).content.decode()
    return [a for a in anchors if f'id="{a}"' not in page], len(anchors)


def test_every_link_from_feedback_to_the_bank_page_lands_on_something(student_client, student):
    from dataclasses import replace

    from content.services import upload_save

    # An authored bank names its concepts but has no concept entries to link to.
    authored = replace(builders.single(), concepts=("Fast File mode",))
    load_bank(builders.sample_bank(slug="authored", questions=(authored,)))
    bank = Bank.objects.get(slug="authored")
    missing, count = _feedback_anchors_missing_from_the_bank_page(student_client, _start(student, bank))
    assert count >= 1 and missing == []
    notes = (Path(__file__).resolve().parents[2] / "content" / "samples" / "sagemaker-notes.txt").read_text()
    _, report = upload_save(user=student, title="My notes", text=notes, source="sagemaker-notes.txt")
    notes_bank = Bank.objects.get(pk=report.bank_id)
    missing, count = _feedback_anchors_missing_from_the_bank_page(student_client, _start(student, notes_bank))
    assert count >= 2 and missing == []  # the topic and at least one concept


def test_flagged_questions_are_listed_on_the_summary_and_can_be_practised_again(
    student_client, student, bank
):
    attempt = _start(student, bank)
    first, third = access.item_for(attempt, 1), access.item_for(attempt, 3)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(first))
    for number in (1, 3):  # one answered right, one never answered
        student_client.post(reverse("quizzes:flag", args=[attempt.pk, number]))
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(
        reverse("quizzes:summary", args=[attempt.pk]) + "?show=flagged"
    ).content.decode()
    assert html.count('class="card review-item') == 2
    assert first.question.explanation in html and 'badge-good">right</span>' in html
    assert '<span class="badge badge-neutral">not answered</span>' in html  # no verdict colour
    assert "Practise the 2 flagged again" in html

    response = student_client.post(reverse("quizzes:again", args=[attempt.pk]), {"which": "flagged"})
    again = Attempt.objects.exclude(pk=attempt.pk).get()
    assert response["Location"] == reverse("quizzes:question", args=[again.pk, 1])
    questions = sorted(again.items.values_list("question_id", flat=True))
    assert questions == sorted([first.question_id, third.question_id])


def _answer_key_texts(question) -> list[str]:
    """Every text that would give a question's answer away: right options, the right order, the pairs."""
    texts = [question.explanation]
    for choice in question.choices.all():
        if choice.rationale:
            texts.append(choice.rationale)
    return texts


def test_the_summary_never_shows_the_answer_of_a_question_left_unanswered(student_client, student, bank):
    attempt = _start(student, bank)
    for item in attempt.items.all():  # flag everything, answer nothing
        student_client.post(reverse("quizzes:flag", args=[attempt.pk, item.number]))
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    for show in ("all", "flagged", "missed", "right"):
        html = student_client.get(
            reverse("quizzes:summary", args=[attempt.pk]) + f"?show={show}"
        ).content.decode()
        for item in attempt.items.select_related("question"):
            for text in _answer_key_texts(item.question):
                assert text not in html, (show, item.question.key)
        assert "Right answer" not in html
    # ...so they are still unseen, and "only questions I have not seen" serves them.
    unseen = services.practice_start(user=student, banks=[bank], selection="unseen", count=None, seed=3)
    assert unseen.items.count() == attempt.items.count()


def test_a_finished_attempt_with_no_answers_says_so_plainly(student_client, student, bank):
    attempt = _start(student, bank)
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(reverse("quizzes:summary", args=[attempt.pk])).content.decode()
    assert "You finished without answering any question, so there is no score" in html
    assert "0 / 0" not in html


def _answer_wrong(client, attempt, item):
    key = presentation.answer_key(item.question)
    correct = key.correct_response()
    if "selected" in correct:
        data = {"choice": [o for o in key.options if o not in key.correct][: len(correct["selected"])]}
    elif "order" in correct:
        data = {"order": list(reversed(correct["order"]))}
    else:
        prompts = list(correct["matches"])
        matches = [correct["matches"][p] for p in prompts]
        data = {f"match-{p}": m for p, m in zip(prompts, matches[1:] + matches[:1], strict=True)}
    assert client.post(reverse("quizzes:answer", args=[attempt.pk, item.number]), data).status_code == 302


def test_a_missed_ordering_shows_both_orders_as_numbered_lists(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "ordering")
    _answer_wrong(student_client, attempt, item)
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(reverse("quizzes:summary", args=[attempt.pk]) + "?show=missed").content.decode()
    review = html[html.index(f'id="review-{item.number}"') :]
    steps = list(builders.ordering().steps)
    compare = review[review.index("answer-compare") : review.index("</details>")]
    lists = re.findall(r"<ol class=\"small\">(.*?)</ol>", compare, re.S)
    assert len(lists) == 2  # yours and the right one, both ordered
    yours, right = (
        [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", ol)] for ol in lists
    )
    assert right == steps and yours == list(reversed(steps))


@pytest.mark.parametrize("type_", ["single", "multiple", "matching"])
def test_a_missed_question_shows_the_learners_answer_beside_the_right_one(
    student_client, student, bank, type_
):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, type_)
    _answer_wrong(student_client, attempt, item)
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(reverse("quizzes:summary", args=[attempt.pk]) + "?show=missed").content.decode()
    assert "Your answer</strong>" in html and "Right answer</strong>" in html
    item.refresh_from_db()
    right = [c.text for c in item.question.choices.filter(is_correct=True)]
    for text in right:
        assert text in html


@pytest.mark.parametrize(("show", "expected"), [("all", 6), ("missed", 1), ("right", 1), ("flagged", 1)])
def test_the_review_filters(student_client, student, bank, show, expected):
    attempt = _start(student, bank)
    right, wrong = access.item_for(attempt, 1), access.item_for(attempt, 2)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(right))
    _answer_wrong(student_client, attempt, wrong)
    student_client.post(reverse("quizzes:flag", args=[attempt.pk, 4]))
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    html = student_client.get(
        reverse("quizzes:summary", args=[attempt.pk]) + f"?show={show}"
    ).content.decode()
    assert html.count('class="card review-item') == expected
    assert f'href="?show={show}#review" aria-current="true"' in html


def test_the_review_opens_on_the_missed_questions_and_ignores_a_tampered_filter(
    student_client, student, bank
):
    attempt = _start(student, bank)
    _answer_wrong(student_client, attempt, access.item_for(attempt, 1))
    student_client.post(reverse("quizzes:finish", args=[attempt.pk]))
    url = reverse("quizzes:summary", args=[attempt.pk])
    for query in ("", "?show=<script>", "?show=everything"):
        html = student_client.get(url + query).content.decode()
        assert 'href="?show=missed#review" aria-current="true"' in html
        assert html.count('class="card review-item') == 1


@pytest.mark.parametrize("which", ["flagged", "everything"])
def test_practise_again_with_nothing_flagged_or_a_tampered_choice_changes_nothing(
    student_client, student, bank, which
):
    attempt = _start(student, bank)
    services.attempt_finish(attempt=attempt)
    response = student_client.post(reverse("quizzes:again", args=[attempt.pk]), {"which": which}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("quizzes:summary", args=[attempt.pk])
    assert "You flagged nothing" in html if which == "flagged" else "is not a choice" in html
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize("size", [5, 60])
def test_summary_query_count_does_not_grow_with_the_attempt(
    student_client, student, django_assert_max_num_queries, size
):
    bank = _big_bank(size)
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    for number in range(1, size + 1):
        item = access.item_for(attempt, number)
        data = QueryDict(mutable=True)
        data.setlist("choice", [item.question.choices.filter(is_correct=False).first().key])
        services.attempt_answer(attempt=attempt, item=item, data=data)
        if number % 2:
            services.item_toggle_flag(attempt=attempt, item=item)
    services.attempt_finish(attempt=attempt)
    # session, user, 2 permission lookups (nav role), attempt, items with questions, their choices
    with django_assert_max_num_queries(8):
        html = student_client.get(reverse("quizzes:summary", args=[attempt.pk])).content.decode()
    assert html.count('class="card review-item') == size  # every one missed: the review opens on them


# --- Finishing asks first -------------------------------------------------------------------------------


def test_finishing_asks_first_saying_how_many_are_unanswered(student_client, student, bank):
    attempt = _start(student, bank)
    first = access.item_for(attempt, 1)
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, 1]), _right_post_data(first))
    page = student_client.get(reverse("quizzes:finish", args=[attempt.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Finish this practice?" in html and "You answered 1 of 6 questions" in html
    assert "5 are not answered" in html
    assert Attempt.objects.get(pk=attempt.pk).is_open, "asking changes nothing"
    assert f'action="{reverse("quizzes:finish", args=[attempt.pk])}"' in html


def test_the_question_screen_links_to_the_confirmation_and_holds_its_dialog(student_client, student, bank):
    attempt = _start(student, bank)
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    finish = reverse("quizzes:finish", args=[attempt.pk])
    assert f'href="{finish}" data-opens-dialog="finish-dialog"' in html
    dialog = html[html.index('<dialog id="finish-dialog"') : html.index("</dialog>")]
    assert "6 are not answered" in dialog and 'formmethod="dialog"' in dialog


def test_the_confirmation_of_a_finished_attempt_goes_to_its_results(student_client, student, bank):
    attempt = _start(student, bank)
    services.attempt_finish(attempt=attempt)
    response = student_client.get(reverse("quizzes:finish", args=[attempt.pk]))
    assert response["Location"] == reverse("quizzes:summary", args=[attempt.pk])


def test_someone_elses_finish_confirmation_is_404(client, other_student, student, bank):
    attempt = _start(student, bank)
    client.force_login(other_student, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("quizzes:finish", args=[attempt.pk])).status_code == 404


# --- Back and reload after htmx navigation ------------------------------------------------------------------


def test_a_history_restore_request_gets_the_whole_page(student_client, student, bank):
    attempt = _start(student, bank)
    url = reverse("quizzes:question", args=[attempt.pk, 2])
    fragment = student_client.get(url, **HX)
    assert "<html" not in fragment.content.decode()
    restored = student_client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    html = restored.content.decode()
    assert html.startswith("<!doctype html>") and 'id="question-card"' in html
    for response in (fragment, restored):
        assert "HX-Request" in response["Vary"]


# --- Matching by letters --------------------------------------------------------------------------------


def test_matching_lists_every_answer_in_full_with_a_letter_and_each_item_picks_a_letter(
    student_client, student, bank
):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "matching")
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    answers = html[html.index('<ol class="match-answers"') : html.index("</ol>", html.index("match-answers"))]
    for pair in builders.matching().pairs:
        assert pair.match in answers  # the whole text, never cut
    assert "<select" not in html[html.index('class="matching"') :]
    prompts = item.question.choices.filter(role="prompt")
    for prompt in prompts:
        assert html.count(f'name="match-{prompt.key}"') == 3  # one radio per answer letter
    assert 'data-letter="A"' in html and 'data-letter="C"' in html


def test_keyboard_hints_fit_the_question_type(student_client, student, bank):
    attempt = _start(student, bank)
    hints = {}
    for type_ in ("single", "ordering", "matching"):
        item = _item_of_type(attempt, type_)
        html = student_client.get(
            reverse("quizzes:question", args=[attempt.pk, item.number])
        ).content.decode()
        hints[type_] = html[html.index('keyboard-help">') :].split("</span>")[0]
    assert "choose" in hints["single"] and "Enter checks" in hints["single"]
    assert "1–9" not in hints["ordering"] and "move" in hints["ordering"]
    assert "1–9" not in hints["matching"] and "type a letter" in hints["matching"]


def test_only_the_banks_owner_sees_file_names_and_lines(student_client, student, other_student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    Question = item.question.__class__
    Question.objects.filter(pk=item.question_id).update(source="d1a-secret.md", source_lines=[779])
    wrong = item.question.choices.filter(is_correct=False).first().key
    student_client.post(reverse("quizzes:answer", args=[attempt.pk, item.number]), {"choice": wrong})
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    assert "d1a-secret.md" not in html and "line 779" not in html
    Bank.objects.filter(pk=bank.pk).update(owner=student)
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    assert "d1a-secret.md line 779" in html


def test_the_keyboard_hint_names_the_letters_this_question_has(student_client, student, bank):
    attempt = _start(student, bank)
    item = _item_of_type(attempt, "single")
    options = item.question.choices.filter(role="option").count()
    html = student_client.get(reverse("quizzes:question", args=[attempt.pk, item.number])).content.decode()
    last = "ABCDEFGHI"[options - 1]
    assert f"Keys: 1–{options} or A–{last} choose · Enter checks · F flags" in html


def test_the_last_answer_leads_to_the_results_by_name(student_client, student, bank):
    attempt = _start(student, bank, count=2)
    first, last = attempt.items.order_by("position")
    pages = []
    for item in (first, last):
        item = access.item_for(attempt, item.number)
        pages.append(
            student_client.post(
                reverse("quizzes:answer", args=[attempt.pk, item.number]), _right_post_data(item), **HX
            ).content.decode()
        )
    assert "Next question →" in pages[0] and "See my results →" not in pages[0]
    html = pages[1]
    assert "See my results →" in html and "Next question →" not in html
    earlier = student_client.get(reverse("quizzes:question", args=[attempt.pk, 1])).content.decode()
    assert "See my results →" in earlier  # nothing is left unanswered anywhere
