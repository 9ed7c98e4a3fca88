from __future__ import annotations

from django import forms
from django.db.models import Count, Q

from content import model as bank_model
from content.access import banks_for_user
from content.models import Domain, Topic
from quizzes.models import Quiz

COUNT_CHOICES = [("10", "10"), ("20", "20"), ("50", "50"), ("all", "All"), ("keep", "Keep going")]


class PracticeForm(forms.Form):
    """What to practise. Choices are limited to the banks this user may use, so a tampered id is refused; the
    domains and topics offered are those of the banks chosen (the page refreshes them when the banks change)."""

    banks = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Banks",
        error_messages={"required": "Choose at least one bank to practise from."},
    )
    domains = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Domains",
        error_messages={"invalid_choice": "Domain %(value)s is not in the banks you chose."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics",
        error_messages={"invalid_choice": "That topic is not in the banks you chose."},
    )
    count = forms.ChoiceField(
        choices=COUNT_CHOICES, initial="10", widget=forms.RadioSelect, label="Questions"
    )
    selection = forms.ChoiceField(
        choices=[c for c in Quiz.Selection.choices if c[0] != Quiz.Selection.LIST],
        initial=Quiz.Selection.ALL,
        widget=forms.RadioSelect,
        label="Which questions",
    )
    partial_credit = forms.BooleanField(
        required=False, label="Partial credit for multiple response, ordering and matching"
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        usable = banks_for_user(user).order_by("owner_id", "title")
        self.fields["banks"].queryset = usable
        self.chosen_banks = self._chosen(usable)
        self.fields["topics"].queryset = (
            Topic.objects.filter(bank__in=self.chosen_banks)
            .with_question_counts()
            .filter(question_count__gt=0)
            .select_related("bank", "domain")
            .order_by("bank__title", "domain__number", "position")
        )
        self.fields["topics"].label_from_instance = lambda t: f"{t.title} ({t.question_count})"
        scorable = Q(questions__retired_at__isnull=True) & ~Q(questions__type=bank_model.CASE_STUDY)
        rows = (
            Domain.objects.filter(bank__in=self.chosen_banks)
            .annotate(question_count=Count("questions", filter=scorable))
            .values_list("number", "name", "question_count")
            .order_by("number", "bank_id")
        )
        names: dict[int, str] = {}
        counts: dict[int, int] = {}
        for number, name, count in rows:
            names.setdefault(number, name)
            counts[number] = counts.get(number, 0) + count
        self.fields["domains"].choices = [
            (n, f"{n}. {name} ({counts[n]})") for n, name in names.items() if counts[n]
        ]

    def _chosen(self, usable) -> list:
        """The banks ticked in the posted data (or the initial choice): their domains and topics are offered."""
        if self.is_bound:
            raw = self.data.getlist(self.add_prefix("banks")) if hasattr(self.data, "getlist") else []
            ids = [int(v) for v in raw if str(v).isdigit()]
            return list(usable.filter(pk__in=ids))
        initial = self.initial.get("banks") or []
        return list(initial)

    def clean(self):
        cleaned = super().clean()
        banks = cleaned.get("banks") or []
        topics = cleaned.get("topics") or []
        outside = [t for t in topics if t.bank not in banks]
        if outside:
            self.add_error("topics", f"The topic '{outside[0].title}' is not in a bank you chose.")
        return cleaned

    def topic_groups(self) -> list[tuple[str, list]]:
        """The topic checkboxes under a heading per bank and domain, so that a long list can be scanned."""
        groups: dict[str, list] = {}
        checkboxes = [(c, c.data["value"].instance) for c in self["topics"]]
        several_banks = len({topic.bank_id for _, topic in checkboxes}) > 1
        for checkbox, topic in checkboxes:
            parts = [topic.bank.title] if several_banks else []
            if topic.domain is not None:
                parts.append(f"Domain {topic.domain.number}: {topic.domain.name}")
            groups.setdefault(" › ".join(parts) or topic.bank.title, []).append(checkbox)
        return list(groups.items())

    @property
    def count_value(self) -> int | None:
        raw = self.cleaned_data["count"]
        return None if raw in ("all", "keep") else int(raw)


class TimedTestForm(PracticeForm):
    """A timed test of one's own: the practice form's banks, domains and topics, with a length and a time limit,
    graded at the end like a mock exam."""

    count = forms.IntegerField(
        min_value=1,
        max_value=200,
        initial=20,
        label="Questions",
        error_messages={"min_value": "Ask for at least 1 question.", "max_value": "At most 200 questions."},
    )
    minutes = forms.IntegerField(
        min_value=1,
        max_value=300,
        initial=40,
        label="Minutes",
        help_text="The real exam gives 2 minutes per question.",
        error_messages={
            "min_value": "Give it at least 1 minute.",
            "max_value": "At most 300 minutes (5 hours).",
        },
    )
    selection = None
    partial_credit = None

    field_order = ["banks", "domains", "topics", "count", "minutes"]


def practice_initial(user, params) -> dict:
    """What the set-up form starts with: `?bank=SLUG` (and `&topics=ID`) from a bank page, or the form's own
    fields when it refreshes its domains and topics after the banks changed (htmx, or the no-JS button)."""
    usable = banks_for_user(user)
    ids = [int(v) for v in params.getlist("banks") if v.isdigit()]
    if slug := params.get("bank"):
        banks = list(usable.filter(slug=slug))
    elif ids:
        banks = list(usable.filter(pk__in=ids))
    else:
        only = list(usable[:2])
        banks = only if len(only) == 1 else []  # one bank to choose from: it is ticked already
    initial: dict = {"banks": banks}
    for name in ("domains", "topics"):
        values = [int(v) for v in params.getlist(name) if v.isdigit()]
        if values:
            initial[name] = values
    for name in ("count", "selection"):
        if value := params.get(name):
            initial[name] = value
    return initial
