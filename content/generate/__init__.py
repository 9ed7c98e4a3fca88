"""Questions from parsed notes: the kinds the real exam uses, each traced back to the lines it came from.

Plain Python, no Django. `generate(doc, slug=..., title=...)` returns a `Generation`: a `content.model.Bank` and the
candidates the quality gate rejected, with reasons. Deterministic: the same notes give the same questions in the
same order.

Kinds (the tag on each question says which):
- `describe-term`: the concept's facts with its name masked; which term is it? Distractors by likeness: siblings
  under the same heading, then terms sharing a head word, then the rest of the notes.
- `term-statement`: which statement describes the term? Distractor statements come from siblings and never name
  the answer.
- `scenario`: for a group of look-alikes (File vs Pipe vs Fast File mode), a situation built from the facts that
  set one member apart; the options are the group.
- `shared-fact`: multiple response, when several siblings share a fact the others lack ("which two require a VPC").
- `matching`: 3-7 terms of one topic or group to their short descriptions.

Keys come from the kind and the concepts (never the wording), so editing a sentence keeps a learner's history.
"""

from content.generate.assemble import _Generator, generate
from content.generate.gate import Generation, Rejection
from content.generate.text import MASK, MAX_OPTIONS, _compiled_name_re, make_key, mask, names_in

__all__ = [
    "MASK",
    "MAX_OPTIONS",
    "Generation",
    "Rejection",
    "_Generator",
    "_compiled_name_re",
    "generate",
    "make_key",
    "mask",
    "names_in",
]
