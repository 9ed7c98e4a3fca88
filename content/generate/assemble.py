"""The generator put together: every kind over every concept and group, in a fixed order, into one bank."""

from __future__ import annotations

from content import model as m
from content.gcpause import paused_gc
from content.generate.gate import Gate, Generation, Rejection
from content.generate.kinds import Kinds
from content.generate.likeness import Likeness
from content.generate.scenario import Scenarios
from content.generate.text import _topic_title, common_name_words
from content.generate.types import concept_family, concept_types, not_a_term
from content.notes import NoteConcept, NotesDocument, NoteTopic


class _Generator(Likeness, Gate, Kinds, Scenarios):
    def __init__(self, doc: NotesDocument, slug: str, title: str) -> None:
        self.doc = doc
        self.slug = slug
        self.title = title
        self.rejected: list[Rejection] = []
        # A section of the notes that is no term ("Deployment") is neither asked about nor offered as an answer.
        self.concepts = []
        for concept in doc.concepts:
            if not_a_term(concept):
                self.rejected.append(
                    Rejection(
                        "recall", (concept.term,), "a section of the notes, not a term", concept.lines[0]
                    )
                )
            elif concept.facts or concept.definition:
                self.concepts.append(concept)
        self.by_term = {c.term: c for c in self.concepts}
        self.position = {c.term: i for i, c in enumerate(self.concepts)}
        self.common_words = common_name_words([c.term for c in self.concepts])
        self.types = concept_types(self.concepts)
        self.families = {c.term: concept_family(c, self.types[c.term]) for c in self.concepts}
        self._index_groups()
        self.questions: list[m.Question] = []
        self.keys: set[str] = set()
        self.used: dict[str, set[str]] = {}  # the facts each concept's recall item shows

    def run(self) -> Generation:
        self.by_topic: dict[tuple[str, ...], list[NoteConcept]] = {}
        for concept in self.concepts:
            self.by_topic.setdefault(concept.topic, []).append(concept)
        for concept in self.concepts:
            self.recall(concept)
        self.scenarios()
        for topic, siblings in self.by_topic.items():
            if len(siblings) >= 3:
                self.shared_fact(siblings)
                self.matching(siblings, topic[-1] if topic else "")
        used = {q.topic for q in self.questions}
        topics = tuple(
            m.Topic(title=_topic_title(t.path)) for t in self._unique_topics() if _topic_title(t.path) in used
        )
        concepts = tuple(
            m.Concept(
                term=c.term,
                topic=_topic_title(c.topic),
                definition=c.definition,
                aliases=tuple(c.aliases),
                facts=tuple(f.text for f in c.facts),
                line=c.lines[0],
            )
            for c in self.doc.concepts
        )
        order = {t.title: i for i, t in enumerate(topics)}
        questions = sorted(self.questions, key=lambda q: order.get(q.topic, len(order)))
        bank = m.Bank(
            slug=self.slug, title=self.title, topics=topics, questions=tuple(questions), concepts=concepts
        )
        return Generation(bank=bank, rejected=self.rejected)

    def _unique_topics(self):
        seen = set()
        for topic in self.doc.topics:
            if topic.path not in seen:
                seen.add(topic.path)
                yield topic
        for concept in self.doc.concepts:
            if concept.topic not in seen:
                seen.add(concept.topic)
                yield NoteTopic(concept.topic, concept.lines[0])


@paused_gc
def generate(doc: NotesDocument, *, slug: str, title: str) -> Generation:
    return _Generator(doc, slug, title).run()
