"""The notes parser proper: `parse_notes(text)` walks the lines, keeps the heading path, and turns definitions,
facts, comparisons and siblings into a `NotesDocument` (see the package docstring for what it understands)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from content.formats.text import TextError, decode_text
from content.gcpause import paused_gc
from content.notes.blocks import _Flashcard, _Table
from content.notes.document import (
    LooseLine,
    NoteConcept,
    NoteFact,
    NoteGroup,
    NotesDocument,
    NotesError,
    NoteTopic,
)
from content.notes.patterns import (
    ABOUT_STUDY_RE,
    ARROW_RE,
    BOLD_DEF_RE,
    BULLET_RE,
    COLON_RE,
    COMMA_RUN_SPLIT_RE,
    DASH_RE,
    DCOLON_RE,
    DEF_LIST_RE,
    EQ_HEADING_RE,
    EQUALS_RE,
    FENCE_RE,
    GLUED_HEADING_RE,
    LIST_DASH_RE,
    LONE_BULLET_RE,
    MD_HEADING_RE,
    MERGE_TAILS,
    ORG_HEADING_RE,
    ORG_META_RE,
    QA_RE,
    QUOTED_DEF_RE,
    RULE_RE,
    RUN_SPLIT_RE,
    SETEXT_RE,
    SMALL_WORDS,
    TABLE_SEP_RE,
    TAG_RE,
    TO_SELF_RE,
    VENDOR_WORDS,
    _clean_inline,
    _is_junk,
    _is_name,
    _is_term,
    _key,
    _looks_like_heading,
    _norm,
    _prose_definition,
    _sentences,
    _short_names,
    _split_alias,
    expansion,
    is_acronym,
)


@dataclass
class _Concept:
    term: str
    aliases: list[str] = field(default_factory=list)
    definition: str = ""
    facts: list[NoteFact] = field(default_factory=list)
    topic: tuple[str, ...] = ()
    lines: list[int] = field(default_factory=list)
    section: bool = False  # named by a section of the notes, not by a definition (see NoteConcept)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.topics: list[NoteTopic] = []
        self.concepts: dict[str, _Concept] = {}
        self.order: list[str] = []
        self.loose: list[LooseLine] = []
        self.comparisons: list[tuple[str, tuple[str, ...], int, list[str]]] = []  # title, topic, line, keys
        self.md_path: list[tuple[int, str]] = []  # (level, title)
        self.plain: list[tuple[float, str]] = []  # (indent, title)
        self.last: _Concept | None = None
        self.last_indent = -1
        self.last_line = -10
        # A name-like heading ("SageMaker Studio") owns the description right below it.
        self.heading_concept: tuple[str, int, float] | None = None
        self.heading_section = False  # the heading names a section ("Network Configuration in …"), not a term
        # Every name a concept may be called by (see `_short_names`) -> the keys of the concepts it names.
        self.names: dict[str, set[str]] = {}
        # Flattened bullet outlines: a title-like bullet ("- Data Processing", "- Training job requires") waits
        # for the bullets below it, which become the facts of a concept of that name.
        self.outline: tuple[str, int, int] | None = None  # title, line, index of its loose entry
        self.outline_concept: _Concept | None = None
        self.outline_room = 0  # how many more bullets it takes: flattened sub-lists are short
        self.heading_titles: list[str] = []  # as written (`Network Configuration in SageMaker Domain`)
        self.parent_bullet = False  # the line being read is a bullet with deeper bullets right below it
        self.outline_nested = False  # the pending outline title had deeper bullets right below it

    # topic bookkeeping
    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.md_path) + tuple(t for _, t in self.plain)

    def _enter(self, title: str, line: int, indent: float = 0) -> None:
        self.topics.append(NoteTopic(self.path, line))
        self.heading_titles.append(title)
        self.outline, self.outline_concept = None, None
        if re.search(r"\bvs\.?\b|\bversus\b", title, re.I):
            self.comparisons.append((title, self.path, line, []))
        self.last = None
        name = _split_alias(title)[0]
        # `Network Configuration in SageMaker Domain`: the words before "in" name what the section describes.
        head = re.match(r"^(.{3,40}?)\s+(?:in|of)\s+\S", name)
        section = False
        if head and _is_name(head.group(1)):
            name = title = head.group(1)
            section = True
        # `SageMaker AI is the “heart” of the exam`: a heading that says something about a concept defined above.
        about = re.match(r"^(.{2,40}?)\s+(?:is|are)\s+\S", name)
        if about and _key(about.group(1)) in self.concepts:
            name = title = self.concepts[_key(about.group(1))].term
        words = name.split()
        # A short name, or a service's long name under a marked heading (`** Amazon Managed Service for Apache Flink`).
        name_like = _is_term(name) and (
            (len(words) <= 4 and not any(w.casefold() in SMALL_WORDS for w in words))
            or (
                indent == math.inf
                and re.match(r"(?:Amazon|AWS|SageMaker)\s", name) is not None
                and _is_name(name)
            )
        )
        self.heading_concept = (title, line, indent) if name_like else None
        self.heading_section = section

    def md_heading(self, level: int, title: str, line: int) -> None:
        self.md_path = [(lv, t) for lv, t in self.md_path if lv < level] + [(level, title)]
        self.plain = []
        # The text under a marked heading may be indented (org-mode indents it under its stars).
        self._enter(title, line, indent=math.inf)

    def plain_heading(self, title: str, indent: float, line: int) -> None:
        # A heading ending with ':' (or a comparison) sits below a plain title at the same indentation.
        leaf = title.endswith(":") or re.search(r"\bvs\.?\s|\bversus\b", title, re.I)
        effective = indent + (0.5 if leaf else 0)
        title = title.rstrip(":").strip()
        self.plain = [(i, t) for i, t in self.plain if i < effective] + [(effective, title)]
        self._enter(title, line, indent)

    # concepts
    def define(self, term: str, definition: str, line: int, indent: int) -> _Concept | None:
        """Define (or add to) a concept; the concept, or None when the term cleans down to nothing."""
        term = _norm(_clean_inline(term)).strip('"“” ')
        name, aliases, qualifier = _split_alias(term)
        definition = _norm(_clean_inline(definition))
        name, spelled, definition = _spelled_out(name, definition.rstrip(" ,;"))
        aliases = [*aliases, *spelled]
        key = _key(name)
        if not key:
            return None
        concept = self.concepts.get(key)
        if concept is None:
            concept = _Concept(term=name, topic=self.path)
            self.concepts[key] = concept
            self.order.append(key)
        for alias in aliases:
            if alias not in concept.aliases:
                concept.aliases.append(alias)
        for name_key in _short_names(concept.term, concept.aliases):
            self.names.setdefault(name_key, set()).add(key)
        if not concept.definition:
            concept.definition = definition
        elif definition and _key(definition) not in _key(concept.definition):
            concept.definition = f"{concept.definition} {definition}"
        texts = [qualifier] if qualifier else []
        texts += _sentences(definition)
        self._add_facts(concept, texts, line)
        concept.lines.append(line)
        if self.comparisons and self.comparisons[-1][1] == self.path and key not in self.comparisons[-1][3]:
            self.comparisons[-1][3].append(key)
        self.last, self.last_indent, self.last_line = concept, indent, line
        return concept

    def _add_facts(self, concept: _Concept, texts: list[str], line: int) -> None:
        known = {_key(f.text) for f in concept.facts}
        for text in texts:
            if text and _key(text) and _key(text) not in known:
                concept.facts.append(NoteFact(text, line))
                known.add(_key(text))

    def fact(self, text: str, line: int) -> None:
        assert self.last is not None
        text = _norm(_clean_inline(text))
        self._add_facts(self.last, _sentences(text), line)
        if self.last.definition and len(self.last.definition) < 400:
            self.last.definition = f"{self.last.definition} {text}".strip()
        elif not self.last.definition:
            self.last.definition = text
        self.last.lines.append(line)
        self.last_line = line

    def loose_line(self, text: str, line: int, reason: str) -> None:
        self.loose.append(LooseLine(line, text.strip(), self.path, reason))

    # one line
    def feed(self, raw: str, number: int, after_blank: bool) -> None:
        cells = raw.strip().split("\t")
        if len(cells) == 2 and all(c.strip() for c in cells) and _is_term(_clean_inline(cells[0].strip())):
            # `Term<TAB>definition`: a flash-card export (Anki, Quizlet) or a two-column paste from a spreadsheet.
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            self.define(cells[0].strip(), cells[1].strip(), number, indent)
            return
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        text = expanded.strip()
        if not text or LONE_BULLET_RE.match(text) or _is_junk(text):
            return
        heading = MD_HEADING_RE.match(text)
        if heading:
            title = _norm(_clean_inline(TAG_RE.sub("", heading.group(2)))).rstrip(":")
            if title:
                self.md_heading(len(heading.group(1)), title, number)
            return
        bullet = BULLET_RE.match(text)
        body = text[bullet.end() :].strip() if bullet else text
        body_indent = indent + (2 if bullet else 0)
        if not body or _is_junk(body):
            return
        glued = GLUED_HEADING_RE.match(body)
        if glued:
            self.feed_text(glued.group(1), number, indent, bool(bullet), after_blank)
            self.plain_heading(glued.group(2) + ":", 0, number)
            return
        self.feed_text(body, number, body_indent, bool(bullet), after_blank)

    def feed_text(self, body: str, number: int, indent: int, bulleted: bool, after_blank: bool) -> None:
        if TO_SELF_RE.match(body):
            self.loose_line(body, number, "a note to self, not a fact")
            return
        if bulleted and ABOUT_STUDY_RE.search(body) and not self._definitions(body):
            self.loose_line(body, number, "about the exam or these notes, not a fact to ask about")
            return
        pieces = self._definitions(body)
        if pieces:
            prefix, defs = pieces
            if prefix:
                self.plain_heading(prefix + ":", indent, number)
            for term, definition in defs:
                self.define(term, definition, number, indent)
            return
        if self._subheading(body, number) or self._labelled_fact(body, number):
            return
        # `- Boto3 (low-level API)`: a name and, in parentheses, what it is (not an abbreviation of it).
        named = re.match(r"^(.{2,40}?)\s*\(([^()]{4,80})\)\s*$", body) if bulleted else None
        if (
            named
            and _is_name(named.group(1))
            and len(named.group(2).split()) >= 2
            and not _split_alias(body)[1]
            # `Communal IDE app (SageMaker Studio public to all users)`: a label the notes gave a use of another
            # concept or product, not a term of its own.
            and self.named_concept(named.group(2)) is None
            and named.group(2).split()[0].casefold() not in VENDOR_WORDS
        ):
            self.define(named.group(1), named.group(2), number, 0)
            return
        if bulleted and (self.outline is not None or _outline_title(body)):
            self._outline(body, number, indent)
            return
        deeper = (
            self.last is not None
            and indent > self.last_indent
            and indent > 0
            and number - self.last_line <= 3
        )
        comparison = re.search(r"\bvs\.?\s|\bversus\b", body, re.I)
        if (
            self.heading_concept is not None
            and self.last is None
            and not body.endswith(":")
            and not comparison
        ):
            title, _, heading_indent = self.heading_concept
            if bulleted or indent <= heading_indent:
                concept = self.define(title, body, number, -1)
                if concept is not None:
                    concept.section = concept.section or self.heading_section
                return
        if not bulleted and not deeper and self._heading_here(body):
            self.plain_heading(body, indent, number)
            return
        # A continuation of the concept above: indented deeper, or prose on the very next line.
        next_line = (
            self.last is not None and not bulleted and not after_blank and number == self.last_line + 1
        )
        if deeper or next_line:
            # A bullet under one concept that names another (`SageMaker Studio should have IAM roles` in a
            # list under Canvas) is a fact of the one it names.
            named = self.named_concept(body) if len(body.split()) >= 3 else None
            if (
                named is not None
                and self.concepts[named[0]] is not self.last
                and self._fact_of_named_concept(body, number)
            ):
                return
            self.fact(body, number)
            return
        if bulleted and self._outline(body, number):
            return
        if self._fact_of_named_concept(body, number):
            return
        self.loose_line(body, number, UNPLACED)

    def _outline(self, body: str, number: int, indent: int = 0) -> bool:
        """A bullet of a flattened outline: a title-like bullet opens a concept of that name (kept as a loose
        line until a bullet below it gives it a fact), and the plain bullets below it are its facts."""
        title = _outline_title(body, parent=self.parent_bullet)
        if title:
            if self.outline is not None:
                # A title right under a title: the first names a section (`- Training` above
                # `- Training job requires`), or repeats a concept already defined.
                pending, line, loose_at = self.outline
                del self.loose[loose_at]
                self.outline = None
                known = self.concepts.get(_key(_split_alias(pending)[0]))
                if known is not None:
                    known.lines.append(line)
                else:
                    self.plain_heading(pending, 0, line)
            known = self.concepts.get(_key(_split_alias(title)[0]))
            if known is not None and self.outline_concept is None and known is not self.last:
                known.lines.append(number)  # `- Training job requires` again, further down
                self.last = None
                return True
            self.loose_line(body, number, "a title with nothing under it")
            self.outline, self.outline_concept = (title, number, len(self.loose) - 1), None
            self.outline_nested = self.parent_bullet
            # The heading above no longer owns what follows (`SageMaker Model Monitor` below it is a heading).
            self.last, self.heading_concept = None, None
            return True
        if self.outline is not None:
            title, line, loose_at = self.outline
            self.outline = None
            del self.loose[loose_at]
            # At the bullets' own depth: the bullets beside this one are not "deeper", they are counted.
            if self.define(title, body, number, indent) is None:  # a title that cleans down to nothing
                return False
            self.last.lines.append(line)
            # A title in a flattened list may name a section of the notes; one with its own nested list is a term.
            self.last.section = not self.outline_nested
            self.outline_concept, self.outline_room = self.last, OUTLINE_ROOM - 1
            return True
        named = self.named_concept(body) if len(body.split()) >= 3 else None
        if named is not None and self.concepts[named[0]] is not self.last:
            return False  # `Studio needs an execution role…`: a fact of the concept it names
        if (
            self.outline_concept is not None
            and self.last is self.outline_concept
            and number - self.last_line <= 2
            and self.outline_room > 0
        ):
            self.outline_room -= 1
            if body.endswith(":"):  # `2 ways:`: a label of the list, not a fact
                self.last.lines.append(number)
                self.last_line = number
            else:
                self.fact(body, number)
            return True
        # `User profile: …` then `- Can create own personal apps`: a bullet that goes on about the concept above.
        first = body.split()[0].casefold() if body.split() else ""
        if self.last is not None and number - self.last_line <= 1 and first in CONTINUATION_VERBS:
            self.fact(body, number)
            return True
        return False

    def _subheading(self, body: str, number: int) -> bool:
        """`Features`, `Troubleshooting:` right under a concept: a list of its facts follows, not a new topic."""
        if body.rstrip(":").strip().casefold() not in SUBHEADINGS:
            return False
        if self.last is None or number - self.last_line > 3:
            return False
        self.last.lines.append(number)
        self.last_line = number
        self.outline, self.outline_concept, self.outline_room = None, self.last, SUBHEADING_ROOM
        return True

    def _labelled_fact(self, body: str, number: int) -> bool:
        """`Features: notebooks, experiment tracking …` right under a concept: a fact of it, with its label."""
        label, colon, rest = body.partition(":")
        if not colon or not rest.strip() or label.strip().casefold() not in SUBHEADINGS:
            return False
        if self.last is None or number - self.last_line > 3:
            return False
        self.fact(body, number)
        return True

    def named_concept(self, text: str) -> tuple[str, str] | None:
        """(concept key, name as written) for the one concept whose name `text` opens with, if exactly one."""
        words = _key(text).split()
        for size in range(min(6, len(words)), 0, -1):
            name = " ".join(words[:size])
            keys = self.names.get(name)
            if keys is not None:
                if len(keys) != 1:
                    # Ambiguous ("SageMaker" for many): better loose than attached to the wrong one.
                    return None
                written = " ".join(re.split(r"\s+", text.strip())[:size]).strip(".,;:!?()\"'")
                return next(iter(keys)), written
        return None

    def _fact_of_named_concept(self, body: str, number: int) -> bool:
        """`Firehose can convert JSON to Parquet`: a sentence about a concept named earlier becomes its fact."""
        if len(body.split()) < 3:
            return False
        found = self.named_concept(body)
        if found is None:
            return False
        key, written = found
        concept = self.concepts[key]
        written_key = _key(written)
        if written_key != _key(concept.term) and written_key not in {_key(a) for a in concept.aliases}:
            # The short name the learner uses is an alias: stems must mask it too, or they give the answer away.
            concept.aliases.append(written)
        text = _norm(_clean_inline(body))
        self._add_facts(concept, _sentences(text), number)
        concept.lines.append(number)
        if self.comparisons and self.comparisons[-1][1] == self.path and key not in self.comparisons[-1][3]:
            self.comparisons[-1][3].append(key)
        return True

    def _heading_here(self, body: str) -> bool:
        if _looks_like_heading(body):
            return True
        # Notes pasted without blank lines: a short line with no sentence punctuation after a full sentence.
        words = body.split()
        return (
            len(words) <= 10
            and (body[0].isupper() or body[0].isdigit())
            and body[-1] not in ".!?,;:)"
            and body.count("(") == body.count(")")
            and not re.search(r"\s[-–—]\s|=|→|->", body)
        )

    def _definitions(self, body: str) -> tuple[str, list[tuple[str, str]]] | None:
        """Definitions in one line or paragraph; with the heading prefix in `Heading: Term = …`, if any."""
        for pattern in (QUOTED_DEF_RE, BOLD_DEF_RE):
            match = pattern.match(body)
            if match and _is_term(match.group(1)) and match.group(2).strip():
                return "", [(match.group(1), match.group(2).strip())]
        match = DCOLON_RE.match(body)
        if match and _is_term(match.group(1)):
            return "", [(match.group(1), match.group(2).strip())]
        prefix = ""
        # `Heading: Term = def` or `Heading: Term: def`: the first part names a sub-topic.
        head = COLON_RE.match(body)
        if head and _is_term(head.group(1)):
            rest = head.group(2).strip()
            if (EQUALS_RE.match(rest) or COLON_RE.match(rest)) and _is_term(
                (EQUALS_RE.match(rest) or COLON_RE.match(rest)).group(1)
            ):
                prefix, body = head.group(1), rest
        chunks = [
            c.strip()
            for part in RUN_SPLIT_RE.split(body)
            for c in COMMA_RUN_SPLIT_RE.split(part)
            if c.strip()
        ]
        found: list[tuple[str, str]] = []
        for chunk in chunks:
            pair = None
            for pattern in (EQUALS_RE, COLON_RE, DASH_RE, ARROW_RE):
                match = pattern.match(chunk)
                if pattern is ARROW_RE and match and not _is_name(match.group(1)):
                    continue  # `URL of S3 bucket for output → model saved to S3`: an arrow that means "leads to"
                if match and _is_term(match.group(1)) and re.search(r"[^\W\d_]{2}", match.group(2)):
                    pair = (match.group(1), match.group(2).strip())
                    break
            if pair is None:
                if not found:
                    listed = LIST_DASH_RE.match(body)
                    if listed and _is_term(listed.group(1)):
                        return "", [(listed.group(1), listed.group(2).strip())]
                    prose = _prose_definition(body)
                    return ("", [prose]) if prose else None
                _add_to_named(found, chunk)
            else:
                found.append(pair)
        if not found:
            return None
        return prefix, found

    def _merge_duplicates(self) -> None:
        """Fold a concept into the longer one of the same section that it only shortens (`Principal Components`
        into `Principal Component Analysis`): one concept, its names all aliases, its facts all kept. Longer
        terms are indexed once by the shorter names they stand for, so this stays linear in the notes."""
        stands_for: dict[tuple[str, ...], list[str]] = {}
        for key in self.order:
            words = key.split()
            for cut in range(len(words) - 1, 0, -1):
                if words[cut] not in MERGE_TAILS:
                    break
                stands_for.setdefault(tuple(_singular(w) for w in words[:cut]), []).append(key)
        merged: dict[str, str] = {}
        for key in self.order:
            concept = self.concepts[key]
            target_key = next(
                (
                    other_key
                    for other_key in stands_for.get(tuple(_singular(w) for w in key.split()), [])
                    if other_key not in merged
                    and (other := self.concepts[other_key]).topic[: len(concept.topic)]
                    == concept.topic[: len(other.topic)]
                ),
                None,
            )
            if target_key is None:
                continue
            target = self.concepts[target_key]
            for alias in [concept.term, *concept.aliases]:
                if alias not in target.aliases:
                    target.aliases.append(alias)
            self._add_facts(target, [f.text for f in concept.facts], concept.lines[0])
            target.lines.extend(concept.lines)
            if not target.definition:
                target.definition = concept.definition
            merged[key] = target_key
        if not merged:
            return
        self.order = [k for k in self.order if k not in merged]
        for key in merged:
            del self.concepts[key]
        for _title, _topic, _line, keys in self.comparisons:
            keys[:] = list(dict.fromkeys(merged.get(k, k) for k in keys))

    def _recover_subjects(self) -> None:
        """Bullets left over because their heading is missing. A run of three or more whose lines keep naming
        one subject (`A domain must be configured…`, `Each domain has one EFS volume`) describes that subject:
        a concept named as the notes name it elsewhere (`SageMaker Domain` in a heading), if they do. A bullet
        or two right below the list of a flattened outline's concept (`Many training options available` under
        `Training job requires` and its list) go on about that concept."""
        unplaced = [i for i, loose in enumerate(self.loose) if loose.reason == UNPLACED]
        runs: list[list[int]] = []
        for i in unplaced:
            if (
                runs
                and self.loose[runs[-1][-1]].line + 1 == self.loose[i].line
                and (self.loose[runs[-1][-1]].topic == self.loose[i].topic)
            ):
                runs[-1].append(i)
            else:
                runs.append([i])
        by_line = {line: c for c in self.concepts.values() for line in c.lines}
        placed: set[int] = set()
        for run in runs:
            entries = [self.loose[i] for i in run]
            subject = _run_subject([e.text for e in entries]) if len(run) >= 3 else ""
            if subject:
                name = self._name_for(subject)
                known = _key(name) in self.concepts
                concept = self.define(name, entries[0].text, entries[0].line, 0)
                if concept is None:
                    continue
                if not known:
                    concept.topic = entries[0].topic
                for entry in entries[1:]:
                    self._add_facts(concept, _sentences(_norm(_clean_inline(entry.text))), entry.line)
                    concept.lines.append(entry.line)
                placed.update(run)
                continue
            above = by_line.get(entries[0].line - 1)
            if above is not None and above.section and len(run) <= 2 and above.topic == entries[0].topic:
                for entry in entries:
                    self._add_facts(above, _sentences(_norm(_clean_inline(entry.text))), entry.line)
                    above.lines.append(entry.line)
                placed.update(run)
        if placed:
            self.loose = [loose for i, loose in enumerate(self.loose) if i not in placed]

    def _name_for(self, word: str) -> str:
        """How the notes name a subject elsewhere: the one heading or term that ends a capitalised name with it
        (`SageMaker Domain` for "domain"), else the word itself. The names are indexed once by their last word."""
        if not hasattr(self, "_names_by_last_word"):
            self._names_by_last_word: dict[str, set[str]] = {}
            for title in [*self.heading_titles, *(c.term for c in self.concepts.values())]:
                for match in CAPITALISED_NAME_RE.finditer(title):
                    name = match.group(0)
                    self._names_by_last_word.setdefault(name.split()[-1].casefold(), set()).add(name)
        found = self._names_by_last_word.get(word.casefold(), set())
        return next(iter(found)) if len(found) == 1 else word[0].upper() + word[1:]

    def document(self) -> NotesDocument:
        self._recover_subjects()
        self._merge_duplicates()
        concepts = [
            NoteConcept(
                term=c.term,
                aliases=tuple(c.aliases),
                definition=c.definition,
                facts=tuple(c.facts),
                topic=c.topic,
                lines=tuple(sorted(set(c.lines))),
                section=c.section,
            )
            for c in (self.concepts[k] for k in self.order)
        ]
        return NotesDocument(self.source, self.topics, concepts, self._groups(concepts), self.loose)

    def _groups(self, concepts: list[NoteConcept]) -> list[NoteGroup]:
        groups: list[NoteGroup] = []
        seen: set[tuple[str, ...]] = set()
        by_key = {_key(c.term): c for c in concepts}
        for title, topic, line, keys in self.comparisons:
            # The sides of `KDS vs Firehose` name concepts that may be defined anywhere in the notes.
            sides = re.split(r"\s+(?:vs\.?|versus)\s+", title.rstrip(":"), flags=re.I)
            named = [self.named_concept(side) for side in sides if len(sides) >= 2]
            keys = list(dict.fromkeys([*keys, *(n[0] for n in named if n is not None)]))
            terms = tuple(by_key[k].term for k in keys if k in by_key)
            if len(terms) >= 2 and terms not in seen:
                seen.add(terms)
                groups.append(NoteGroup(title, terms, topic, line))
        # Siblings under one heading whose names end in the same word: File Mode, Pipe Mode, Fast File Mode.
        by_topic: dict[tuple[str, ...], list[NoteConcept]] = {}
        for concept in concepts:
            by_topic.setdefault(concept.topic, []).append(concept)
        for topic, members in by_topic.items():
            heads: dict[str, list[NoteConcept]] = {}
            for concept in members:
                words = concept.term.split()
                if len(words) >= 2:
                    heads.setdefault(words[-1].casefold(), []).append(concept)
            for _head, same in heads.items():
                terms = tuple(c.term for c in same)
                if len(same) >= 2 and terms not in seen:
                    seen.add(terms)
                    title = " vs ".join(terms)
                    groups.append(NoteGroup(title, terms, topic, min(c.lines[0] for c in same)))
        return groups


UNPLACED = "no definition or heading found"
CAPITALISED_NAME_RE = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*){1,2}\b")  # SageMaker Domain
SUBJECT_RE = re.compile(r"^(?:a|an|each|every|the|one)\s+([a-z][a-z-]{2,})\b", re.I)


def _run_subject(texts: list[str]) -> str:
    """The word that two or more of `texts` open with as their subject (`A domain …`, `Each domain …`)."""
    counts: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        match = SUBJECT_RE.match(text)
        if match:
            word = match.group(1).casefold()
            counts[word] = counts.get(word, 0) + 1
    best = max(counts.items(), key=lambda item: item[1], default=("", 0))
    return best[0] if best[1] >= 2 else ""


OUTLINE_ROOM = 4  # bullets a title-like bullet of a flattened outline takes as its facts
SUBHEADING_ROOM = 12  # bullets a `Features` list under a concept takes
SUBHEADINGS = {"features", "key features", "benefits", "capabilities", "use cases", "pros", "cons", "limitations",
               "key points", "notes", "examples", "options", "security", "pricing"}  # fmt: skip
CONTINUATION_VERBS = {"can", "cannot", "can't", "has", "have", "is", "are", "needs", "supports", "uses", "runs",
                      "stores", "offers", "gives", "must", "requires", "includes", "provides", "lets", "allows",
                      "does", "doesn't", "works", "only", "also", "not", "no"}  # fmt: skip


def _deeper_bullet(raw: str, following: str) -> bool:
    """Whether `following` (the next line, as written) is a bullet indented deeper than `raw`."""
    below = following.expandtabs(4)
    if not BULLET_RE.match(below.strip()):
        return False
    return len(below) - len(below.lstrip()) > len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())


def _outline_title(body: str, parent: bool = False) -> str:
    """The name a title-like bullet gives the bullets below it, or "": `Data Processing`, `Data Preparation (data
    prep)`, `Training job requires` (-> `Training job`), `Shared resources across all users:` (not a name).
    `parent`: the bullet has deeper bullets right below it, so a name in lower case counts too (`Network
    isolation`)."""
    text = body.strip()
    lead = re.match(
        r"^(.{3,50}?)\s+(?:requires|needs|includes|has|offers|supports)\s*:?$", text, re.I
    ) or re.match(r"^(.{3,40}?)\s+(?:across|for|in|of|with|per)\s+[^:]{2,40}:$", text, re.I)
    if lead:
        text = lead.group(1)
    text = text.rstrip(":").strip()
    name = _split_alias(text)[0]
    if not lead and not parent and not _looks_like_heading(name):
        return ""
    words = name.split()
    if not (1 <= len(words) <= 5) or not _is_term(name):
        return ""
    if any(w.casefold() in SMALL_WORDS - {"and", "&"} for w in words):
        return ""
    if (
        not lead
        and not parent
        and not all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in {"and", "&"} for w in words)
    ):
        return ""
    if parent and (text.endswith((".", "!", "?")) or not name[:1].isupper()):
        return ""
    return text


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _spelled_out(name: str, definition: str) -> tuple[str, list[str], str]:
    """`MICE = Multiple Imputation by Chained Equations. Fills…`: the expansion is another name for the term,
    not a fact (as a fact it would spell the answer). Also `Managed Workflows for Apache Airflow = MWAA, runs…`."""
    if is_acronym(name):
        spelled = expansion(name, definition)
        if spelled:
            rest = definition[len(spelled) :].lstrip(" \t.,;:-–—=()")
            return name, [spelled.strip("() ")], rest
        return name, [], definition
    first = re.match(r"\(?([A-Za-z0-9&]{2,8})\)?(?=[\s.,;:]|$)", definition)
    if first and is_acronym(first.group(1)) and expansion(first.group(1), name) == name:
        return name, [first.group(1)], definition[first.end() :].lstrip(" \t.,;:-–—=")
    return name, [], definition


def _decode(text: str | bytes, source: str) -> str:
    try:
        return decode_text(text, source)
    except TextError as error:
        raise NotesError(error.source, error.line, error.message) from None


@paused_gc
def parse_notes(text: str | bytes, *, source: str = "notes") -> NotesDocument:
    lines = _decode(text, source).split("\n")
    parser = _Parser(source)
    start = 0
    # Obsidian/Jekyll front matter is metadata, not notes.
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() == "---"), None)
        if end is not None:
            start = end + 1
    # Emacs org-mode marks headings with stars at the start of a line (`* Topic`, `** Subtopic`); a Markdown file
    # uses `*` only for bullets, so stars are headings only in a file that also has a `** ` line.
    org = any(
        ORG_HEADING_RE.match(line) and line.startswith("**") and not line.rstrip().endswith("**")
        for line in lines
    )
    fenced = False
    after_blank = True
    first = True
    table = _Table(parser)
    flashcard = _Flashcard(parser)
    skip: set[int] = set()  # lines already used by the line above them (heading underlines, definitions)
    for index in range(start, len(lines)):
        raw, number = lines[index], index + 1
        if FENCE_RE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        stripped = raw.strip()
        if not stripped:
            after_blank = True
            flashcard.flush()
            continue
        if stripped.startswith("|") or (table.open and "|" in stripped):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            table.row(stripped, number, header=bool(TABLE_SEP_RE.match(following)) and "-" in following)
            after_blank = first = False
            continue
        table.close()
        qa = QA_RE.match(stripped)
        if qa:
            flashcard.line(qa.group(1)[0].casefold(), qa.group(2).strip(), number)
            after_blank = first = False
            continue
        flashcard.flush()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if index in skip:
            continue
        if RULE_RE.match(stripped):
            after_blank = True  # a horizontal rule separates like a blank line
            continue
        if (
            SETEXT_RE.match(following)
            and len(following) >= 2
            and not BULLET_RE.match(stripped)
            and len(stripped) <= 100
            and not stripped.endswith((".", "!", "?"))
        ):
            # `Title` over `=====` or `-----`: a Markdown (setext) heading of level 1 or 2.
            title = _norm(_clean_inline(stripped)).rstrip(":")
            if title:
                parser.md_heading(1 if following[0] == "=" else 2, title, number)
            skip.add(index + 1)
            after_blank = first = False
            continue
        eq_heading = EQ_HEADING_RE.match(stripped)
        if eq_heading:
            title = _norm(_clean_inline(eq_heading.group(2))).rstrip(":")
            if title:
                parser.md_heading(len(eq_heading.group(1)), title, number)
            after_blank = first = False
            continue
        if (
            DEF_LIST_RE.match(following)
            and not DEF_LIST_RE.match(stripped)
            and _is_term(_clean_inline(stripped))
        ):
            # Pandoc/PHP Markdown Extra definition list: `Term` then `: definition` lines.
            concept = parser.define(stripped, DEF_LIST_RE.match(following).group(1), index + 2, 0)
            if concept is not None:
                concept.lines.insert(0, number)
            skip.add(index + 1)
            after_blank = first = False
            continue
        definition_line = DEF_LIST_RE.match(stripped)
        if definition_line and parser.last is not None and parser.last_line >= number - 2:
            parser.fact(definition_line.group(1), number)  # a further `: definition` of the same term
            after_blank = first = False
            continue
        if org and ORG_HEADING_RE.match(raw):
            heading = ORG_HEADING_RE.match(raw)
            title = _norm(_clean_inline(re.sub(r"\s+:[\w:@]+:\s*$", "", heading.group(2)))).rstrip(":")
            if title:
                parser.md_heading(len(heading.group(1)), title, number)
            after_blank = first = False
            continue
        if ORG_META_RE.match(stripped):
            title = re.match(r"^#\+title:\s*(.+)$", stripped, re.I)
            if title:
                parser.topics.append(NoteTopic((_norm(title.group(1)),), number))
            else:
                parser.loose_line(stripped, number, "org-mode setting")
            after_blank = first = False
            continue
        if stripped.startswith(">"):
            # A callout or quote: a remark about the notes, kept as loose text so nothing is lost.
            inner = stripped.lstrip("> ").strip()
            if inner and not re.match(r"^\[![\w-]+\]", inner):
                parser.loose_line(inner, number, "quote or callout")
            after_blank = False
            continue
        if stripped.startswith("<!--") or stripped.startswith("!["):
            parser.loose_line(stripped, number, "comment, table or image")
            after_blank = False
            continue
        if first and not MD_HEADING_RE.match(stripped) and len(stripped) <= 80 and stripped[-1] not in ".!?":
            # The first line of a file is its title: a topic of its own, not the parent of every other.
            parser.topics.append(NoteTopic((_norm(_clean_inline(stripped)).rstrip(":"),), number))
        else:
            # A bullet with deeper bullets right below it names what they describe, however it is capitalised.
            parser.parent_bullet = bool(BULLET_RE.match(stripped)) and _deeper_bullet(
                raw, lines[index + 1] if index + 1 < len(lines) else ""
            )
            parser.feed(raw, number, after_blank)
        first = False
        after_blank = False
    flashcard.flush()
    return parser.document()


def _add_to_named(found: list[tuple[str, str]], chunk: str) -> None:
    """Sentences that follow a run of definitions on one line go on about the last term, or about the one they name
    (`PC1 = trend, PC2 = sub-trend. Ex: … which is PC1.` adds the example to PC1, not PC2)."""
    if len(found) == 1:
        found[0] = (found[0][0], f"{found[0][1]} {chunk}")
        return
    target = len(found) - 1
    for sentence in _sentences(chunk):
        named = [
            i
            for i, (term, _) in enumerate(found)
            if re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", sentence)
        ]
        if len(named) == 1:
            target = named[0]
        term, definition = found[target]
        definition = definition.rstrip(" ,;")
        found[target] = (
            term,
            f"{definition}{'' if definition.endswith(('.', '!', '?')) else '.'} {sentence}",
        )
