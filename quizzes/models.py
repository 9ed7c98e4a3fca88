"""Quizzes, attempts and the items of an attempt.

These are deliberately general: a practice session today and a timed mock exam tomorrow are both a Quiz (its
settings) taken as an Attempt (one person, one random seed, server-side times) made of AttemptItems (one
question each, with the response, its grade and when it was given). Time is always the server's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import connections, models
from django.urls import reverse
from django.utils import timezone

from content.models import Bank, Question, QuestionVersion, Topic
from quizzes import scoring

# An answer sent just before the deadline may reach the server a little after it: it is accepted for this long,
# and no longer (Moodle's 60 s lets a learner keep working after time is up).
GRACE_SECONDS = 10


class Quiz(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice"
        EXAM = "exam", "Mock exam"

    class Kind(models.TextChoices):
        SESSION = "session", "A learner's own session"
        ASSIGNABLE = "assignable", "Built by an instructor"

    class Feedback(models.TextChoices):
        IMMEDIATE = "immediate", "After each answer"
        END = "end", "After submission"
        AFTER_CLOSE = "closed", "After the close date"

    class Selection(models.TextChoices):
        ALL = "all", "All questions"
        UNSEEN = "unseen", "Only questions I have not seen"
        WRONG = "wrong", "Only questions I got wrong"
        LIST = "list", "A given list of questions"

    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quizzes")
    # A session is made for one attempt (practice, a learner's own timed test, a mock exam); an assignable quiz is
    # an instructor's, built once and taken by many (quizzes/assignments.py).
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SESSION)
    description = models.TextField(blank=True, help_text="What learners read before they start.")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PRACTICE)
    banks = models.ManyToManyField(Bank, related_name="quizzes")
    domain_numbers = models.JSONField(default=list, blank=True, help_text="Only these domains (empty: all).")
    topics = models.ManyToManyField(Topic, blank=True, related_name="quizzes")
    selection = models.CharField(max_length=10, choices=Selection.choices, default=Selection.ALL)
    question_count = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: every question.")
    keep_going = models.BooleanField(default=False, help_text="Draw another question after each one.")
    time_limit_minutes = models.PositiveIntegerField(null=True, blank=True)
    pass_mark = models.FloatField(default=72.0, help_text="Percent of the maximum score.")
    shuffle_options = models.BooleanField(default=True)
    partial_credit = models.BooleanField(default=False)
    feedback = models.CharField(max_length=10, choices=Feedback.choices, default=Feedback.IMMEDIATE)
    # An assignable quiz's questions: chosen one by one (`questions`), drawn by rules (`rules`: so many per domain
    # or topic), or drawn as a mock exam by a blueprint. Each attempt draws its own, reproducibly from its seed.
    questions = models.ManyToManyField(Question, blank=True, related_name="chosen_for")
    rules = models.JSONField(
        default=list,
        blank=True,
        help_text='Draw rules: [{"domain": 1, "count": 5}, {"topic": 12, "count": 3}].',
    )
    blueprint = models.ForeignKey(
        "Blueprint", null=True, blank=True, on_delete=models.PROTECT, related_name="quizzes"
    )
    shuffle_questions = models.BooleanField(default=True)
    attempts_allowed = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "quizzes"
        indexes = [models.Index(fields=["owner", "kind"], name="quizzes_quiz_owner_kind")]

    def __str__(self) -> str:
        return self.title

    def window(self, now=None) -> str:
        """Where `now` falls in the quiz's opening times: "opens" (not yet open), "closed", or "open". The one
        rule behind refusing a start and what the learner's dashboard offers."""
        now = now or timezone.now()
        if self.opens_at is not None and now < self.opens_at:
            return "opens"
        if self.closes_at is not None and now >= self.closes_at:
            return "closed"
        return "open"

    def answers_shown(self, now=None) -> bool:
        """Whether a submitted attempt may show its right answers: always for feedback after each answer or after
        submission; after the close date only once it has passed (a learner who finished early must not pass
        the answers on to one still taking it)."""
        if self.feedback != self.Feedback.AFTER_CLOSE or self.closes_at is None:
            return True
        return (now or timezone.now()) >= self.closes_at


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    # A mock exam drawn from a blueprint; empty for practice and for a learner's own timed test.
    blueprint = models.ForeignKey(
        "Blueprint", null=True, blank=True, on_delete=models.PROTECT, related_name="attempts"
    )
    # An attempt at a quiz assigned to a class: the gradebook of that class counts it.
    assignment = models.ForeignKey(
        "Assignment", null=True, blank=True, on_delete=models.PROTECT, related_name="attempts"
    )
    seed = models.BigIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    raw_score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)
    scaled_score = models.PositiveIntegerField(null=True, blank=True)
    # Stored once at submission (quizzes/scoring.py) and read by every page after that.
    passed = models.BooleanField(null=True, blank=True)
    domain_scores = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "status", "-started_at"], name="quizzes_attempt_user_status"),
            models.Index(fields=["status", "deadline"], name="quizzes_attempt_open_deadline"),
        ]
        constraints = [
            # Starting a mock exam again resumes the open one (services.exam_start).
            models.UniqueConstraint(
                fields=["user", "blueprint"],
                condition=models.Q(status="in_progress", blueprint__isnull=False),
                name="quizzes_one_open_attempt_per_blueprint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.quiz} by {self.user} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def percent(self) -> float:
        return scoring.percent(self.raw_score, self.max_score)

    @property
    def is_exam(self) -> bool:
        return self.quiz.mode == Quiz.Mode.EXAM

    def is_overdue(self, now=None) -> bool:
        """Past the server-side deadline and its grace: answers are refused and the attempt is submitted as it
        stood at the deadline."""
        if self.deadline is None:
            return False
        return (now or timezone.now()) >= self.deadline + timedelta(seconds=GRACE_SECONDS)

    def seconds_left(self, now=None) -> int | None:
        """Whole seconds to the deadline (never negative); None without one."""
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    @property
    def seconds_used(self) -> int:
        end = self.submitted_at or timezone.now()
        return max(0, int((end - self.started_at).total_seconds()))


class AttemptItemManager(models.Manager):
    # Rows per INSERT: well inside SQLite's and PostgreSQL's limits on parameters per statement.
    BATCH = 500

    def create_drawn(self, attempt_id: int, drawn: Sequence[tuple[int, int, bool]]) -> None:
        """Write a new attempt's items, in the order drawn: (question id, version id, scored) each.

        The rows bulk_create would write, every other field at its default, without its preparation of each field
        of each object: for a 65-question mock exam that was 3 of the 12 ms a start takes, most of the time the
        start holds SQLite's write lock (docs/performance.md). `tests/quizzes/test_versions.py` compares the two.
        """
        connection = connections[self.db]
        if not drawn:
            return
        if connection.vendor == "postgresql":
            self._create_drawn_unnest(connection, attempt_id, drawn)
            return
        fields = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        defaults = self._defaults(fields, connection)
        rows = [
            defaults
            | {"attempt_id": attempt_id, "question_id": q, "version_id": v, "position": i, "scored": scored}
            for i, (q, v, scored) in enumerate(drawn)
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(rows), self.BATCH):
                batch = rows[start : start + self.BATCH]
                # Names from the model's meta and placeholders only: no value is ever part of the text.
                table = connection.ops.quote_name(self.model._meta.db_table)
                values = ", ".join([placeholders] * len(batch))
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {values}",  # noqa: S608
                    [row[f.attname] for row in batch for f in fields],
                )

    _DRAWN = ("attempt", "question", "version", "position", "scored")

    def _defaults(self, fields, connection) -> dict:
        return {
            f.attname: f.get_db_prep_save(f.get_default(), connection)
            for f in fields
            if f.name not in self._DRAWN
        }

    def _create_drawn_unnest(self, connection, attempt_id: int, drawn) -> None:
        """PostgreSQL: the drawn columns as three arrays, so the statement's text and its dozen parameters are
        the same for every start. (A VALUES list of 65 rows has 845 parameters: psycopg rewrites such a
        statement's placeholders on every call, which cost a third of a start's time in the app.)"""
        with connection.cursor() as cursor:
            cursor.execute(
                self.unnest_insert(connection), [attempt_id, *self.unnest_params(connection, drawn)]
            )

    def unnest_insert(self, connection, attempt_sql: str = "%s", source: str = "") -> str:
        """The PostgreSQL INSERT of `_create_drawn_unnest`; `quizzes/exam_insert.py` takes the attempt's id from
        the clause that inserts the attempt (`attempt_sql` from `source`) instead of a parameter."""
        quote = connection.ops.quote_name
        fields = self._default_fields()
        meta = self.model._meta
        drawn_columns = [quote(meta.get_field(name).column) for name in self._DRAWN]
        columns = ", ".join(drawn_columns + [quote(f.column) for f in fields])
        constants = "".join(f", CAST(%s AS {f.db_type(connection)})" for f in fields)
        key_type = meta.get_field("question").db_type(connection)
        version_type = meta.get_field("version").db_type(connection)
        # Names and types from the model's meta and placeholders only: no value is ever part of the text.
        return (
            f"INSERT INTO {quote(meta.db_table)} ({columns})"  # noqa: S608
            f" SELECT {attempt_sql}, d.q, d.v, d.n - 1, d.s{constants}"
            f" FROM {source}unnest(%s::{key_type}[], %s::{version_type}[], %s::boolean[])"
            " WITH ORDINALITY AS d(q, v, s, n) ORDER BY d.n"
        )

    def unnest_params(self, connection, drawn) -> list:
        """The values for `unnest_insert` after the attempt's id: the other fields' defaults, then the arrays."""
        fields = self._default_fields()
        defaults = self._defaults(fields, connection)
        return [
            *(defaults[f.attname] for f in fields),
            [question for question, _, _ in drawn],
            [version for _, version, _ in drawn],
            [bool(scored) for _, _, scored in drawn],
        ]

    def _default_fields(self) -> list:
        return [
            f for f in self.model._meta.concrete_fields if not f.primary_key and f.name not in self._DRAWN
        ]


class AttemptItem(models.Model):
    # No index of its own: the unique (attempt, position) constraint's index serves every lookup by attempt, and one
    # index fewer is one fewer to write for each of a mock exam's 65 items at its start.
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items", db_index=False)
    # PROTECT: a question a learner has answered is retired, never deleted (content/loader.py).
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempt_items")
    # The question exactly as it was drawn (content/versions.py): an edited bank makes a new version, and this
    # item keeps the one it showed.
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="attempt_items")
    position = models.PositiveIntegerField()
    response = models.JSONField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    # False for a mock exam's unscored (pretest) items: asked like the others, counted nowhere.
    scored = models.BooleanField(default=True)
    # The sequence number of the last saved exam answer: a retried save older than one already stored is ignored.
    save_seq = models.PositiveBigIntegerField(default=0)
    is_correct = models.BooleanField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    shown_at = models.DateTimeField(null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(default=0)

    objects = AttemptItemManager()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="quizzes_item_unique_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="quizzes_item_unique_question"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def number(self) -> int:
        return self.position + 1


class Blueprint(models.Model):
    """What a timed mock exam draws and how it is scored: length, unscored items, time, scale, pass mark and
    domain weights. The built-in ones are data in quizzes/blueprints.py."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    exam = models.CharField(
        max_length=40, blank=True, help_text="The exam code its banks carry, e.g. MLA-C01."
    )
    question_count = models.PositiveIntegerField(help_text="All questions, scored and unscored.")
    unscored_count = models.PositiveIntegerField(default=0, help_text="Not counted, and not marked as such.")
    duration_minutes = models.PositiveIntegerField()
    scale_min = models.PositiveIntegerField(default=100)
    scale_max = models.PositiveIntegerField(default=1000)
    passing_score = models.PositiveIntegerField(default=720)
    pass_fraction = models.FloatField(
        default=0.7,
        help_text="The share of scored marks assumed to map to the passing score (docs/scoring.md).",
    )
    domain_weights = models.JSONField(default=dict, help_text='Domain number → weight, e.g. {"1": 28}.')
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unscored_count__lt=models.F("question_count")),
                name="quizzes_blueprint_some_scored",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scored_count(self) -> int:
        return self.question_count - self.unscored_count

    def weights(self) -> dict[int, float]:
        return {int(number): float(weight) for number, weight in self.domain_weights.items()}


class Assignment(models.Model):
    """An instructor's quiz given to a class, with an optional due date. Learners of the class see it on their
    dashboard; their attempts at it fill the class's gradebook."""

    classroom = models.ForeignKey("accounts.Classroom", on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="assignments")
    due_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["classroom", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "quiz"], name="quizzes_assignment_unique_quiz")
        ]

    def __str__(self) -> str:
        return f"{self.quiz} for {self.classroom}"

    def is_overdue(self, now=None) -> bool:
        return self.due_at is not None and (now or timezone.now()) > self.due_at
