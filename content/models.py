"""Question banks in the database. `content/loader.py` is the only code that writes them.

Every row that a learner's history points at has a stable key: a bank by `slug`, a question by `key` within its
bank, an option by `key` within its question (derived from its role and text). Questions are never deleted while
anything may refer to them: a question that disappears from its source file is *retired* (hidden from new
quizzes, kept for old attempts).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse

from content import markdown
from content import model as bank_model


class Bank(models.Model):
    class Kind(models.TextChoices):
        BUILTIN = "builtin", "Built-in"
        AUTHORED = "authored", "Authored"
        NOTES = "notes", "From notes"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    exam = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AUTHORED)
    # No owner: a shared bank (the built-in one, or one an administrator loaded). An owner: private to them.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="banks"
    )
    # Instructors the owner shares the bank with: they see and edit it as the owner does (questions, text,
    # export, quizzes from it); only the owner shares it further or stops sharing.
    co_owners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="co_owned_banks")
    version = models.PositiveIntegerField(default=1, help_text="Bumped by every load that changes the bank.")
    # The owner's review of generated questions, kept across saves of the same notes: keys left out, and
    # questions rewritten (key -> the question in the bank file format). See content/review.py.
    review = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:bank_detail", args=[self.slug])

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class Domain(models.Model):
    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    weight = models.FloatField(default=0)

    class Meta:
        ordering = ["bank", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="content_domain_unique_number")
        ]

    def __str__(self) -> str:
        return f"Domain {self.number}: {self.name}"


class TopicQuerySet(models.QuerySet):
    def with_question_counts(self) -> TopicQuerySet:
        """Each topic's `question_count`: the questions a learner can be asked (case-study parts counted, the
        case study itself not, retired ones not). Every page that shows a count uses this one definition."""
        scorable = models.Q(questions__retired_at__isnull=True) & ~models.Q(
            questions__type=bank_model.CASE_STUDY
        )
        return self.annotate(question_count=models.Count("questions", filter=scorable))


class Topic(models.Model):
    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=300)
    domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    position = models.PositiveIntegerField(default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["bank", "position"]
        constraints = [models.UniqueConstraint(fields=["bank", "title"], name="content_topic_unique_title")]

    def __str__(self) -> str:
        return self.title


class Concept(models.Model):
    """A term from a learner's notes, with what the notes say about it."""

    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="concepts")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="concepts"
    )
    term = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    definition = models.TextField(blank=True)
    facts = models.JSONField(default=list, blank=True)
    line = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["bank", "line", "term"]
        constraints = [models.UniqueConstraint(fields=["bank", "term"], name="content_concept_unique_term")]

    def __str__(self) -> str:
        return self.term


class QuestionQuerySet(models.QuerySet):
    def active(self) -> QuestionQuerySet:
        return self.filter(retired_at__isnull=True)

    def scorable(self) -> QuestionQuerySet:
        """Questions a quiz can draw: case studies are drawn through their parts, never as a whole."""
        return self.active().exclude(type=bank_model.CASE_STUDY)

    def counts(self) -> QuestionCounts:
        """How many questions a learner can be asked, how many of them sit in case studies, and how many case
        studies there are (one query): what every page that counts questions says."""
        active = self.active()
        totals = active.aggregate(
            questions=models.Count("pk", filter=~models.Q(type=bank_model.CASE_STUDY)),
            in_cases=models.Count("pk", filter=models.Q(parent__isnull=False)),
            cases=models.Count("pk", filter=models.Q(type=bank_model.CASE_STUDY)),
        )
        return QuestionCounts(**totals)


@dataclass(frozen=True)
class QuestionCounts:
    questions: int
    in_cases: int
    cases: int


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = bank_model.SINGLE, "Multiple choice"
        MULTIPLE = bank_model.MULTIPLE, "Multiple response"
        ORDERING = bank_model.ORDERING, "Ordering"
        MATCHING = bank_model.MATCHING, "Matching"
        CASE_STUDY = bank_model.CASE_STUDY, "Case study"

    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MEDIUM = "medium", "Medium"
        HARD = "hard", "Hard"

    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=80)
    type = models.CharField(max_length=12, choices=Type.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        help_text="The case study.",
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    difficulty = models.CharField(max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    stem = models.TextField()
    explanation = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    concepts = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="The file the question was loaded from.")
    source_lines = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["bank", "position"]
        constraints = [models.UniqueConstraint(fields=["bank", "key"], name="content_question_unique_key")]
        indexes = [models.Index(fields=["bank", "retired_at", "type"], name="content_q_bank_active")]

    def __str__(self) -> str:
        return self.key

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def choose(self) -> int:
        """How many options a multiple-response question wants (uses prefetched choices)."""
        return sum(1 for choice in self.choices.all() if choice.is_correct)


class Choice(models.Model):
    """One piece of a question a learner acts on: an option, an ordering step, a matching prompt or a match."""

    class Role(models.TextChoices):
        OPTION = "option", "Option"
        STEP = "step", "Step"
        PROMPT = "prompt", "Prompt"
        MATCH = "match", "Match"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.CharField(max_length=16)
    role = models.CharField(max_length=6, choices=Role.choices)
    text = models.TextField()
    rationale = models.TextField(blank=True)
    is_correct = models.BooleanField(default=False)
    # Authoring order; for steps this is the correct order.
    position = models.PositiveSmallIntegerField(default=0)
    # For a prompt: the key of the match that belongs to it.
    match_key = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["question", "role", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="content_choice_unique_key")]

    def __str__(self) -> str:
        return self.text


class QuestionVersion(models.Model):
    """A question exactly as a learner saw it: stem, scenario, explanation and every choice with its key.

    Made once per content hash (`content/versions.py`) and never changed. An attempt item points at the version it
    was drawn against, and grading, feedback and review read that record, so editing a bank never changes a result
    already given and statistics never mix versions.
    """

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    content_hash = models.CharField(
        max_length=64, help_text="The question's hash, with its case study's if any."
    )
    type = models.CharField(max_length=12, choices=Question.Type.choices)
    stem = models.TextField()
    scenario = models.TextField(blank=True, help_text="The case study's scenario, for a part of one.")
    explanation = models.TextField(blank=True)
    references = models.JSONField(default=list, blank=True)
    choices = models.JSONField(
        default=list, help_text="Every choice: key, role, text, rationale, is_correct, …"
    )
    # The HTML of every Markdown text above, made once with the version (content/markdown.py): each worker that
    # reads the version has its texts rendered without rendering them.
    rendered = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "content_hash"], name="content_version_unique_hash")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}@{self.content_hash[:8]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        version = super().from_db(db, field_names, values)
        if "rendered" in version.__dict__:
            markdown.remember(version.rendered)
        return version

    def markdown_texts(self) -> list[str]:
        """Every text of the version that pages render as Markdown."""
        texts = [self.stem, self.scenario, self.explanation]
        for choice in self.choices:
            texts += [choice.get("text", ""), choice.get("rationale", "")]
        return texts

    def choice_list(self) -> tuple[VersionChoice, ...]:
        """The choices as objects, in authoring order (cached on the instance)."""
        cached = self.__dict__.get("_choice_list")
        if cached is None:
            cached = tuple(VersionChoice(**row) for row in self.choices)
            self.__dict__["_choice_list"] = cached
        return cached


@dataclass(frozen=True)
class VersionChoice:
    """One choice of a question version: what templates and the grading rules read."""

    key: str
    role: str
    text: str
    rationale: str = ""
    is_correct: bool = False
    position: int = 0
    match_key: str = ""
