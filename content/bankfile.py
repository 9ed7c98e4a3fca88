"""The bank file format (docs/bank-format.md): parse, validate, merge and write. Plain Python, no Django.

    parse_text(text, source) -> BankFile      one file
    merge(files) -> Bank                       the files of one bank (same slug)
    parse_files(paths) -> Bank                 read + parse + merge
    parse_banks(paths) -> list[Bank]           files grouped by slug
    write(bank) -> str                         one file; parse(write(bank)) == bank

Every problem is a `BankFormatError` naming `FILE:LINE` and saying what was expected and what was found.
Run `python -m content.bankfile FILE...` to check files from the shell.
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

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,78}[a-z0-9]$|^[a-z0-9]$")
FIELD_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(.*)$")
HEADING_RE = re.compile(r"^(#{1,3})\s+(.*?)\s*#*\s*$")
OPTION_RE = re.compile(r"^[-*]\s+\[([ xX])\]\s+(.*\S)\s*$")
STEP_RE = re.compile(r"^(\d+)[.)]\s+(.*\S)\s*$")
PAIR_RE = re.compile(r"^[-*]\s+(.*?)\s*=>\s*(.*?)\s*$")
ITEM_RE = re.compile(r"^[-*]\s+(.*\S)\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
LABELS = ("Options:", "Steps:", "Pairs:", "Explanation:", "References:")
QUESTION_FIELDS = ("type", "domain", "difficulty", "choose", "tags", "concepts")
FRONT_KEYS = ("slug", "title", "exam", "description", "domains")
CHOOSE_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE"}


@dataclass(frozen=True)
class BankFile:
    """One parsed file: its front matter (only the keys it gives) and its topics and questions."""

    source: str
    slug: str
    meta: dict = field(default_factory=dict)
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()


# --- Reading ------------------------------------------------------------------------------------------------


@dataclass
class _Block:
    level: int  # 1 topic, 2 question, 3 case-study part
    title: str
    line: int
    body: list[tuple[int, str]] = field(default_factory=list)


def _lines(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def parse_text(text: str, source: str = "<string>") -> BankFile:
    lines = _lines(text)
    meta, body_start = _front_matter(lines, source)
    blocks = _blocks(lines, body_start, source)
    topics: list[Topic] = []
    questions: list[Question] = []
    seen: dict[str, int] = {}
    domains = {d.number for d in meta.get("domains", ())}
    topic: Topic | None = None
    case: dict | None = None

    def finish_case() -> None:
        nonlocal case
        if case is not None:
            q = case["question"]
            if len(case["parts"]) < 2:
                raise BankFormatError(
                    source,
                    case["line"],
                    f"expected 2 or more parts (### id) in case study '{q.key}', found {len(case['parts'])}",
                )
            questions.append(replace(q, parts=tuple(case["parts"])))
            case = None

    for block in blocks:
        if block.level == 1:
            finish_case()
            fields, rest = _fields(block.body, source, allowed=("domain",))
            _only_blank(rest, source, "topic text (put text in a question)")
            domain = _domain_value(fields, source, domains, block.line) if "domain" in fields else None
            if not block.title:
                raise BankFormatError(source, block.line, "expected a topic title after '#', found nothing")
            topic = Topic(title=block.title, domain=domain, line=block.line)
            if any(t.title == topic.title for t in topics):
                raise BankFormatError(
                    source, block.line, f"expected each topic once in a file, found '{topic.title}' again"
                )
            topics.append(topic)
            continue
        if topic is None:
            raise BankFormatError(
                source, block.line, "expected a topic heading ('# Title') before the first question"
            )
        _check_key(block.title, block.line, source, seen)
        if block.level == 2:
            finish_case()
            question = _question(block, source, topic, domains, None)
            if question.type == CASE_STUDY:
                case = {"question": question, "parts": [], "line": block.line}
            else:
                questions.append(question)
        else:
            if case is None:
                raise BankFormatError(
                    source,
                    block.line,
                    f"expected '### {block.title}' inside a case_study question, found it after a non-case question",
                )
            case["parts"].append(_question(block, source, topic, domains, case["question"]))
    finish_case()
    slug = meta.pop("slug")
    return BankFile(source=source, slug=slug, meta=meta, topics=tuple(topics), questions=tuple(questions))


def _front_matter(lines: list[str], source: str) -> tuple[dict, int]:
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
        data = tomllib.loads("\n".join(lines[first + 1 : end]))
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+)", str(error))
        line = first + 1 + (int(where.group(1)) if where else 1)
        raise BankFormatError(
            source, line, f"expected valid TOML front matter, found an error: {error}"
        ) from None
    unknown = sorted(set(data) - set(FRONT_KEYS))
    if unknown:
        raise BankFormatError(
            source, first + 2, f"expected front matter keys {', '.join(FRONT_KEYS)}, found '{unknown[0]}'"
        )
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise BankFormatError(
            source, first + 2, f'expected slug = "lower-case-letters-digits-and-dashes", found {slug!r}'
        )
    meta: dict = {"slug": slug}
    for key in ("title", "exam", "description"):
        if key in data:
            if not isinstance(data[key], str):
                raise BankFormatError(
                    source, first + 2, f"expected {key} to be a string, found {type(data[key]).__name__}"
                )
            meta[key] = data[key].strip()
    if "domains" in data:
        meta["domains"] = _domains(data["domains"], source, first + 2)
    return meta, end + 1


def _domains(raw, source: str, line: int) -> tuple[Domain, ...]:
    if not isinstance(raw, list) or not raw:
        raise BankFormatError(source, line, "expected one or more [[domains]] tables, found something else")
    domains = []
    for item in raw:
        number, name, weight = item.get("number"), item.get("name"), item.get("weight", 0)
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise BankFormatError(
                source, line, f"expected each domain to have a whole number >= 1, found {number!r}"
            )
        if not isinstance(name, str) or not name.strip():
            raise BankFormatError(source, line, f"expected domain {number} to have a name, found {name!r}")
        if not isinstance(weight, int | float) or isinstance(weight, bool) or weight < 0:
            raise BankFormatError(
                source, line, f"expected domain {number} weight to be a percentage, found {weight!r}"
            )
        extra = sorted(set(item) - {"number", "name", "weight"})
        if extra:
            raise BankFormatError(
                source, line, f"expected domain keys number, name, weight, found '{extra[0]}'"
            )
        domains.append(Domain(number=number, name=name.strip(), weight=weight))
    numbers = [d.number for d in domains]
    if len(set(numbers)) != len(numbers):
        raise BankFormatError(source, line, f"expected each domain number once, found {numbers}")
    total = sum(d.weight for d in domains)
    if any(d.weight for d in domains) and abs(total - 100) > 0.01:
        raise BankFormatError(source, line, f"expected domain weights to add up to 100, found {total:g}")
    return tuple(domains)


def _blocks(lines: list[str], start: int, source: str) -> list[_Block]:
    blocks: list[_Block] = []
    fenced = False
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        if FENCE_RE.match(line):
            fenced = not fenced
        heading = None if fenced else HEADING_RE.match(line)
        if heading:
            blocks.append(_Block(len(heading.group(1)), heading.group(2).strip(), number))
        elif blocks:
            blocks[-1].body.append((number, line))
        elif line.strip() and not _is_comment(line):
            raise BankFormatError(
                source, number, f"expected a topic heading ('# Title'), found '{line.strip()[:40]}'"
            )
    return blocks


def _is_comment(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")


def _only_blank(rows: list[tuple[int, str]], source: str, what: str) -> None:
    for number, line in rows:
        if line.strip() and not _is_comment(line):
            raise BankFormatError(
                source, number, f"expected a question heading ('## id'), found {what}: '{line.strip()[:40]}'"
            )


def _fields(rows: list[tuple[int, str]], source: str, allowed: tuple[str, ...]) -> tuple[dict, list]:
    """`key: value` lines right below a heading (blank lines before them allowed), then the rest."""
    fields: dict[str, tuple[str, int]] = {}
    i = 0
    while i < len(rows) and not rows[i][1].strip():
        i += 1
    while i < len(rows) and rows[i][1].strip():
        number, line = rows[i]
        if line.strip() in LABELS:
            break
        match = FIELD_RE.match(line.strip())
        if not match:
            if not fields:
                break
            raise BankFormatError(
                source,
                number,
                f"expected a field line 'key: value' or a blank line, found '{line.strip()[:40]}'",
            )
        key, value = match.group(1).lower(), match.group(2).strip()
        if key not in allowed:
            if not fields and key not in QUESTION_FIELDS:
                break  # the stem starts with something that merely looks like a field
            raise BankFormatError(
                source, number, f"expected one of the fields {', '.join(allowed)}, found '{key}'"
            )
        if key in fields:
            raise BankFormatError(source, number, f"expected the field '{key}' once, found it again")
        if not value:
            raise BankFormatError(source, number, f"expected a value for '{key}', found nothing")
        fields[key] = (value, number)
        i += 1
    return fields, rows[i:]


def _domain_value(fields: dict, source: str, domains: set[int], line: int) -> int:
    value, number = fields["domain"]
    if not value.isdigit():
        raise BankFormatError(source, number, f"expected a domain number, found '{value}'")
    domain = int(value)
    if domains and domain not in domains:
        raise BankFormatError(
            source,
            number,
            f"expected a domain from the front matter ({', '.join(map(str, sorted(domains)))}), found {domain}",
        )
    return domain


def _check_key(key: str, line: int, source: str, seen: dict[str, int]) -> None:
    if not KEY_RE.match(key):
        raise BankFormatError(
            source,
            line,
            f"expected a question id of 3-80 lower-case letters, digits and '-', found '{key[:40]}'",
        )
    if key in seen:
        raise BankFormatError(
            source, line, f"expected unique question ids, found '{key}' again (first at line {seen[key]})"
        )
    seen[key] = line


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


def _trim(rows: list[tuple[int, str]]) -> str:
    text = [line.rstrip() for _, line in rows]
    while text and not text[0].strip():
        text.pop(0)
    while text and not text[-1].strip():
        text.pop()
    return "\n".join(text)


def _sections(rows: list[tuple[int, str]], source: str) -> tuple[list, dict[str, tuple[int, list]]]:
    """Split a question body into its stem and its labelled sections (labels inside code fences don't count)."""
    stem: list = []
    sections: dict[str, tuple[int, list]] = {}
    current = stem
    fenced = False
    for number, line in rows:
        if FENCE_RE.match(line):
            fenced = not fenced
        if not fenced and line.strip() in LABELS and line == line.lstrip():
            label = line.strip()[:-1]
            if label in sections:
                raise BankFormatError(source, number, f"expected one '{label}:' section, found a second")
            sections[label] = (number, [])
            current = sections[label][1]
            continue
        current.append((number, line))
    return stem, sections


def _question(block: _Block, source: str, topic: Topic, domains: set[int], case: Question | None) -> Question:
    fields, rest = _fields(block.body, source, allowed=QUESTION_FIELDS)
    if "type" not in fields:
        raise BankFormatError(
            source,
            block.line + 1,
            f"expected a 'type:' field below '{'#' * block.level} {block.title}', found none",
        )
    qtype, type_line = fields["type"]
    allowed_types = PART_TYPES if case is not None else QUESTION_TYPES
    if qtype not in allowed_types:
        raise BankFormatError(
            source, type_line, f"expected type {' | '.join(allowed_types)}, found '{qtype}'"
        )
    difficulty = fields.get("difficulty", ("medium", 0))
    if difficulty[0] not in DIFFICULTIES:
        raise BankFormatError(
            source, difficulty[1], f"expected difficulty {' | '.join(DIFFICULTIES)}, found '{difficulty[0]}'"
        )
    if "domain" in fields:
        domain = _domain_value(fields, source, domains, block.line)
    elif case is not None:
        domain = case.domain
    else:
        domain = topic.domain
    if domain is None and domains:
        raise BankFormatError(
            source, block.line, f"expected a 'domain:' field on '{block.title}' or its topic, found none"
        )

    stem_rows, sections = _sections(rest, source)
    stem = _trim(stem_rows)
    if not stem:
        raise BankFormatError(
            source, block.line, f"expected a question text below the fields of '{block.title}', found none"
        )
    explanation = _trim(sections["Explanation"][1]) if "Explanation" in sections else ""
    if not explanation and qtype != CASE_STUDY:
        raise BankFormatError(
            source, block.line, f"expected an 'Explanation:' section in '{block.title}', found none"
        )
    references = _references(sections.get("References"), source)

    wanted = {SINGLE: "Options", MULTIPLE: "Options", ORDERING: "Steps", MATCHING: "Pairs", CASE_STUDY: None}[
        qtype
    ]
    for label in ("Options", "Steps", "Pairs"):
        if label in sections and label != wanted:
            raise BankFormatError(
                source, sections[label][0], f"expected no '{label}:' section in a {qtype} question, found one"
            )
    if wanted and wanted not in sections:
        raise BankFormatError(
            source,
            block.line,
            f"expected a '{wanted}:' section in {qtype} question '{block.title}', found none",
        )

    options: tuple[Option, ...] = ()
    steps: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    if wanted == "Options":
        line, rows = sections["Options"]
        options = _options(rows, source, line)
        _check_options(qtype, options, fields, source, line, block)
    elif wanted == "Steps":
        line, rows = sections["Steps"]
        steps = _steps(rows, source, line)
    elif wanted == "Pairs":
        line, rows = sections["Pairs"]
        pairs = _pairs(rows, source, line)

    return Question(
        key=block.title,
        type=qtype,
        stem=stem,
        topic=topic.title,
        domain=domain,
        difficulty=difficulty[0],
        tags=_split_list(fields["tags"][0]) if "tags" in fields else (),
        concepts=_split_list(fields["concepts"][0]) if "concepts" in fields else (),
        options=options,
        steps=steps,
        pairs=pairs,
        explanation=explanation,
        references=references,
        source=source,
        source_lines=(block.line,),
    )


def _options(rows: list[tuple[int, str]], source: str, label_line: int) -> tuple[Option, ...]:
    items: list[dict] = []
    pending_blank: list[tuple[int, str]] = []
    for number, line in rows:
        if not line.strip():
            pending_blank.append((number, line))
            continue
        match = OPTION_RE.match(line)
        if match:
            items.append({"text": match.group(2).strip(), "correct": match.group(1) in "xX", "rationale": []})
            pending_blank = []
        elif line[:1] in (" ", "\t") and items:
            items[-1]["rationale"].extend(pending_blank)
            items[-1]["rationale"].append((number, line))
            pending_blank = []
        elif _is_comment(line):
            continue
        else:
            raise BankFormatError(
                source,
                number,
                f"expected an option '- [x] text' or '- [ ] text', found '{line.strip()[:40]}'",
            )
    if not items:
        raise BankFormatError(
            source, label_line, "expected options '- [x] text' / '- [ ] text' under 'Options:', found none"
        )
    return tuple(
        Option(text=i["text"], correct=i["correct"], rationale=_dedent(i["rationale"])) for i in items
    )


def _dedent(rows: list[tuple[int, str]]) -> str:
    lines = [line for _, line in rows]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    text = [line[cut:].rstrip() for line in lines]
    while text and not text[-1]:
        text.pop()
    return "\n".join(text)


def _check_options(qtype, options, fields, source, line, block) -> None:
    texts = [o.text.casefold() for o in options]
    duplicate = next((o.text for o in options if texts.count(o.text.casefold()) > 1), None)
    if duplicate:
        raise BankFormatError(source, line, f"expected distinct options, found '{duplicate[:40]}' twice")
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
        if "choose" in fields:
            raise BankFormatError(
                source,
                fields["choose"][1],
                "expected 'choose:' only on multiple questions, found it on a single question",
            )
    else:
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
                source, line, "expected at least one wrong '[ ]' option, found every option marked [x]"
            )
        if "choose" in fields:
            value, number = fields["choose"]
            if not value.isdigit() or int(value) != right:
                raise BankFormatError(
                    source, number, f"expected choose: {right} (the number of [x] options), found '{value}'"
                )


