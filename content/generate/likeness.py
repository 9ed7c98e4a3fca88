"""Which concepts look alike, most alike first: the distractors' order. Groups are indexed once and walked
lazily, so the cost grows with what the kinds take, not with the square of the notes' length."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator

from content.generate.types import OTHER, same_type
from content.notes import NoteConcept

ALIKE_LOOK = 240  # look-alikes one walk examines at most


def _outward(positions: list[int], here: int) -> Iterator[int]:
    """The sorted `positions`, nearest to `here` first (the earlier one first at equal distance)."""
    right = bisect.bisect_left(positions, here)
    left = right - 1
    while left >= 0 or right < len(positions):
        if right >= len(positions) or (left >= 0 and here - positions[left] <= positions[right] - here):
            yield positions[left]
            left -= 1
        else:
            yield positions[right]
            right += 1


class Likeness:
    """Mixed into the generator: `concepts` and `position` are set by it."""

    def _index_groups(self) -> None:
        """Concept positions grouped once by topic, head word and parent topic (and by pairs of them), so that
        `similar` walks small groups instead of sorting every concept for every concept."""
        self.groups: dict[tuple, list[int]] = {}
        for i, c in enumerate(self.concepts):
            head = c.term.split()[-1].casefold()
            parent = c.topic[:-1] if len(c.topic) > 1 else None
            keys = [("topic", c.topic), ("head", head), ("topic+head", c.topic, head), ("all",)]
            if parent is not None:
                keys += [("parent", parent), ("parent+head", parent, head)]
            for key in keys:
                self.groups.setdefault(key, []).append(i)

    def similar(self, concept: NoteConcept, at: int | None = None) -> Iterator[NoteConcept]:
        """Other concepts, most alike first: same heading, then same head word, then same parent, then the rest;
        nearer in the notes first within each. Lazy: callers take the first few, so the cost grows with what
        they take, not with the square of the notes' length."""
        here = self.position[concept.term] if at is None else at
        head = concept.term.split()[-1].casefold()
        parent = concept.topic[:-1] if len(concept.topic) > 1 else None

        def same_topic(c):
            return c.topic == concept.topic

        def same_head(c):
            return c.term.split()[-1].casefold() == head

        def same_parent(c):
            return parent is not None and c.topic[:-1] == parent

        # (group to walk, what else must hold) for each rank, best first: the order of the tuple
        # (not same topic, not same head, not same parent, distance).
        tiers = [
            (("topic+head", concept.topic, head), lambda c: True),
            (("topic", concept.topic), lambda c: not same_head(c)),
        ]
        if parent is not None:
            tiers.append((("parent+head", parent, head), lambda c: not same_topic(c)))
        tiers.append((("head", head), lambda c: not same_topic(c) and not same_parent(c)))
        if parent is not None:
            tiers.append((("parent", parent), lambda c: not same_topic(c) and not same_head(c)))
        tiers.append((("all",), lambda c: not same_topic(c) and not same_head(c) and not same_parent(c)))
        for key, keep in tiers:
            for i in _outward(self.groups.get(key, []), here):
                other = self.concepts[i]
                if other.term != concept.term and keep(other):
                    yield other

    def may_stand_beside(self, other: NoteConcept, concept: NoteConcept) -> bool:
        """Whether `other` may be a wrong answer beside `concept`: of its sort, or (when one of them is of no known
        sort) under the same heading; a stray "Processing job" from elsewhere pads no set of algorithms."""
        mine, theirs = self.types[concept.term], self.types[other.term]
        if mine == theirs:
            return True
        return same_type(mine, theirs) and other.topic == concept.topic

    def family_rank(self, other: NoteConcept, concept: NoteConcept) -> int:
        """How near `other` is to `concept`'s family within its sort: 0 of its family (a tabular algorithm for a
        tabular one), or any when `concept` has none; 1 of no known family; 2 of another family."""
        mine, theirs = self.families[concept.term], self.families[other.term]
        if not mine or mine == theirs:
            return 0
        return 1 if not theirs else 2

    def alike(self, concept: NoteConcept, *, strict: bool = False, scan: int = 40) -> Iterator[NoteConcept]:
        """`similar`, with concepts of the same sort (`types.concept_type`) first: of the first `scan` look-alikes,
        those of its sort (of its family within the sort first, `types.concept_family`), then (unless `strict`)
        the others, then the rest in `similar`'s order (`strict`: of
        its sort only). Concepts named by sections and defined terms never stand together, nor a concept and
        the ones under its heading (SageMaker SDKs and the Python SDK)."""
        kind = self.types[concept.term]
        others = []
        walk = (other for other in self.similar(concept) if not _part_of(other, concept))

        def fits(other) -> bool:
            # Of its sort; a concept whose sort nothing says only beside its own heading.
            if other.section != concept.section:
                return False
            theirs = self.types[other.term]
            if kind != OTHER and theirs == kind:
                return True
            return same_type(kind, theirs) and (other.topic == concept.topic or kind == theirs == OTHER)

        # Every walk looks at no more than ALIKE_LOOK look-alikes, so its cost stays linear in the notes.
        walk = itertools.islice(walk, ALIKE_LOOK)
        # Of its sort, but of no known family / of another family: after those of its family.
        later: tuple[list, list] = ([], [])
        # Strict: the whole walk, by family; otherwise the first `scan`, then the rest in `similar`'s order.
        for other in walk if strict else itertools.islice(walk, scan):
            if fits(other):
                rank = self.family_rank(other, concept)
                if rank == 0:
                    yield other
                else:
                    later[rank - 1].append(other)
            elif not strict and other.section == concept.section:
                others.append(other)
        yield from itertools.chain(*later)
        if strict:
            return
        yield from others
        yield from (other for other in walk if other.section == concept.section)


@functools.lru_cache(maxsize=65536)
def _heading_name(title: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*", " ", title).strip().casefold()


def _part_of(a: NoteConcept, b: NoteConcept) -> bool:
    """Whether one of the two sits under a heading named by the other: a whole and its part, or a kind of it."""
    return any(_heading_name(t) == b.term.casefold() for t in a.topic) or any(
        _heading_name(t) == a.term.casefold() for t in b.topic
    )
