"""Every importer fuzzed through the whole upload path (decode, read, generate, load): any bytes or any mangling
of a good bank file give a saved bank or one of the importer's own errors, each naming a line, and a refused
upload writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import services
from content.formats import bankfile
from content.loader import LoadError
from content.model import SourceError
from content.models import Bank, Question
from tests import builders

pytestmark = pytest.mark.django_db

GOOD_BANK = bankfile.write(builders.sample_bank(slug="fuzzed", title="Fuzzed"))
GOOD_LINES = GOOD_BANK.splitlines()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _snapshot() -> tuple:
    return (
        list(Bank.objects.order_by("pk").values_list("pk", "version")),
        list(Question.objects.order_by("pk").values_list("pk", "content_hash", "retired_at")),
    )


def _upload(user, data: bytes | str, source: str = "fuzz.md") -> None:
    """The upload view's path: the errors it turns into messages are the only ones allowed out."""
    before = _snapshot()
    try:
        text = services.decode_upload(data, source)
        services.upload_save(user=user, title="Fuzz", text=text, source=source)
    except SourceError as error:  # not text, too large, or a bank file problem: with its line
        assert error.line >= 0 and error.source and error.message
        assert _snapshot() == before
    except services.UploadRefused as refused:
        preview = refused.preview
        for problem in getattr(preview, "errors", []) or []:
            assert problem.line >= 1 and problem.message, problem
        assert _snapshot() == before
    except LoadError:
        assert _snapshot() == before


@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_are_saved_or_refused_with_the_importers_error(student, data):
    _upload(student, data)


@st.composite
def mangled_bank_files(draw) -> str:
    """The good bank file with lines dropped, repeated, swapped or garbled: near misses a person makes."""
    lines = list(GOOD_LINES)
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "garble", "insert"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "garble":
            lines[i] = draw(st.text(max_size=40))
        else:
            lines.insert(i, draw(st.sampled_from(["+++", "## dup", "### part", "Options:", "- [x]", "type: single",
                                                  "Explanation:", "# ", "slug = 3", "- [ ] Pipe mode"])))  # fmt: skip
    return "\n".join(lines) + "\n"


@FUZZ
@given(mangled_bank_files())
def test_a_mangled_bank_file_is_saved_or_refused_by_line_and_writes_nothing(student, text):
    _upload(student, text, "fuzzed.md")


@FUZZ
@given(st.lists(st.sampled_from([
    "# SageMaker", "## Input modes", "- **File mode**: copies the whole dataset first.", "- Pipe mode - streams",
    "Fast File mode = streams from S3 on demand", "| Mode | When |", "|---|---|", "| Pipe | large data |", "",
    "1. step one", "    - nested", "Good for: big data", "Max payload 4 MB", "(e.g. small", "* * *", "```", "\t\t",
]), max_size=60))  # fmt: skip
def test_note_shaped_text_is_saved_or_refused_and_writes_nothing_when_refused(student, lines):
    _upload(student, "\n".join(lines), "notes.md")


def test_the_fuzz_can_see_a_write_a_refusal_made():
    """The snapshot the fuzz compares does change when an upload is saved: the check can fail."""
    from tests.factories import UserFactory

    user = UserFactory()
    before = _snapshot()
    services.upload_save(user=user, title="Fuzz", text=GOOD_BANK, source="fuzzed.md")
    assert _snapshot() != before
