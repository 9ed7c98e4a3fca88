"""Multi-line blocks the parser reads as a unit: tables (a row per concept, a "When" column kept as facts) and
flashcards (Q:/A: pairs). Each is fed line by line by `parser._Parser` and closes into concepts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.notes.patterns import TABLE_SEP_RE, WHAT_IS_RE, _clean_inline, _is_term, _norm

CUE_HEADER_RE = re.compile(
    r"(?i)^(?:when|use when|pick when|best for|good for|use for|used for|use it when)$"
)

# A column whose header says it holds the names (`| Symptom | Name | Fix |`): the term column, wherever it is.
NAME_HEADER_RE = re.compile(
    r"(?i)^(?:name|term|concept|service|algorithm|technique|method|option|mode|metric|strategy|tool|problem"
    r"|diagnosis|format|feature)s?$"
)
PLAIN_HEADER_RE = re.compile(
    r"(?i)^(?:definition|description|what it is|what|meaning|notes?|details?|summary)$"
)

if TYPE_CHECKING:
    from content.notes.parser import _Parser


class _Table:
    """A Markdown or org-mode table: each body row whose first cell is a term defines it by the second cell; any
    further cells become facts named by their column header (`Latency: milliseconds`). A column headed `Name`
    (`Service`, `Algorithm`, …) holds the terms wherever it stands."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser
        self.open = False
        self.header: list[str] = []

    def row(self, text: str, number: int, header: bool) -> None:
        if TABLE_SEP_RE.match(text):
            self.open = True
            return
        cells = [_norm(_clean_inline(cell)) for cell in text.strip().strip("|").split("|")]
        if header:
            self.open, self.header = True, cells
            # The rows of one table are a comparison group: scenarios take their options from it.
            path = self.parser.path
            title = f"{path[-1]} table" if path else f"table at line {number}"
            self.parser.comparisons.append((title, path, number, []))
            return
        self.open = True
        header = self.header
        moved = False
        names = [i for i, h in enumerate(header) if NAME_HEADER_RE.match(h.strip().rstrip(":"))]
        if names and names[0] > 0 and names[0] < len(cells) and not NAME_HEADER_RE.match(header[0].strip()):
            # The names sit in a later column: read the row as if they came first.
            k = names[0]
            cells = [cells[k], *cells[:k], *cells[k + 1 :]]
            header = [header[k], *header[:k], *header[k + 1 :]]
            moved = True
        filled = [cell for cell in cells if cell]
        if len(cells) < 2 or len(filled) < 2 or not _is_term(cells[0]) or not cells[1]:
            self.parser.loose_line(text, number, "table row without a term and a definition")
            return
        definition = cells[1].rstrip(".") + "."
        cue = header[1].strip().rstrip(":") if len(header) > 1 else ""
        if CUE_HEADER_RE.match(cue):
            # A "When" / "Best for" column says what the row is for: kept with its cue, so scenarios can use it.
            definition = f"{'Use when' if cue.casefold() == 'when' else cue}: {definition}"
        elif moved and cue and not PLAIN_HEADER_RE.match(cue):
            definition = f"{cue}: {definition}"  # `Symptom: training accuracy high, validation accuracy low.`
        self.parser.define(cells[0], definition, number, 0)
        extra = []
        for column, cell in enumerate(cells[2:], start=2):
            if cell:
                name = header[column] if column < len(header) and header[column] else ""
                if name.casefold() == "when":
                    name = "Use when"
                extra.append(f"{name}: {cell}" if name else cell)
        if extra:
            self.parser.fact(". ".join(e.rstrip(".") for e in extra) + ".", number)

    def close(self) -> None:
        self.open, self.header = False, []


class _Flashcard:
    """`Q: What is Pipe mode?` followed by `A: …`: the question names the term and the answer defines it. A question
    that names no term (or has no answer) is reported as loose text."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser
        self.question: tuple[str, int] | None = None

    def line(self, kind: str, text: str, number: int) -> None:
        if kind == "q":
            self.flush()
            self.question = (text, number)
            return
        if self.question is None:
            self.parser.loose_line(text, number, "answer without a question")
            return
        question, line = self.question
        self.question = None
        what = WHAT_IS_RE.match(question)
        term = _norm(_clean_inline(what.group(1) or what.group(2))).strip('"“”') if what else ""
        # The card's question marks its term, so a lower-case one (`one-hot encoding`) is a term too.
        if term and _is_term(term[:1].upper() + term[1:]):
            concept = self.parser.define(term, text, number, 0)
            if concept is not None:
                concept.lines.insert(0, line)
        else:
            self.parser.loose_line(f"{question} {text}", line, "question and answer that name no term")

    def flush(self) -> None:
        if self.question is not None:
            self.parser.loose_line(self.question[0], self.question[1], "question without an answer")
            self.question = None
