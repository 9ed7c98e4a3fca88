"""Scenario questions: situations built from the cues in the notes, not from a pasted definition.

A cue is what a note says a concept is for, or against: "Best for / Good for / Use when / Optimized for" (a
need it meets), "decreases / reduces / minimizes" (a benefit), "Terrible when / Slow to start when / Avoid if"
(a situation it fails in), "Obsolete / deprecated / now recommends a newer…" (not for new work). A scenario for
concept K states one of K's needs as the situation's requirement, adds the failing situations of the options
offered beside it as constraints, and is kept only when every wrong option fails at least one stated
requirement while K meets them all. The options come from K's comparison group ("A vs B", same head word),
then its siblings under one heading, then its look-alikes; the stem is written from a small library of
situations (who, what they are doing), so it reads like an exam item rather than the notes.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass

from content import model as m
from content.generate.gate import Rejection
from content.generate.kinds import says_little
from content.generate.text import (
    MASK,
    _lower_first,
    _names,
    _order,
    _topic_title,
    claims,
    make_key,
    mask,
    unquoted,
    written_out,
)
from content.generate.types import OTHER, same_type
from content.notes import NoteConcept

_END = r"(?P<x>[^.;!?]{4,160})"
NEED_RE = re.compile(
    r"\b(?P<cue>(?:best|good|great|ideal|cheap|cheapest|fastest|useful|designed|built|optimi[sz]ed|effective|"
    r"suited|used)\s+"
    r"(?:for|at|to)|works?\s+best\s+for|(?:which\s+)?suits|(?:use|pick|choose)\s+(?:it\s+)?"
    r"(?:for|to)|only\s+use\s+for)\b[:\s]+" + _END,
    re.I,
)
WHEN_RE = re.compile(
    r"\b(?:(?:best|good|great|ideal)\s+when|(?:use|pick|choose)\s+(?:it\s+)?(?:when|if))\b[:\s]+" + _END, re.I
)
BENEFIT_RE = re.compile(
    r"\b(?P<verb>decreases|reduces|minimi[sz]es|lowers|cuts|(?<=can )cut|shortens|speeds up)\s+(?P<x>[^.;!?,]{3,80})",
    re.I,
)
FAILS_RE = re.compile(
    r"\b(?:terrible|bad|poor|slow(?:\s+to\s+start)?|avoid(?:\s+it)?|not\s+suited|expensive|struggles)\s+"
    r"(?:when|if|for|with)\s+" + _END,
    re.I,
)
_UNIT = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>KB|MB|GB|TB|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)\b"
LIMIT_RE = re.compile(
    r"\b(?:(?P<what>payloads?|requests?|timeouts?|runs?|jobs?|processing time|invocations?|files?|objects?)\s+)?"
    r"(?:(?:of\s+)?up to|max(?:imum)?|at most|limit(?:ed)? (?:of|to))\s+(?:(?P<what2>payload|timeout|size|run time|"
    r"runtime|processing time|duration)\s+(?:of\s+)?)?" + _UNIT,
    re.I,
)
SCALE = {"kb": ("size", 1e3), "mb": ("size", 1e6), "gb": ("size", 1e9), "tb": ("size", 1e12),
         "ms": ("time", 0.001), "s": ("time", 1), "sec": ("time", 1), "secs": ("time", 1), "second": ("time", 1),
         "seconds": ("time", 1), "min": ("time", 60), "mins": ("time", 60), "minute": ("time", 60),
         "minutes": ("time", 60), "hour": ("time", 3600), "hours": ("time", 3600), "hr": ("time", 3600),
         "hrs": ("time", 3600), "day": ("time", 86400), "days": ("time", 86400)}  # fmt: skip


@dataclass(frozen=True)
class Limit:
    dimension: str  # size or time
    value: float  # in bytes or seconds
    shown: str  # as the notes put it: "4 MB"
    what: str  # payload, timeout… ("" when the notes do not say)
    line: int
    fact: str


def _folded(text: str) -> str | None:
    """`text` in lower case for `_may_say`, or None when it is not ASCII (the patterns' case-folding is wider
    than `lower` there, so such text always goes to the pattern)."""
    return text.lower() if text.isascii() else None


def _may_say(folded: str | None, words: tuple[str, ...]) -> bool:
    """A cheap necessary condition for one of the cue patterns below: one of its `words` is in the text (`_folded`).
    Most facts have no cue, and a search for a substring costs far less than running the pattern."""
    if folded is None:
        return True
    for word in words:  # noqa: SIM110 (a plain loop: `any` over a generator costs more on this hot path)
        if word in folded:
            return True
    return False


# What each pattern cannot match without (lower case).
WHEN_WORDS = ("when", "if")
NEED_WORDS = ("best", "good", "great", "ideal", "cheap", "fastest", "use", "designed", "built", "optimi",
              "effective", "suit", "work", "pick", "choose")  # fmt: skip
FAILS_WORDS = ("terrible", "bad", "poor", "slow", "avoid", "suited", "expensive", "struggles")
BENEFIT_WORDS = ("decreases", "reduces", "minimi", "lowers", "cut", "shortens", "speeds up")
OBSOLETE_WORDS = ("obsolete", "deprecated", "superseded", "recommend")
LIMIT_WORDS = ("up to", "max", "at most", "limit")
DIGIT_RE = re.compile(r"\d")  # and a figure


def limits(concept: NoteConcept) -> list[Limit]:
    """ "Max payload 4 MB", "payloads up to 25 MB", "runs up to 15 minutes": the limits a concept's notes state."""
    found = []
    for fact in concept.facts:
        if not (_may_say(_folded(fact.text), LIMIT_WORDS) and DIGIT_RE.search(fact.text)):
            continue
        for match in LIMIT_RE.finditer(fact.text):
            unit = match.group("unit")
            dimension, scale = SCALE[unit.casefold()]
            what = (match.group("what") or match.group("what2") or "").casefold().rstrip("s")
            shown = f"{match.group('n')} {unit}"
            found.append(Limit(dimension, float(match.group("n")) * scale, shown, what, fact.line, fact.text))
    return found