def _steps(rows: list[tuple[int, str]], source: str, label_line: int) -> tuple[str, ...]:
    steps = []
    for number, line in rows:
        if not line.strip() or _is_comment(line):
            continue
        match = STEP_RE.match(line.strip())
        if not match:
            raise BankFormatError(
                source, number, f"expected a numbered step '1. text', found '{line.strip()[:40]}'"
            )
        if int(match.group(1)) != len(steps) + 1:
            raise BankFormatError(
                source, number, f"expected step {len(steps) + 1}, found step {match.group(1)}"
            )
        steps.append(match.group(2).strip())
    if not 3 <= len(steps) <= 5:
        raise BankFormatError(source, label_line, f"expected 3 to 5 steps, found {len(steps)}")
    if len({s.casefold() for s in steps}) != len(steps):
        raise BankFormatError(source, label_line, "expected distinct steps, found the same step twice")
    return tuple(steps)


def _pairs(rows: list[tuple[int, str]], source: str, label_line: int) -> tuple[Pair, ...]:
    pairs = []
    for number, line in rows:
        if not line.strip() or _is_comment(line):
            continue
        match = PAIR_RE.match(line.strip())
        if not match or not match.group(1) or not match.group(2):
            raise BankFormatError(
                source, number, f"expected a pair '- prompt => match', found '{line.strip()[:40]}'"
            )
        pairs.append(Pair(prompt=match.group(1), match=match.group(2)))
    if not 3 <= len(pairs) <= 7:
        raise BankFormatError(source, label_line, f"expected 3 to 7 pairs, found {len(pairs)}")
    for attr, what in (("prompt", "prompts"), ("match", "matches")):
        values = [getattr(p, attr).casefold() for p in pairs]
        if len(set(values)) != len(values):
            raise BankFormatError(source, label_line, f"expected distinct {what}, found one twice")
    return tuple(pairs)


