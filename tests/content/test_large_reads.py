"""Large notes and bank files are read one at a time on a machine (content/large_reads.py): while one is read, the
next large one is refused at once with 503, Retry-After and a message, nothing is saved, and small requests
are never held up (issue 13: the server stays responsive while a maximal upload is parsed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.urls import reverse

from content import large_reads
from content.formats import bankfile
from content.models import Bank
from tests import builders

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NOTES = (ROOT / "content" / "samples" / "sagemaker-notes.txt").read_text(encoding="utf-8")
LOAD = reverse("content:notes_load")
PREVIEW = reverse("content:notes_preview")


@pytest.fixture(autouse=True)
def _slots(settings, tmp_path):
    settings.LARGE_READ_LOCK_DIR = str(tmp_path / "slots")
    settings.LARGE_READ_BYTES = (
        len(NOTES.encode()) // 2
    )  # the sample notes count as large, a short text does not
    settings.LARGE_READS_AT_ONCE = 1


def _save(client, text=NOTES, **headers):
    return client.post(LOAD, {"title": "SageMaker", "text": text, "save": "1"}, **headers)


def test_a_large_upload_while_another_is_read_is_refused_at_once_and_saves_nothing(student_client):
    # A bank file in the live preview box is read whole, so a large one needs a slot too.
    big_bank_file = bankfile.write(builders.exam_bank(per_domain=40))
    assert len(big_bank_file) > len(NOTES)
    with large_reads.slot():
        page = _save(student_client)
        live = student_client.post(
            PREVIEW, {"title": "Course", "text": big_bank_file}, HTTP_HX_REQUEST="true"
        )
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "Another large file is being read on the server right now" in page.content.decode()
    assert live.status_code == 503 and live["HX-Retarget"] == "#htmx-alerts"
    assert 'role="alert"' in live.content.decode()
    assert not Bank.objects.filter(owner__isnull=False).exists()
    # The slot is free again: the same upload is read and saved.
    assert _save(student_client).status_code == 302
    assert Bank.objects.filter(owner__isnull=False).count() == 1


def test_small_requests_and_the_live_preview_of_notes_never_wait_for_a_large_read(student_client):
    """The live preview reads only the start of notes, however long they are: it never takes a slot, so it never
    holds one while its author presses Preview either."""
    short = "## Input modes\n- Pipe mode = streams data from S3 through a FIFO.\n"
    with large_reads.slot():
        preview = student_client.post(PREVIEW, {"title": "Short", "text": short}, HTTP_HX_REQUEST="true")
        assert preview.status_code == 200
        live = student_client.post(PREVIEW, {"title": "SageMaker", "text": NOTES}, HTTP_HX_REQUEST="true")
        assert live.status_code == 200 and "Pipe" in live.content.decode()
        assert student_client.get(reverse("quizzes:exams")).status_code == 200


def test_more_slots_let_more_large_reads_run_at_once(student_client, settings):
    settings.LARGE_READS_AT_ONCE = 2
    with large_reads.slot():
        assert _save(student_client).status_code == 302
        with large_reads.slot(), pytest.raises(large_reads.Busy), large_reads.slot():
            pass


def test_a_killed_worker_frees_its_slot(settings):
    """The slot is a flock: a process killed in the middle of a read (a worker timed out) holds it no longer."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys, time
            os.makedirs({settings.LARGE_READ_LOCK_DIR!r}, exist_ok=True)
            fd = os.open(os.path.join({settings.LARGE_READ_LOCK_DIR!r}, "large-read-0.lock"), os.O_CREAT | os.O_RDWR)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("held", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(large_reads.Busy), large_reads.slot():
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        with large_reads.slot():
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