PARAMETER_RE = re.compile(r"\b(?:increasing|decreasing|raising|lowering|setting|a higher|a lower)\b", re.I)
OBSOLETE_RE = re.compile(
    r"\b(?:obsolete|deprecated|superseded|no longer recommended|recommends a newer|now recommends)\b", re.I
)
VERBS = {"decreases": "reduce", "reduces": "reduce", "minimizes": "minimise", "minimises": "minimise",
         "lowers": "lower", "cuts": "cut", "cut": "cut", "shortens": "shorten", "speeds up": "speed up"}  # fmt: skip

# Who is choosing: teams without an industry, so that no situation clashes with the need ("a retailer" asking
# about medical scans); the need itself says what the work is.
ACTORS = (
    "A data science team",
    "An ML engineering team",
    "A small analytics team",
    "A start-up's ML team",
    "The ML platform team of a mid-sized company",
    "A research group",
    "A team moving its models to AWS",
)
OPENINGS = (
    "{actor} is choosing {a_kind} for a new workload.",
    "{actor} has to pick {a_kind} for its next project.",
    "{actor} is deciding which {kind} to use.",
)
# Needs put as what an option suits; a comparison ("is fastest for", "is cheapest for") stays as the notes put it.
COMPARISONS = {"is cheap for", "is cheapest for", "is fastest for"}
WEAK = (None, "")  # `_fails`: nothing rules it out, nothing rules it in


@dataclass(frozen=True)
class Cue:
    kind: str  # need, when, benefit, fails, obsolete
    text: str  # the situation, in the notes' words
    line: int
    fact: str  # the whole fact it was read from
    verb: str = ""  # how a need is put: "is best for", "works best with", "suits"


def _verb(cue: str) -> str:
    """How the notes put a need, as a clause about the option: `Best for` -> "is best for"."""
    cue = re.sub(r"\s+", " ", cue.casefold().strip())
    cue = re.sub(r"^which ", "", cue)
    if cue.startswith("work"):
        return "works best " + cue.split()[-1]
    if cue == "suits":
        return "suits"
    if cue.startswith(("use", "pick", "choose", "only")):
        return "is meant for"
    return f"is {cue}"


