"""The built-in exam blueprints, as data. A migration installs them and `load_builtin` keeps them current (`install_builtin`).

MLA-C01 (exam guide, version 1.0): 65 questions, of which 15 are unscored and not marked as such, 130 minutes,
a scaled score from 100 to 1,000 with 720 to pass, and domain weights of 28, 26, 22 and 24 percent. AWS does
not publish how raw marks map to the scale; `pass_fraction` records our assumption (docs/scoring.md).
"""

from __future__ import annotations

MLA_C01_WEIGHTS = {"1": 28, "2": 26, "3": 22, "4": 24}

BUILTIN = [
    {
        "slug": "mla-c01-full",
        "title": "MLA-C01 full mock exam",
        "description": "65 questions in 130 minutes, weighted by domain as the real exam. As on the real exam, "
        "15 of them are unscored and not marked. Scaled score 100–1,000; 720 passes.",
        "exam": "MLA-C01",
        "question_count": 65,
        "unscored_count": 15,
        "duration_minutes": 130,
        "scale_min": 100,
        "scale_max": 1000,
        "passing_score": 720,
        "pass_fraction": 0.7,
        "domain_weights": MLA_C01_WEIGHTS,
        "position": 1,
    },
    {
        "slug": "mla-c01-quick",
        "title": "MLA-C01 quick mock exam",
        "description": "20 questions in 40 minutes, the real exam's pace and domain weights, all scored. "
        "Scaled score 100–1,000; 720 passes.",
        "exam": "MLA-C01",
        "question_count": 20,
        "unscored_count": 0,
        "duration_minutes": 40,
        "scale_min": 100,
        "scale_max": 1000,
        "passing_score": 720,
        "pass_fraction": 0.7,
        "domain_weights": MLA_C01_WEIGHTS,
        "position": 2,
    },
]


def install_builtin(blueprint_model) -> int:
    """Create or update the built-in blueprints (works with a migration's historical model). Returns how many
    changed."""
    changed = 0
    for row in BUILTIN:
        values = {k: v for k, v in row.items() if k != "slug"}
        current = blueprint_model.objects.filter(slug=row["slug"]).first()
        if current is None:
            blueprint_model.objects.create(slug=row["slug"], **values)
            changed += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            changed += 1
    return changed
