"""The bank file format (docs/bank-format.md): parse, validate, merge and write. Plain Python, no Django.

    parse_text(text, source) -> BankFile      one file (raises the first BankFormatError)
    validate_text(text, source) / validate_file(path) -> list[BankFormatError]   every error cheaply found
    merge(files) -> Bank                       the files of one bank (same slug)
    parse_files(paths) -> Bank                 read + parse + merge
    parse_banks(paths) -> list[Bank]           files grouped by slug
    write(bank) -> str                         one file; merge([parse_text(write(bank))]) == bank

Every problem is a `BankFormatError` naming `FILE:LINE` and saying what was expected and what was found.
Run `python -m content.formats.bankfile FILE...` to check files from the shell.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from content.model import (
    CASE_STUDY,
    DIFFICULTIES,
    MATCHING,
    MULTIPLE,
    ORDERING,
    PART_TYPES,
    QUESTION_TYPES,
    SINGLE,
    Bank,
    BankFormatError,
    Domain,
    Option,
    Pair,
    Question,
    Topic,
)

KEY_RE = re.compile(r"^[a-z0-9-]{3,80}$")
SLUG_RE = re.compile(r"^[a-z0-9-]+$")
FIELD_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)$")
HEADING_RE = re.compile(r"^(#{1,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
OPTION_RE = re.compile(r"^[-*]\s+\[([ xX])\]\s+(.*\S)\s*$")
STEP_RE = re.compile(r"^(\d+)[.)]\s+(.*\S)\s*$")
PAIR_RE = re.compile(r"^[-*]\s+(.*?)\s*=>\s*(.*?)\s*$")
ITEM_RE = re.compile(r"^[-*]\s+(.*\S)\s*$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
LABELS = ("Options:", "Steps:", "Pairs:", "Explanation:", "References:")
QUESTION_FIELDS = ("type", "domain", "difficulty", "choose", "tags", "concepts")
FRONT_KEYS = ("slug", "title", "exam", "description", "domains")
# The section each type needs (a case study has none of its own: its parts do).
SECTION_FOR = {SINGLE: "Options", MULTIPLE: "Options", ORDERING: "Steps", MATCHING: "Pairs", CASE_STUDY: None}

Rows = list[tuple[int, str]]  # (line number, line) pairs of a block's body


@dataclass(frozen=True)
class BankFile:
    """One parsed file: its slug, the other front matter keys it gives, and its topics and questions.

    `meta` holds only the keys present in the file (title, exam, description, domains), so that `merge` can tell
    "not given here" from "given differently"; `meta_lines` says where each was given, for conflict errors.
    """

    source: str
    slug: str
    meta: dict = field(default_factory=dict)
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()
    meta_lines: dict = field(default_factory=dict, compare=False)


# --- Reading one file ---------------------------------------------------------------------------------------


@dataclass
class _Block:
    level: int  # 1 topic, 2 question, 3 case-study part
    title: str
    line: int
    body: Rows = field(default_factory=list)


def parse_text(text: str, source: str = "<string>") -> BankFile:
    """Parse one file; raise the first `BankFormatError`."""
    return _parse(text, source, errors=None)


def validate_text(text: str, source: str = "<string>") -> list[BankFormatError]:
    """Every error of one file that is cheap to find: one per broken question; a structural error stops."""
    errors: list[BankFormatError] = []
    try:
        _parse(text, source, errors=errors)
    except BankFormatError as error:
        errors.append(error)
    return sorted(errors, key=lambda e: e.line)


def _lines(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _parse(text: str, source: str, errors: list[BankFormatError] | None) -> BankFile:
    lines = _lines(text)
    meta, meta_lines, body_start = _front_matter(lines, source)
    blocks = _blocks(lines, body_start, source)
    declared = {d.number for d in meta.get("domains", ())}
    topics: list[Topic] = []
    questions: list[Question] = []
    seen: dict[str, int] = {}
    topic: Topic | None = None
    topic_ok = True  # questions under a broken topic are skipped (their errors would only repeat its error)
    case: dict | None = None  # the open case study: its question, parts and how many part headings it had
    skip_parts = False  # after a broken `##` question its `###` parts are skipped

    def fail(error: BankFormatError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    def close_case() -> None:
        nonlocal case
        if case is None:
            return
        question, parts, headings = case["question"], case["parts"], case["headings"]
        case = None
        if headings < 2:
            fail(
                BankFormatError(
                    source,
                    question.source_lines[0],
                    f"expected 2 or more parts ('### id' headings) in case study '{question.key}', "
                    f"found {headings}",
                )
            )
            return
        questions.append(replace(question, parts=tuple(parts)))

    for block in blocks:
        if block.level == 1:
            close_case()
            skip_parts = False
            try:
                topic = _topic(block, source, declared, topics)
                topic_ok = True
            except BankFormatError as error:
                fail(error)
                topic, topic_ok = Topic(title=block.title, line=block.line), False
            topics.append(topic)
            continue
        if topic is None:
            raise BankFormatError(
                source,
                block.line,
                f"expected a topic heading ('# Title') before the first question, "
                f"found '{'#' * block.level} {block.title[:40]}'",
            )
        if not topic_ok:
            continue
        if block.level == 2:
            close_case()
            skip_parts = False
            try:
                _check_key(block.title, block.line, source, seen)
                question = _question(block, source, topic, declared, None)
            except BankFormatError as error:
                fail(error)
                skip_parts = True
                continue
            if question.type == CASE_STUDY:
                # parts that fail still count as headings, so one broken part gives one error, not two
                case = {"question": question, "parts": [], "headings": 0}
            else:
                questions.append(question)
            continue
        # a `###` part
        if skip_parts:
            continue
        try:
            if case is None:
                raise BankFormatError(
                    source,
                    block.line,
                    f"expected '### {block.title[:40]}' only inside a case_study question, "
                    "found it outside one",
                )
            case["headings"] += 1
            _check_key(block.title, block.line, source, seen)
            case["parts"].append(_question(block, source, topic, declared, case["question"]))
        except BankFormatError as error:
            fail(error)
    close_case()
    return BankFile(
        source=source,
        slug=meta.pop("slug"),
        meta=meta,
        topics=tuple(topics),
        questions=tuple(questions),
        meta_lines=meta_lines,
    )


def _front_matter(lines: list[str], source: str) -> tuple[dict, dict, int]:
    """The TOML between the first two `+++` lines: (meta, line of each key, index of the first body line)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise BankFormatError(source, 1, "expected front matter starting with '+++', found an empty file")
    if lines[first].strip() != "+++":
        raise BankFormatError(
            source,
            first + 1,
            f"expected front matter starting with '+++', found '{lines[first].strip()[:40]}'",
        )
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "+++"), None)
    if end is None:
        raise BankFormatError(
            source,
            first + 1,
            "expected a closing '+++' line after the front matter, found the end of the file",
        )
    try:
        data = tomllib.loads("\n".join(lines[first + 1 : end]) + "\n")
    except tomllib.TOMLDecodeError as error:
        # tomllib counts lines from the start of the front matter: report the file's line instead
        where = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = first + 1 + int(where.group(1)) if where else end + 1
        what = re.sub(r"\s*\(at [^)]*\)$", "", str(error))
        raise BankFormatError(source, line, f"expected valid TOML front matter, found: {what}") from None

    def key_line(key: str) -> int:
        pattern = re.compile(rf"^\s*(\[\[\s*)?{key}\s*(=|\]\])")
        found = next((i for i in range(first + 1, end) if pattern.match(lines[i])), first)
        return found + 1

    table_lines = [i + 1 for i in range(first + 1, end) if re.match(r"^\s*\[\[\s*domains\s*\]\]", lines[i])]
    unknown = [key for key in data if key not in FRONT_KEYS]
    if unknown:
        raise BankFormatError(
            source,
            key_line(unknown[0]),
            f"expected only the front matter keys {', '.join(FRONT_KEYS)}, found '{unknown[0]}'",
        )
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise BankFormatError(
            source,
            key_line("slug"),
            f'expected slug = "lower-case letters, digits and -", found {"nothing" if slug is None else repr(slug)}',
        )
    meta: dict = {"slug": slug}
    meta_lines = {"slug": key_line("slug")}
    for key in ("title", "exam", "description"):
        if key in data:
            if not isinstance(data[key], str):
                raise BankFormatError(
                    source, key_line(key), f"expected {key} to be a string, found {data[key]!r}"
                )
            meta[key] = data[key].strip()
            meta_lines[key] = key_line(key)
    if "domains" in data:
        meta["domains"] = _domains(data["domains"], source, table_lines or [key_line("domains")])
        meta_lines["domains"] = key_line("domains")
    return meta, meta_lines, end + 1


