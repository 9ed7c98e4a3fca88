"""Quiz workflows that write: start an attempt, answer, flag, move on, finish. Access checks are in
`quizzes/access.py`, what a question shows in `quizzes/presentation.py`, read-only results in `quizzes/results.py`.

Rules that need no database (grading) live in `quizzes/grading.py`; this module reads and writes the models.
Every write is committed before this module returns, so no response says saved before it is: writes of several
rows run in a transaction; an answer is one guarded UPDATE, committed by itself (one statement needs no
transaction, and on PostgreSQL a transaction would add two round trips to the hottest requests).
"""

from __future__ import annotations

import functools
import random
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from content.access import banks_for_user
from content.models import Bank, Question, Topic
from content.versions import version_ids_for
from quizzes import access, exam_insert, exams, grading, presentation, qtypes, scoring
from quizzes import selection as selection_rules
from quizzes.models import GRACE_SECONDS, Attempt, AttemptItem, Blueprint, Quiz
from quizzes.prepared import Prepared, PreparedUpdate

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
    rows = [
        selection_rules.Candidate(pk, parent, position, concepts=tuple(concepts or ()))
        for pk, parent, position, concepts in pool.values_list("pk", "parent_id", "position", "concepts")
    ]
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
    attempt_items_create(attempt, [(pk, True) for pk in drawn])
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
        items = items.filter(is_correct=False)  # a submitted exam marks unanswered items wrong too
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
        attempt_finish(attempt=attempt, at=attempt.deadline)
        raise AttemptClosed(LATE_MESSAGE)


_ANSWER_FIELDS = ("response", "is_correct", "score", "answered_at", "seconds_spent")
# Only while the attempt is open; with immediate feedback only the first answer counts.
_SAVE_ANSWER = PreparedUpdate(
    lambda pk: AttemptItem.objects.filter(pk=pk, attempt__status=Attempt.Status.IN_PROGRESS), _ANSWER_FIELDS
)
_SAVE_FIRST_ANSWER = PreparedUpdate(
    lambda pk: AttemptItem.objects.filter(
        pk=pk, attempt__status=Attempt.Status.IN_PROGRESS, answered_at__isnull=True
    ),
    _ANSWER_FIELDS,
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
    save = _SAVE_FIRST_ANSWER if attempt.quiz.feedback == Quiz.Feedback.IMMEDIATE else _SAVE_ANSWER
    # One statement, committed when it returns (autocommit): a transaction around it would add two round trips
    # (BEGIN, COMMIT) and no safety. The attempt's status is checked in the statement itself.
    updated = save.run((item.pk,), values)
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
        asked = {name for names in used.values_list("question__concepts", flat=True) for name in names or ()}
        following = selection_rules.draw(
            candidates, 1, random.Random(f"{attempt.seed}:{count}"), asked=asked
        )[0]
    AttemptItem.objects.create(
        attempt=attempt,
        question_id=following,
        version_id=version_ids_for([following])[following],
        position=count,
    )
    return count + 1


def attempt_finish(*, attempt: Attempt, at=None) -> Attempt:
    """Submit the attempt and store its score, computed once here (quizzes/scoring.py) and read by every page.

    Idempotent: double clicks, two tabs and retries give one graded result. The attempt row is locked
    (PostgreSQL) or the write transaction taken at once (SQLite's `BEGIN IMMEDIATE`), so a concurrent save or
    submit waits and then sees it submitted. A timed attempt finishes at the deadline at the latest: `at` is the
    deadline when the sweep or a late visit closes it, and a submit inside the grace counts as on time.
    """
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("quiz", "blueprint")
            .get(pk=attempt.pk)
        )
        if locked.status == Attempt.Status.SUBMITTED:
            _copy_score(locked, attempt)
            return locked
        exam = locked.quiz.mode == Quiz.Mode.EXAM
        items = list(AttemptItem.objects.filter(attempt=locked).select_related("version", "question__domain"))
        if exam:
            _grade_exam_items(items)
        result = scoring.score(
            [
                scoring.Mark(
                    score=item.score or 0.0,
                    answered=item.answered_at is not None,
                    scored=item.scored,
                    domain=item.question.domain.number if item.question.domain else None,
                    domain_name=item.question.domain.name if item.question.domain else "",
                )
                for item in items
            ],
            exam=exam,
            scale=_scale(locked.blueprint),
            pass_percent=locked.quiz.pass_mark if exam else None,
        )
        now = at or timezone.now()
        if locked.deadline is not None:
            now = min(now, locked.deadline)
        locked.raw_score = result.raw
        locked.max_score = result.maximum
        locked.scaled_score = result.scaled
        locked.passed = result.passed
        locked.domain_scores = result.domain_rows()
        locked.status = Attempt.Status.SUBMITTED
        locked.submitted_at = now
        locked.save(update_fields=[*SCORE_FIELDS, "status", "submitted_at"])
    _copy_score(locked, attempt)
    return locked