def _references(section, source: str) -> tuple[str, ...]:
    if section is None:
        return ()
    refs = []
    for number, line in section[1]:
        if not line.strip() or _is_comment(line):
            continue
        match = ITEM_RE.match(line.strip())
        if not match:
            raise BankFormatError(
                source, number, f"expected a reference '- URL or text', found '{line.strip()[:40]}'"
            )
        refs.append(match.group(1))
    return tuple(refs)


# --- Merging ------------------------------------------------------------------------------------------------


def merge(files: Iterable[BankFile]) -> Bank:
    files = list(files)
    if not files:
        raise ValueError("merge() needs at least one file")
    slug = files[0].slug
    meta: dict = {}
    origin: dict[str, str] = {}
    topics: dict[str, Topic] = {}
    questions: list[Question] = []
    keys: dict[str, Question] = {}
    for f in files:
        if f.slug != slug:
            raise BankFormatError(
                f.source, 1, f"expected slug '{slug}' (as in {files[0].source}), found '{f.slug}'"
            )
        for key, value in f.meta.items():
            if key in meta and meta[key] != value:
                raise BankFormatError(
                    f.source, 1, f"expected {key} to match {origin[key]}, found a different value"
                )
            meta.setdefault(key, value)
            origin.setdefault(key, f.source)
        for topic in f.topics:
            known = topics.get(topic.title)
            if known is not None and known.domain != topic.domain:
                raise BankFormatError(
                    f.source,
                    topic.line,
                    f"expected topic '{topic.title}' to keep domain {known.domain}, found {topic.domain}",
                )
            topics.setdefault(topic.title, topic)
        for question in f.questions:
            for q in (question, *question.parts):
                if q.key in keys:
                    first = keys[q.key]
                    raise BankFormatError(
                        f.source,
                        q.source_lines[0],
                        f"expected unique question ids, found '{q.key}' again (first in {first.source}:{first.source_lines[0]})",
                    )
                keys[q.key] = q
            questions.append(question)
    if "title" not in meta:
        raise BankFormatError(
            files[0].source, 1, 'expected title = "..." in the front matter of at least one file, found none'
        )
    return Bank(
        slug=slug,
        title=meta["title"],
        exam=meta.get("exam", ""),
        description=meta.get("description", ""),
        domains=meta.get("domains", ()),
        topics=tuple(topics.values()),
        questions=tuple(questions),
    )


