"""Checks every generated bank must pass, shared by the fixture tests (make test) and the shared-notes tests
(make acceptance), so both hold generated questions to one standard."""

from __future__ import annotations

import re

from content import model as m
from content.formats import bankfile


def assert_passes_the_gate(questions) -> None:
    """Enough distinct options, a well-formed key, a source line cited, and no single-choice answer in its stem."""
    for q in questions:
        texts = [o.text for o in q.options] or [p.match for p in q.pairs]
        assert len(texts) >= 3, q.key
        assert len({t.casefold() for t in texts}) == len(texts), q.key
        assert 3 <= len(q.key) <= 80 and re.fullmatch(r"[a-z0-9-]+", q.key)
        assert q.source_lines and q.explanation
        assert re.search(r"\(line \d+\)", q.explanation), q.key
        if q.type == m.SINGLE and "term-statement" not in q.tags:
            answer = next(o.text for o in q.options if o.correct)
            assert not re.search(rf"(?i)(?<![\w-]){re.escape(answer)}(?![\w-])", q.stem), q.key


def assert_keys_unique_and_round_trip(bank) -> None:
    """Question keys are unique and survive writing the bank file and reading it back."""
    keys = [q.key for q in bank.questions]
    assert len(keys) == len(set(keys))
    parsed = bankfile.merge([bankfile.parse_text(bankfile.write(bank), "gen.md")])
    assert [q.key for q in parsed.questions] == keys