SCORE_FIELDS = ("raw_score", "max_score", "scaled_score", "passed", "domain_scores")


def _copy_score(source: Attempt, target: Attempt) -> None:
    if source is not target:
        for name in (*SCORE_FIELDS, "status", "submitted_at"):
            setattr(target, name, getattr(source, name))


def _scale(blueprint: Blueprint | None) -> scoring.Scale | None:
    if blueprint is None:
        return None
    return scoring.Scale(
        minimum=blueprint.scale_min,
        maximum=blueprint.scale_max,
        passing=blueprint.passing_score,
        pass_fraction=blueprint.pass_fraction,
    )


def _grade_exam_items(items: list[AttemptItem]) -> None:
    """An exam is graded at submission, from each item's version: unanswered or incomplete answers are wrong."""
    for item in items:
        rules = qtypes.get(item.version.type)
        result = rules.grade_draft(presentation.answer_key(item.version), item.response)
        item.is_correct, item.score = result.correct, result.score
    # One UPDATE per distinct grade (two or three for most exams) instead of bulk_update's CASE over every item,
    # which the ORM built object by object and PostgreSQL planned anew for each exam.
    grades: dict[tuple[bool, float], list[int]] = defaultdict(list)
    for item in items:
        grades[(item.is_correct, item.score)].append(item.pk)
    for (correct, score), pks in grades.items():
        AttemptItem.objects.filter(pk__in=pks).update(is_correct=correct, score=score)


def finish_if_overdue(attempt: Attempt, now=None) -> bool:
    """Finalise an open attempt whose deadline (and grace) passed while nobody was there: its finish time is the
    deadline, its answers those saved by then. True when it was finished now."""
    if attempt.is_open and attempt.is_overdue(now):
        attempt_finish(attempt=attempt, at=attempt.deadline)
        return True
    return False


