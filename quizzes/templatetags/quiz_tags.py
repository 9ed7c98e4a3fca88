from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def letter(index: int) -> str:
    """0 → A, 1 → B, …: how answers are labelled on screen (a matching question has at most 26)."""
    return chr(ord("A") + int(index)) if 0 <= int(index) < 26 else str(int(index) + 1)


@register.filter
def get_item(mapping, key):
    """`mapping[key]`, or None: a matching question's saved answer for one prompt."""
    return mapping.get(key) if mapping else None


@register.filter
def clock(seconds) -> str:
    """Seconds as a countdown reads them: 1:05:09 or 4:07."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def duration(seconds) -> str:
    """Seconds in words for a results page: 1 h 05 min, 12 min 30 s."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
