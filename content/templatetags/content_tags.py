from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from content.markdown import render, render_inline
from content.models import Question

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown rendered and sanitized by nh3 (content/markdown.py), so it is safe to mark as such."""
    return mark_safe(render(text))


@register.filter
def markdown_inline(text: str) -> SafeString:
    return mark_safe(render_inline(text))


@register.filter
def type_label(question_type: str) -> str:
    """A question type as people say it ("Multiple choice"), not its stored name ("single")."""
    return Question.Type(question_type).label if question_type in Question.Type.values else question_type
