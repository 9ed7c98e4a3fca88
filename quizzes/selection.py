"""Which questions a practice draws. Pure rules over plain rows: no database, no Django.

- `select` applies the learner's choice ("all", "only unseen", "only the ones I got wrong") to candidates, given
  each question's latest result for this learner; it is the one rule for the first draw and for every
  keep-going draw after it, so what is served always matches the label the learner picked.
- `draw` shuffles what is left, reproducibly from a seed, keeping the parts of one case study together and in
  order, and cuts it to the asked count.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ALL, UNSEEN, WRONG, LIST = "all", "unseen", "wrong", "list"


@dataclass(frozen=True)
class Candidate:
    pk: int
    parent: int | None = None  # the case study a part belongs to
    position: int = 0  # the order of parts within a case study


def select(candidates: Iterable[Candidate], selection: str, latest: Mapping[int, bool]) -> list[Candidate]:
    """Candidates that the selection admits. `latest` maps a question to the learner's most recent result
    (True right, False wrong); a question absent from it has never been answered."""
    candidates = list(candidates)
    if selection == UNSEEN:
        return [c for c in candidates if c.pk not in latest]
    if selection == WRONG:
        return [c for c in candidates if latest.get(c.pk) is False]
    if selection in (ALL, LIST):
        return candidates
    raise ValueError(f"unknown selection {selection!r}")


def draw(candidates: Iterable[Candidate], count: int | None, rng: random.Random) -> list[int]:
    """A shuffled draw of question ids; the parts of a case study stay together, in order. None: all of them."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[candidate.parent or candidate.pk].append(candidate)
    order = sorted(groups)
    rng.shuffle(order)
    drawn = [c.pk for group in order for c in sorted(groups[group], key=lambda c: c.position)]
    return drawn[:count] if count else drawn


def next_part(candidates: Iterable[Candidate], case: int | None) -> int | None:
    """In keep-going practice, the next part of the case study just served, so that a case is worked through
    before another question is drawn. None when it has no part left (or no case study was served)."""
    if case is None:
        return None
    parts = [c for c in candidates if c.parent == case]
    return min(parts, key=lambda c: c.position).pk if parts else None
