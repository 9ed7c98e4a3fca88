from __future__ import annotations

from django import forms

MAX_NOTES_BYTES = 10 * 1024 * 1024


class NotesForm(forms.Form):
    title = forms.CharField(max_length=120, label="Bank title", initial="My notes")
    text = forms.CharField(
        required=False,
        label="Paste your notes",
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "placeholder": "Paste notes here…"}),
    )
    file = forms.FileField(required=False, label="…or upload a text or Markdown file (up to 10 MB)")

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

    def notes(self) -> tuple[bytes | str, str]:
        """The notes to parse and the name to report lines against."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"], "pasted notes"
