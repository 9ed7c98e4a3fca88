"""The bank file format: parsing every type, clear errors with lines, merging, and write/parse round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content import bankfile
from content import model as m
from tests import builders

DOC = Path(__file__).resolve().parents[2] / "docs" / "bank-format.md"
FRONT = """+++
slug = "t"
title = "T"
[[domains]]
number = 1
name = "One"
weight = 100
+++
"""


def _parse(body: str) -> m.Bank:
    return bankfile.merge([bankfile.parse_text(FRONT + body, "t.md")])


def test_the_documented_example_parses():
    example = re.search(r"```markdown\n(.*?)```\n", DOC.read_text(), re.S).group(1)
    bank = bankfile.merge([bankfile.parse_text(example, "example.md")])
    assert bank.slug == "mla-c01-sample" and len(bank.domains) == 4
    (q,) = bank.questions
    assert q.key == "input-mode-large-dataset" and q.type == "single" and q.domain == 1
    assert q.tags == ("sagemaker", "training", "input-modes")
    assert [o.text for o in q.options if o.correct] == ["Fast File mode"]
    assert q.options[2].rationale.startswith("Streams data through a FIFO pipe")
    assert q.references == (
        "https://docs.aws.amazon.com/sagemaker/latest/dg/model-access-training-data.html",
    )
    assert q.stem.endswith("Which input mode meets these requirements?")
    assert q.source_lines == (example.splitlines().index("## input-mode-large-dataset") + 1,)


def test_every_type_round_trips_through_the_writer():
    bank = builders.sample_bank()
    text = bankfile.write(bank)
    assert bankfile.merge([bankfile.parse_text(text, "x.md")]) == bank


def test_case_study_parts_inherit_domain_and_topic():
    bank = _parse(
        """# Cases
domain: 1

## big-case
type: case_study

A scenario in two sentences. It has constraints.

### big-case-a
type: ordering

Order these.

Steps:
1. One
2. Two
3. Three

Explanation:
Because.

### big-case-b
type: matching

Match these.

Pairs:
- A => 1
- B => 2
- C => 3

Explanation:
Because.
"""
    )
    (case,) = bank.questions
    assert case.type == "case_study" and [p.key for p in case.parts] == ["big-case-a", "big-case-b"]
    assert all(p.domain == 1 and p.topic == "Cases" for p in case.parts)
    assert case.parts[0].steps == ("One", "Two", "Three")
    assert case.parts[1].pairs[2] == m.Pair("C", "3")


def test_fenced_code_can_hold_structure_like_lines():
    bank = _parse(
        """# T
domain: 1

## code-q
type: single

What does this print?

```
## not-a-heading
Options:
```

Options:
- [x] A
  Because `x`.
- [ ] B
- [ ] C

Explanation:
Fine.
"""
    )
    assert "## not-a-heading" in bank.questions[0].stem and "Options:" in bank.questions[0].stem


def test_bom_and_crlf_are_accepted():
    text = "\ufeff" + (
        FRONT
        + "# T\ndomain: 1\n\n## q-1\ntype: single\n\nQ?\n\nOptions:\n- [x] a\n- [ ] b\n- [ ] c\n\nExplanation:\nE.\n"
    ).replace("\n", "\r\n")
    bank = bankfile.merge([bankfile.parse_text(text, "crlf.md")])
    assert bank.questions[0].stem == "Q?" and bank.questions[0].explanation == "E."


GOOD_Q = """## q-one
type: single

Question?

Options:
- [x] Right
- [ ] Wrong
- [ ] Other

