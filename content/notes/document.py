"""What the notes parser returns: topics, concepts with their facts, look-alike groups, and the lines it
could not place (kept, with a reason). Plain data, no Django."""

from __future__ import annotations

from dataclasses import dataclass

from content.model import SourceError


class NotesError(SourceError):
    """Input that cannot be notes at all (binary, not UTF-8, too large): the one error the parser raises."""


@dataclass(frozen=True)
class NoteTopic:
    path: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class NoteFact:
    text: str
    line: int


@dataclass(frozen=True)
class NoteConcept:
    term: str
    aliases: tuple[str, ...]
    definition: str
    facts: tuple[NoteFact, ...]
    topic: tuple[str, ...]
    lines: tuple[int, ...]
    # Named by a part of the notes (a title-like bullet over a short list, "Network Configuration in …") rather
    # than defined: questions on it take their wrong answers from other such sections, and it is never a wrong
    # answer for a defined term.
    section: bool = False


@dataclass(frozen=True)
class NoteGroup:
    title: str
    terms: tuple[str, ...]
    topic: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class LooseLine:
    line: int
    text: str
    topic: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class NotesDocument:
    source: str
    topics: list[NoteTopic]
    concepts: list[NoteConcept]
    groups: list[NoteGroup]
    loose_lines: list[LooseLine]
