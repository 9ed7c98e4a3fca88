"""Forms of the instructor area: building a quiz, assigning it, and the class forms. Choices are limited to what
the instructor may use, so a tampered id is refused with a message; the work is done in services."""

from __future__ import annotations

from django import forms
from django.db.models import Count, Q

from content import model as bank_model
from content.models import Bank, Question, Topic
from quizzes import assignments
from quizzes.models import Blueprint, Quiz

SOURCES = [
    ("chosen", "Questions I choose"),
    ("rules", "Drawn by rules: so many per domain or topic"),
    ("blueprint", "A mock exam drawn by an exam blueprint"),
]
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_INPUT, **kwargs)


class QuizForm(forms.ModelForm):
    """One bank's questions, chosen or drawn, and how the quiz is taken. Rules are one number field per domain
    and per topic (`domain_<n>`, `topic_<id>`): how many questions to draw from it."""

    source = forms.ChoiceField(choices=SOURCES, widget=forms.RadioSelect, initial="chosen", label="Questions")
    chosen = forms.ModelMultipleChoiceField(
        queryset=Question.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Chosen questions",
        error_messages={"invalid_choice": "A chosen question is not in this bank (or was retired)."},
    )

    class Meta:
        model = Quiz
        fields = [
            "title", "description", "blueprint", "time_limit_minutes", "attempts_allowed", "opens_at",
            "closes_at", "feedback", "shuffle_questions", "shuffle_options", "pass_mark",
        ]  # fmt: skip
        labels = {
            "time_limit_minutes": "Time limit (minutes)",
            "attempts_allowed": "Attempts allowed",
            "opens_at": "Opens",
            "closes_at": "Closes",
            "feedback": "Show right answers and feedback",
            "shuffle_questions": "Shuffle the questions for each attempt",
            "shuffle_options": "Shuffle the options",
            "pass_mark": "Pass mark (%)",
        }
        help_texts = {
            "time_limit_minutes": "Empty: untimed. A timed quiz is taken on the exam screen and graded at the end.",
            "attempts_allowed": "Empty: as many as learners like.",
            "opens_at": "Empty: open as soon as it is assigned.",
            "closes_at": "Empty: never closes. An attempt still open at the close is submitted then.",
        }
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, bank: Bank, **kwargs):
        super().__init__(*args, **kwargs)
        self.bank = bank
        self.questions = list(
            Question.objects.scorable()
            .filter(bank=bank)
            .select_related("topic", "domain")
            .order_by("position")
        )
        self.fields["chosen"].queryset = Question.objects.scorable().filter(bank=bank)
        self.fields["blueprint"].queryset = (
            Blueprint.objects.filter(exam=bank.exam) if bank.exam else Blueprint.objects.none()
        )
        self.fields["blueprint"].required = False
        self.fields["blueprint"].empty_label = "Choose a blueprint"
        self.fields["title"].widget.attrs["autofocus"] = True
        self.domains = list(
            bank.domains.annotate(
                available=Count(
                    "questions",
                    filter=Q(questions__retired_at__isnull=True) & ~Q(questions__type=bank_model.CASE_STUDY),
                )
            ).order_by("number")
        )
        self.topics = list(
            Topic.objects.filter(bank=bank)
            .with_question_counts()
            .filter(question_count__gt=0)
            .order_by("position")
        )
        rules = {assignments.rule_parts(r)[:2]: r["count"] for r in (self.instance.rules or [])}
        for domain in self.domains:
            self.fields[f"domain_{domain.number}"] = forms.IntegerField(
                min_value=0, max_value=domain.available, required=False, initial=rules.get(("domain", domain.number)),
                label=f"Domain {domain.number}: {domain.name}",
            )  # fmt: skip
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = forms.IntegerField(
                min_value=0, max_value=topic.question_count, required=False, initial=rules.get(("topic", topic.pk)),
                label=topic.title,
            )  # fmt: skip
        if self.instance.pk:
            self.fields["source"].initial = (
                "blueprint" if self.instance.blueprint_id else "rules" if self.instance.rules else "chosen"
            )
            self.fields["chosen"].initial = list(self.instance.questions.values_list("pk", flat=True))

    def rule_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith(("domain_", "topic_"))]

    def topic_groups(self) -> list[tuple[object, list]]:
        """The bank's questions by topic, for the chooser, with whether each is chosen."""
        chosen = {str(v) for v in (self["chosen"].value() or [])}
        groups: dict = {}
        for q in self.questions:
            groups.setdefault(q.topic, []).append((q, str(q.pk) in chosen))
        return list(groups.items())

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == "chosen" and not data.get("chosen"):
            self.add_error("chosen", "Choose at least one question.")
        if source == "rules":
            data["rules"] = [
                {name.split("_")[0]: int(name.split("_")[1]), "count": data[name]}
                for name in self.fields
                if name.startswith(("domain_", "topic_")) and data.get(name)
            ]
            if not data["rules"]:
                self.add_error(None, "Say how many questions to draw from at least one domain or topic.")
        else:
            data["rules"] = []
        if source == "blueprint" and not data.get("blueprint"):
            self.add_error("blueprint", "Choose the blueprint the mock exam is drawn by.")
        if source != "blueprint":
            data["blueprint"] = None
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The quiz must close after it opens.")
        feedback = data.get("feedback")
        if data.get("time_limit_minutes") and feedback == Quiz.Feedback.IMMEDIATE:
            self.add_error(
                "feedback",
                "A timed quiz shows answers after submission or after the close date, not after each answer.",
            )
        if source == "blueprint" and feedback == Quiz.Feedback.IMMEDIATE:
            self.add_error("feedback", "A mock exam shows answers after submission or after the close date.")
        if feedback == Quiz.Feedback.AFTER_CLOSE and not closes:
            self.add_error("closes_at", "Set a close date, or show answers after submission.")
        return data


class AssignForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.none(),
        empty_label="Choose a quiz",
        error_messages={"invalid_choice": "That quiz is not one of yours."},
    )
    due_at = forms.DateTimeField(
        required=False, widget=DateTimeInput(), label="Due", input_formats=[LOCAL_INPUT]
    )

    def __init__(self, *args, quizzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quiz"].queryset = quizzes


class ClassForm(forms.Form):
    name = forms.CharField(
        max_length=200, label="Class name", widget=forms.TextInput(attrs={"autofocus": True})
    )


class CoInstructorForm(forms.Form):
    email = forms.EmailField(label="Co-instructor's e-mail address")