def read_file(path: str | Path) -> BankFile:
    path_str = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BankFormatError(
            path_str, 0, f"expected a readable file, found an error: {error.strerror}"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BankFormatError(path_str, line, "expected UTF-8 text, found bytes that are not UTF-8") from None
    return parse_text(text, source=path_str)


def parse_files(paths: Iterable[str | Path]) -> Bank:
    return merge(read_file(p) for p in paths)


def parse_banks(paths: Iterable[str | Path]) -> list[Bank]:
    groups: dict[str, list[BankFile]] = {}
    for path in paths:
        parsed = read_file(path)
        groups.setdefault(parsed.slug, []).append(parsed)
    return [merge(files) for files in groups.values()]


def validate_file(path: str | Path) -> list[BankFormatError]:
    try:
        read_file(path)
    except BankFormatError as error:
        return [error]
    return []


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
    return str(value) if isinstance(value, int) else repr(float(value))


def write(bank: Bank) -> str:
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
        if q.topic not in titles:
            topics.append(Topic(title=q.topic, domain=q.domain))
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
            out += (
                [f"  {line}" if line else "" for line in option.rationale.split("\n")]
                if option.rationale
                else []
            )
        out.append("")
    if q.steps:
        out += ["Steps:", *(f"{i}. {s}" for i, s in enumerate(q.steps, 1)), ""]
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


def _describe(bank: Bank) -> str:
    """One line for the CLI: scored questions by type (case-study parts counted) and by domain."""
    counts = dict.fromkeys(QUESTION_TYPES, 0)
    parts = 0
    by_domain: dict[int, int] = {}
    for question in bank.questions:
        counts[question.type] += 1
        parts += len(question.parts)
        for scored in question.parts or (question,):
            if question.parts:
                counts[scored.type] += 1
            by_domain[scored.domain or 0] = by_domain.get(scored.domain or 0, 0) + 1
    kinds = ", ".join(f"{t} {counts[t]}" for t in PART_TYPES)
    return (
        f"OK, {sum(by_domain.values())} questions ({kinds}, case_study {counts[CASE_STUDY]} with {parts} parts), "
        f"domains {dict(sorted(by_domain.items()))}"
    )


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m content.bankfile FILE...", file=sys.stderr)
        return 2
    status = 0
    for path in argv:
        try:
            bank = merge([read_file(path)])
        except BankFormatError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        print(f"{path}: {_describe(bank)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