def close_overdue_attempts(now=None, *, user=None) -> int:
    """Finalise every attempt past its deadline and grace (`manage.py close_overdue_attempts`, run by cron), or
    only one learner's (their dashboard and exams pages, so nothing overdue is offered to resume)."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS,
        deadline__lte=now - timedelta(seconds=GRACE_SECONDS),
    )
    if user is not None:
        overdue = overdue.filter(user=user)
    closed = 0
    for attempt in overdue.select_related("quiz").iterator():
        if finish_if_overdue(attempt, now):
            closed += 1
    return closed


# --- Timed exams ------------------------------------------------------------------------------------------


def exam_start(*, user, blueprint: Blueprint, seed: int | None = None) -> tuple[Attempt, bool]:
    """Start a mock exam from a blueprint, or resume the open one (one per learner and blueprint).

    Returns the attempt and whether it is new. A learner's open attempt whose time ran out is finalised first,
    so starting again after an abandoned exam gives a fresh one. Raises NoQuestions when the banks cannot fill
    the blueprint.
    """
    existing = _open_exam(user, blueprint)
    if existing is not None:
        return existing, False
    seed = seed if seed is not None else secrets.randbits(48)
    banks = exams.exam_banks(blueprint)
    try:
        drawn = exams.draw(blueprint, banks=banks, seed=seed, user=user, with_versions=True)
    except ValueError as error:
        raise NoQuestions(str(error)) from None
    if len(drawn) < blueprint.question_count:
        raise NoQuestions(
            f"The banks for {blueprint.exam or 'this exam'} hold too few questions for {blueprint.title}."
        )
    # Everything is read before the write, so the write lock (SQLite has one) is held only for the inserts.
    items = [(q.pk, q.version, q.scored) for q in drawn]
    quiz, attempt = exam_rows(user=user, blueprint=blueprint, seed=seed, question_count=len(drawn))
    try:
        _write_exam(quiz=quiz, banks=banks, attempt=attempt, items=items)
    except IntegrityError:
        # Two tabs pressed Start at once: the other one won, and this one resumes it.
        existing = _open_exam(user, blueprint)
        if existing is None:
            raise
        return existing, False
    return attempt, True


def exam_rows(*, user, blueprint: Blueprint, seed: int, question_count: int) -> tuple[Quiz, Attempt]:
    """A new mock exam's quiz and attempt, not saved yet (`_write_exam` writes them), its clock started now."""
    now = timezone.now()
    quiz = Quiz(
        title=blueprint.title,
        owner=user,
        mode=Quiz.Mode.EXAM,
        question_count=question_count,
        time_limit_minutes=blueprint.duration_minutes,
        pass_mark=100 * blueprint.pass_fraction,
        shuffle_options=True,
        feedback=Quiz.Feedback.END,
    )
    attempt = Attempt(
        user=user,
        blueprint=blueprint,
        seed=seed,
        started_at=now,
        deadline=now + timedelta(minutes=blueprint.duration_minutes),
    )
    return quiz, attempt


def _write_exam(*, quiz: Quiz, banks: Sequence[Bank], attempt: Attempt, items) -> None:
    """Write a new exam's quiz, its bank links, the attempt and its items, all or nothing: on PostgreSQL in one
    statement (`quizzes/exam_insert.py`: one round trip instead of six), elsewhere in one transaction."""
    connection = connections[Attempt.objects.db]
    if connection.vendor == "postgresql":
        exam_insert.insert_exam(
            connection, quiz=quiz, bank_ids=[b.pk for b in banks], attempt=attempt, items=items
        )
        return
    with transaction.atomic():
        quiz.save(force_insert=True)
        # A new quiz has no banks yet: insert the links (`banks.set` would read them first).
        Quiz.banks.through.objects.bulk_create([Quiz.banks.through(quiz=quiz, bank=bank) for bank in banks])
        attempt.quiz = quiz
        attempt.save(force_insert=True)
        AttemptItem.objects.create_drawn(attempt.pk, items)


# At most one row: one open attempt per learner and blueprint (quizzes_one_open_attempt_per_blueprint).
_OPEN_EXAM = Prepared(
    lambda user_id, blueprint_id: Attempt.objects.select_related("quiz", "blueprint").filter(
        user_id=user_id, blueprint_id=blueprint_id, status=Attempt.Status.IN_PROGRESS
    )
)


def _open_exam(user, blueprint: Blueprint) -> Attempt | None:
    """The learner's open attempt at the blueprint, after finalising it if its time ran out (one query when there
    is none, as at a start; its SQL built once, `quizzes/prepared.py`: every start of a start storm asks)."""
    attempt = _OPEN_EXAM.first(user.pk, blueprint.pk)
    if attempt is None or finish_if_overdue(attempt):
        return None
    return attempt


def attempt_items(drawn: Sequence[tuple[int, bool]]) -> list[tuple[int, int, bool]]:
    """The items to write, in the order drawn, each with the question version it shows: (question id, version id,
    scored) from (question id, scored). Read before the write, so the write is short."""
    versions = version_ids_for([pk for pk, _ in drawn])
    return [(pk, versions[pk], scored) for pk, scored in drawn]


def attempt_items_create(attempt: Attempt, drawn: Sequence[tuple[int, bool]]) -> None:
    """An attempt's items in the order drawn, each with the question version it shows: (question id, scored)."""
    AttemptItem.objects.create_drawn(attempt.pk, attempt_items(drawn))


