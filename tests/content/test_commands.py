from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from content.formats import bankfile
from content.models import Bank, Question
from tests import builders

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "content" / "samples" / "sagemaker-notes.txt"


@pytest.fixture
def bank_file(tmp_path):
    path = tmp_path / "sample.md"
    path.write_text(bankfile.write(builders.sample_bank()), encoding="utf-8")
    return path


def test_load_bank_json_prints_one_object_with_every_question(bank_file, capsys):
    call_command("load_bank", str(bank_file), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["bank"]["slug"] == "sample"
    keys = {q["key"]: q for q in data["questions"]}
    assert set(keys) >= {"q-single", "q-multiple", "q-ordering", "q-matching", "q-case", "q-case-serve"}
    single = keys["q-single"]
    assert single["type"] == "single" and single["domain"] == 1 and single["topic"] == "Input modes"
    assert [c["text"] for c in single["choices"] if c["correct"]] == ["Fast File mode"]
    assert keys["q-case-serve"]["case"] == "q-case"
    assert data["summary"]["added"] == 7 and data["summary"]["unchanged"] == 0
    assert Bank.objects.filter(slug="sample").exists()


def test_load_bank_dry_run_writes_nothing(bank_file, capsys):
    call_command("load_bank", str(bank_file), "--dry-run")
    assert "would load" in capsys.readouterr().out
    assert not Bank.objects.exists()


def test_load_bank_twice_reports_unchanged(bank_file, capsys):
    call_command("load_bank", str(bank_file))
    call_command("load_bank", str(bank_file))
    assert "0 added, 0 updated, 0 retired, 7 unchanged" in capsys.readouterr().out.splitlines()[-1]


def test_bad_bank_file_exits_1_with_file_and_line_and_writes_nothing(tmp_path, bank_file):
    text = bank_file.read_text().replace("type: ordering", "type: sorting", 1)
    bad = tmp_path / "bad.md"
    bad.write_text(text)
    result = subprocess.run(
        [sys.executable, "manage.py", "load_bank", str(bad), str(bank_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:")
    assert "sorting" in result.stderr
    assert "Traceback" not in result.stderr
    assert not Bank.objects.exists()


def test_export_bank_round_trips(bank_file, tmp_path):
    call_command("load_bank", str(bank_file))
    out = tmp_path / "exported.md"
    call_command("export_bank", "sample", "-o", str(out))
    assert bankfile.parse_files([str(out)]) == bankfile.parse_files([str(bank_file)])


def test_export_unknown_bank_exits_1(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("export_bank", "nope")
    assert exit_info.value.code == 1
    assert "No bank has the slug 'nope'" in capsys.readouterr().err


def test_load_notes_json_for_the_sample(student, capsys):
    call_command("load_notes", str(SAMPLE), "--owner", student.email, "--json", "--bank", "my-sagemaker")
    data = json.loads(capsys.readouterr().out)
    terms = {c["term"] for c in data["concepts"]}
    assert {"Linear Learner", "XGBoost", "Fast File Mode"} <= terms
    assert data["questions"] and all(q["source_lines"] for q in data["questions"])
    assert {q["type"] for q in data["questions"]} >= {"single", "multiple"}
    assert set(data) >= {"bank", "concepts", "questions", "rejected", "loose_lines", "summary"}
    # Each question says what kind it is and rests on lines of the notes; each rejection says why.
    assert {q["kind"] for q in data["questions"]} >= {"recall", "match"}
    assert all(q["kind"] == q["tags"][0] for q in data["questions"])
    lines = len(SAMPLE.read_text(encoding="utf-8").splitlines())
    assert all(1 <= n <= lines for q in data["questions"] for n in q["source_lines"])
    assert data["rejected"] and all(r["reason"] and r["line"] >= 1 and r["kind"] for r in data["rejected"])
    bank = Bank.objects.get(slug="my-sagemaker")
    assert bank.owner == student
    assert Question.objects.filter(bank=bank).count() == data["summary"]["questions"]


def test_load_notes_dry_run_and_unknown_owner(capsys):
    call_command("load_notes", str(SAMPLE), "--dry-run")
    assert not Bank.objects.exists()
    with pytest.raises(SystemExit):
        call_command("load_notes", str(SAMPLE), "--owner", "ghost@example.com")
    assert "No account" in capsys.readouterr().err


def test_load_notes_that_make_no_question_exits_1_and_loads_nothing(tmp_path, capsys):
    notes = tmp_path / "todo.txt"
    notes.write_text("revise later\nask Sam about the exam date\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("load_notes", str(notes))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"No questions could be made from {notes}, so nothing was loaded." in err
    assert "'Term: what it is or does'" in err
    assert not Bank.objects.exists()
