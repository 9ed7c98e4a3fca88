"""The notes parser: study notes as people really write them, turned into topics, concepts and look-alike groups.

Plain Python, no Django. `parse_notes(text)` never crashes: input that cannot be notes at all (not UTF-8, binary,
over 10 MB) raises one `NotesError`; everything else gives a `NotesDocument`, and any line that could not be
placed is kept in `loose_lines` with a reason, never silently dropped.

What it understands (see tests/content/test_notes_parser.py for examples of each):
- headings: Markdown `#` lines, short title-like lines without sentence punctuation, lines ending with `:`, and a
  heading glued to the end of the previous sentence (`...endpoint.SageMaker Input Modes: (...)`);
- bullets `-`, `*`, `•`, `+`, numbered `1)` / `1.`, tab or space indentation (or none at all);
- definitions `Term = def`, `Term: def`, `Term::def`, `"Term" - def`, `Term – def`, `**Term** – def`,
  `Term (ALIAS): def`, several run together in one paragraph, and `Heading: Term: def` prefixes;
- an indented line under a definition, or a line right below it, adds facts to that concept;
- comparisons (`A vs. B` headings) and siblings sharing a head word (`File Mode`, `Pipe Mode`) form groups;
- a line that opens with the name of a concept defined elsewhere (its term, an alias, the term without its
  vendor prefix, a distinctive last word or its initials: `KDS` for Kinesis Data Streams) is a fact of it;
- the same term defined twice is one concept with its facts merged;
- copy junk (lone bullets, `Screenshot:`, blog footers) is skipped; Obsidian front matter, callouts, tags and
  wiki links are handled.
"""

from content.notes.document import (
    LooseLine,
    NoteConcept,
    NoteFact,
    NoteGroup,
    NotesDocument,
    NotesError,
    NoteTopic,
)
from content.notes.parser import parse_notes

__all__ = [
    "LooseLine",
    "NoteConcept",
    "NoteFact",
    "NoteGroup",
    "NoteTopic",
    "NotesDocument",
    "NotesError",
    "parse_notes",
]
