"""Quiz workflows that write: start an attempt, answer, flag, move on, finish. Access checks are in
`quizzes/access.py`, what a question shows in `quizzes/presentation.py`, read-only results in `quizzes/results.py`.

Rules that need no database (grading) live in `quizzes/grading.py`; this module reads and writes the models and
keeps every write in a transaction, so that an answer is committed before any response says it was saved.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from content.access import banks_for_user
from content.models import Bank, Question, Topic
from content.versions import versions_for
from quizzes import grading, presentation
from quizzes import selection as selection_rules
from quizzes.models import Attempt, AttemptItem, Quiz

MAX_SECONDS_PER_ITEM = 3600  # a tab left open overnight is not an hour of study


class AttemptClosed(Exception):
    """The attempt no longer takes answers (submitted, or past its deadline)."""


class NoQuestions(Exception):
    """The chosen banks and filters leave no question to draw."""


# --- Starting -----------------------------------------------------------------------------------------------


def question_pool(
    *, banks: Iterable[Bank], domain_numbers: Sequence[int] = (), topics: Iterable[Topic] = ()
) -> QuerySet[Question]:
    pool = Question.objects.scorable().filter(bank__in=list(banks))
    if domain_numbers:
        pool = pool.filter(domain__number__in=list(domain_numbers))
    topics = list(topics)
    if topics:
        pool = pool.filter(topic__in=topics)
    return pool


def _latest_results(user, question_ids: Iterable[int]) -> dict[int, bool]:
    """Each question's most recent graded result for this user."""
    latest: dict[int, bool] = {}
    rows = (
        AttemptItem.objects.filter(
            attempt__user=user, question_id__in=list(question_ids), answered_at__isnull=False
        )
        .order_by("answered_at")
        .values_list("question_id", "is_correct")
    )
    for question_id, is_correct in rows:
        latest[question_id] = bool(is_correct)
    return latest


def _candidates(user, pool: QuerySet[Question], selection: str) -> list[selection_rules.Candidate]:
    """The pool's questions that this learner's selection admits (one query for the pool, one for history)."""
    rows = [selection_rules.Candidate(*row) for row in pool.values_list("pk", "parent_id", "position")]
    latest = (
        _latest_results(user, [c.pk for c in rows])
        if selection in (Quiz.Selection.UNSEEN, Quiz.Selection.WRONG)
        else {}
    )
    return selection_rules.select(rows, selection, latest)


@transaction.atomic
def practice_start(
    *,
    user,
    banks: Sequence[Bank],
    domain_numbers: Sequence[int] = (),
    topics: Sequence[Topic] = (),
    count: int | None = 10,
    keep_going: bool = False,
    selection: str = Quiz.Selection.ALL,
    question_ids: Sequence[int] | None = None,
    partial_credit: bool = False,
    title: str | None = None,
    seed: int | None = None,
) -> Attempt:
    """Create a practice quiz and its attempt with the questions drawn for it. Raises NoQuestions."""
    seed = seed if seed is not None else secrets.randbits(48)
    rng = random.Random(seed)
    pool = question_pool(banks=banks, domain_numbers=domain_numbers, topics=topics)
    if question_ids is not None:
        pool = pool.filter(pk__in=list(question_ids))
        selection = Quiz.Selection.LIST
    candidates = _candidates(user, pool, selection)
    if not candidates:
        raise NoQuestions(_no_questions_message(selection))
    # Keep going serves one question (or one case study's first part) now, and draws the next after each answer.
    drawn = selection_rules.draw(candidates, 1 if keep_going else count, rng)

    quiz = Quiz.objects.create(
        title=title
        or practice_title(
            banks=banks,
            domain_numbers=domain_numbers,
            topics=topics,
            selection=selection,
            count=None if keep_going else len(drawn),
        ),
        owner=user,
        mode=Quiz.Mode.PRACTICE,
        domain_numbers=list(domain_numbers),
        selection=selection,
        question_count=None if keep_going else len(drawn),
        keep_going=keep_going,
        partial_credit=partial_credit,
        feedback=Quiz.Feedback.IMMEDIATE,
    )
    quiz.banks.set(banks)
    if topics:
        quiz.topics.set(topics)
    attempt = Attempt.objects.create(user=user, quiz=quiz, seed=seed)
    versions = versions_for(drawn)
    AttemptItem.objects.bulk_create(
        [
            AttemptItem(attempt=attempt, question_id=pk, version=versions[pk], position=i)
            for i, pk in enumerate(drawn)
        ],
        batch_size=1000,
    )
    return attempt


