from django.urls import path

from content import views

app_name = "content"

urlpatterns = [
    path("", views.bank_list, name="bank_list"),
    path("notes/", views.notes_load, name="notes_load"),
    path("notes/preview/", views.notes_preview, name="notes_preview"),
    path("<slug:slug>/", views.bank_detail, name="bank_detail"),
    path("<slug:slug>/questions/", views.bank_questions, name="bank_questions"),
    path("<slug:slug>/questions/<str:key>/edit/", views.question_edit, name="question_edit"),
    path("<slug:slug>/questions/<str:key>/retire/", views.question_retire, name="question_retire"),
    path("<slug:slug>/questions/<str:key>/restore/", views.question_restore, name="question_restore"),
]
