from __future__ import annotations

from django import forms

from content.formats.text import MAX_BYTES
from content.models import Topic

MAX_NOTES_BYTES = MAX_BYTES


class NotesForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        label="Bank title",
        initial="My notes",
        help_text="For notes. A bank file keeps the title written in it.",
    )
    text = forms.CharField(
        required=False,
        label="Paste your notes",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "placeholder": "Paste notes here…"}),
    )
    file = forms.FileField(
        required=False,
        label="…or upload a text or Markdown file (up to 10 MB): notes, or a bank file",
        help_text="A chosen file is used instead of the box.",
    )
    # The name of the uploaded file whose text a preview put into the box, so that lines are reported against it.
    source = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_NOTES_BYTES:
            raise forms.ValidationError("That file is larger than 10 MB; split it into smaller files.")
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Paste some notes or choose a file.")
        return cleaned

    @property
    def has_file(self) -> bool:
        return bool(self.cleaned_data.get("file"))

    def notes(self) -> tuple[bytes | str, str]:
        """The upload to read and the name to report lines against."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"], (self.cleaned_data.get("source") or "").strip() or "pasted notes"


class QuestionSearchForm(forms.Form):
    """Search a bank's question list: words in the stem (or a case study's parts), and a topic of that bank."""

    q = forms.CharField(required=False, max_length=200, label="Search the questions")
    topic = forms.ModelChoiceField(queryset=None, required=False, label="Topic", empty_label="All topics")

    def __init__(self, *args, bank, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(bank=bank).order_by("position")


class BankForm(forms.Form):
    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    exam = forms.CharField(
        max_length=40,
        required=False,
        label="Exam code",
        help_text="Optional, e.g. MLA-C01: mock exams use it.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