def _domains(raw, source: str, table_lines: list[int]) -> tuple[Domain, ...]:
    first = table_lines[0]
    if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
        raise BankFormatError(source, first, "expected one or more [[domains]] tables, found something else")
    domains = []
    for index, item in enumerate(raw):
        line = table_lines[index] if index < len(table_lines) else first
        number, name, weight = item.get("number"), item.get("name"), item.get("weight")
        extra = [key for key in item if key not in ("number", "name", "weight")]
        if extra:
            raise BankFormatError(
                source, line, f"expected domain keys number, name, weight, found '{extra[0]}'"
            )
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise BankFormatError(source, line, f"expected a domain number (1, 2, ...), found {number!r}")
        if not isinstance(name, str) or not name.strip():
            raise BankFormatError(source, line, f"expected a name for domain {number}, found {name!r}")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
            raise BankFormatError(
                source, line, f"expected a weight (percent) for domain {number}, found {weight!r}"
            )
        if number in (d.number for d in domains):
            raise BankFormatError(source, line, f"expected each domain number once, found {number} again")
        domains.append(Domain(number=number, name=name.strip(), weight=weight))
    total = sum(d.weight for d in domains)
    if abs(total - 100) > 1e-6:
        raise BankFormatError(source, first, f"expected domain weights adding up to 100, found {total:g}")
    return tuple(domains)


