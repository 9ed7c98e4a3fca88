"""Scoring a finished attempt: pure rules, no database.

raw → percent → scaled, pass or fail, and the same per domain. An attempt's score is computed once, when it is
submitted (`services.attempt_finish`), stored on the attempt and read by every page after that.

- Unscored items (a blueprint's pretest questions) count nowhere, as on the real exam.
- Practice scores what was answered; an exam scores every scored item, unanswered ones as wrong.
- The scaled score (100–1,000 for MLA-C01) is piecewise linear through three points: nothing right → the
  scale's minimum, `pass_fraction` of the scored items right → the passing score, everything right → the
  maximum. AWS does not publish its mapping (it equates exam forms of different difficulty); this is our stated
  assumption, documented in docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Scale:
    minimum: int
    maximum: int
    passing: int
    pass_fraction: float  # the share of the scored items that maps to `passing`

    def scaled(self, fraction: float) -> int:
        fraction = min(1.0, max(0.0, fraction))
        p = self.pass_fraction
        if fraction <= p:
            value = self.minimum + (self.passing - self.minimum) * (fraction / p)
        else:
            value = self.passing + (self.maximum - self.passing) * ((fraction - p) / (1 - p))
        return round(value)


@dataclass(frozen=True)
class Mark:
    """One item of an attempt as scoring sees it."""

    score: float  # 0..1 (0 when unanswered)
    answered: bool
    scored: bool = True
    domain: int | None = None
    domain_name: str = ""


@dataclass
class DomainScore:
    number: int | None
    name: str
    correct: float = 0.0
    answered: int = 0
    total: int = 0

    @property
    def label(self) -> str:
        return f"Domain {self.number}: {self.name}" if self.number is not None else "No domain"

    @property
    def percent(self) -> int:
        """Of the domain's items in this attempt (an exam) or of those answered (practice: `total` = answered)."""
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass(frozen=True)
class Score:
    raw: float
    maximum: float
    scaled: int | None
    passed: bool | None
    domains: tuple[DomainScore, ...]

    @property
    def percent(self) -> float:
        return round(100 * self.raw / self.maximum, 1) if self.maximum else 0.0

    def domain_rows(self) -> list[dict]:
        """What the attempt stores (`Attempt.domain_scores`)."""
        return [asdict(d) for d in self.domains]


def percent(raw: float, maximum: float) -> float:
    """A score as a percentage of its maximum, to one decimal (0 when nothing could be scored)."""
    return round(100 * raw / maximum, 1) if maximum else 0.0


def score(
    marks: Iterable[Mark], *, exam: bool, scale: Scale | None = None, pass_percent: float | None = None
) -> Score:
    """The attempt's score. `scale` gives a scaled score and passes at its passing score; without one, an exam
    with `pass_percent` passes at that percentage; practice has no pass or fail."""
    counted = [m for m in marks if m.scored]
    considered = counted if exam else [m for m in counted if m.answered]
    raw = round(sum(m.score for m in considered if m.answered), 4)
    maximum = float(len(considered))
    domains: dict[int | None, DomainScore] = {}
    for mark in considered:
        row = domains.setdefault(mark.domain, DomainScore(mark.domain, mark.domain_name))
        row.total += 1
        if mark.answered:
            row.answered += 1
            row.correct = round(row.correct + mark.score, 4)
    fraction = raw / maximum if maximum else 0.0
    scaled = scale.scaled(fraction) if scale and maximum else None
    if not exam or not maximum:
        passed = None
    elif scale is not None:
        passed = scaled >= scale.passing
    elif pass_percent is not None:
        passed = 100 * fraction >= pass_percent
    else:
        passed = None
    ordered = sorted(domains.values(), key=lambda d: (d.number is None, d.number or 0))
    return Score(raw=raw, maximum=maximum, scaled=scaled, passed=passed, domains=tuple(ordered))


def domain_scores_from_rows(rows: Iterable[dict]) -> list[DomainScore]:
    """The stored per-domain rows back as objects, for pages."""
    return [DomainScore(**row) for row in rows]
