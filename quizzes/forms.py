from __future__ import annotations

from django import forms
from django.db.models import Count, Q

from content import model as bank_model
from content.access import banks_for_user
from content.models import Domain, Topic
from quizzes.models import Quiz

COUNT_CHOICES = [("10", "10"), ("20", "20"), ("50", "50"), ("all", "All"), ("keep", "Keep going")]


class PracticeForm(forms.Form):
    """What to practise. Choices are limited to the banks this user may use, so a tampered id is refused."""

    banks = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label="Banks")
    domains = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Domains"
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Topics"
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
        banks = banks_for_user(user).order_by("owner_id", "title")
        self.fields["banks"].queryset = banks
        drawable = Q(questions__retired_at__isnull=True) & ~Q(questions__type=bank_model.CASE_STUDY)
        self.fields["topics"].queryset = (
            Topic.objects.filter(bank__in=banks)
            .select_related("bank", "domain")
            .annotate(drawable=Count("questions", filter=drawable))
            .order_by("bank__title", "domain__number", "position")
        )
        self.fields["topics"].label_from_instance = lambda t: f"{t.title} ({t.drawable})"
        numbers = Domain.objects.filter(bank__in=banks).values_list("number", "name").order_by("number")
        seen: dict[int, str] = {}
        for number, name in numbers:
            seen.setdefault(number, name)
        self.fields["domains"].choices = [(n, f"{n}. {name}") for n, name in seen.items()]

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
