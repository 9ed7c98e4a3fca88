"""The in-memory shape of a question bank, shared by every reader and writer in `content/`.

Plain frozen dataclasses with no Django imports: the bank file parser (`content/formats/bankfile.py`) and the question
generator (`content/generate.py`) both produce a `Bank`; `content/loader.py` is the only code that turns one into
database rows. Positions in the source (file, line) are carried for error messages and explanations but are left
out of equality, so that `parse(write(bank)) == bank` compares content only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SINGLE = "single"
MULTIPLE = "multiple"
ORDERING = "ordering"
MATCHING = "matching"
CASE_STUDY = "case_study"
QUESTION_TYPES = (SINGLE, MULTIPLE, ORDERING, MATCHING, CASE_STUDY)
PART_TYPES = (SINGLE, MULTIPLE, ORDERING, MATCHING)

DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Domain:
    number: int
    name: str
    weight: float = 0.0


@dataclass(frozen=True)
class Option:
    """One option of a single or multiple question."""

    text: str
    correct: bool = False
    rationale: str = ""


@dataclass(frozen=True)
class Pair:
    """One prompt of a matching question and the match that belongs to it."""

    prompt: str
    match: str


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    stem: str
    topic: str
    domain: int | None = None
    difficulty: str = "medium"
    tags: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()  # single, multiple
    steps: tuple[str, ...] = ()  # ordering: the correct order
    pairs: tuple[Pair, ...] = ()  # matching
    parts: tuple[Question, ...] = ()  # case_study
    explanation: str = ""
    references: tuple[str, ...] = ()
    source: str = field(default="", compare=False)
    source_lines: tuple[int, ...] = field(default=(), compare=False)

    @property
    def correct_count(self) -> int:
        return sum(1 for option in self.options if option.correct)


@dataclass(frozen=True)
class Topic:
    title: str
    domain: int | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Concept:
    """A term from a learner's notes (banks generated from notes carry them; authored banks do not)."""

    term: str
    topic: str
    definition: str = ""
    aliases: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Bank:
    slug: str
    title: str
    exam: str = ""
    description: str = ""
    domains: tuple[Domain, ...] = ()
    topics: tuple[Topic, ...] = ()
    questions: tuple[Question, ...] = ()
    concepts: tuple[Concept, ...] = ()


class SourceError(ValueError):
    """An input problem at a place in a file, shown as `FILE:LINE: message`."""

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(f"{source}:{line}: {message}")


class BankFormatError(SourceError):
    """A bank file that does not follow the format: `FILE:LINE: what was expected, what was found`."""
