"""Every combination of "which questions" and "how many" serves what its label says, first draw and keep-going
draws alike (quizzes/selection.py is the one rule for both)."""

from __future__ import annotations

import random

import pytest
from django.http import QueryDict
from django.urls import reverse

from content.loader import load_bank
from content.models import Bank, Question
from quizzes import access, selection, services
from quizzes.models import Attempt
from tests import builders

pytestmark = pytest.mark.django_db


def test_select_applies_each_rule_to_the_learners_latest_results():
    candidates = [selection.Candidate(pk) for pk in (1, 2, 3, 4)]
    latest = {1: True, 2: False}
    assert [c.pk for c in selection.select(candidates, "all", latest)] == [1, 2, 3, 4]
    assert [c.pk for c in selection.select(candidates, "unseen", latest)] == [3, 4]
    assert [c.pk for c in selection.select(candidates, "wrong", latest)] == [2]
    with pytest.raises(ValueError, match="unknown selection"):
        selection.select(candidates, "favourites", latest)


def test_draw_is_seeded_keeps_case_parts_together_and_cuts_to_the_count():
    candidates = [selection.Candidate(pk) for pk in range(1, 9)] + [
        selection.Candidate(21, parent=20, position=1),
        selection.Candidate(22, parent=20, position=2),
    ]
    first = selection.draw(candidates, None, random.Random(5))
    assert first == selection.draw(candidates, None, random.Random(5))
    assert first.index(22) == first.index(21) + 1
    assert len(selection.draw(candidates, 3, random.Random(5))) == 3


def test_a_draw_asks_about_each_concept_once_while_the_pool_has_others():
    # Two items on each of four concepts (a "which term?" and a "which statement?"), and one on none.
    candidates = [selection.Candidate(pk, concepts=(f"concept {(pk - 1) // 2}",)) for pk in range(1, 9)] + [
        selection.Candidate(9)
    ]
    for seed in range(30):
        drawn = selection.draw(candidates, 5, random.Random(seed))
        about = [candidates[pk - 1].concepts for pk in drawn]
        assert len(drawn) == 5 and len(set(about)) == 5, (seed, drawn)
        # Asking for everything still serves everything: the second item of a concept comes last.
        everything = selection.draw(candidates, None, random.Random(seed))
        assert sorted(everything) == list(range(1, 10))
        firsts = {candidates[pk - 1].concepts for pk in everything[:5]}
        assert len(firsts) == 5
    # In keep-going practice, concepts asked already in the session wait too.
    asked = {"concept 0", "concept 1", "concept 2"}
    for seed in range(10):
        (one,) = selection.draw(candidates, 1, random.Random(seed), asked=asked)
        assert candidates[one - 1].concepts in {("concept 3",), ()}


def test_next_part_continues_the_case_study_just_served():
    candidates = [selection.Candidate(31, parent=30, position=2), selection.Candidate(7)]
    assert selection.next_part(candidates, 30) == 31
    assert selection.next_part(candidates, None) is None
    assert selection.next_part(candidates, 99) is None


# --- Through the practice form and the quiz screens ---------------------------------------------------------

SIZE = 30


@pytest.fixture
def history(student):
    """A bank of 30 questions; the learner got 4 wrong and 3 right before; 23 are unseen."""
    load_bank(builders.sample_bank(slug="big", questions=builders.many_singles(SIZE)))
    bank = Bank.objects.get(slug="big")
    keys = sorted(Question.objects.filter(bank=bank).values_list("key", flat=True))
    wrong, right = set(keys[:4]), set(keys[4:7])
    ids = dict(Question.objects.filter(bank=bank).values_list("key", "pk"))
    earlier = services.practice_start(
        user=student, banks=[bank], question_ids=[ids[k] for k in wrong | right], count=None
    )
    for item in earlier.items.select_related("question"):
        _answer(earlier, item.number, right=item.question.key in right)
    services.attempt_finish(attempt=earlier)
    return {"bank": bank, "wrong": {ids[k] for k in wrong}, "seen": {ids[k] for k in wrong | right}}


def _answer(attempt, number, *, right: bool):
    item = access.item_for(attempt, number)
    choices = item.question.choices.filter(is_correct=right)
    data = QueryDict(mutable=True)
    data["choice"] = choices.first().key
    services.attempt_answer(attempt=attempt, item=item, data=data)


def _play_through(client, attempt) -> list[int]:
    """Answer every question served, wrongly (so "wrong" sets would grow if fresh answers counted), until done."""
    served = []
    number = 1
    for _ in range(SIZE + 5):
        attempt.refresh_from_db()
        if not attempt.is_open:
            break
        item = access.item_for(attempt, number)
        served.append(item.question_id)
        _answer(attempt, number, right=False)
        response = client.post(reverse("quizzes:next", args=[attempt.pk]), {"after": str(number)})
        location = response["Location"]
        if location == reverse("quizzes:summary", args=[attempt.pk]):
            break
        number = int(location.rstrip("/").split("/")[-1])
    return served


EXPECTED_POOL = {"all": SIZE, "unseen": SIZE - 7, "wrong": 4}


@pytest.mark.parametrize("which", ["all", "unseen", "wrong"])
@pytest.mark.parametrize("count", ["10", "20", "50", "all", "keep"])
def test_each_selection_and_count_serves_what_its_label_says(student_client, history, which, count):
    response = student_client.post(
        reverse("quizzes:practice_new"), {"banks": [history["bank"].pk], "count": count, "selection": which}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.latest("pk")
    served = _play_through(student_client, attempt)
    pool = EXPECTED_POOL[which]
    expected = pool if count in ("all", "keep") else min(int(count), pool)
    assert len(served) == expected
    assert len(set(served)) == len(served), "a question was served twice"
    if which == "unseen":
        assert not set(served) & history["seen"]
    if which == "wrong":
        assert set(served) == history["wrong"]


def test_asking_for_more_than_match_says_how_many_there_are(student_client, history):
    response = student_client.post(
        reverse("quizzes:practice_new"),
        {"banks": [history["bank"].pk], "count": "10", "selection": "wrong"},
        follow=True,
    )
    assert "Only 4 questions match these choices" in response.content.decode()
