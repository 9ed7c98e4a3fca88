from __future__ import annotations

from django import forms

from content import model as m
from content.formats.text import MAX_BYTES
from content.models import Question, Topic

MAX_NOTES_BYTES = MAX_BYTES


class NotesForm(forms.Form):
    NOTHING_TO_READ = "Paste some notes or choose a file."

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
            raise forms.ValidationError(self.NOTHING_TO_READ)
        return cleaned

    @property
    def waiting_for_notes(self) -> bool:
        """No notes and no file yet, and nothing else wrong: the live preview has nothing to read, which is no
        error while the learner is still filling in the form (the title first, say)."""
        return self.non_field_errors() == [self.NOTHING_TO_READ] and not any(
            self[name].errors for name in self.fields
        )

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


class ShareForm(forms.Form):
    email = forms.EmailField(label="Co-owner's e-mail address")


class BankForm(forms.Form):
    title = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"autofocus": True}))
    exam = forms.CharField(
        max_length=40,
        required=False,
        label="Exam code",
        help_text="Optional, e.g. MLA-C01: mock exams use it.",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


ROWS = 6  # option, step and pair rows the form offers (the bank file format allows up to 7 pairs, 5 steps)
KEY_RE = r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$"


class QuestionForm(forms.Form):
    """One question of any type, with field-level messages; what is left is checked by the bank file reader
    (`services.question_check`). A case study's parts are forms of their own (`part=N`, see `QuestionEditor`):
    a part has no topic, domain or difficulty of its own (it takes the case's) and cannot be a case study."""

    type = forms.ChoiceField(choices=Question.Type.choices, label="Type")
    key = forms.RegexField(
        regex=KEY_RE,
        required=False,
        max_length=80,
        label="Key",
        help_text="Lower-case letters, digits and dashes. Empty: made from the stem. Learners' history follows it.",
        error_messages={
            "invalid": "Use 3–80 lower-case letters, digits and dashes (e.g. input-mode-large-data)."
        },
    )
    topic = forms.CharField(max_length=300, label="Topic", widget=forms.TextInput(attrs={"list": "topics"}))
    domain = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Domain")
    difficulty = forms.ChoiceField(choices=Question.Difficulty.choices, initial="medium", label="Difficulty")
    stem = forms.CharField(
        label="Question (Markdown)", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the question."},
    )  # fmt: skip
    explanation = forms.CharField(
        required=False, label="Explanation (Markdown)", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Learners read it after answering. Optional for a case study (each part has its own).",
    )  # fmt: skip

    def __init__(self, *args, bank, part: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.bank = bank
        self.part = part
        if part:
            for name in ("topic", "domain", "difficulty"):
                del self.fields[name]
            self.fields["type"].choices = [
                c for c in Question.Type.choices if c[0] != Question.Type.CASE_STUDY
            ]
            self.fields["stem"].label = "Question (Markdown)"
            self.fields["explanation"].help_text = ""
            self.fields["key"].help_text = "Empty: the case's key with the part's number."
        else:
            self.fields["domain"].choices = [("", "No domain")] + [
                (d.number, f"{d.number}. {d.name}") for d in bank.domains.order_by("number")
            ]
            self.topic_titles = list(bank.topics.order_by("position").values_list("title", flat=True))
        for i in range(ROWS):
            self.fields[f"option_{i}"] = forms.CharField(required=False, label=f"Option {i + 1}")
            self.fields[f"correct_{i}"] = forms.BooleanField(required=False, label="Right")
            self.fields[f"rationale_{i}"] = forms.CharField(
                required=False, label="Why (shown after answering)"
            )
            self.fields[f"step_{i}"] = forms.CharField(required=False, label=f"Step {i + 1}")
            self.fields[f"prompt_{i}"] = forms.CharField(required=False, label=f"Prompt {i + 1}")
            self.fields[f"match_{i}"] = forms.CharField(required=False, label=f"Its match {i + 1}")
        if part:  # "Part 2 option 1": every label on the page names one input, for screen readers and tests
            for field in self.fields.values():
                field.label = f"Part {part} {field.label[:1].lower()}{field.label[1:]}"

    def rows(self) -> list[dict]:
        return [
            {
                name: self[f"{name}_{i}"]
                for name in ("option", "correct", "rationale", "step", "prompt", "match")
            }
            for i in range(ROWS)
        ]

    def clean(self):
        data = super().clean()
        qtype = data.get("type")
        if qtype != m.CASE_STUDY and not (data.get("explanation") or "").strip():
            self.add_error("explanation", "Explain the answer: learners read it after answering.")
        filled = [i for i in range(ROWS) if (data.get(f"option_{i}") or "").strip()]
        if qtype in (m.SINGLE, m.MULTIPLE):
            right = [i for i in filled if data.get(f"correct_{i}")]
            least = 3 if qtype == m.SINGLE else 4
            if len(filled) < least:
                self.add_error(
                    f"option_{len(filled) if len(filled) < ROWS else 0}", f"Write at least {least} options."
                )
            if qtype == m.SINGLE and len(right) != 1:
                self.add_error(None, f"Tick exactly one right option (ticked: {len(right)}).")
            if qtype == m.MULTIPLE and not 2 <= len(right) < len(filled):
                self.add_error(None, "Tick two or more right options, and leave at least one wrong.")
            for i in range(ROWS):
                if data.get(f"correct_{i}") and i not in filled:
                    self.add_error(f"option_{i}", "A ticked option needs its text.")
        if qtype == m.ORDERING:
            steps = [
                data.get(f"step_{i}", "").strip() for i in range(ROWS) if data.get(f"step_{i}", "").strip()
            ]
            if not 3 <= len(steps) <= 5:
                self.add_error("step_0", f"Write 3 to 5 steps, in the right order (now {len(steps)}).")
        if qtype == m.MATCHING:
            for i in range(ROWS):
                if bool((data.get(f"prompt_{i}") or "").strip()) != bool(
                    (data.get(f"match_{i}") or "").strip()
                ):
                    self.add_error(f"match_{i}", "Each prompt needs its match, and each match its prompt.")
            pairs = sum(1 for i in range(ROWS) if (data.get(f"prompt_{i}") or "").strip())
            if pairs < 3:
                self.add_error("prompt_0", f"Write at least 3 prompts with their matches (now {pairs}).")
        return data

    def question(self, key: str, parts: tuple[m.Question, ...] = ()) -> m.Question:
        """The question the valid form describes (`key` when the form left it empty); a part takes its case's
        topic, domain and difficulty when the case is built (`QuestionEditor.question`)."""
        d = self.cleaned_data
        qtype = d["type"]
        text = lambda name, i: (d.get(f"{name}_{i}") or "").strip()  # noqa: E731
        return m.Question(
            key=d.get("key") or key,
            type=qtype,
            stem=d["stem"].strip(),
            topic=(d.get("topic") or "").strip(),
            domain=d.get("domain"),
            difficulty=d.get("difficulty") or "medium",
            parts=parts if qtype == m.CASE_STUDY else (),
            options=tuple(
                m.Option(text("option", i), bool(d.get(f"correct_{i}")), text("rationale", i))
                for i in range(ROWS)
                if text("option", i)
            )
            if qtype in (m.SINGLE, m.MULTIPLE)
            else (),
            steps=tuple(text("step", i) for i in range(ROWS) if text("step", i))
            if qtype == m.ORDERING
            else (),
            pairs=tuple(m.Pair(text("prompt", i), text("match", i)) for i in range(ROWS) if text("prompt", i))
            if qtype == m.MATCHING
            else (),
            explanation=d["explanation"].strip(),
        )

    @property
    def is_blank(self) -> bool:
        """A part form left empty (no question written): ignored, so that an unused part slot is no error."""
        return not (self.data.get(self.add_prefix("stem")) or "").strip()

    @classmethod
    def initial_for(cls, q: m.Question) -> dict:
        initial = {"type": q.type, "key": q.key, "topic": q.topic, "domain": q.domain,
                   "difficulty": q.difficulty, "stem": q.stem, "explanation": q.explanation}  # fmt: skip
        for i, o in enumerate(q.options[:ROWS]):
            initial |= {f"option_{i}": o.text, f"correct_{i}": o.correct, f"rationale_{i}": o.rationale}
        for i, s in enumerate(q.steps[:ROWS]):
            initial[f"step_{i}"] = s
        for i, p in enumerate(q.pairs[:ROWS]):
            initial |= {f"prompt_{i}": p.prompt, f"match_{i}": p.match}
        return initial


MAX_PARTS = 6


class QuestionEditor:
    """The question form and, for a case study, one `QuestionForm(part=n)` per part (prefix `part<n>`).
    The number of part forms comes from the posted `parts` field; "Add a part" posts it one higher."""

    def __init__(self, data=None, *, bank, question: m.Question | None = None, add_part: bool = False):
        initial = QuestionForm.initial_for(question) if question else None
        self.form = QuestionForm(data, bank=bank, initial=initial)
        parts = question.parts if question else ()
        if data is not None:
            try:
                count = int(data.get("parts", 2))
            except ValueError:
                count = 2
        else:
            count = len(parts)
        count = min(MAX_PARTS, max(2, count + (1 if add_part else 0)))
        self.parts = [
            QuestionForm(
                data,
                bank=bank,
                part=i + 1,
                prefix=f"part{i}",
                initial=QuestionForm.initial_for(parts[i]) if data is None and i < len(parts) else None,
            )
            for i in range(count)
        ]
        self.can_add_part = count < MAX_PARTS

    def _written_parts(self) -> list[QuestionForm]:
        return [p for p in self.parts if not p.is_blank]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if not valid or self.form.cleaned_data["type"] != m.CASE_STUDY:
            return valid
        written = self._written_parts()
        parts_valid = all([p.is_valid() for p in written])  # every part validated, so each shows its messages
        if len(written) < 2:
            self.form.add_error(None, f"A case study needs two or more parts (written: {len(written)}).")
            return False
        return parts_valid

    def question(self, key: str) -> m.Question:
        """The question the valid editor describes. A part without a key gets the case's key and its number."""
        if self.form.cleaned_data["type"] != m.CASE_STUDY:
            return self.form.question(key)
        case_key = self.form.cleaned_data.get("key") or key
        parts = tuple(
            part.question(f"{case_key}-{n}") for n, part in enumerate(self._written_parts(), start=1)
        )
        return self.form.question(key, parts=parts)
