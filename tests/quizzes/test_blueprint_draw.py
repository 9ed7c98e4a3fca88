"""The timed exam's draw (quizzes/selection.py: blueprint_draw), as properties over generated pools."""

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.selection import Candidate, blueprint_draw, largest_remainder

WEIGHTS = {1: 28, 2: 26, 3: 22, 4: 24}


def test_largest_remainder_splits_the_mla_c01_exam_as_worked_by_hand():
    assert largest_remainder(WEIGHTS, 50) == {1: 14, 2: 13, 3: 11, 4: 12}
    # 4.2, 3.9, 3.3, 3.6: floors 4, 3, 3, 3 and the two largest remainders (.9, .6) get one more.
    assert largest_remainder(WEIGHTS, 15) == {1: 4, 2: 4, 3: 3, 4: 4}


def pool(singles_per_domain: int, cases: int, parts: int) -> list[Candidate]:
    rows, pk = [], 1
    for domain in WEIGHTS:
        for _ in range(singles_per_domain):
            rows.append(Candidate(pk, domain=domain))
            pk += 1
    for case in range(cases):
        parent = 10_000 + case
        domain = 1 + case % 4
        for position in range(parts):
            rows.append(Candidate(pk, parent=parent, position=position, domain=domain))
            pk += 1
    return rows


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), cases=st.integers(0, 6), parts=st.integers(2, 4), seen=st.integers(0, 40))
def test_draw_follows_weights_keeps_cases_whole_never_repeats_and_is_reproducible(seed, cases, parts, seen):
    candidates = pool(30, cases, parts)
    # Up to 10 seen per domain, so each domain (30 singles, at most 18 asked) still has enough unseen ones.
    seen_ids = {c.pk for c in candidates if c.parent is None and (c.pk - 1) % 30 < seen // 4}
    draw = blueprint_draw(
        candidates, weights=WEIGHTS, scored=50, unscored=15, seen=seen_ids, rng=random.Random(seed)
    )
    again = blueprint_draw(
        candidates, weights=WEIGHTS, scored=50, unscored=15, seen=seen_ids, rng=random.Random(seed)
    )
    assert draw == again
    ids = [d.pk for d in draw]
    assert len(ids) == 65 == len(set(ids))
    domain_of = {c.pk: c.domain for c in candidates}
    scored = Counter(domain_of[d.pk] for d in draw if d.scored)
    unscored = Counter(domain_of[d.pk] for d in draw if not d.scored)
    assert scored == Counter({1: 14, 2: 13, 3: 11, 4: 12})
    assert unscored == Counter({1: 4, 2: 4, 3: 3, 4: 4})
    # A case study's parts are all drawn or none, next to each other, in order, all scored or all not.
    by_parent: dict[int, list[int]] = {}
    for index, d in enumerate(draw):
        parent = next(c.parent for c in candidates if c.pk == d.pk)
        if parent:
            by_parent.setdefault(parent, []).append(index)
    for indexes in by_parent.values():
        assert len(indexes) == parts
        assert indexes == list(range(indexes[0], indexes[0] + parts))
        assert len({draw[i].scored for i in indexes}) == 1
    # Each domain has enough unseen questions, so no seen one is drawn.
    assert not seen_ids & set(ids)


def test_a_short_domain_is_made_up_from_the_others():
    candidates = [Candidate(pk, domain=1 if pk <= 3 else 2) for pk in range(1, 40)]
    draw = blueprint_draw(candidates, weights={1: 50, 2: 50}, scored=20, rng=random.Random(1))
    assert len(draw) == 20
    assert sum(1 for d in draw if d.pk <= 3) == 3