def _fence(line: str, open_fence: str | None) -> str | None:
    """The code fence open after `line` (CommonMark-ish: closed by the same character, at least as long)."""
    match = FENCE_RE.match(line)
    if open_fence is None:
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            return match.group(1)
        return None
    if (
        match
        and match.group(1)[0] == open_fence[0]
        and len(match.group(1)) >= len(open_fence)
        and not match.group(2).strip()
    ):
        return None
    return open_fence


def _blocks(lines: list[str], start: int, source: str) -> list[_Block]:
    """Split the body at `#`, `##` and `###` headings (not those inside fenced code)."""
    blocks: list[_Block] = []
    fence, fence_line = None, 0
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        heading = None if fence else HEADING_RE.match(line)
        was_open = fence
        fence = _fence(line, fence)
        if fence and not was_open:
            fence_line = number
        if heading:
            blocks.append(_Block(len(heading.group(1)), heading.group(2).strip(), number))
        elif blocks:
            blocks[-1].body.append((number, line))
        elif line.strip() and not _is_comment(line):
            raise BankFormatError(
                source, number, f"expected a topic heading ('# Title'), found '{line.strip()[:40]}'"
            )
    if fence:
        raise BankFormatError(
            source,
            fence_line,
            f"expected a closing {fence} for the code block opened here, found the end of the file",
        )
    return blocks


