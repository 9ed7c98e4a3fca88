from __future__ import annotations

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from quizzes.grading import AnswerKey, ResponseError, grade, parse_form, validate

SINGLE = AnswerKey(type="single", options=("a", "b", "c", "d"), correct=frozenset({"b"}))
MULTI = AnswerKey(type="multiple", options=("a", "b", "c", "d", "e"), correct=frozenset({"a", "c"}))
ORDER = AnswerKey(type="ordering", steps=("s1", "s2", "s3", "s4"))
MATCH = AnswerKey(type="matching", pairs={"p1": "m1", "p2": "m2", "p3": "m3"})


def test_single_right_and_wrong():
    assert grade(SINGLE, {"selected": ["b"]}).correct
    wrong = grade(SINGLE, {"selected": ["a"]})
    assert (wrong.correct, wrong.score) == (False, 0.0)


def test_multiple_is_all_or_nothing_by_default():
    assert grade(MULTI, {"selected": ["c", "a"]}).score == 1.0
    assert grade(MULTI, {"selected": ["a", "b"]}).score == 0.0


def test_multiple_partial_credit_counts_hits_minus_misses():
    assert grade(MULTI, {"selected": ["a", "b"]}, partial_credit=True).score == 0.0
    key3 = AnswerKey(type="multiple", options=("a", "b", "c", "d", "e"), correct=frozenset({"a", "b", "c"}))
    assert grade(key3, {"selected": ["a", "b", "d"]}, partial_credit=True).score == pytest.approx(1 / 3)


def test_multiple_refuses_the_wrong_count_with_a_message():
    with pytest.raises(ResponseError, match="Choose exactly 2 options; you chose 3"):
        grade(MULTI, {"selected": ["a", "b", "c"]})
    with pytest.raises(ResponseError, match="Choose 2 options"):
        grade(MULTI, {"selected": []})


def test_ordering_all_or_nothing_and_partial():
    assert grade(ORDER, {"order": ["s1", "s2", "s3", "s4"]}).correct
    assert grade(ORDER, {"order": ["s2", "s1", "s3", "s4"]}).score == 0.0
    assert grade(ORDER, {"order": ["s2", "s1", "s3", "s4"]}, partial_credit=True).score == 0.5


def test_matching_all_or_nothing_and_partial():
    assert grade(MATCH, {"matches": {"p1": "m1", "p2": "m2", "p3": "m3"}}).correct
    swapped = {"matches": {"p1": "m2", "p2": "m1", "p3": "m3"}}
    assert grade(MATCH, swapped).score == 0.0
    assert grade(MATCH, swapped, partial_credit=True).score == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("key", "response", "message"),
    [
        (SINGLE, {"selected": ["zzz"]}, "not part of this question"),
        (SINGLE, {"selected": ["a", "b"]}, "exactly one"),
        (SINGLE, {"selected": "b"}, "not in a form"),
        (SINGLE, ["b"], "not in a form"),
        (SINGLE, {"selected": []}, "Choose an answer"),
        (MULTI, {"selected": ["a", "a"]}, "twice"),
        (ORDER, {"order": ["s1", "s2", "s3"]}, "every step"),
        (ORDER, {"order": ["s1", "s1", "s2", "s3"]}, "every step"),
        (ORDER, {"order": "s1"}, "not in a form"),
        (MATCH, {"matches": {"p1": "m1", "p2": "m2"}}, "Match every item"),
        (MATCH, {"matches": {"p1": "m1", "p2": "m2", "p3": "bogus"}}, "not part of this question"),
        (MATCH, {"matches": {"p1": "m1", "p2": "m2", "p3": ""}}, "Match every item"),
        (MATCH, {"matches": [1, 2]}, "not in a form"),
    ],
)
def test_malformed_responses_are_refused_never_graded(key, response, message):
    with pytest.raises(ResponseError, match=message):
        grade(key, response)


def test_parse_form_reads_each_shape():
    assert parse_form(SINGLE, QueryDict("choice=b")) == {"selected": ["b"]}
    assert parse_form(MULTI, QueryDict("choice=a&choice=c")) == {"selected": ["a", "c"]}
    assert parse_form(ORDER, QueryDict("order=s2&order=s1&order=s3&order=s4")) == {
        "order": ["s2", "s1", "s3", "s4"]
    }
    by_select = QueryDict("pos-s1=2&pos-s2=1&pos-s3=3&pos-s4=4")
    assert parse_form(ORDER, by_select) == {"order": ["s2", "s1", "s3", "s4"]}
    assert parse_form(MATCH, QueryDict("match-p1=m1&match-p2=m3&match-p3=m2")) == {
        "matches": {"p1": "m1", "p2": "m3", "p3": "m2"}
    }


