"""Quizzes and attempts in the Django admin: for operators to look things up, never to edit them.

Read-only, and nothing can be deleted. An attempt is a graded result: its items hold the learner's responses,
the grades `quizzes/grading.py` gave them and the server's times, and changing any of it by hand would falsify
the learner's history (and the statistics drawn from it). A quiz is the settings its attempts were taken under,
so it is kept as it was too. Staff with the view permission, and superusers, can still open every page. List
pages select their foreign keys up front, so they run the same number of queries however many rows they show.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from content.admin import ReadOnlyAdminMixin, ReadOnlyInline
from quizzes.models import Attempt, AttemptItem, Quiz


class AttemptItemInline(ReadOnlyInline):
    model = AttemptItem
    fields = ("position", "question", "response", "is_correct", "score", "flagged", "answered_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AttemptItem]:
        return super().get_queryset(request).select_related("question")


@admin.register(Quiz)
class QuizAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "owner", "mode", "selection", "created_at")
    list_filter = ("mode",)
    search_fields = ("title", "owner__email")
    list_select_related = ("owner",)


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "quiz", "status", "started_at", "submitted_at", "raw_score", "max_score")
    list_filter = ("status",)
    search_fields = ("user__email", "quiz__title")
    list_select_related = ("user", "quiz")
    inlines = (AttemptItemInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Attempt]:
        return super().get_queryset(request).select_related("user", "quiz")
