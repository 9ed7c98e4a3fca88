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
import re
from dataclasses import dataclass

from content import model as m
from content.generate.gate import Rejection
from content.generate.text import MASK, _lower_first, _names, _order, _topic_title, claims, make_key, mask
from content.generate.types import OTHER, same_type
from content.notes import NoteConcept

_END = r"(?P<x>[^.;!?]{4,160})"
NEED_RE = re.compile(
    r"\b(?P<cue>(?:best|good|great|ideal|cheap|useful|designed|built|optimi[sz]ed|effective|suited|used)\s+"
    r"(?:for|at|to)|works?\s+best\s+(?:with|for|on)|(?:which\s+)?suits|(?:use|pick|choose)\s+(?:it\s+)?"
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
PARAMETER_RE = re.compile(r"\b(?:increasing|decreasing|raising|lowering|setting|a higher|a lower)\b", re.I)
OBSOLETE_RE = re.compile(
    r"\b(?:obsolete|deprecated|superseded|no longer recommended|recommends a newer|now recommends)\b", re.I
)
VERBS = {"decreases": "reduce", "reduces": "reduce", "minimizes": "minimise", "minimises": "minimise",
         "lowers": "lower", "cuts": "cut", "cut": "cut", "shortens": "shorten", "speeds up": "speed up"}  # fmt: skip

ACTORS = (
    "A data science team at an online retailer",
    "An ML engineer at a logistics company",
    "A small analytics team at a hospital network",
    "A fraud-prevention team at a payments company",
    "A start-up building a recommendation feature",
    "The ML platform team of a media company",
    "A research group at a university",
    "A pricing team at an insurance company",
)
OPENINGS = (
    "{actor} is choosing {a_kind} for a new workload.",
    "{actor} is planning its next project on AWS and has to pick {a_kind}.",
    "{actor} is reviewing {a_kind} it will rely on for the coming year.",
)


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
        for kind, pattern in (("when", WHEN_RE), ("need", NEED_RE), ("fails", FAILS_RE)):
            for match in pattern.finditer(text):
                phrase = match.group("x").strip(" ,:-")
                if MASK not in phrase and (len(phrase.split()) >= 2 or len(phrase) >= 6):
                    verb = _verb(match.group("cue")) if kind == "need" else ""
                    found.append(Cue(kind, phrase, fact.line, fact.text, verb))
        for match in BENEFIT_RE.finditer(text):
            if PARAMETER_RE.search(text[: match.start()]):
                continue  # `Increasing "Target Precision" minimizes false positives`: a setting's effect, not its own
            verb = VERBS.get(match.group("verb").casefold(), match.group("verb").casefold())
            phrase = match.group("x").strip(" ,:-")
            if MASK not in phrase:
                found.append(Cue("benefit", f"{verb} {phrase}", fact.line, fact.text))
        if OBSOLETE_RE.search(text):
            found.append(Cue("obsolete", "", fact.line, fact.text))
    return found


def _need_sentence(cue: Cue, kind: str) -> str:
    if cue.kind == "when":
        return f"In their case, {_lower_first(cue.text)}."
    if cue.kind == "benefit":
        return f"They want to {cue.text}."
    return f"They need {_a(kind)} that {cue.verb} {_lower_first(cue.text)}."


def _constraint_sentence(cue: Cue) -> str:
    if cue.kind == "obsolete":
        return "They want an option that AWS still recommends for new work, not one it has replaced."
    text = _lower_first(cue.text)
    if re.match(r"(?i)(?:the|their|a|an|it|data|training|dataset|you)\b", text):
        return f"In their case, {text}."
    return f"Their workload involves {text}."


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

        for other in [*members, *siblings, *self.alike(concept, strict=True)]:
            if other.term in seen or not comparable(other):
                continue
            seen.add(other.term)
            candidates.append(other)
            if len(candidates) >= 12:
                break
        wrong, why_not, constraints = [], [], []
        for other in candidates:
            if len(wrong) == 3:
                break
            reason = self._fails(other, need_claims, own_said)
            if reason is None:
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
            actor=ACTORS[(digest // 7) % len(ACTORS)], a_kind=_a(kind)
        )
        requirements = "\n".join(f"- {s}" for s in [_need_sentence(need, kind), *constraints])
        stem = f"{opening}\n\n{requirements}\n\nWhich {kind} meets every requirement?"
        explanation = (
            f"**{concept.term}** meets every requirement. Your notes say: “{need.fact}” (line {need.line}).\n\n"
            + "\n\n".join(why_not)
        )
        question = m.Question(
            key=key,
            type=m.SINGLE,
            stem=stem,
            topic=_topic_title(concept.topic),
            difficulty="medium",
            tags=("scenario", "scenario"),
            concepts=(concept.term,),
            options=tuple(_order(key, right, options)),
            explanation=explanation,
            source=self.doc.source,
            source_lines=tuple(sorted({need.line, *(c.lines[0] for c in wrong)})),
        )
        all_names = [n for c in [concept, *wrong] for n in _names(c)]
        self.add(
            question, "scenario", all_names, (concept.term,), need.line, hint_free=("stem", _names(concept))
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
        if any(c and any(c <= s for s in other_said) for c in need_claims):
            return None  # the need is said of it too
        uses = [c for c in other_cues if c.kind in ("need", "when", "benefit")]
        if uses:
            return None, f"your notes give it another use: “{uses[0].fact}” (line {uses[0].line})."
        return None

    @staticmethod
    def _kind_word(options: list[NoteConcept]) -> str:
        heads = {c.term.split()[-1].casefold() for c in options}
        if len(heads) == 1 and all(len(c.term.split()) > 1 for c in options):
            return options[0].term.split()[-1].lower()
        words = " ".join(" ".join(c.topic) for c in options).casefold()
        for word, kind in (("algorithm", "algorithm"), ("storage", "storage option"), ("mode", "mode"),
                           ("service", "service"), ("inference", "inference option")):  # fmt: skip
            if word in words:
                return kind
        return "option"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"
