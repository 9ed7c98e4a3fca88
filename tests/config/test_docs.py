"""The commands the README and docs/ show work as pasted (after `make run`), and their examples stay true."""

from __future__ import annotations

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands, load_command_class

from accounts.demo import ensure_demo_accounts

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND = re.compile(r"\.venv/bin/python manage\.py ([a-z_]+[^`\n#]*)")


def documented_commands() -> list[tuple[str, list[str]]]:
    found = []
    for path in DOCS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in COMMAND.finditer(line):
                words = shlex.split(match.group(1).replace("[", " ").replace("]", " ").replace("...", " "))
                found.append((f"{path.name}:{number}", words))
    return found


def test_the_docs_show_commands_at_all():
    assert len(documented_commands()) >= 10


def test_no_doc_runs_manage_py_with_a_python_that_is_not_the_virtualenvs():
    for path in DOCS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.search(r"(?<!bin/)\bpython3? manage\.py", line), f"{path.name}:{number}: {line}"


@pytest.mark.parametrize(
    ("where", "words"), documented_commands(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_documented_command_exists_with_the_options_shown(where, words):
    name = words[0]
    commands = get_commands()
    assert name in commands, f"{where}: no management command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    known = set(parser._option_string_actions)
    for word in words[1:]:
        if word.startswith("-"):
            assert word.split("=")[0] in known, f"{where}: {name} has no option {word}"


def _readme_code_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [
        shlex.split(line)[2:]
        for line in lines
        if line.startswith(".venv/bin/python manage.py") and "--dry-run" in line
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("words", _readme_code_commands(), ids=lambda w: w[0])
def test_the_readme_dry_run_commands_run_as_pasted(words, monkeypatch):
    monkeypatch.chdir(ROOT)
    ensure_demo_accounts()  # `make run` creates them
    out = StringIO()
    call_command(*words, stdout=out, stderr=StringIO())
    assert out.getvalue().strip()


def test_the_bank_format_example_is_the_example_file():
    doc = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    block = re.search(r"## A whole example\n.*?```markdown\n(.*?)```", doc, re.S).group(1)
    assert block == (ROOT / "docs" / "examples" / "sample-bank.md").read_text(encoding="utf-8")