def _create_timed_attempt(*, user, quiz, seed, minutes, items, blueprint=None) -> Attempt:
    now = timezone.now()
    attempt = Attempt.objects.create(
        user=user,
        quiz=quiz,
        blueprint=blueprint,
        seed=seed,
        started_at=now,
        deadline=now + timedelta(minutes=minutes),
    )
    AttemptItem.objects.create_drawn(attempt.pk, items)
    return attempt


@transaction.atomic
def timed_test_start(
    *,
    user,
    banks: Sequence[Bank],
    domain_numbers: Sequence[int] = (),
    topics: Sequence[Topic] = (),
    count: int,
    minutes: int,
    seed: int | None = None,
) -> Attempt:
    """A learner's own timed test: chosen banks, domains or topics, length and time; scored in percent, graded
    at submission like a mock exam. Questions this learner has not answered before come first."""
    seed = seed if seed is not None else secrets.randbits(48)
    pool = question_pool(banks=banks, domain_numbers=domain_numbers, topics=topics)
    candidates = _candidates(user, pool, Quiz.Selection.ALL)
    if not candidates:
        raise NoQuestions(_no_questions_message(Quiz.Selection.ALL))
    seen = AttemptItem.objects.filter(
        attempt__user=user, answered_at__isnull=False, question_id__in=[c.pk for c in candidates]
    ).values_list("question_id", flat=True)
    drawn = selection_rules.draw(candidates, count, random.Random(seed), seen=set(seen))
    quiz = Quiz.objects.create(
        title=practice_title(
            banks=banks, domain_numbers=domain_numbers, topics=topics, count=len(drawn)
        ).replace(" questions", f" questions · {minutes} min", 1)[:200],
        owner=user,
        mode=Quiz.Mode.EXAM,
        domain_numbers=list(domain_numbers),
        question_count=len(drawn),
        time_limit_minutes=minutes,
        # The share the mock exams assume maps to their passing score (docs/scoring.md).
        pass_mark=70.0,
        feedback=Quiz.Feedback.END,
    )
    quiz.banks.set(banks)
    if topics:
        quiz.topics.set(topics)
    return _create_timed_attempt(
        user=user, quiz=quiz, seed=seed, minutes=minutes, items=attempt_items([(pk, True) for pk in drawn])
    )


OPEN = Attempt.Status.IN_PROGRESS
SUBMITTED_MESSAGE = "This exam is submitted; its answers can no longer change."
LATE_MESSAGE = (
    "Time is up: this answer arrived after the deadline and was not saved. "
    "The attempt was submitted with the answers saved before it."
)


@dataclass(frozen=True)
class Saved:
    item: AttemptItem
    stale: bool = False  # an older retry arrived after a newer answer: the newer one stands
    incomplete: str = ""  # saved, but not yet a whole answer ("Choose exactly 2 options; you chose 1.")


def exam_save(*, user, attempt_id: int, number: int, data, seq: int, flagged: bool | None = None) -> Saved:
    """Save a timed exam's answer as it stands (no grading, no feedback), committed before this returns.

    Reads the item through `access.exam_item_for` (404 for anyone but the attempt's owner), then writes it with
    one guarded UPDATE (`_draft_update`) that checks in the same statement that the attempt is still open and
    within its deadline and grace, and that this save is newer than the stored one. A submit under way cannot
    slip between the check and the write: on PostgreSQL the statement share-locks the attempt's row (a submit,
    which locks it for update, waits for this save, or this save waits and then sees it submitted); on SQLite
    one statement is one write transaction. `flagged` (when given) is saved with the answer, so a flag set while
    offline is retried like one. `seq` orders the saves of one question: the page numbers every change, and a
    retried save older than one already stored changes nothing.

    Raises ResponseError (tampered or impossible input: nothing written) or AttemptClosed (a practice attempt,
    a submitted exam, or one past its deadline and grace, which is then finalised as it stood at the deadline).
    """
    item = access.exam_item_for(user, attempt_id, number)
    attempt = item.attempt
    if attempt.quiz.mode != Quiz.Mode.EXAM:
        raise AttemptClosed("This is a practice session: answers are checked one at a time.")
    if attempt.is_open and not attempt.is_overdue():
        saved = _save_draft(item, data, seq, flagged)
        if saved is not None:
            return saved
        # Nothing written: a newer save of this question is stored, or the attempt closed since it was read.
        current = AttemptItem.objects.filter(pk=item.pk).values(
            "response", "answered_at", "save_seq", "flagged", "attempt__status", "attempt__deadline"
        )
        for name, value in current.get().items():
            setattr(attempt if name.startswith("attempt__") else item, name.removeprefix("attempt__"), value)
        if attempt.is_open and not attempt.is_overdue():
            # The newer save stands, and the page is told what it holds.
            return Saved(item, stale=True)
    if attempt.is_open:  # overdue
        attempt_finish(attempt=attempt, at=attempt.deadline)
        raise AttemptClosed(LATE_MESSAGE)
    raise AttemptClosed(SUBMITTED_MESSAGE)


