"""Question banks in the Django admin: for operators to look things up, never to edit them.

Everything here is read-only. `content/loader.py` is the only code that writes banks: it keeps stable keys,
content hashes and bank versions consistent, and it retires a question rather than deleting it while attempts
point at it. An edit made by hand in the admin would bypass all of that (a changed stem would not change the
content hash or bump the bank's version, a deleted question would break old attempts), so the admin offers no
add, change or delete; staff with the view permission, and superusers, can still open every page. List pages
select their foreign keys up front, so they run the same number of queries however many rows they show.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from content.models import Bank, Choice, Concept, Domain, Question, Topic


class ReadOnlyAdminMixin:
    """No add, change or delete, for a ModelAdmin or an inline; viewing stays with Django's view permission."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False


class DomainInline(ReadOnlyInline):
    model = Domain
    fields = ("number", "name", "weight")


class TopicInline(ReadOnlyInline):
    model = Topic
    fields = ("position", "title", "domain")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return super().get_queryset(request).select_related("domain")


class ChoiceInline(ReadOnlyInline):
    model = Choice
    # `key` is what a prompt's `match_key` refers to, so it is shown beside it.
    fields = ("role", "key", "text", "is_correct", "position", "match_key")


@admin.register(Bank)
class BankAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "slug", "kind", "owner", "version", "updated_at")
    list_filter = ("kind",)
    search_fields = ("title", "slug", "owner__email")
    list_select_related = ("owner",)
    inlines = (DomainInline, TopicInline)


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("number", "name", "bank", "weight")
    list_display_links = ("number", "name")
    list_filter = ("bank",)
    search_fields = ("name", "bank__title", "bank__slug")
    list_select_related = ("bank",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "bank", "domain", "position")
    list_filter = ("bank",)
    search_fields = ("title", "bank__title", "bank__slug")
    list_select_related = ("bank", "domain")


@admin.register(Concept)
class ConceptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("term", "bank", "topic", "line")
    list_filter = ("bank",)
    search_fields = ("term",)
    list_select_related = ("bank", "topic")


class RetiredFilter(admin.SimpleListFilter):
    """Retired questions are hidden from new quizzes but kept for old attempts (content/loader.py)."""

    title = "retired"
    parameter_name = "retired"

    def lookups(self, request, model_admin):
        return (("yes", "Retired"), ("no", "Active"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(retired_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(retired_at__isnull=True)
        return queryset


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("key", "bank", "type", "topic", "domain", "retired_at")
    list_filter = ("bank", "type", RetiredFilter)
    search_fields = ("key", "stem")
    list_select_related = ("bank", "topic", "domain")
    inlines = (ChoiceInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        # The change page shows the case study a part belongs to as well.
        return super().get_queryset(request).select_related("bank", "topic", "domain", "parent")