def test_parse_form_refuses_repeated_positions():
    with pytest.raises(ResponseError, match="exactly once"):
        parse_form(ORDER, QueryDict("pos-s1=1&pos-s2=1&pos-s3=3&pos-s4=4"))
    with pytest.raises(ResponseError, match="must be numbers"):
        parse_form(ORDER, QueryDict("pos-s1=x&pos-s2=1&pos-s3=3&pos-s4=4"))


def test_correct_response_grades_as_correct_for_every_type():
    for key in (SINGLE, MULTI, ORDER, MATCH):
        assert grade(key, key.correct_response()).correct


keys = st.sampled_from([SINGLE, MULTI, ORDER, MATCH])
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=10,
)


@given(keys, junk)
def test_any_response_is_either_refused_or_graded_between_0_and_1(key, response):
    try:
        result = grade(key, response, partial_credit=True)
    except ResponseError:
        return
    assert 0.0 <= result.score <= 1.0


@given(keys, st.data())
def test_well_formed_responses_score_1_exactly_when_correct(key, data):
    if key.type in ("single", "multiple"):
        size = 1 if key.type == "single" else key.choose
        picked = data.draw(st.lists(st.sampled_from(key.options), min_size=size, max_size=size, unique=True))
        response = {"selected": picked}
    elif key.type == "ordering":
        response = {"order": data.draw(st.permutations(key.steps))}
    else:
        # The answers of a matching question are distinct: a well-formed response uses each once.
        chosen = data.draw(st.permutations(list(key.pairs.values())))
        response = {"matches": dict(zip(key.pairs, chosen, strict=True))}
    strict = grade(key, response)
    partial = grade(key, response, partial_credit=True)
    assert strict.score in (0.0, 1.0)
    assert strict.correct == (strict.score == 1.0) == partial.correct
    assert partial.score >= strict.score
    canonical = validate(key, response)
    assert grade(key, canonical) == strict


def test_matching_refuses_one_answer_given_to_every_item():
    with pytest.raises(ResponseError, match="different answer"):
        grade(MATCH, {"matches": {"p1": "m1", "p2": "m1", "p3": "m1"}}, partial_credit=True)


def test_every_type_has_its_rules_in_one_registered_module():
    from quizzes import qtypes

    assert set(qtypes.TYPES) == {"single", "multiple", "ordering", "matching"}
    for name, rules in qtypes.TYPES.items():
        assert rules.name == name
        assert rules.__module__.startswith("quizzes.qtypes.")
    with pytest.raises(ResponseError, match="through its parts"):
        qtypes.get("case_study")


# --- Timed exams: answers in progress (drafts), graded only at submission -----------------------------------


def _draft(key, response):
    from quizzes import qtypes

    return qtypes.get(key.type).draft(key, response)


def _grade_draft(key, response):
    from quizzes import qtypes

    return qtypes.get(key.type).grade_draft(key, response)


def test_a_draft_keeps_an_incomplete_answer_and_nothing_chosen_is_no_answer():
    assert _draft(MULTI, {"selected": ["c"]}) == {"selected": ["c"]}  # one of "Choose 2", for now
    assert _draft(MATCH, {"matches": {"p2": "m1", "p1": ""}}) == {"matches": {"p2": "m1"}}
    assert _draft(MULTI, {"selected": []}) is None
    assert _draft(MATCH, {"matches": {"p1": "", "p2": ""}}) is None


@pytest.mark.parametrize(
    ("key", "response", "message"),
    [
        (SINGLE, {"selected": ["a", "b"]}, "Choose one answer only"),
        (SINGLE, {"selected": ["zz"]}, "not part of this question"),
        (MATCH, {"matches": {"p1": "m1", "p2": "m1"}}, "give every item a different answer"),
        (MATCH, {"matches": {"p9": "m1"}}, "not part of this question"),
        (MATCH, {"matches": ["p1"]}, "not in a form this question accepts"),
        (ORDER, {"order": ["s1", "s2"]}, "every step"),
    ],
)
def test_a_draft_refuses_what_no_page_could_send(key, response, message):
    with pytest.raises(ResponseError, match=message):
        _draft(key, response)


def test_a_submitted_draft_that_is_incomplete_or_missing_is_wrong():
    assert _grade_draft(MULTI, {"selected": ["a"]}).score == 0.0
    assert _grade_draft(MULTI, {"selected": ["a", "c"]}).correct
    assert _grade_draft(MATCH, {"matches": {"p1": "m1", "p2": "m2"}}).score == 0.0  # p3 unmatched
    assert _grade_draft(SINGLE, None).score == 0.0