def _save_draft(item: AttemptItem, data, seq: int, flagged: bool | None) -> Saved | None:
    """Write the draft, or return None when the guarded UPDATE changed nothing (see `exam_save`)."""
    key = presentation.answer_key(item.version)
    rules = qtypes.get(key.type)
    response = rules.draft(key, rules.parse_form(key, data))
    now = timezone.now()
    values = {
        "response": response,
        "answered_at": now if response is not None else None,
        "save_seq": seq,
    }
    if flagged is not None:
        values["flagged"] = flagged
    if not _draft_update(item, values, seq, now):
        return None
    for name, value in values.items():
        setattr(item, name, value)
    return Saved(item, incomplete=presentation.incomplete(key, response))


def _draft_update(item: AttemptItem, values: dict, seq: int, now) -> int:
    """One statement, committed when it returns (autocommit: a transaction would add two round trips on
    PostgreSQL, BEGIN and COMMIT). It changes the item only if this save is newer than the stored one and the
    attempt is open and not past its deadline and grace; the number of rows changed (0 or 1).

    Written out rather than a `PreparedUpdate` like the practice answer's: the ORM locks rows only inside a
    transaction (this statement share-locks the attempt's row in its own subquery), and a prepared update's
    filters take integers only (this one compares the deadline with a time)."""
    connection = connections[AttemptItem.objects.db]
    sql = _draft_update_sql(connection.vendor, tuple(values))
    deadline = Attempt._meta.get_field("deadline")
    params = [
        AttemptItem._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]
    params += [
        item.pk,
        seq,
        item.attempt_id,
        Attempt.Status.IN_PROGRESS.value,
        deadline.get_db_prep_value(now - timedelta(seconds=GRACE_SECONDS), connection),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@functools.cache
def _draft_update_sql(vendor: str, names: tuple[str, ...]) -> str:
    item, attempt = AttemptItem._meta, Attempt._meta
    q = connections[AttemptItem.objects.db].ops.quote_name
    assignments = ", ".join(f"{q(item.get_field(name).column)} = %s" for name in names)
    # PostgreSQL: the attempt's row is share-locked, so a submit (which locks it for update) either waits for
    # this statement or has committed before it, and the status and deadline checked here are then the
    # submitted ones. Identifiers come from the models' metadata, quoted; every value is a parameter.
    lock = " FOR SHARE" if vendor == "postgresql" else ""
    return (
        f"UPDATE {q(item.db_table)} SET {assignments}"  # noqa: S608
        f" WHERE {q('id')} = %s AND {q(item.get_field('save_seq').column)} < %s"
        f" AND {q(item.get_field('attempt').column)} IN (SELECT {q('id')} FROM {q(attempt.db_table)}"
        f" WHERE {q('id')} = %s AND {q(attempt.get_field('status').column)} = %s"
        f" AND ({q(attempt.get_field('deadline').column)} IS NULL"
        f" OR {q(attempt.get_field('deadline').column)} > %s){lock})"
    )