AGAIN_WHICH = {
    "missed": "You missed nothing in that attempt: there is nothing to practise again.",
    "flagged": "You flagged nothing in that attempt: flag a question (F) to come back to it.",
    "unanswered": "You answered every question in that attempt.",
}


def attempt_practise_again(*, user, attempt: Attempt, which: str = "missed") -> Attempt:
    """A new practice attempt of this attempt's missed (answered wrongly), flagged or unanswered questions,
    shuffled afresh.

    Raises NoQuestions with a message for the learner when there are none (or none is still in use), and
    ValueError for a `which` that is neither.
    """
    if which not in AGAIN_WHICH:
        raise ValueError(
            f"'{which}' is not a choice: practise again 'missed', 'flagged' or 'unanswered' questions."
        )
    items = AttemptItem.objects.filter(attempt=attempt)
    if which == "missed":
        items = items.filter(answered_at__isnull=False, is_correct=False)
    elif which == "unanswered":
        items = items.filter(answered_at__isnull=True)
    else:
        items = items.filter(flagged=True)
    question_ids = list(items.values_list("question_id", flat=True))
    if not question_ids:
        raise NoQuestions(AGAIN_WHICH[which])
    try:
        return practice_start(
            user=user,
            banks=list(banks_for_user(user).filter(quizzes=attempt.quiz)),
            question_ids=question_ids,
            count=None,
            partial_credit=attempt.quiz.partial_credit,
            title=again_title(attempt.quiz.title, len(question_ids), which),
        )
    except NoQuestions:
        raise NoQuestions("Those questions are no longer available.") from None


SELECTION_WORDS = {Quiz.Selection.UNSEEN: "unseen only", Quiz.Selection.WRONG: "ones I got wrong"}
AGAIN_MARK = " again · "


def practice_title(
    *,
    banks: Sequence[Bank],
    domain_numbers: Sequence[int] = (),
    topics: Sequence[Topic] = (),
    selection: str = Quiz.Selection.ALL,
    count: int | None = None,
) -> str:
    """A title that tells practice sessions apart on the dashboard: what was drawn from, and how."""
    names = ", ".join(b.title for b in banks[:2]) + (f" and {len(banks) - 2} more" if len(banks) > 2 else "")
    parts = [names]
    if domain_numbers:
        parts.append(
            ("Domain " if len(domain_numbers) == 1 else "Domains ") + ", ".join(map(str, domain_numbers))
        )
    if len(topics) == 1:
        parts.append(topics[0].title)
    elif topics:
        parts.append(f"{len(topics)} topics")
    if selection in SELECTION_WORDS:
        parts.append(SELECTION_WORDS[selection])
    parts.append("keep going" if count is None else f"{count} question{'s' if count != 1 else ''}")
    return " · ".join(parts)[:200]


SESSION_LENGTH = re.compile(r" · (?:\d+ questions?|keep going)$")


def again_title(original: str, count: int, which: str) -> str:
    """`4 missed again · <what the first session drew from>`: never nesting one retry's title in another's,
    and without the first session's length (`· 9 questions`), which the new count replaces."""
    base = original.split(AGAIN_MARK, 1)[1] if AGAIN_MARK in original else original
    return f"{count} {which}{AGAIN_MARK}{SESSION_LENGTH.sub('', base)}"[:200]


def _no_questions_message(selection: str) -> str:
    if selection == Quiz.Selection.UNSEEN:
        return "You have already seen every question that matches these choices. Try 'All questions'."
    if selection == Quiz.Selection.WRONG:
        return "No question that matches these choices is marked wrong in your history. Well done!"
    return "No question matches these choices. Choose more domains or topics."


# --- Answering ----------------------------------------------------------------------------------------------


def item_mark_shown(item: AttemptItem) -> None:
    """Record when a question was first shown, to count the time spent on it."""
    if item.shown_at is None and not item.is_answered:
        item.shown_at = timezone.now()
        AttemptItem.objects.filter(pk=item.pk, shown_at__isnull=True).update(shown_at=item.shown_at)