Explanation:
Why.
"""


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("type: single", "type: sorting"),
            13,
            "expected type single | multiple | ordering | matching | case_study, found 'sorting'",
        ),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("type: single", "tpye single"),
            13,
            "expected a 'type:' field",
        ),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("- [ ] Wrong", "- [x] Wrong"),
            17,
            "expected exactly one [x] option for a single question, found 2",
        ),
        ("# T\ndomain: 1\n\n" + GOOD_Q.replace("- [ ] Other\n", ""), 17, "expected 3 or more options"),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("Explanation:\nWhy.\n", ""),
            12,
            "expected an 'Explanation:' section",
        ),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("- [ ] Other", "- [ ] right"),
            17,
            "expected distinct options, found 'Right' twice",
        ),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("type: single", "type: single\ndifficulty: brutal"),
            14,
            "expected difficulty easy | medium | hard, found 'brutal'",
        ),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("type: single", "type: single\ndomain: 7"),
            14,
            "expected a domain from the front matter (1), found 7",
        ),
        ("# T\ndomain: 1\n\n" + GOOD_Q.replace("## q-one", "## Q One!"), 12, "expected a question id"),
        ("# T\ndomain: 1\n\n" + GOOD_Q + "\n" + GOOD_Q, 25, "found 'q-one' again (first at line 12)"),
        ("# T\n\n" + GOOD_Q, 11, "expected a 'domain:' field"),
        (GOOD_Q, 9, "expected a topic heading ('# Title') before the first question"),
        ("stray text\n# T\n", 9, "expected a topic heading ('# Title'), found 'stray text'"),
        (
            "# T\ndomain: 1\n\n" + GOOD_Q.replace("- [ ] Other", "* Other"),
            20,
            "expected an option '- [x] text'",
        ),
        (
            "# T\ndomain: 1\n\n## ord-q\ntype: ordering\n\nOrder.\n\nSteps:\n1. a\n3. b\n\nExplanation:\nE.\n",
            19,
            "expected step 2, found step 3",
        ),
        (
            "# T\ndomain: 1\n\n## ord-q\ntype: ordering\n\nOrder.\n\nSteps:\n1. a\n2. b\n\nExplanation:\nE.\n",
            17,
            "expected 3 to 5 steps, found 2",
        ),
        (
            "# T\ndomain: 1\n\n## mat-q\ntype: matching\n\nMatch.\n\nPairs:\n- a => 1\n- b => 1\n- c => 3\n\nExplanation:\nE.\n",
            17,
            "expected distinct matches",
        ),
        (
            "# T\ndomain: 1\n\n## mat-q\ntype: matching\n\nMatch.\n\nPairs:\n- a -> 1\n\nExplanation:\nE.\n",
            18,
            "expected a pair '- prompt => match'",
        ),
        (
            "# T\ndomain: 1\n\n## mul-q\ntype: multiple\nchoose: 3\n\nPick. (Choose TWO.)\n\nOptions:\n- [x] a\n- [x] b\n- [ ] c\n- [ ] d\n\nExplanation:\nE.\n",
            14,
            "expected choose: 2 (the number of [x] options), found '3'",
        ),
        (
            "# T\ndomain: 1\n\n## mul-q\ntype: multiple\n\nPick.\n\nOptions:\n- [x] a\n- [x] b\n- [x] c\n- [x] d\n\nExplanation:\nE.\n",
            17,
            "expected at least one wrong",
        ),
        (
            "# T\ndomain: 1\n\n## case-q\ntype: case_study\n\nScenario.\n\n### case-q-a\ntype: case_study\n\nX.\n",
            18,
            "expected type single | multiple | ordering | matching, found 'case_study'",
        ),
        ("# T\ndomain: 1\n\n## case-q\ntype: case_study\n\nScenario.\n", 12, "expected 2 or more parts"),
    ],
)
def test_errors_name_the_line_and_say_what_was_expected(body, line, message):
    with pytest.raises(m.BankFormatError) as info:
        _parse(body)
    assert info.value.source == "t.md"
    assert message in info.value.message
    assert info.value.line == line, str(info.value)
    assert str(info.value).startswith(f"t.md:{line}: ")


def test_front_matter_errors():
    with pytest.raises(m.BankFormatError, match=r"x.md:1: expected front matter starting with '\+\+\+'"):
        bankfile.parse_text("# T\n", "x.md")
    with pytest.raises(m.BankFormatError, match=r"x.md:2: expected valid TOML"):
        bankfile.parse_text('+++\nslug = "a"\ntitle = \n+++\n', "x.md")
    with pytest.raises(m.BankFormatError, match="expected slug"):
        bankfile.parse_text('+++\nslug = "Bad Slug"\n+++\n', "x.md")
    with pytest.raises(m.BankFormatError, match="weights to add up to 100, found 60"):
        bankfile.parse_text(
            '+++\nslug = "a"\n[[domains]]\nnumber = 1\nname = "x"\nweight = 60\n+++\n', "x.md"
        )
    with pytest.raises(m.BankFormatError, match="closing"):
        bankfile.parse_text('+++\nslug = "a"\n', "x.md")


def test_files_with_one_slug_merge_and_conflicts_are_refused(tmp_path):
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    a.write_text(FRONT + "# T\ndomain: 1\n\n" + GOOD_Q)
    b.write_text('+++\nslug = "t"\n+++\n# U\ndomain: 1\n\n' + GOOD_Q.replace("q-one", "q-two"))
    bank = bankfile.parse_files([a, b])
    assert [q.key for q in bank.questions] == ["q-one", "q-two"]
    assert [t.title for t in bank.topics] == ["T", "U"]
    b.write_text('+++\nslug = "t"\n+++\n# U\ndomain: 1\n\n' + GOOD_Q)
    with pytest.raises(m.BankFormatError, match=r"b.md:7: .*'q-one' again \(first in .*a.md:12\)"):
        bankfile.parse_files([a, b])
    b.write_text('+++\nslug = "t"\ntitle = "Other"\n+++\n')
    with pytest.raises(m.BankFormatError, match="expected title to match"):
        bankfile.parse_files([a, b])
    (tmp_path / "c.md").write_bytes(b"+++\n\xff\xfe\n")
    with pytest.raises(m.BankFormatError, match="c.md:2: expected UTF-8"):
        bankfile.parse_files([tmp_path / "c.md"])


def test_parse_banks_groups_files_by_slug(tmp_path):
    a = tmp_path / "a.md"
    b = tmp_path / "b.md"
    a.write_text(FRONT + "# T\ndomain: 1\n\n" + GOOD_Q)
    b.write_text(FRONT.replace('slug = "t"', 'slug = "u"') + "# T\ndomain: 1\n\n" + GOOD_Q)
    assert [bank.slug for bank in bankfile.parse_banks([a, b])] == ["t", "u"]


def test_cli_reports_ok_and_errors(tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text(bankfile.write(builders.sample_bank()))
    assert bankfile.main([str(good)]) == 0
    assert (
        "OK, 6 questions (single 3, multiple 1, ordering 1, matching 1, case_study 1 with 2 parts)"
        in capsys.readouterr().out
    )
    bad = tmp_path / "bad.md"
    bad.write_text(good.read_text().replace("type: matching", "type: match"))
    assert bankfile.main([str(bad)]) == 1
    assert f"{bad}:" in capsys.readouterr().err


# --- Property: write then parse gives the same bank ---------------------------------------------------------

words = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=8
)
line_text = st.lists(words, min_size=1, max_size=6).map(" ".join)
keys = st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True)
paragraphs = st.lists(line_text, min_size=1, max_size=3).map(lambda ls: "\n\n".join(ls))


@st.composite
def questions(draw, key: str, type_: str, domain: int, topic: str) -> m.Question:
    common = {"key": key, "type": type_, "stem": draw(paragraphs), "topic": topic, "domain": domain}
    common["difficulty"] = draw(st.sampled_from(m.DIFFICULTIES))
    common["tags"] = tuple(draw(st.lists(keys, max_size=3, unique=True)))
    common["explanation"] = draw(paragraphs)
    common["references"] = tuple(draw(st.lists(line_text, max_size=2)))
    if type_ in ("single", "multiple"):
        texts = draw(st.lists(line_text, min_size=5, max_size=6, unique_by=str.casefold))
        right = {0} if type_ == "single" else set(range(draw(st.integers(2, len(texts) - 1))))
        rationales = draw(
            st.lists(st.one_of(st.just(""), paragraphs), min_size=len(texts), max_size=len(texts))
        )
        common["options"] = tuple(
            m.Option(t, i in right, r) for i, (t, r) in enumerate(zip(texts, rationales, strict=True))
        )
    elif type_ == "ordering":
        common["steps"] = tuple(draw(st.lists(line_text, min_size=3, max_size=5, unique_by=str.casefold)))
    else:
        n = draw(st.integers(3, 7))
        prompts = draw(st.lists(line_text, min_size=n, max_size=n, unique_by=str.casefold))
        matches = draw(st.lists(line_text, min_size=n, max_size=n, unique_by=str.casefold))
        common["pairs"] = tuple(m.Pair(p, q) for p, q in zip(prompts, matches, strict=True))
    return m.Question(**common)


@st.composite
def banks(draw) -> m.Bank:
    domains = (m.Domain(1, "One", 60), m.Domain(2, "Two", 40))
    topic_titles = draw(st.lists(line_text, min_size=1, max_size=3, unique=True))
    topics = tuple(m.Topic(t, draw(st.sampled_from([1, 2]))) for t in topic_titles)
    all_keys = draw(st.lists(keys, min_size=1, max_size=6, unique=True))
    qs = []
    for key in all_keys:
        topic = draw(st.sampled_from(topics))
        type_ = draw(st.sampled_from(m.QUESTION_TYPES))
        domain = draw(st.sampled_from([1, 2]))
        if type_ == "case_study":
            parts = tuple(
                draw(
                    questions(
                        f"{key}-p{i}",
                        draw(st.sampled_from(m.PART_TYPES)),
                        draw(st.sampled_from([domain, 1, 2])),
                        topic.title,
                    )
                )
                for i in range(draw(st.integers(2, 3)))
            )
            qs.append(
                m.Question(
                    key=key, type=type_, stem=draw(paragraphs), topic=topic.title, domain=domain, parts=parts
                )
            )
        else:
            qs.append(draw(questions(key, type_, domain, topic.title)))
    # The canonical form (what parse produces): questions grouped by topic, in topic order.
    order = {t.title: i for i, t in enumerate(topics)}
    qs.sort(key=lambda q: order[q.topic])
    return m.Bank(
        slug="prop",
        title=draw(line_text),
        exam=draw(st.one_of(st.just(""), line_text)),
        description=draw(st.one_of(st.just(""), line_text)),
        domains=domains,
        topics=topics,
        questions=tuple(qs),
    )


@settings(max_examples=150, deadline=None)
@given(banks())
def test_parse_of_write_is_the_same_bank(bank):
    assert bankfile.merge([bankfile.parse_text(bankfile.write(bank), "p.md")]) == bank
