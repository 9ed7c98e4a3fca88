"""The bank file format: every type, clear errors with lines, fenced code, merging, the CLI, and round trips."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import model as m
from content.formats import bankfile
from tests import builders

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "bank-format.md"
FRONT = """+++
slug = "t"
title = "T"
[[domains]]
number = 1
name = "One"
weight = 60
[[domains]]
number = 2
name = "Two"
weight = 40
+++
"""
TOPIC = "# T\ndomain: 1\n\n"
SINGLE = """## q-one
type: single

Question?

Options:
- [x] Right
- [ ] Wrong
- [ ] Other

Explanation:
Why.
"""
MULTIPLE = """## mul-q
type: multiple
choose: 2

Pick two.

Options:
- [x] a
- [x] b
- [ ] c
- [ ] d

Explanation:
E.
"""
ORDERING = """## ord-q
type: ordering

Order.

Steps:
1. a
2. b
3. c

Explanation:
E.
"""
MATCHING = """## mat-q
type: matching

Match.

Pairs:
- a => 1
- b => 2
- c => 3

Explanation:
E.
"""
CASE = """## case-q
type: case_study

Scenario.

### case-q-a
type: single

Part A?

Options:
- [x] x
- [ ] y
- [ ] z

Explanation:
E.

### case-q-b
type: ordering
domain: 2

Part B.

Steps:
1. a
2. b
3. c

