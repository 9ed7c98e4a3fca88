"""Which questions a practice draws. Pure rules over plain rows: no database, no Django.

- `select` applies the learner's choice ("all", "only unseen", "only the ones I got wrong") to candidates, given
  each question's latest result for this learner; it is the one rule for the first draw and for every
  keep-going draw after it, so what is served always matches the label the learner picked.
- `draw` shuffles what is left, reproducibly from a seed, keeping the parts of one case study together and in
  order, never two questions on one concept while others are left, and cuts it to the asked count.
- `rules_draw` is an instructor's quiz drawn by rules: so many questions from a domain, so many from a topic, in
  the order the rules are given, a case study whole, no question twice, reproducible from the seed.
- `blueprint_draw` is the timed exam's draw: so many questions per domain by the blueprint's weights
  (largest-remainder rounding, scored and unscored items separately), a case study whole and counted by its
  parts, no question twice, questions this learner has not seen first, reproducible from the seed.
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
    domain: int | None = None  # the domain number
    concepts: tuple[str, ...] = ()  # the concepts the question is about (generated questions name them)
    topic: int | None = None  # the topic's id


@dataclass(frozen=True)
class Drawn:
    pk: int
    scored: bool = True


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


def draw(
    candidates: Iterable[Candidate],
    count: int | None,
    rng: random.Random,
    *,
    seen: Iterable[int] = (),
    asked: Iterable[str] = (),
) -> list[int]:
    """A shuffled draw of question ids; the parts of a case study stay together, in order. None: all of them.
    Questions in `seen` (answered before) come after every unseen one, so a short draw prefers what is new.
    No two questions on one concept while the pool has others: a question on a concept already drawn (or in
    `asked`, the concepts this session has asked about) waits until every other question is in, so the
    "which term is this?" and "which statement describes it?" of one concept never give each other away in a
    session shorter than the pool."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[candidate.parent or candidate.pk].append(candidate)
    seen = set(seen)
    fresh = sorted(g for g in groups if not any(c.pk in seen for c in groups[g]))
    known = sorted(g for g in groups if g not in set(fresh))
    rng.shuffle(fresh)
    rng.shuffle(known)
    covered = set(asked)
    spaced, later = [], []
    for group in fresh + known:
        concepts = {name for c in groups[group] for name in c.concepts}
        if concepts & covered:
            later.append(group)
        else:
            spaced.append(group)
            covered |= concepts
    drawn = [c.pk for group in spaced + later for c in sorted(groups[group], key=lambda c: c.position)]
    return drawn[:count] if count else drawn


def next_part(candidates: Iterable[Candidate], case: int | None) -> int | None:
    """In keep-going practice, the next part of the case study just served, so that a case is worked through
    before another question is drawn. None when it has no part left (or no case study was served)."""
    if case is None:
        return None
    parts = [c for c in candidates if c.parent == case]
    return min(parts, key=lambda c: c.position).pk if parts else None


def largest_remainder(weights: Mapping[int, float], total: int) -> dict[int, int]:
    """Split `total` in proportion to `weights`: each share rounded down, the rest to the largest remainders
    (ties to the lower domain number). The shares always add up to `total`."""
    weight_sum = sum(weights.values())
    if total <= 0 or weight_sum <= 0:
        return {number: 0 for number in weights}
    exact = {number: total * weight / weight_sum for number, weight in weights.items()}
    shares = {number: int(value) for number, value in exact.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(exact, key=lambda number: (-(exact[number] - shares[number]), number))
    for number in by_remainder[:left]:
        shares[number] += 1
    return shares


def _units(candidates: Iterable[Candidate]) -> list[list[Candidate]]:
    """Questions as the draw moves them: one question, or a case study's parts in order."""
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[candidate.parent or candidate.pk].append(candidate)
    return [sorted(groups[key], key=lambda c: c.position) for key in sorted(groups)]


def blueprint_draw(
    candidates: Iterable[Candidate],
    *,
    weights: Mapping[int, float],
    scored: int,
    unscored: int = 0,
    seen: Iterable[int] = (),
    rng: random.Random,
) -> list[Drawn]:
    """An exam's questions in the order they are asked. A domain short of questions is made up from the others,
    so the exam has its full length whenever the pool allows."""
    seen = set(seen)
    units = _units(candidates)
    # Preference: units with no part seen before, then the rest; random within each tier (seeded).
    ranked = sorted(units, key=lambda unit: (any(c.pk in seen for c in unit), rng.random()))
    taken: set[int] = set()
    picked: list[tuple[list[Candidate], bool]] = []

    def fill(quotas: dict[int, int], is_scored: bool) -> int:
        short = 0
        for number in sorted(quotas):
            left = quotas[number]
            for unit in ranked:
                if left == 0:
                    break
                if id(unit) in taken or unit[0].domain != number or len(unit) > left:
                    continue
                taken.add(id(unit))
                picked.append((unit, is_scored))
                left -= len(unit)
            short += left
        # Made up from any domain, so that the exam still has its length.
        for unit in ranked:
            if short == 0:
                break
            if id(unit) in taken or len(unit) > short:
                continue
            taken.add(id(unit))
            picked.append((unit, is_scored))
            short -= len(unit)
        return short

    fill(largest_remainder(weights, scored), True)
    fill(largest_remainder(weights, unscored), False)
    rng.shuffle(picked)
    return [Drawn(c.pk, is_scored) for unit, is_scored in picked for c in unit]


@dataclass(frozen=True)
class Rule:
    """Draw `count` questions whose domain number (`field` "domain") or topic id (`field` "topic") is `value`."""

    field: str
    value: int
    count: int


def rules_draw(
    candidates: Iterable[Candidate], rules: Iterable[Rule], rng: random.Random
) -> tuple[list[int], list[str]]:
    """Question ids drawn rule by rule, and a line for each rule the pool could not fill ("Domain 2: 3 of 5").
    A case study counts by its parts and is taken whole only when it fits what the rule still needs."""
    units = _units(candidates)
    rng.shuffle(units)
    taken: set[int] = set()
    drawn: list[int] = []
    short: list[str] = []
    for rule in rules:
        left = rule.count
        for index, unit in enumerate(units):
            if left <= 0:
                break
            if index in taken or getattr(unit[0], rule.field) != rule.value or len(unit) > left:
                continue
            taken.add(index)
            drawn.extend(c.pk for c in unit)
            left -= len(unit)
        if left > 0:
            short.append(f"{rule.field} {rule.value}: {rule.count - left} of {rule.count}")
    return drawn, short