def cues(concept: NoteConcept) -> list[Cue]:
    """The cues in a concept's facts, in the order of the notes (the concept's own names masked)."""
    names = _names(concept)
    found: list[Cue] = []
    for fact in concept.facts:
        text = mask(fact.text, names)
        folded = _folded(text)
        for kind, pattern, words in (("when", WHEN_RE, WHEN_WORDS), ("need", NEED_RE, NEED_WORDS),
                                     ("fails", FAILS_RE, FAILS_WORDS)):  # fmt: skip
            if not _may_say(folded, words):
                continue
            for match in pattern.finditer(text):
                phrase = match.group("x").strip(" ,:-")
                if MASK not in phrase and (len(phrase.split()) >= 2 or len(phrase) >= 6):
                    verb = _verb(match.group("cue")) if kind == "need" else ""
                    found.append(Cue(kind, phrase, fact.line, fact.text, verb))
        for match in BENEFIT_RE.finditer(text) if _may_say(folded, BENEFIT_WORDS) else ():
            if PARAMETER_RE.search(text[: match.start()]):
                continue  # `Increasing "Target Precision" minimizes false positives`: a setting's effect, not its own
            verb = VERBS.get(match.group("verb").casefold(), match.group("verb").casefold())
            phrase = match.group("x").strip(" ,:-")
            if MASK not in phrase:
                found.append(Cue("benefit", f"{verb} {phrase}", fact.line, fact.text))
        if _may_say(folded, OBSOLETE_WORDS) and OBSOLETE_RE.search(text):
            found.append(Cue("obsolete", "", fact.line, fact.text))
    return found


def _need_sentence(cue: Cue, kind: str) -> str:
    if cue.kind == "when":
        return _situation(cue.text)
    if cue.kind == "benefit":
        return written_out(f"They want to {cue.text}.")
    if cue.verb not in COMPARISONS:
        # "Good for large searches with many epochs" is what their work is, not a verdict to copy into the need
        # (the question then asks which fits best).
        return written_out(f"Their workload: {_first_two(_lower_first(cue.text))}.")
    return written_out(f"They need {_a(kind)} that {cue.verb} {_first_two(_lower_first(cue.text))}.")


def _first_two(text: str) -> str:
    """A need that lists three or more uses ("finding hidden patterns, customer segmentation, risk grouping, and
    pattern discovery"), as a requirement names it: by the first two. (No rival has any of them: `_fails`.)"""
    if "(" in text:
        return text
    items = [item.strip() for item in text.split(",")]
    if len(items) < 3 or not re.match(r"(?:and|or) ", items[-1]) or not all(items):
        return text
    return f"{items[0]} and {items[1]}"


def _constraint_sentence(cue: Cue) -> str:
    if cue.kind == "obsolete":
        return "They want an option that AWS still recommends for new work, not one it has replaced."
    return _situation(cue.text)


def _situation(text: str) -> str:
    """A situation from the notes' words: a clause ("the dataset is very large") or what the work is
    ("traffic with long idle gaps")."""
    text = _lower_first(text)
    # The notes speak to the learner ("you want …"); the situation is about the team.
    text = re.sub(r"\byou\b", "they", re.sub(r"\byour\b", "their", text))
    text = _examples(text)
    # "training dataset is huge": the notes' telegraphic style, with its article back.
    text = re.sub(
        r"^(?=(?:training )?(?:dataset|data set|data|model)s?\b\s+(?:is|are|has|have|must|needs?)\b)",
        "the ",
        text,
    )
    if re.match(r"(?i)(?:the|their|it|they|data|training|dataset)\b", text) or re.search(
        r"(?<!that )(?<!which )\b(?:is|are|was|were|has|have)\b", text
    ):
        return written_out(f"In their case, {text}.")
    return written_out(f"Their workload: {text}.")


def _examples(text: str) -> str:
    """A closing parenthesis of examples in a situation, as a writer would put it: "false negatives are costly
    (fraud, disease)" -> "…costly, for example in fraud or disease"; "(spam filter)" -> ", for example in a
    spam filter"."""
    match = re.search(r"\s*\((?:e\.g\.,?\s*|eg\s+|ex:?\s*)?([a-z][a-z0-9 ,/-]{1,60})\)\s*$", text)
    if not match:
        return text
    items = [i.strip() for i in re.split(r",|/", match.group(1)) if i.strip()]
    if len(items) > 1:
        shown = "in " + ", ".join(items[:-1]) + " or " + items[-1]
    elif items[0].endswith("s") or len(items[0].split()) > 3:
        shown = items[0]
    else:
        shown = "in " + ("an " if items[0][0] in "aeiou" else "a ") + items[0]
    return f"{text[: match.start()]}, for example {shown}"


