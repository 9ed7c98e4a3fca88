from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def letter(index: int) -> str:
    """0 → A, 1 → B, …: how answers are labelled on screen (a matching question has at most 26)."""
    return chr(ord("A") + int(index)) if 0 <= int(index) < 26 else str(int(index) + 1)
