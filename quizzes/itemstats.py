"""Item analysis of a quiz, as Moodle's quiz statistics define it. Pure: no database, no Django.

Over the first attempt of each learner (later attempts have seen the questions, so they would flatter them):
- facility index: the mean mark on the question as a percentage of its maximum (how easy it was);
- discrimination index: the correlation, as a percentage, between the mark on this question and the marks on the
  rest of the attempt (total minus this question). Near +100 the question separates strong from weak attempts;
  near 0 it says nothing about them; negative, the weaker attempts did better on it (a wrong key, or an ambiguous
  stem). Undefined when either side does not vary (everyone right, or every attempt the same);
- how often each option was chosen, with the sample size behind every figure.

A question is flagged when its discrimination is negative or low (under 20 %, with at least `MIN_FLAG_SAMPLE`
attempts behind it), or when one of its wrong options was chosen by nobody (it distracts no one).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

LOW_DISCRIMINATION = 20.0
MIN_FLAG_SAMPLE = 5


@dataclass(frozen=True)
class Mark:
    """One question in one first attempt."""

    attempt: int
    question: int
    mark: float  # 0..maximum
    maximum: float = 1.0
    chosen: tuple[str, ...] = ()  # option keys the learner chose (choice questions)


@dataclass
class ItemStats:
    question: int
    n: int
    facility: float | None  # percent
    discrimination: float | None  # percent; None when undefined
    option_counts: dict[str, int] = field(default_factory=dict)  # option key -> learners who chose it
    flags: list[str] = field(default_factory=list)


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse(
    marks: Iterable[Mark], options: dict[int, list[tuple[str, bool]]] | None = None
) -> dict[int, ItemStats]:
    """Statistics per question. `options` gives each choice question's options (key, is right), so that an
    option nobody chose still appears, with 0."""
    marks = list(marks)
    options = options or {}
    totals: dict[int, float] = defaultdict(float)
    for m in marks:
        totals[m.attempt] += m.mark
    by_question: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        by_question[m.question].append(m)
    stats = {}
    for question, rows in by_question.items():
        n = len(rows)
        facility = 100 * sum(r.mark / r.maximum for r in rows if r.maximum) / n
        r = _correlation([row.mark for row in rows], [totals[row.attempt] - row.mark for row in rows])
        counts = {key: 0 for key, _ in options.get(question, [])}
        for row in rows:
            for key in row.chosen:
                counts[key] = counts.get(key, 0) + 1
        item = ItemStats(question, n, round(facility, 1), None if r is None else round(100 * r, 1), counts)
        if item.discrimination is not None and n >= MIN_FLAG_SAMPLE:
            if item.discrimination < 0:
                item.flags.append("negative discrimination: weaker attempts did better on it (check the key)")
            elif item.discrimination < LOW_DISCRIMINATION:
                item.flags.append("low discrimination: it barely separates strong from weak attempts")
        unpicked = [key for key, right in options.get(question, []) if not right and counts.get(key, 0) == 0]
        if unpicked and n >= MIN_FLAG_SAMPLE:
            item.flags.append(f"{len(unpicked)} wrong option{'s' if len(unpicked) != 1 else ''} nobody chose")
        stats[question] = item
    return stats