class Scenarios:
    """Mixed into the generator, with `Likeness`, `Gate` and `Kinds`."""

    def scenarios(self) -> None:
        """A scenario for each concept with a need or a benefit in its notes, its options taken from its
        comparison group first; every explicit comparison group is tried for each of its members."""
        grouped: dict[str, list[tuple[str, list[NoteConcept]]]] = {}
        for group in self.doc.groups:
            members = [self.by_term[t] for t in group.terms if t in self.by_term]
            for concept in members:
                grouped.setdefault(concept.term, []).append((group.title, members))
        for concept in self.concepts:
            own = cues(concept)
            needs = [c for c in own if c.kind in ("need", "when", "benefit")]
            if not needs:
                continue
            if any(c.kind == "obsolete" for c in own):
                self.rejected.append(
                    Rejection("scenario", (concept.term,), "your notes call it obsolete", concept.lines[0])
                )
                continue
            siblings = [c for c in self.by_topic.get(concept.topic, []) if c is not concept]
            groups = grouped.get(concept.term) or [
                (concept.topic[-1] if concept.topic else "notes", [concept, *siblings])
            ]
            title, members = groups[0]
            self._scenario(concept, needs[0], title, members, siblings)
        self.limit_scenarios()

    def limit_scenarios(self) -> None:
        """A limit exceeded by a concrete value: in a group where three or more options state a limit of one sort
        (payload size, run time), the workload needs more than all but one allow; that one is the answer."""
        groups = [(g.title, [self.by_term[t] for t in g.terms if t in self.by_term]) for g in self.doc.groups]
        groups += [(topic[-1] if topic else "notes", members) for topic, members in self.by_topic.items()]
        groups.sort(
            key=lambda group: -len(group[1])
        )  # the widest choice first; one item per answer and limit
        done: set[tuple[str, str, str]] = set()
        stated_by: dict[str, list[Limit]] = {}  # a concept sits in several groups: its limits are read once
        for title, members in groups:
            by_sort: dict[tuple[str, str], list[tuple[Limit, NoteConcept]]] = {}
            for concept in members:
                if concept.term not in stated_by:
                    stated_by[concept.term] = limits(concept)[:2]
                for limit in stated_by[concept.term]:
                    by_sort.setdefault((limit.dimension, limit.what), []).append((limit, concept))
            for (dimension, what), stated in by_sort.items():
                best = {}
                for limit, concept in stated:
                    if concept.term not in best or limit.value > best[concept.term][0].value:
                        best[concept.term] = (limit, concept)
                ranked = sorted(best.values(), key=lambda pair: -pair[0].value)
                if len(ranked) < 3 or ranked[0][0].value == ranked[1][0].value:
                    continue
                (top, key_concept), (second, _) = ranked[0], ranked[1]
                if (key_concept.term, dimension, what) in done:
                    continue
                done.add((key_concept.term, dimension, what))
                key = make_key("limit", title, key_concept.term, what or dimension)
                self._limit_scenario(key, key_concept, top, second, ranked[1:4], what, dimension)

    def _limit_scenario(self, key, concept, top: Limit, second: Limit, wrong, what, dimension) -> None:
        needed = _between(second, top)
        if dimension == "size":
            thing = f"{what}s" if what else "inputs"
            need = f"Each of their {thing} is about {needed}."
        else:
            thing = what or "each run"
            need = f"{'Each ' + what if what else 'Each run'} takes about {needed}."
        digest = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest(), 16)
        kind = self._kind_word([concept, *(c for _, c in wrong)])
        opening = OPENINGS[digest % len(OPENINGS)].format(
            actor=ACTORS[(digest // 7) % len(ACTORS)], a_kind=_a(kind), kind=kind
        )
        stem = f"{opening}\n\n- {need}\n\nWhich {kind} can handle it?"
        why_not = [
            f"**{c.term}** — your notes put its limit at {limit.shown}: “{limit.fact}” (line {limit.line})."
            for limit, c in wrong
        ]
        options = [m.Option(c.term, False, w) for (_, c), w in zip(wrong, why_not, strict=True)]
        right = [m.Option(concept.term, True, f"Your notes allow up to {top.shown} (line {top.line}).")]
        question = self._single_choice(
            key,
            "limit",
            concept,
            stem,
            _order(key, right, options),
            f"**{concept.term}** allows up to {top.shown}, more than {needed}: “{top.fact}” (line {top.line})."
            "\n\n" + "\n\n".join(why_not),
            {top.line, *(limit.line for limit, _ in wrong)},
        )
        names = [n for c in [concept, *(c for _, c in wrong)] for n in _names(c)]
        self.add(question, "scenario", names, (concept.term,), top.line, hint_free=("stem", _names(concept)))

    def _scenario(self, concept, need: Cue, title: str, members, siblings) -> None:
        key = make_key("scenario", title, concept.term)
        need_claims = claims(need.text)
        own_said = self.said(concept)
        seen: set[str] = {concept.term}
        candidates = []
        kind = self.types[concept.term]

        def comparable(other) -> bool:
            # Of its sort; a concept whose sort nothing says only beside its own group or heading.
            if kind != OTHER and kind == self.types[other.term]:
                return True
            return same_type(kind, self.types[other.term]) and (
                other in members or other.topic == concept.topic
            )

        for other in itertools.chain(members, siblings, self.alike(concept, strict=True)):
            if other.term in seen or not comparable(other):
                continue
            seen.add(other.term)
            candidates.append(other)
            if len(candidates) >= 12:
                break
        # Of its family first (a vision need is answered among vision algorithms), the group's order otherwise;
        # never one of another family (a text algorithm against a need for click prediction is no rival).
        candidates = [other for other in candidates if self.family_rank(other, concept) < 2]
        candidates.sort(key=lambda other: self.family_rank(other, concept))
        wrong, why_not, constraints = [], [], []
        weak = []
        for other in candidates:
            if len(wrong) == 3:
                break
            reason = self._fails(other, need_claims, own_said)
            if reason is None:
                continue
            if reason is WEAK:
                # Of its heading, or of its known family (NTM beside a need for translation): the notes describe
                # it as something else.
                if other.facts and (
                    other.topic == concept.topic
                    or (self.families[concept.term] and self.family_rank(other, concept) == 0)
                ):
                    weak.append(other)
                continue
            cue, because = reason
            if cue is not None:
                sentence = _constraint_sentence(cue)
                if sentence not in constraints:
                    if len(constraints) == 2:
                        continue  # a third constraint would crowd the stem: take a look-alike that fails the need
                    constraints.append(sentence)
            wrong.append(other)
            why_not.append(f"**{other.term}** — {because}")
        # Siblings of the same heading or family of which the notes say nothing like the need (nor any use of
        # their own): they describe them as something else. Fair wrong options beside those that fail a stated
        # requirement, up to two of them.
        for other in weak[: min(2, 3 - len(wrong))]:
            wrong.append(other)
            said = self._telling_fact(other)
            why_not.append(
                f"**{other.term}** — your notes say nothing of it for this need; they say: "
                f"“{unquoted(said.text)}” (line {said.line})."
            )
        if len(wrong) < 2:
            self.rejected.append(
                Rejection(
                    "scenario",
                    (concept.term,),
                    "fewer than 2 other options fail a requirement the notes state",
                    need.line,
                )
            )
            return
        options = [m.Option(c.term, False, f"See why not: {w}") for c, w in zip(wrong, why_not, strict=True)]
        right = [m.Option(concept.term, True, f"Your notes: “{need.fact}” (line {need.line}).")]
        digest = int(hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest(), 16)
        kind = self._kind_word([concept, *wrong])
        opening = OPENINGS[digest % len(OPENINGS)].format(
            actor=ACTORS[(digest // 7) % len(ACTORS)], a_kind=_a(kind), kind=kind
        )
        stated = [_need_sentence(need, kind), *constraints]
        requirements = "\n".join(f"- {s}" for s in stated)
        ask = f"Which {kind} meets every requirement?" if len(stated) > 1 else f"Which {kind} fits best?"
        stem = f"{opening}\n\n{requirements}\n\n{ask}"
        explanation = (
            f"**{concept.term}** meets every requirement. Your notes say: “{need.fact}” (line {need.line}).\n\n"
            + "\n\n".join(why_not)
        )
        question = self._single_choice(
            key,
            "scenario",
            concept,
            stem,
            _order(key, right, options),
            explanation,
            {need.line, *(c.lines[0] for c in wrong)},
        )
        all_names = [n for c in [concept, *wrong] for n in _names(c)]
        self.add(
            question, "scenario", all_names, (concept.term,), need.line, hint_free=("stem", _names(concept))
        )

    def _single_choice(self, key, form, concept, stem, options, explanation, lines) -> m.Question:
        return m.Question(
            key=key,
            type=m.SINGLE,
            stem=stem,
            topic=_topic_title(concept.topic),
            difficulty="medium",
            tags=("scenario", form),
            concepts=(concept.term,),
            options=tuple(options),
            explanation=explanation,
            source=self.doc.source,
            source_lines=tuple(sorted(lines)),
        )

    def _fails(self, other, need_claims, own_said) -> tuple[Cue | None, str] | None:
        """Why `other` fails the scenario: a situation its notes say it fails in (or that it is obsolete), which
        becomes a constraint, or a different use of its own where the need is not said of it. None when
        nothing the notes say rules it out (then it is not offered: it might be a second right answer)."""
        other_cues = cues(other)
        for cue in other_cues:
            if cue.kind == "obsolete":
                return cue, f"your notes call it obsolete: “{cue.fact}” (line {cue.line})."
            if cue.kind == "fails" and not any(
                len(c) >= 2 and any(c <= s for s in own_said) for c in claims(cue.text)
            ):
                return cue, f"your notes say it does badly here: “{cue.fact}” (line {cue.line})."
        other_said = self.said(other)
        whole = frozenset().union(*need_claims) if need_claims else frozenset()
        if any(
            c and any(c <= s for s in other_said) for c in [whole, *(c for c in need_claims if len(c) >= 2)]
        ):
            return None  # the need is said of it too
        uses = [c for c in other_cues if c.kind in ("need", "when", "benefit")]
        if uses:
            return (
                None,
                f"your notes do not say it suits this; they say: “{uses[0].fact}” (line {uses[0].line}).",
            )
        return WEAK

    def _telling_fact(self, concept: NoteConcept):
        """The fact that best says what a concept is: its most telling one (`ranked_facts`) that says enough on
        its own, not a label like "UL." that the notes open with."""
        names = _names(concept)
        ranked = self.ranked_facts(concept) or concept.facts
        return next((f for f in ranked if not says_little(mask(f.text, names))), ranked[0])

    def _kind_word(self, options: list[NoteConcept]) -> str:
        """What the options are, as a countable noun ("tuning strategy", "shared storage option")."""
        kind = self._sort_of(options)
        last = kind.split()[-1]
        return kind.removesuffix(last) + UNCOUNTABLE[last] if last in UNCOUNTABLE else kind

    def _sort_of(self, options: list[NoteConcept]) -> str:
        sorts = {self.types[c.term] for c in options} - {OTHER}
        if len(sorts) == 1:
            return _heading_kind(options, sorts.pop())
        heads = {c.term.split()[-1].casefold() for c in options}
        if len(heads) == 1 and all(len(c.term.split()) > 1 for c in options):
            head = options[0].term.split()[-1].lower()
            return head
        words = " ".join(" ".join(c.topic) for c in options).casefold()
        for word, kind in (("algorithm", "algorithm"), ("storage", "storage option"), ("mode", "mode"),
                           ("service", "service"), ("inference", "inference option")):  # fmt: skip
            if word in words:
                return kind
        return "option"


def _heading_kind(options: list[NoteConcept], kind: str) -> str:
    """The options' common heading when it names their sort more exactly ("training input mode" under "Training
    Input Modes", "built-in algorithm" under "Built-in Algorithms"); otherwise the sort."""
    headings = {c.topic[-1] for c in options if c.topic}
    if len(headings) != 1 or len({c.topic for c in options}) != 1:
        return kind
    words = headings.pop().split()
    last = kind.split()[-1]
    if not 2 <= len(words) <= 4 or words[-1].casefold() not in (last, f"{last}s"):
        return kind
    if not all(re.fullmatch(r"[A-Za-z][\w-]*", w) for w in words):
        return kind
    # Title-case words in lower case; names written otherwise ("SageMaker") as they are.
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words]
    return " ".join([*words[:-1], last])


UNCOUNTABLE = {"inference": "inference option", "learning": "learning approach", "data": "data option",
               "training": "training option", "storage": "storage option", "monitoring": "monitoring type"}  # fmt: skip


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _between(lower: Limit, upper: Limit) -> str:
    """A round figure above `lower` and within `upper`, in `lower`'s unit ("10 MB" between 6 MB and 25 MB)."""
    unit = lower.shown.split()[1]
    scale = SCALE[unit.casefold()][1]
    for factor in (2, 1.5, 1.25):
        value = lower.value * factor
        if lower.value < value <= upper.value:
            figure = value / scale
            return f"{figure:g} {unit}"
    return upper.shown
