from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.bank_list, name="bank_list"),
    path("notes/", views.notes_load, name="notes_load"),
    path("notes/preview/", views.notes_preview, name="notes_preview"),
    path("new/", views.bank_new, name="bank_new"),
    path("<slug:slug>/", views.bank_detail, name="bank_detail"),
    path("<slug:slug>/questions/", views.bank_questions, name="bank_questions"),
    path("<slug:slug>/text/", views.bank_text, name="bank_text"),
    path("<slug:slug>/text/check/", views.bank_text_check, name="bank_text_check"),
    path("<slug:slug>/export/", views.bank_export, name="bank_export"),
    path("<slug:slug>/co-owners/", views.bank_co_owners, name="bank_co_owners"),
    path(
        "<slug:slug>/co-owners/<int:user_id>/remove/", views.bank_co_owner_remove, name="bank_co_owner_remove"
    ),
    path("<slug:slug>/questions/new/", views.question_new, name="question_new"),
    path("<slug:slug>/questions/preview/", views.question_preview, name="question_preview"),
    path("<slug:slug>/questions/<str:key>/form/", views.question_form, name="question_form"),
    path("<slug:slug>/questions/<str:key>/edit/", views.question_edit, name="question_edit"),
    path("<slug:slug>/questions/<str:key>/retire/", views.question_retire, name="question_retire"),
    path("<slug:slug>/questions/<str:key>/restore/", views.question_restore, name="question_restore"),
]
