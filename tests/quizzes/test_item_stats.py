"""Item analysis against figures computed by hand, on a constructed set of first attempts."""

from __future__ import annotations

import math

import pytest

from quizzes.itemstats import Mark, analyse

# Four learners, three questions (1 mark each). Rows: attempt -> marks on q1, q2, q3.
MARKS = {
    1: (1, 1, 0),
    2: (1, 0, 1),
    3: (0, 0, 1),
    4: (1, 1, 1),
}


def _marks():
    return [Mark(attempt, q + 1, float(v)) for attempt, row in MARKS.items() for q, v in enumerate(row)]


def _pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_facility_is_the_mean_mark_in_percent():
    stats = analyse(_marks())
    assert stats[1].facility == 75.0  # 3 of 4
    assert stats[2].facility == 50.0
    assert stats[3].facility == 75.0


def test_discrimination_correlates_the_mark_with_the_rest_of_the_attempt():
    # q1: marks (1,1,0,1); rest of each attempt (q2+q3): (1,1,1,2).
    # Means 0.75 and 1.25; sxy = .25*-.25 + .25*-.25 + -.75*-.25 + .25*.75 = 0.25;
    # sxx = 3*.0625 + .5625 = .75; syy = 3*.0625 + .5625 = .75; r = .25/.75 = 1/3.
    stats = analyse(_marks())
    assert stats[1].discrimination == pytest.approx(33.3, abs=0.05)
    assert stats[1].discrimination == pytest.approx(100 * _pearson([1, 1, 0, 1], [1, 1, 1, 2]), abs=0.05)
    # q3: marks (0,1,1,1), rest (q1+q2): (2,1,0,2) -> r = -0.522...
    assert stats[3].discrimination == pytest.approx(100 * _pearson([0, 1, 1, 1], [2, 1, 0, 2]), abs=0.05)
    assert stats[3].discrimination < 0


def test_discrimination_is_undefined_when_everyone_scores_the_same():
    marks = [Mark(a, 1, 1.0) for a in range(1, 6)] + [Mark(a, 2, float(a % 2)) for a in range(1, 6)]
    assert analyse(marks)[1].discrimination is None
    assert analyse(marks)[1].facility == 100.0


def test_option_counts_include_options_nobody_chose_and_are_flagged():
    marks = [Mark(a, 7, 1.0 if a < 4 else 0.0, chosen=("A",) if a < 4 else ("B",)) for a in range(1, 7)]
    options = {7: [("A", True), ("B", False), ("C", False), ("D", False)]}
    stats = analyse(marks, options)[7]
    assert stats.n == 6
    assert stats.option_counts == {"A": 3, "B": 3, "C": 0, "D": 0}
    assert any("2 wrong options nobody chose" in flag for flag in stats.flags)


def test_negative_discrimination_is_flagged_once_enough_attempts_back_it():
    # The three strongest attempts miss question 1, the three weakest get it.
    marks = []
    for attempt in range(1, 7):
        strong = attempt <= 3
        marks.append(Mark(attempt, 1, 0.0 if strong else 1.0))
        marks += [Mark(attempt, q, 1.0 if strong else 0.0) for q in (2, 3, 4)]
    stats = analyse(marks)
    assert stats[1].discrimination == -100.0
    assert any(flag.startswith("negative discrimination") for flag in stats[1].flags)
    assert stats[2].discrimination > 0 and not stats[2].flags


def test_too_few_attempts_flag_nothing():
    marks = [Mark(1, 1, 0.0), Mark(1, 2, 1.0), Mark(2, 1, 1.0), Mark(2, 2, 0.0)]
    assert analyse(marks)[1].discrimination == -100.0
    assert analyse(marks)[1].flags == []