Explanation:
E.
"""


def _file(body: str, source: str = "t.md", front: str = FRONT) -> bankfile.BankFile:
    return bankfile.parse_text(front + body, source)


def _parse(body: str, front: str = FRONT) -> m.Bank:
    return bankfile.merge([_file(body, front=front)])


def _line_of(text: str, at: str, nth: int = 1) -> int:
    """The 1-based number of the `nth` line of `text` containing `at`."""
    return [i for i, line in enumerate(text.split("\n"), 1) if at in line][nth - 1]


def _doc_example() -> str:
    return re.search(r"```markdown\n(.*?)```\n", DOC.read_text(encoding="utf-8"), re.S).group(1)


# --- Parsing valid files ------------------------------------------------------------------------------------


def test_the_documented_example_parses_to_the_expected_bank():
    example = _doc_example()
    bank = bankfile.merge([bankfile.parse_text(example, "example.md")])
    assert bank == m.Bank(
        slug="mla-c01-sample",
        title="MLA-C01 sample bank",
        exam="MLA-C01",
        description="A few questions to show the format.",
        domains=(
            m.Domain(1, "Data Preparation for ML", 28),
            m.Domain(2, "ML Model Development", 26),
            m.Domain(3, "Deployment and Orchestration of ML Workflows", 22),
            m.Domain(4, "ML Solution Monitoring, Maintenance, and Security", 24),
        ),
        topics=(m.Topic("Training data input modes", 1),),
        questions=(
            m.Question(
                key="input-mode-large-dataset",
                type="single",
                stem=(
                    "A training job reads 4 TB of images from Amazon S3. The team wants training to start within "
                    "minutes and\nthe training script opens files by path with ordinary file reads.\n\n"
                    "Which input mode meets these requirements?"
                ),
                topic="Training data input modes",
                domain=1,
                difficulty="medium",
                tags=("sagemaker", "training", "input-modes"),
                options=(
                    m.Option(
                        "File mode",
                        False,
                        "Copies the whole data set to the instance's storage before training starts, so start-up "
                        "takes hours.",
                    ),
                    m.Option(
                        "Fast File mode",
                        True,
                        "Presents S3 objects as files and streams them on demand, so training starts at once.",
                    ),
                    m.Option(
                        "Pipe mode",
                        False,
                        "Streams data through a FIFO pipe; the script cannot open files by path.",
                    ),
                    m.Option(
                        "Amazon EFS",
                        False,
                        "Is a file system, not an input mode, and would need the data copied into it first.",
                    ),
                ),
                explanation=(
                    "Fast File mode exposes the S3 prefix as a POSIX file system and streams objects as they are read."
                ),
                references=(
                    "https://docs.aws.amazon.com/sagemaker/latest/dg/model-access-training-data.html",
                ),
            ),
        ),
    )
    (q,) = bank.questions
    assert q.source == "example.md"
    assert q.source_lines == (_line_of(example, "## input-mode-large-dataset"),)
    assert all(isinstance(d.weight, int) for d in bank.domains)


def test_every_question_type_parses_with_its_fields_and_sections():
    text = FRONT + TOPIC + SINGLE + "\n" + MULTIPLE + "\n" + ORDERING + "\n" + MATCHING + "\n" + CASE
    bank = bankfile.merge([bankfile.parse_text(text, "all.md")])
    single, multiple, ordering, matching, case = bank.questions
    assert single == m.Question(
        key="q-one",
        type="single",
        stem="Question?",
        topic="T",
        domain=1,
        options=(m.Option("Right", True), m.Option("Wrong"), m.Option("Other")),
        explanation="Why.",
    )
    assert multiple.type == "multiple" and multiple.correct_count == 2 and len(multiple.options) == 4
    assert ordering.steps == ("a", "b", "c") and ordering.options == ()
    assert matching.pairs == (m.Pair("a", "1"), m.Pair("b", "2"), m.Pair("c", "3"))
    assert case.type == "case_study" and case.explanation == "" and case.stem == "Scenario."
    part_a, part_b = case.parts
    assert (part_a.key, part_a.type, part_a.domain, part_a.topic) == ("case-q-a", "single", 1, "T")
    assert (part_b.key, part_b.type, part_b.domain) == ("case-q-b", "ordering", 2)
    assert bank.topics == (m.Topic("T", 1),)
    for question in (single, multiple, ordering, matching, case, part_a, part_b):
        assert question.source == "all.md"
        assert question.source_lines == (_line_of(text, f"# {question.key}"),)


def test_optional_fields_and_references():
    bank = _parse(
        TOPIC
        + SINGLE.replace(
            "type: single",
            "type: single\ndifficulty: hard\ntags: scenario, s3\nconcepts: Fast File mode, Pipe mode",
        )
        + "\nReferences:\n- https://example.com/a\n- A book, chapter 2\n"
    )
    (q,) = bank.questions
    assert q.difficulty == "hard"
    assert q.tags == ("scenario", "s3") and q.concepts == ("Fast File mode", "Pipe mode")
    assert q.references == ("https://example.com/a", "A book, chapter 2")


def test_markdown_is_kept_verbatim_but_for_surrounding_blank_lines():
    stem = "First paragraph with *emphasis*.\n\n    indented code\n\n| a | b |\n| - | - |\n| 1 | 2 |\n  two spaces  "
    rationale = "Line one.\n\nLine two after a blank.\n  deeper"
    bank = _parse(
        TOPIC
        + "## q-one\ntype: single\n\n\n"
        + stem
        + "\n\n\nOptions:\n- [x] Right\n  "
        + rationale.replace("\n", "\n  ").replace("\n  \n", "\n\n")
        + "\n- [ ] Wrong\n- [ ] Other\n\nExplanation:\n\nWhy:\n\n1. one\n2. two\n\n"
    )
    (q,) = bank.questions
    assert q.stem == stem
    assert q.options[0].rationale == rationale
    assert q.explanation == "Why:\n\n1. one\n2. two"


def test_fenced_code_can_hold_structure_like_lines():
    fenced = "```python\n# a comment\n## not-a-heading\nOptions:\n- [x] not an option\nExplanation:\n```"
    tilde = "~~~\n```\n### still inside\n~~~"
    bank = _parse(
        TOPIC
        + "## code-q\ntype: single\n\nWhat does this print?\n\n"
        + fenced
        + "\n\n"
        + tilde
        + "\n\nOptions:\n- [x] A\n  Because:\n\n  ```\n  References:\n  ```\n- [ ] B\n- [ ] C\n\nExplanation:\n"
        + fenced
        + "\n"
    )
    (q,) = bank.questions
    assert q.stem == "What does this print?\n\n" + fenced + "\n\n" + tilde
    assert q.options[0].rationale == "Because:\n\n```\nReferences:\n```"
    assert [o.text for o in q.options] == ["A", "B", "C"]
    assert q.explanation == fenced


def test_bom_crlf_and_cr_line_ends_are_accepted():
    text = FRONT + TOPIC + SINGLE
    expected = bankfile.merge([bankfile.parse_text(text, "lf.md")])
    for variant in ("\ufeff" + text, text.replace("\n", "\r\n"), "\ufeff" + text.replace("\n", "\r\n")):
        assert bankfile.merge([bankfile.parse_text(variant, "v.md")]) == expected
    assert expected.questions[0].stem == "Question?" and expected.questions[0].explanation == "Why."


def test_bom_and_crlf_in_a_file_on_disk(tmp_path):
    path = tmp_path / "win.md"
    path.write_bytes(("\ufeff" + FRONT + TOPIC + SINGLE).replace("\n", "\r\n").encode("utf-8"))
    assert bankfile.parse_files([path]).questions[0].options[0] == m.Option("Right", True)


def test_comments_are_ignored_outside_stems_and_explanations():
    bank = _parse(
        "<!-- before the first topic -->\n# T\ndomain: 1\n<!-- topic note -->\n\n"
        + SINGLE.replace("type: single", "type: single\n<!-- a field note -->").replace(
            "- [ ] Wrong", "<!-- an option note -->\n- [ ] Wrong"
        )
    )
    assert [o.text for o in bank.questions[0].options] == ["Right", "Wrong", "Other"]


def test_domains_keep_int_weights_and_accept_float_weights():
    front = FRONT.replace("weight = 60", "weight = 59.5").replace("weight = 40", "weight = 40.5")
    bank = _parse(TOPIC + SINGLE, front=front)
    assert [d.weight for d in bank.domains] == [59.5, 40.5]
    assert all(isinstance(d.weight, int) for d in _parse(TOPIC + SINGLE).domains)


def test_a_bank_without_domains_needs_no_domain_fields():
    bank = _parse("# T\n\n" + SINGLE, front='+++\nslug = "t"\ntitle = "T"\n+++\n')
    assert bank.domains == () and bank.questions[0].domain is None


def test_a_question_domain_overrides_its_topic():
    bank = _parse(TOPIC + SINGLE.replace("type: single", "type: single\ndomain: 2"))
    assert bank.questions[0].domain == 2 and bank.topics[0].domain == 1


# --- Errors -------------------------------------------------------------------------------------------------

# (body after FRONT, a piece of the line the error names (or (piece, n) for the nth such line), the message)
ERRORS = {
    "unknown type": (
        TOPIC + SINGLE.replace("type: single", "type: sorting"),
        "type: sorting",
        "expected type single | multiple | ordering | matching | case_study, found 'sorting'",
    ),
    "not a field line": (
        TOPIC + SINGLE.replace("type: single", "tpye single"),
        "tpye single",
        "expected a field line 'key: value', found 'tpye single'",
    ),
    "unknown field": (
        TOPIC + SINGLE.replace("type: single", "type: single\ncolour: red"),
        "colour: red",
        "expected a field type, domain, difficulty, choose, tags, concepts, found 'colour'",
    ),
    "stem right below the fields": (
        TOPIC + SINGLE.replace("type: single\n\n", "type: single\n"),
        "Question?",
        "expected a field line 'key: value', found 'Question?'",
    ),
    "field given twice": (
        TOPIC + SINGLE.replace("type: single", "type: single\ntype: single"),
        ("type: single", 2),
        "expected the field 'type' once, found it again",
    ),
    "field without a value": (
        TOPIC + SINGLE.replace("type: single", "type: single\ntags:"),
        "tags:",
        "expected a value after 'tags:', found nothing",
    ),
    "no type": (
        TOPIC + SINGLE.replace("type: single\n", "difficulty: easy\n"),
        "## q-one",
        "expected a 'type:' field below '## q-one', found none",
    ),
    "unknown difficulty": (
        TOPIC + SINGLE.replace("type: single", "type: single\ndifficulty: brutal"),
        "difficulty: brutal",
        "expected difficulty easy | medium | hard, found 'brutal'",
    ),
    "bad id": (TOPIC + SINGLE.replace("## q-one", "## Q One!"), "## Q One!", "found 'Q One!'"),
    "id too short": (
        TOPIC + SINGLE.replace("## q-one", "## qq"),
        "## qq",
        "expected an id of 3-80 lower-case letters, digits and '-', found 'qq'",
    ),
    "id too long": (TOPIC + SINGLE.replace("## q-one", "## " + "q" * 81), "## qqq", "expected an id of 3-80"),
    "duplicate id": (
        TOPIC + SINGLE + "\n" + SINGLE.replace("Question?", "Again?"),
        ("## q-one", 2),
        "expected unique question ids, found 'q-one' again (first at line 16)",
    ),
    "part id repeats a question id": (
        TOPIC + SINGLE + "\n" + CASE.replace("### case-q-b", "### q-one"),
        "### q-one",
        "found 'q-one' again (first at line 16)",
    ),
    "no question text": (
        TOPIC + SINGLE.replace("Question?\n", ""),
        "Options:",
        "expected the question text after the fields of '## q-one', found none",
    ),
    "no explanation": (
        TOPIC + SINGLE.replace("Explanation:\nWhy.\n", ""),
        "## q-one",
        "expected an 'Explanation:' section with text in '## q-one', found none",
    ),
    "empty explanation": (
        TOPIC + SINGLE.replace("Why.\n", ""),
        "Explanation:",
        "expected an 'Explanation:' section with text",
    ),
    "single with two right": (
        TOPIC + SINGLE.replace("- [ ] Wrong", "- [x] Wrong"),
        "Options:",
        "expected exactly one [x] option for a single question, found 2",
    ),
    "single with none right": (
        TOPIC + SINGLE.replace("- [x] Right", "- [ ] Right"),
        "Options:",
        "expected exactly one [x] option for a single question, found 0",
    ),
    "single with two options": (
        TOPIC + SINGLE.replace("- [ ] Other\n", ""),
        "Options:",
        "expected 3 or more options for a single question, found 2",
    ),
    "no options section": (
        TOPIC + SINGLE.replace("Options:\n- [x] Right\n- [ ] Wrong\n- [ ] Other\n", ""),
        "## q-one",
        "expected a 'Options:' section in single question '## q-one', found none",
    ),
    "options label without options": (
        TOPIC + SINGLE.replace("- [x] Right\n- [ ] Wrong\n- [ ] Other\n", ""),
        "Options:",
        "expected options '- [x] text' / '- [ ] text' under 'Options:', found none",
    ),
    "duplicate option texts": (
        TOPIC + SINGLE.replace("- [ ] Other", "- [ ] right"),
        "Options:",
        "expected distinct options, found 'right' twice",
    ),
    "text after the options": (
        TOPIC + SINGLE.replace("- [ ] Other", "- [ ] Other\n\nA stray paragraph."),
        "A stray paragraph.",
        "expected an option '- [x] text' or '- [ ] text' (its rationale indented below it), "
        "found 'A stray paragraph.'",
    ),
    "option without a checkbox": (
        TOPIC + SINGLE.replace("- [ ] Other", "* Other"),
        "* Other",
        "expected an option '- [x] text' or '- [ ] text'",
    ),
    "section label twice": (
        TOPIC + SINGLE + "\nExplanation:\nMore.\n",
        ("Explanation:", 2),
        "expected one 'Explanation:' section, found a second (the first at line 26)",
    ),
    "steps in a single question": (
        TOPIC + SINGLE + "\nSteps:\n1. a\n",
        "Steps:",
        "expected no 'Steps:' in a single question, found one",
    ),
    "multiple with one right": (
        TOPIC + MULTIPLE.replace("- [x] b", "- [ ] b").replace("choose: 2\n", ""),
        "Options:",
        "expected 2 or more [x] options for a multiple question, found 1",
    ),
    "multiple with no wrong option": (
        TOPIC
        + MULTIPLE.replace("- [ ] c", "- [x] c").replace("- [ ] d", "- [x] d").replace("choose: 2\n", ""),
        "Options:",
        "expected at least one wrong '[ ]' option, found all 4 options marked [x]",
    ),
    "multiple with three options": (
        TOPIC + MULTIPLE.replace("- [ ] d\n", ""),
        "Options:",
        "expected 4 or more options for a multiple question, found 3",
    ),
    "choose mismatch": (
        TOPIC + MULTIPLE.replace("choose: 2", "choose: 3"),
        "choose: 3",
        "expected choose: 2 (the number of [x] options), found '3'",
    ),
    "choose on a single question": (
        TOPIC + SINGLE.replace("type: single", "type: single\nchoose: 1"),
        "choose: 1",
        "expected 'choose:' only on multiple questions, found it on a single one",
    ),
    "two steps": (
        TOPIC + ORDERING.replace("3. c\n", ""),
        "Steps:",
        "expected 3 to 5 steps, found 2",
    ),
    "six steps": (
        TOPIC + ORDERING.replace("3. c\n", "3. c\n4. d\n5. e\n6. f\n"),
        "Steps:",
        "expected 3 to 5 steps, found 6",
    ),
    "steps out of order": (
        TOPIC + ORDERING.replace("2. b", "3. b"),
        "3. b",
        "expected step 2, found step 3",
    ),
    "steps repeated": (
        TOPIC + ORDERING.replace("3. c", "3. A"),
        "3. A",
        "expected distinct steps, found 'A' twice",
    ),
    "two pairs": (
        TOPIC + MATCHING.replace("- c => 3\n", ""),
        "Pairs:",
        "expected 3 to 7 pairs, found 2",
    ),
    "eight pairs": (
        TOPIC + MATCHING.replace("- c => 3\n", "".join(f"- {c} => {i}\n" for i, c in enumerate("cdefgh", 3))),
        "Pairs:",
        "expected 3 to 7 pairs, found 8",
    ),
    "repeated prompt": (
        TOPIC + MATCHING.replace("- c => 3", "- a => 3"),
        "- a => 3",
        "expected distinct prompts, found 'a' twice",
    ),
    "repeated match": (
        TOPIC + MATCHING.replace("- c => 3", "- c => 1"),
        "- c => 1",
        "expected distinct matches, found '1' twice",
    ),
    "pair without an arrow": (
        TOPIC + MATCHING.replace("- c => 3", "- c -> 3"),
        "- c -> 3",
        "expected a pair '- prompt => match', found '- c -> 3'",
    ),
    "case study with one part": (
        TOPIC + CASE[: CASE.index("### case-q-b")],
        "## case-q",
        "expected 2 or more parts ('### id' headings) in case study 'case-q', found 1",
    ),
    "case study with options": (
        TOPIC + CASE.replace("Scenario.\n", "Scenario.\n\nOptions:\n- [x] a\n- [ ] b\n- [ ] c\n"),
        "Options:",
        "expected no 'Options:' in a case_study question (its parts have them), found one",
    ),
    "part of type case_study": (
        TOPIC + CASE.replace("type: ordering", "type: case_study"),
        ("type: case_study", 2),
        "expected type for a case-study part single | multiple | ordering | matching, found 'case_study'",
    ),
    "part outside a case study": (
        TOPIC + SINGLE + "\n### stray-part\ntype: single\n",
        "### stray-part",
        "expected '### stray-part' only inside a case_study question, found it outside one",
    ),
    "unknown domain on a question": (
        TOPIC + SINGLE.replace("type: single", "type: single\ndomain: 7"),
        "domain: 7",
        "expected a domain from the front matter (1, 2), found 7",
    ),
    "unknown domain on a topic": (
        "# T\ndomain: 9\n\n" + SINGLE,
        "domain: 9",
        "expected a domain from the front matter (1, 2), found 9",
    ),
    "domain not a number": (
        "# T\ndomain: one\n\n" + SINGLE,
        "domain: one",
        "expected a domain number, found 'one'",
    ),
    "no domain": (
        "# T\n\n" + SINGLE,
        "## q-one",
        "expected a 'domain:' field on '## q-one' or on its topic, found none",
    ),
    "text before the first topic": (
        "stray text\n" + TOPIC + SINGLE,
        "stray text",
        "expected a topic heading ('# Title'), found 'stray text'",
    ),
    "question before any topic": (
        SINGLE,
        "## q-one",
        "expected a topic heading ('# Title') before the first question, found '## q-one'",
    ),
    "text under a topic": (
        "# T\ndomain: 1\n\nAn introduction.\n\n" + SINGLE,
        "An introduction.",
        "expected a question heading ('## id') below a topic, found 'An introduction.'",
    ),
    "topic twice": (
        TOPIC + SINGLE + "\n" + TOPIC,
        ("# T", 2),
        "expected each topic once in a file, found '# T' again",
    ),
    "text after the references": (
        TOPIC + SINGLE + "\nReferences:\n- https://example.com\n\nA closing remark.\n",
        "A closing remark.",
        "expected only '- URL or text' lines under 'References:', found 'A closing remark.'",
    ),
    "unclosed code fence": (
        TOPIC + SINGLE.replace("Question?", "Question?\n\n```python\nx = 1"),
        "```python",
        "expected a closing ``` for the code block opened here, found the end of the file",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS), ids=list(ERRORS))
def test_errors_name_the_line_and_say_what_was_expected(case):
    body, at, message = ERRORS[case]
    text = FRONT + body
    line = _line_of(text, *at) if isinstance(at, tuple) else _line_of(text, at)
    with pytest.raises(m.BankFormatError) as info:
        bankfile.merge([bankfile.parse_text(text, "t.md")])
    error = info.value
    assert message in error.message
    assert error.message.startswith("expected ")
    assert (error.source, error.line) == ("t.md", line), str(error)
    assert str(error) == f"t.md:{line}: {error.message}"


FRONT_ERRORS = [
    ("# T\n", 1, "expected front matter starting with '+++', found '# T'"),
    ("", 1, "expected front matter starting with '+++', found an empty file"),
    (
        '+++\nslug = "a"\n',
        1,
        "expected a closing '+++' line after the front matter, found the end of the file",
    ),
    ('+++\nslug = "a"\ntitle = \n+++\n', 3, "expected valid TOML front matter, found: Invalid value"),
    ('+++\nslug = "a"\ntitle = "x"\nauthor = "me"\n+++\n', 4, "expected only the front matter keys"),
    (
        '+++\ntitle = "x"\nslug = "Bad Slug"\n+++\n',
        3,
        "expected slug = \"lower-case letters, digits and -\", found 'Bad Slug'",
    ),
    ('+++\ntitle = "x"\n+++\n', 1, 'expected slug = "lower-case letters, digits and -", found nothing'),
    ('+++\nslug = "a"\ntitle = 3\n+++\n', 3, "expected title to be a string, found 3"),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 1\nname = "x"\nweight = 60\n+++\n',
        3,
        "expected domain weights adding up to 100, found 60",
    ),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 1\nname = "x"\n+++\n',
        3,
        "expected a weight (percent) for domain 1",
    ),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 1\nname = "x"\nweight = 50\n[[domains]]\nnumber = 1\n'
        'name = "y"\nweight = 50\n+++\n',
        7,
        "expected each domain number once, found 1 again",
    ),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 1\nweight = 100\n+++\n',
        3,
        "expected a name for domain 1, found None",
    ),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 0\nname = "x"\nweight = 100\n+++\n',
        3,
        "expected a domain number (1, 2, ...), found 0",
    ),
    (
        '+++\nslug = "a"\n[[domains]]\nnumber = 1\nname = "x"\nweight = 100\nshare = 1\n+++\n',
        3,
        "expected domain keys number, name, weight, found 'share'",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), FRONT_ERRORS)
def test_front_matter_errors_name_the_line(text, line, message):
    with pytest.raises(m.BankFormatError) as info:
        bankfile.parse_text(text, "x.md")
    assert message in info.value.message
    assert info.value.line == line, str(info.value)


def test_validate_text_collects_one_error_per_broken_question():
    text = (
        FRONT
        + TOPIC
        + SINGLE.replace("- [ ] Wrong", "- [x] Wrong")
        + "\n"
        + ORDERING.replace("3. c\n", "")
        + "\n"
        + MATCHING
        + "\n"
        + CASE.replace("type: ordering", "type: sorting")
    )
    errors = bankfile.validate_text(text, "v.md")
    assert [(e.line, e.message.split(",")[0]) for e in errors] == [
        (_line_of(text, "Options:"), "expected exactly one [x] option for a single question"),
        (_line_of(text, "Steps:"), "expected 3 to 5 steps"),
        (
            _line_of(text, "type: sorting"),
            "expected type for a case-study part single | multiple | ordering | matching",
        ),
    ]
    assert bankfile.validate_text(FRONT + TOPIC + SINGLE, "ok.md") == []


def test_validate_stops_at_a_structural_error(tmp_path):
    path = tmp_path / "s.md"
    path.write_text(FRONT + "stray\n" + TOPIC + SINGLE.replace("type: single", "type: x"), encoding="utf-8")
    (error,) = bankfile.validate_file(path)
    assert (error.line, error.message) == (13, "expected a topic heading ('# Title'), found 'stray'")
    (missing,) = bankfile.validate_file(tmp_path / "missing.md")
    assert missing.message.startswith("expected a readable file, found")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "c.md"
    path.write_bytes(b"+++\n\xff\xfe\n")
    with pytest.raises(m.BankFormatError, match=r"c.md:2: expected UTF-8 text"):
        bankfile.parse_files([path])


# --- Several files, one bank --------------------------------------------------------------------------------

SPLIT_FRONT = '+++\nslug = "t"\n+++\n'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_files_with_one_slug_merge_into_one_bank(tmp_path):
    a = _write(tmp_path, "a.md", FRONT + TOPIC + SINGLE)
    b = _write(tmp_path, "b.md", SPLIT_FRONT + "# U\ndomain: 2\n\n" + ORDERING + "\n" + TOPIC + MATCHING)
    c = _write(tmp_path, "c.md", FRONT + "# U\ndomain: 2\n\n" + MULTIPLE)  # metadata repeated identically
    bank = bankfile.parse_files([a, b, c])
    assert (bank.slug, bank.title, len(bank.domains)) == ("t", "T", 2)
    assert [q.key for q in bank.questions] == ["q-one", "ord-q", "mat-q", "mul-q"]
    assert [(t.title, t.domain) for t in bank.topics] == [("T", 1), ("U", 2)]
    assert [q.source for q in bank.questions] == [str(a), str(b), str(b), str(c)]
    assert [q.domain for q in bank.questions] == [1, 2, 1, 2]


@pytest.mark.parametrize(
    ("second", "line", "message"),
    [
        (
            SPLIT_FRONT.replace('"t"', '"t"\ntitle = "Other"'),
            3,
            "expected title = 'T' as in {a}:3, found 'Other'",
        ),
        (SPLIT_FRONT.replace('"t"', '"t"\nexam = "X"'), 3, None),  # a key only one file gives is fine
        (
            FRONT.replace("weight = 60", "weight = 50").replace("weight = 40", "weight = 50"),
            4,
            "expected the [[domains]] of {a}:4, found different ones",
        ),
        (SPLIT_FRONT + "# T\ndomain: 2\n\n", 4, "expected topic 'T' to have domain 1 as in {a}, found 2"),
        (
            SPLIT_FRONT + TOPIC + SINGLE,
            7,
            "expected unique question ids, found 'q-one' again (first at {a}:16)",
        ),
        (
            SPLIT_FRONT + "# U\ndomain: 7\n\n" + MATCHING,
            4,
            "expected a domain from the front matter (1, 2), found 7",
        ),
        (
            SPLIT_FRONT + "# U\n\n" + MATCHING,
            6,
            "expected a 'domain:' on 'mat-q' or its topic, found none",
        ),
    ],
)
def test_merge_refuses_conflicts_and_names_both_places(tmp_path, second, line, message):
    a = _write(tmp_path, "a.md", FRONT + TOPIC + SINGLE)
    b = _write(tmp_path, "b.md", second)
    if message is None:
        assert bankfile.parse_files([a, b]).exam == "X"
        return
    with pytest.raises(m.BankFormatError) as info:
        bankfile.parse_files([a, b])
    assert (info.value.source, info.value.line) == (str(b), line), str(info.value)
    assert info.value.message == message.format(a=a)


def test_merge_refuses_other_slugs_and_a_bank_without_a_title(tmp_path):
    a = _write(tmp_path, "a.md", FRONT + TOPIC + SINGLE)
    b = _write(tmp_path, "b.md", SPLIT_FRONT.replace('"t"', '"u"'))
    with pytest.raises(m.BankFormatError, match=rf"b.md:2: expected slug 't' \(as in {re.escape(str(a))}\)"):
        bankfile.parse_files([a, b])
    with pytest.raises(m.BankFormatError, match=r"b.md:2: expected title = .* in .* at least one file"):
        bankfile.parse_files([b])


def test_a_bank_without_domains_refuses_domain_numbers(tmp_path):
    a = _write(tmp_path, "a.md", '+++\nslug = "t"\ntitle = "T"\n+++\n# T\ndomain: 1\n\n' + SINGLE)
    with pytest.raises(
        m.BankFormatError, match=r"a.md:5: expected a domain from the front matter \(none declared\)"
    ):
        bankfile.parse_files([a])


def test_parse_banks_groups_files_by_slug(tmp_path):
    a = _write(tmp_path, "a.md", FRONT + TOPIC + SINGLE)
    b = _write(tmp_path, "b.md", FRONT.replace('slug = "t"', 'slug = "u"') + TOPIC + SINGLE)
    c = _write(tmp_path, "c.md", SPLIT_FRONT + TOPIC + MATCHING)
    banks = bankfile.parse_banks([a, b, c])
    assert [(bank.slug, len(bank.questions)) for bank in banks] == [("t", 2), ("u", 1)]


# --- Writing ------------------------------------------------------------------------------------------------


def test_every_type_round_trips_through_the_writer():
    bank = builders.sample_bank()
    assert bankfile.merge([bankfile.parse_text(bankfile.write(bank), "x.md")]) == bank


def test_the_documented_example_round_trips():
    bank = bankfile.merge([bankfile.parse_text(_doc_example(), "example.md")])
    assert bankfile.merge([bankfile.parse_text(bankfile.write(bank), "w.md")]) == bank


def test_writer_gives_domains_only_where_they_differ():
    bank = _parse(TOPIC + SINGLE.replace("type: single", "type: single\ndomain: 2") + "\n" + CASE)
    text = bankfile.write(bank)
    assert "# T\ndomain: 1\n" in text
    assert "## q-one\ntype: single\ndomain: 2\n" in text
    assert "## case-q\ntype: case_study\ndifficulty: medium\n" in text
    assert "### case-q-a\ntype: single\ndifficulty" in text
    assert "### case-q-b\ntype: ordering\ndomain: 2\n" in text
    assert "weight = 60\n" in text


def test_writer_escapes_front_matter_and_writes_integral_weights_as_ints():
    bank = m.Bank(
        slug="esc",
        title='Say "hi" \\ there',
        description="Two\nlines",
        domains=(m.Domain(1, "One", 70.0), m.Domain(2, "Two", 30.0)),
        topics=(m.Topic("T", 1),),
        questions=(builders.single(topic="T", domain=1),),
    )
    text = bankfile.write(bank)
    assert "weight = 70\n" in text
    assert bankfile.merge([bankfile.parse_text(text)]) == bank


def test_the_builtin_files_parse():
    paths = sorted((ROOT / "content" / "builtin").glob("*.md"))
    assert paths, "the built-in bank has files"
    for bank in bankfile.parse_banks(paths):
        assert bank.questions


# --- Command line -------------------------------------------------------------------------------------------


def test_cli_reports_counts_for_a_good_file(tmp_path, capsys):
    good = _write(tmp_path, "good.md", bankfile.write(builders.sample_bank()))
    assert bankfile.main([str(good)]) == 0
    assert capsys.readouterr().out == (
        f"{good}: OK, 6 questions (single 3, multiple 1, ordering 1, matching 1, case_study 1 with 2 parts), "
        "domains {1: 2, 2: 1, 3: 3}\n"
    )


def test_cli_prints_every_error_with_file_and_line(tmp_path, capsys):
    text = (
        FRONT
        + TOPIC
        + SINGLE.replace("- [ ] Wrong", "- [x] Wrong")
        + "\n"
        + MATCHING.replace("- c => 3\n", "")
    )
    bad = _write(tmp_path, "bad.md", text)
    good = _write(tmp_path, "good.md", FRONT.replace('"t"', '"g"') + TOPIC + SINGLE)
    assert bankfile.main([str(bad), str(good)]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"{bad}:{_line_of(text, 'Options:')}: expected exactly one [x] option for a single question, found 2",
        f"{bad}:{_line_of(text, 'Pairs:')}: expected 3 to 7 pairs, found 2",
    ]
    assert out.out.startswith(f"{good}: OK, 1 questions")


def test_cli_checks_the_files_of_a_split_bank_together(tmp_path, capsys):
    a = _write(tmp_path, "a.md", FRONT + TOPIC + SINGLE)
    b = _write(tmp_path, "b.md", SPLIT_FRONT + TOPIC + SINGLE)
    assert bankfile.main([str(a), str(b)]) == 1
    assert "found 'q-one' again" in capsys.readouterr().err
    b.write_text(SPLIT_FRONT + "# U\ndomain: 2\n\n" + CASE, encoding="utf-8")
    assert bankfile.main([str(a), str(b)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        f"{b}: OK, 2 questions (single 1, multiple 0, ordering 1, matching 0, case_study 1 with 2 parts), "
        "domains {2: 2}"
    )


def test_cli_without_files_prints_usage(capsys):
    assert bankfile.main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_cli_runs_as_a_module(tmp_path):
    bad = _write(tmp_path, "bad.md", FRONT + TOPIC + SINGLE.replace("type: single", "type: sorting"))
    result = subprocess.run(
        [sys.executable, "-m", "content.formats.bankfile", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = _line_of(bad.read_text(), "type: sorting")
    assert result.stderr.startswith(f"{bad}:{line}: expected type single")


# --- Property: write then parse gives the same bank ---------------------------------------------------------

words = st.text(alphabet=st.characters(categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=8)
# A line starts with a letter or digit and holds no ':' or '=>', so it is never structure-like on its own.
line_text = st.lists(words, min_size=1, max_size=6).map(" ".join)
# Question ids end with a letter, so that none equals a case-study part id '<case id>-p<n>'.
keys = st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z]", fullmatch=True)
FENCED = "```\n## not-a-heading\nOptions:\n- [x] not an option\n```"
markdown = st.lists(
    st.one_of(
        line_text,
        st.lists(line_text, min_size=2, max_size=3).map("\n".join),
        line_text.map(lambda t: "    " + t),  # an indented code block
        st.just(FENCED),
    ),
    min_size=1,
    max_size=3,
).map("\n\n".join)
stems = st.tuples(line_text, markdown).map("\n\n".join)  # never starts with indentation or a fence


def _distinct(min_size: int, max_size: int):
    return st.lists(line_text, min_size=min_size, max_size=max_size, unique_by=str.casefold)


@st.composite
def questions(draw, key: str, type_: str, domain: int | None, topic: str) -> m.Question:
    common = {
        "key": key,
        "type": type_,
        "stem": draw(stems),
        "topic": topic,
        "domain": domain,
        "difficulty": draw(st.sampled_from(m.DIFFICULTIES)),
        "tags": tuple(draw(st.lists(keys, max_size=3, unique=True))),
        "concepts": tuple(draw(st.lists(line_text, max_size=2, unique=True))),
        "explanation": draw(stems),
        "references": tuple(draw(st.lists(line_text, max_size=2))),
    }
    if type_ in (m.SINGLE, m.MULTIPLE):
        texts = draw(_distinct(3 if type_ == m.SINGLE else 4, 6))
        right = {draw(st.integers(0, len(texts) - 1))}
        if type_ == m.MULTIPLE:
            right = set(draw(st.permutations(range(len(texts))))[: draw(st.integers(2, len(texts) - 1))])
        rationales = [draw(st.one_of(st.just(""), stems)) for _ in texts]
        common["options"] = tuple(
            m.Option(text, i in right, rationale)
            for i, (text, rationale) in enumerate(zip(texts, rationales, strict=True))
        )
    elif type_ == m.ORDERING:
        common["steps"] = tuple(draw(_distinct(3, 5)))
    else:
        n = draw(st.integers(3, 7))
        prompts, matches = draw(_distinct(n, n)), draw(_distinct(n, n))
        common["pairs"] = tuple(m.Pair(p, q) for p, q in zip(prompts, matches, strict=True))
    return m.Question(**common)


@st.composite
def banks(draw) -> m.Bank:
    """Valid banks in the form the parser produces: questions grouped by topic in topic order, domains inherited."""
    n_domains = draw(st.integers(0, 4))
    if n_domains:
        cuts = sorted(
            draw(st.lists(st.integers(1, 99), min_size=n_domains - 1, max_size=n_domains - 1, unique=True))
        )
        weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        if draw(st.booleans()):
            weights = [w - 0.5 for w in weights[:-1]] + [weights[-1] + 0.5 * (n_domains - 1)]
        domains = tuple(m.Domain(i, draw(line_text), w) for i, w in enumerate(weights, 1))
        numbers = [None, *range(1, n_domains + 1)]
    else:
        domains, numbers = (), [None]
    topics = tuple(m.Topic(title, draw(st.sampled_from(numbers))) for title in draw(_distinct(1, 3)))
    qs = []
    for key in draw(st.lists(keys, min_size=1, max_size=6, unique=True)):
        topic = draw(st.sampled_from(topics))
        # with domains, every question has one: its own or its topic's; a bank without domains has none
        own = [n for n in numbers if n is not None] if domains else [None]
        domain = (
            topic.domain if topic.domain is not None and draw(st.booleans()) else draw(st.sampled_from(own))
        )
        type_ = draw(st.sampled_from(m.QUESTION_TYPES))
        if type_ == m.CASE_STUDY:
            parts = []
            for i in range(draw(st.integers(2, 4))):
                part_domain = domain if draw(st.booleans()) else draw(st.sampled_from(own))
                part_type = draw(st.sampled_from(m.PART_TYPES))
                parts.append(draw(questions(f"{key}-p{i}", part_type, part_domain, topic.title)))
            explanation = draw(st.one_of(st.just(""), stems))
            qs.append(
                m.Question(
                    key=key,
                    type=type_,
                    stem=draw(stems),
                    topic=topic.title,
                    domain=domain,
                    difficulty=draw(st.sampled_from(m.DIFFICULTIES)),
                    explanation=explanation,
                    parts=tuple(parts),
                )
            )
        else:
            qs.append(draw(questions(key, type_, domain, topic.title)))
    order = {t.title: i for i, t in enumerate(topics)}
    qs.sort(key=lambda q: order[q.topic])
    return m.Bank(
        slug=draw(keys),
        title=draw(line_text),
        exam=draw(st.one_of(st.just(""), line_text)),
        description=draw(st.one_of(st.just(""), stems)),
        domains=domains,
        topics=topics,
        questions=tuple(qs),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banks())
def test_parse_of_write_is_the_same_bank(bank):
    text = bankfile.write(bank)
    assert bankfile.validate_text(text, "p.md") == []
    assert bankfile.merge([bankfile.parse_text(text, "p.md")]) == bank