def _is_comment(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")


def _topic(block: _Block, source: str, declared: set[int], topics: list[Topic]) -> Topic:
    if not block.title:
        raise BankFormatError(source, block.line, "expected a topic title after '#', found nothing")
    fields, rest = _fields(block.body, source, ("domain",), strict=False)
    for number, line in rest:
        if line.strip() and not _is_comment(line):
            raise BankFormatError(
                source,
                number,
                f"expected a question heading ('## id') below a topic, found '{line.strip()[:40]}'",
            )
    if any(t.title == block.title for t in topics):
        raise BankFormatError(
            source, block.line, f"expected each topic once in a file, found '# {block.title[:40]}' again"
        )
    domain = _domain_value(fields["domain"], source, declared) if "domain" in fields else None
    return Topic(title=block.title, domain=domain, line=block.line)


def _fields(rows: Rows, source: str, allowed: tuple[str, ...], strict: bool) -> tuple[dict, Rows]:
    """The `key: value` lines right below a heading, up to the first blank line; then the rest of the body.

    In a question (strict) every line of that first paragraph must be a field; below a topic a line that is not
    a field ends the fields (and is then reported as stray topic text).
    """
    fields: dict[str, tuple[str, int]] = {}
    i = 0
    while i < len(rows) and not rows[i][1].strip():
        i += 1
    while i < len(rows) and rows[i][1].strip():
        number, line = rows[i]
        stripped = line.strip()
        if _is_comment(line):
            i += 1
            continue
        if stripped in LABELS:
            break
        match = FIELD_RE.match(stripped)
        if not match:
            if not strict:
                break
            raise BankFormatError(
                source,
                number,
                f"expected a field line 'key: value', found '{stripped[:40]}'",
            )
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in allowed:
            raise BankFormatError(source, number, f"expected a field {', '.join(allowed)}, found '{key}'")
        if key in fields:
            raise BankFormatError(source, number, f"expected the field '{key}' once, found it again")
        if not value:
            raise BankFormatError(source, number, f"expected a value after '{key}:', found nothing")
        fields[key] = (value, number)
        i += 1
    return fields, rows[i:]


def _domain_value(value_line: tuple[str, int], source: str, declared: set[int]) -> int:
    value, number = value_line
    if not value.isdigit():
        raise BankFormatError(source, number, f"expected a domain number, found '{value}'")
    domain = int(value)
    if declared and domain not in declared:
        raise BankFormatError(
            source,
            number,
            f"expected a domain from the front matter ({', '.join(map(str, sorted(declared)))}), found {domain}",
        )
    return domain


def _check_key(key: str, line: int, source: str, seen: dict[str, int]) -> None:
    if not KEY_RE.match(key):
        raise BankFormatError(
            source, line, f"expected an id of 3-80 lower-case letters, digits and '-', found '{key[:80]}'"
        )
    if key in seen:
        raise BankFormatError(
            source, line, f"expected unique question ids, found '{key}' again (first at line {seen[key]})"
        )
    seen[key] = line


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _trim(rows: Rows) -> str:
    """Markdown kept verbatim but for the blank lines around it."""
    text = [line for _, line in rows]
    while text and not text[0].strip():
        text.pop(0)
    while text and not text[-1].strip():
        text.pop()
    return "\n".join(text)


def _sections(rows: Rows, source: str) -> tuple[Rows, dict[str, tuple[int, Rows]]]:
    """Split a question body into its stem and its labelled sections (labels inside code fences don't count)."""
    stem: Rows = []
    sections: dict[str, tuple[int, Rows]] = {}
    current = stem
    fence = None
    for number, line in rows:
        if not fence and line.rstrip() in LABELS:
            label = line.rstrip()[:-1]
            if label in sections:
                raise BankFormatError(
                    source,
                    number,
                    f"expected one '{label}:' section, found a second (the first at line {sections[label][0]})",
                )
            sections[label] = (number, [])
            current = sections[label][1]
            continue
        fence = _fence(line, fence)
        current.append((number, line))
    return stem, sections


def _question(
    block: _Block, source: str, topic: Topic, declared: set[int], case: Question | None
) -> Question:
    heading = f"{'#' * block.level} {block.title}"
    fields, rest = _fields(block.body, source, QUESTION_FIELDS, strict=True)
    if "type" not in fields:
        raise BankFormatError(source, block.line, f"expected a 'type:' field below '{heading}', found none")
    qtype, type_line = fields["type"]
    allowed_types = PART_TYPES if case is not None else QUESTION_TYPES
    if qtype not in allowed_types:
        where = "for a case-study part " if case is not None else ""
        raise BankFormatError(
            source, type_line, f"expected type {where}{' | '.join(allowed_types)}, found '{qtype}'"
        )
    difficulty, difficulty_line = fields.get("difficulty", ("medium", 0))
    if difficulty not in DIFFICULTIES:
        raise BankFormatError(
            source, difficulty_line, f"expected difficulty {' | '.join(DIFFICULTIES)}, found '{difficulty}'"
        )
    if "choose" in fields and qtype != MULTIPLE:
        raise BankFormatError(
            source,
            fields["choose"][1],
            f"expected 'choose:' only on multiple questions, found it on a {qtype} one",
        )
    if "domain" in fields:
        domain = _domain_value(fields["domain"], source, declared)
    else:
        domain = case.domain if case is not None else topic.domain
    if domain is None and declared:
        raise BankFormatError(
            source, block.line, f"expected a 'domain:' field on '{heading}' or on its topic, found none"
        )

    stem_rows, sections = _sections(rest, source)
    stem = _trim(stem_rows)
    if not stem:
        where = next(iter(sections.values()))[0] if sections else block.line
        raise BankFormatError(
            source, where, f"expected the question text after the fields of '{heading}', found none"
        )
    wanted = SECTION_FOR[qtype]
    for label in ("Options", "Steps", "Pairs"):
        if label in sections and label != wanted:
            why = " (its parts have them)" if qtype == CASE_STUDY else ""
            raise BankFormatError(
                source, sections[label][0], f"expected no '{label}:' in a {qtype} question{why}, found one"
            )
    if wanted and wanted not in sections:
        raise BankFormatError(
            source, block.line, f"expected a '{wanted}:' section in {qtype} question '{heading}', found none"
        )
    explanation = _trim(sections["Explanation"][1]) if "Explanation" in sections else ""
    if not explanation and qtype != CASE_STUDY:
        where = sections["Explanation"][0] if "Explanation" in sections else block.line
        raise BankFormatError(
            source, where, f"expected an 'Explanation:' section with text in '{heading}', found none"
        )

    options: tuple[Option, ...] = ()
    steps: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    if wanted == "Options":
        line, rows = sections["Options"]
        options = _options(rows, source, line)
        _check_options(qtype, options, fields, source, line)
    elif wanted == "Steps":
        steps = _steps(*reversed(sections["Steps"]), source)
    elif wanted == "Pairs":
        pairs = _pairs(*reversed(sections["Pairs"]), source)

    return Question(
        key=block.title,
        type=qtype,
        stem=stem,
        topic=topic.title,
        domain=domain,
        difficulty=difficulty,
        tags=_split_list(fields["tags"][0]) if "tags" in fields else (),
        concepts=_split_list(fields["concepts"][0]) if "concepts" in fields else (),
        options=options,
        steps=steps,
        pairs=pairs,
        explanation=explanation,
        references=_references(sections.get("References"), source),
        source=source,
        source_lines=(block.line,),
    )


def _options(rows: Rows, source: str, label_line: int) -> tuple[Option, ...]:
    """`- [x] text` lines, each followed by its rationale: the indented lines below it (blank lines between)."""
    items: list[tuple[str, bool, Rows]] = []
    pending_blank: Rows = []
    for number, line in rows:
        if not line.strip():
            pending_blank.append((number, line))
            continue
        match = OPTION_RE.match(line)
        if match:
            items.append((match.group(2).strip(), match.group(1) in "xX", []))
        elif line[:1] in (" ", "\t") and items:
            items[-1][2].extend(pending_blank)
            items[-1][2].append((number, line))
        elif _is_comment(line):
            pass
        else:
            raise BankFormatError(
                source,
                number,
                "expected an option '- [x] text' or '- [ ] text' (its rationale indented below it), "
                f"found '{line.strip()[:40]}'",
            )
        pending_blank = []
    if not items:
        raise BankFormatError(
            source, label_line, "expected options '- [x] text' / '- [ ] text' under 'Options:', found none"
        )
    return tuple(Option(text=text, correct=correct, rationale=_dedent(rows)) for text, correct, rows in items)


def _dedent(rows: Rows) -> str:
    lines = [line.expandtabs(4) for _, line in rows]
    cut = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return _trim([(0, line[cut:] if line.strip() else "") for line in lines])


def _check_options(qtype: str, options: tuple[Option, ...], fields: dict, source: str, line: int) -> None:
    seen: set[str] = set()
    for option in options:
        if option.text.casefold() in seen:
            raise BankFormatError(
                source, line, f"expected distinct options, found '{option.text[:40]}' twice"
            )
        seen.add(option.text.casefold())
    right = sum(o.correct for o in options)
    if qtype == SINGLE:
        if len(options) < 3:
            raise BankFormatError(
                source, line, f"expected 3 or more options for a single question, found {len(options)}"
            )
        if right != 1:
            raise BankFormatError(
                source, line, f"expected exactly one [x] option for a single question, found {right}"
            )
        return
    if len(options) < 4:
        raise BankFormatError(
            source, line, f"expected 4 or more options for a multiple question, found {len(options)}"
        )
    if right < 2:
        raise BankFormatError(
            source, line, f"expected 2 or more [x] options for a multiple question, found {right}"
        )
    if right == len(options):
        raise BankFormatError(
            source, line, f"expected at least one wrong '[ ]' option, found all {right} options marked [x]"
        )
    if "choose" in fields:
        value, number = fields["choose"]
        if not value.isdigit() or int(value) != right:
            raise BankFormatError(
                source, number, f"expected choose: {right} (the number of [x] options), found '{value}'"
            )


def _steps(rows: Rows, label_line: int, source: str) -> tuple[str, ...]:
    steps: list[str] = []
    for number, line in rows:
        if not line.strip() or _is_comment(line):
            continue
        match = STEP_RE.match(line.strip())
        if not match:
            raise BankFormatError(
                source,
                number,
                f"expected a numbered step '{len(steps) + 1}. text', found '{line.strip()[:40]}'",
            )
        if int(match.group(1)) != len(steps) + 1:
            raise BankFormatError(
                source, number, f"expected step {len(steps) + 1}, found step {match.group(1)}"
            )
        if match.group(2).casefold() in (s.casefold() for s in steps):
            raise BankFormatError(
                source, number, f"expected distinct steps, found '{match.group(2)[:40]}' twice"
            )
        steps.append(match.group(2))
    if not 3 <= len(steps) <= 5:
        raise BankFormatError(source, label_line, f"expected 3 to 5 steps, found {len(steps)}")
    return tuple(steps)


def _pairs(rows: Rows, label_line: int, source: str) -> tuple[Pair, ...]:
    pairs: list[Pair] = []
    for number, line in rows:
        if not line.strip() or _is_comment(line):
            continue
        match = PAIR_RE.match(line.strip())
        if not match or not match.group(1) or not match.group(2):
            raise BankFormatError(
                source, number, f"expected a pair '- prompt => match', found '{line.strip()[:40]}'"
            )
        pair = Pair(prompt=match.group(1), match=match.group(2))
        for attr, what in (("prompt", "prompts"), ("match", "matches")):
            value = getattr(pair, attr)
            if value.casefold() in (getattr(p, attr).casefold() for p in pairs):
                raise BankFormatError(source, number, f"expected distinct {what}, found '{value[:40]}' twice")
        pairs.append(pair)
    if not 3 <= len(pairs) <= 7:
        raise BankFormatError(source, label_line, f"expected 3 to 7 pairs, found {len(pairs)}")
    return tuple(pairs)


def _references(section: tuple[int, Rows] | None, source: str) -> tuple[str, ...]:
    if section is None:
        return ()
    refs = []
    for number, line in section[1]:
        if not line.strip() or _is_comment(line):
            continue
        match = ITEM_RE.match(line.strip())
        if not match:
            raise BankFormatError(
                source,
                number,
                f"expected only '- URL or text' lines under 'References:', found '{line.strip()[:40]}'",
            )
        refs.append(match.group(1))
    return tuple(refs)


# --- Merging the files of a bank ----------------------------------------------------------------------------


def merge(files: Iterable[BankFile]) -> Bank:
    """One Bank from the files of one slug; the checks that need every file (ids, metadata, domains)."""
    files = list(files)
    if not files:
        raise ValueError("merge() needs at least one file")
    slug = files[0].slug
    meta: dict = {}
    origin: dict[str, str] = {}
    topics: dict[str, tuple[Topic, str]] = {}
    questions: list[Question] = []
    keys: dict[str, Question] = {}
    for f in files:
        if f.slug != slug:
            raise BankFormatError(
                f.source,
                f.meta_lines.get("slug", 1),
                f"expected slug '{slug}' (as in {files[0].source}), found '{f.slug}'",
            )
        for key, value in f.meta.items():
            if key in meta and meta[key] != value:
                if key == "domains":
                    expected, found = f"the [[domains]] of {origin[key]}", "different ones"
                else:
                    expected, found = f"{key} = {meta[key]!r} as in {origin[key]}", repr(value)
                raise BankFormatError(
                    f.source, f.meta_lines.get(key, 1), f"expected {expected}, found {found}"
                )
            if key not in meta:
                meta[key] = value
                origin[key] = f"{f.source}:{f.meta_lines.get(key, 1)}"
        for topic in f.topics:
            known = topics.get(topic.title)
            if known is not None and known[0].domain != topic.domain:
                raise BankFormatError(
                    f.source,
                    topic.line,
                    f"expected topic '{topic.title}' to have domain {known[0].domain} as in {known[1]}, "
                    f"found {topic.domain}",
                )
            topics.setdefault(topic.title, (topic, f.source))
        for question in f.questions:
            for q in (question, *question.parts):
                if q.key in keys:
                    first = keys[q.key]
                    raise BankFormatError(
                        q.source,
                        q.source_lines[0],
                        f"expected unique question ids, found '{q.key}' again "
                        f"(first at {first.source}:{first.source_lines[0]})",
                    )
                keys[q.key] = q
            questions.append(question)
    if "title" not in meta:
        raise BankFormatError(
            files[0].source,
            files[0].meta_lines.get("slug", 1),
            'expected title = "..." in the front matter of at least one file of the bank, found none',
        )
    _check_domains(meta.get("domains", ()), [t for t in topics.values()], questions)
    return Bank(
        slug=slug,
        title=meta["title"],
        exam=meta.get("exam", ""),
        description=meta.get("description", ""),
        domains=meta.get("domains", ()),
        topics=tuple(t for t, _ in topics.values()),
        questions=tuple(questions),
    )


def _check_domains(
    domains: tuple[Domain, ...], topics: list[tuple[Topic, str]], questions: list[Question]
) -> None:
    """A file without [[domains]] is only checked here, against the domains another file of the bank gives."""
    numbers = {d.number for d in domains}
    expected = f"a domain from the front matter ({', '.join(map(str, sorted(numbers))) or 'none declared'})"
    for topic, source in topics:
        if topic.domain is not None and topic.domain not in numbers:
            raise BankFormatError(source, topic.line, f"expected {expected}, found {topic.domain}")
    for question in questions:
        for q in (question, *question.parts):
            if q.domain is not None and q.domain not in numbers:
                raise BankFormatError(
                    q.source, q.source_lines[0], f"expected {expected} for '{q.key}', found {q.domain}"
                )
            if q.domain is None and numbers:
                raise BankFormatError(
                    q.source, q.source_lines[0], f"expected a 'domain:' on '{q.key}' or its topic, found none"
                )


def read_file(path: str | Path, errors: list[BankFormatError] | None = None) -> BankFile:
    """Read and parse one file; with `errors`, collect per-question errors there instead of raising them."""
    path_str = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BankFormatError(path_str, 1, f"expected a readable file, found: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BankFormatError(path_str, line, "expected UTF-8 text, found bytes that are not UTF-8") from None
    return _parse(text, path_str, errors)


def parse_files(paths: Iterable[str | Path]) -> Bank:
    """The files of one bank, merged."""
    return merge(read_file(p) for p in paths)


def parse_banks(paths: Iterable[str | Path]) -> list[Bank]:
    """Files grouped by slug (in the order each slug first appears), one merged Bank per slug."""
    groups: dict[str, list[BankFile]] = {}
    for path in paths:
        parsed = read_file(path)
        groups.setdefault(parsed.slug, []).append(parsed)
    return [merge(files) for files in groups.values()]


def validate_file(path: str | Path) -> list[BankFormatError]:
    """Every error of one file that is cheap to find (see `validate_text`), plus an unreadable file."""
    errors: list[BankFormatError] = []
    try:
        read_file(path, errors)
    except BankFormatError as error:
        errors.append(error)
    return sorted(errors, key=lambda e: e.line)


# --- Writing ------------------------------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_number(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))  # 28.0 from the database reads back as 28, which compares equal
    return repr(float(value))


def write(bank: Bank) -> str:
    """The bank as one file: front matter, then each topic in order with its questions (parts as `###`)."""
    out = ["+++", f"slug = {_toml_string(bank.slug)}", f"title = {_toml_string(bank.title)}"]
    if bank.exam:
        out.append(f"exam = {_toml_string(bank.exam)}")
    if bank.description:
        out.append(f"description = {_toml_string(bank.description)}")
    for d in bank.domains:
        out += [
            "",
            "[[domains]]",
            f"number = {d.number}",
            f"name = {_toml_string(d.name)}",
            f"weight = {_toml_number(d.weight)}",
        ]
    out += ["+++", ""]
    topics = list(bank.topics)
    titles = {t.title for t in topics}
    for q in bank.questions:
        if q.topic not in titles:  # a bank built in code may leave its topics implicit
            topics.append(Topic(title=q.topic))
            titles.add(q.topic)
    for topic in topics:
        out.append(f"# {topic.title}")
        if topic.domain is not None:
            out.append(f"domain: {topic.domain}")
        out.append("")
        for q in bank.questions:
            if q.topic == topic.title:
                out += _write_question(q, 2, topic.domain)
    return "\n".join(out).rstrip("\n") + "\n"


def _write_question(q: Question, level: int, inherited: int | None) -> list[str]:
    out = [f"{'#' * level} {q.key}", f"type: {q.type}"]
    if q.domain is not None and q.domain != inherited:
        out.append(f"domain: {q.domain}")
    out.append(f"difficulty: {q.difficulty}")
    if q.tags:
        out.append(f"tags: {', '.join(q.tags)}")
    if q.concepts:
        out.append(f"concepts: {', '.join(q.concepts)}")
    out += ["", q.stem, ""]
    if q.options:
        out.append("Options:")
        for option in q.options:
            out.append(f"- [{'x' if option.correct else ' '}] {option.text}")
            if option.rationale:
                out += [f"  {line}" if line.strip() else "" for line in option.rationale.split("\n")]
        out.append("")
    if q.steps:
        out += ["Steps:", *(f"{i}. {step}" for i, step in enumerate(q.steps, 1)), ""]
    if q.pairs:
        out += ["Pairs:", *(f"- {p.prompt} => {p.match}" for p in q.pairs), ""]
    if q.explanation:
        out += ["Explanation:", q.explanation, ""]
    if q.references:
        out += ["References:", *(f"- {r}" for r in q.references), ""]
    for part in q.parts:
        out += _write_question(part, 3, q.domain)
    return out


# --- Command line -------------------------------------------------------------------------------------------


def describe(questions: Iterable[Question]) -> str:
    """Scored questions (case-study parts, not their cases) by type and by domain, for the CLI."""
    counts = dict.fromkeys(QUESTION_TYPES, 0)
    parts = 0
    by_domain: dict[int | None, int] = {}
    for question in questions:
        if question.type == CASE_STUDY:
            counts[CASE_STUDY] += 1
            parts += len(question.parts)
        for scored in question.parts or (question,):
            counts[scored.type] += 1 if scored.type != CASE_STUDY else 0
            by_domain[scored.domain] = by_domain.get(scored.domain, 0) + 1
    kinds = ", ".join(f"{t} {counts[t]}" for t in PART_TYPES)
    domains = dict(sorted(by_domain.items(), key=lambda item: (item[0] is None, item[0] or 0)))
    return (
        f"OK, {sum(by_domain.values())} questions ({kinds}, case_study {counts[CASE_STUDY]} with {parts} parts), "
        f"domains {domains}"
    )


def main(argv: list[str] | None = None) -> int:
    """Check files: each file's errors, then the checks across the files of one bank (same slug)."""
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m content.formats.bankfile FILE...", file=sys.stderr)
        return 2
    status = 0
    groups: dict[str, list[BankFile]] = {}
    for path in paths:
        errors: list[BankFormatError] = []
        try:
            parsed = read_file(path, errors)
        except BankFormatError as error:
            errors.append(error)
        if errors:
            for error in sorted(errors, key=lambda e: e.line):
                print(error, file=sys.stderr)
            status = 1
            continue
        groups.setdefault(parsed.slug, []).append(parsed)
    for files in groups.values():
        try:
            merge(files)
        except BankFormatError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        for f in files:
            print(f"{f.source}: {describe(f.questions)}")
    return status


if __name__ == "__main__":
    sys.exit(main())


_BANK_TYPE_LINE = re.compile(r"^type:\s*(single|multiple|ordering|matching|case_study)\s*$", re.MULTILINE)
_SLUG_KEY = re.compile(r"^\s*slug\s*=", re.MULTILINE)


def looks_like_bank_file(text: str) -> bool:
    """Whether text is meant as a bank file (so that an upload of one is never read as notes).

    A bank file opens with `+++` front matter and either names its slug there or has a question's `type:` line.
    Notes with TOML front matter of another kind (a Hugo page, say) have neither.
    """
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("+++"):
        return False
    return bool(_SLUG_KEY.search(text[:20_000]) or _BANK_TYPE_LINE.search(text))