def _refuse_if_closed(attempt: Attempt) -> None:
    if not attempt.is_open:
        raise AttemptClosed("This attempt is finished; its answers can no longer change.")
    if attempt.is_overdue():
        attempt_finish(attempt=attempt)
        raise AttemptClosed(
            "Time is up: the attempt was submitted with the answers saved before the deadline."
        )


def attempt_answer(*, attempt: Attempt, item: AttemptItem, data) -> AttemptItem:
    """Grade and save a response from form data. Raises ResponseError (bad input) or AttemptClosed.

    With immediate feedback an answer is final: a second post of the same question (a double click, a resent
    form) changes nothing and returns the item as first graded.
    """
    _refuse_if_closed(attempt)
    if item.is_answered and attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE:
        return item
    key = presentation.answer_key(item.version)
    response = grading.validate(key, grading.parse_form(key, data))
    result = grading.grade(key, response, partial_credit=attempt.quiz.partial_credit)
    now = timezone.now()
    spent = int((now - item.shown_at).total_seconds()) if item.shown_at else 0
    values = {
        "response": response,
        "is_correct": result.correct,
        "score": result.score,
        "answered_at": now,
        "seconds_spent": max(0, min(spent, MAX_SECONDS_PER_ITEM)),
    }
    with transaction.atomic():
        rows = AttemptItem.objects.filter(pk=item.pk, attempt__status=Attempt.Status.IN_PROGRESS)
        if attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE:
            rows = rows.filter(answered_at__isnull=True)
        updated = rows.update(**values)
    if updated:
        for name, value in values.items():
            setattr(item, name, value)
    else:
        item.refresh_from_db()
    return item


def item_toggle_flag(*, attempt: Attempt, item: AttemptItem) -> AttemptItem:
    _refuse_if_closed(attempt)
    item.flagged = not item.flagged
    AttemptItem.objects.filter(pk=item.pk).update(flagged=item.flagged)
    return item


def attempt_next_number(*, attempt: Attempt, after: int) -> int | None:
    """The number of the question to show after question `after`, drawing one more in keep-going mode.

    None means there is nothing left: the attempt can be finished.
    """
    following = (
        AttemptItem.objects.filter(attempt=attempt, position__gte=after, answered_at__isnull=True)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    if following is not None:
        return following + 1
    earlier = (
        AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=True)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    if earlier is not None:
        return earlier + 1
    if attempt.quiz.keep_going and attempt.is_open:
        return _draw_one_more(attempt)
    return None


@transaction.atomic
def _draw_one_more(attempt: Attempt) -> int | None:
    quiz = attempt.quiz
    pool = question_pool(banks=quiz.banks.all(), domain_numbers=quiz.domain_numbers, topics=quiz.topics.all())
    used = AttemptItem.objects.filter(attempt=attempt)
    # The same selection rule as the first draw: "only the ones I got wrong" keeps serving only those.
    candidates = _candidates(attempt.user, pool.exclude(pk__in=used.values("question_id")), quiz.selection)
    if not candidates:
        return None
    count = used.count()
    last_case = used.order_by("-position").values_list("question__parent_id", flat=True).first()
    following = selection_rules.next_part(candidates, last_case)
    if following is None:
        following = selection_rules.draw(candidates, 1, random.Random(f"{attempt.seed}:{count}"))[0]
    AttemptItem.objects.create(
        attempt=attempt, question_id=following, version=versions_for([following])[following], position=count
    )
    return count + 1


@transaction.atomic
def attempt_finish(*, attempt: Attempt) -> Attempt:
    """Submit the attempt and store its score. Finishing twice changes nothing."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.status == Attempt.Status.SUBMITTED:
        return locked
    items = list(AttemptItem.objects.filter(attempt=locked).values_list("score", "answered_at"))
    answered = [score or 0.0 for score, answered_at in items if answered_at is not None]
    locked.raw_score = round(sum(answered), 4)
    # Practice scores what was answered; an exam scores every item, unanswered ones as wrong.
    locked.max_score = float(len(answered) if locked.quiz.mode == Quiz.Mode.PRACTICE else len(items))
    locked.status = Attempt.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["raw_score", "max_score", "status", "submitted_at"])
    attempt.__dict__.update(
        {k: getattr(locked, k) for k in ("raw_score", "max_score", "status", "submitted_at")}
    )
    return locked
