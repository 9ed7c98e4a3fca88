from django.urls import path

from quizzes import exam_views, views

app_name = "quizzes"

urlpatterns = [
    path("practice/", views.practice_new, name="practice_new"),
    path("exams/", exam_views.exams, name="exams"),
    path("exams/<slug:slug>/start/", exam_views.exam_start, name="exam_start"),
    path("attempts/<int:pk>/", views.attempt_resume, name="attempt"),
    path("attempts/<int:pk>/q/<int:number>/", views.question, name="question"),
    path("attempts/<int:pk>/q/<int:number>/answer/", views.answer, name="answer"),
    path("attempts/<int:pk>/q/<int:number>/flag/", views.flag, name="flag"),
    path("attempts/<int:pk>/q/<int:number>/save/", exam_views.save, name="save"),
    path("attempts/<int:pk>/next/", views.next_question, name="next"),
    path("attempts/<int:pk>/finish/", views.finish, name="finish"),
    path("attempts/<int:pk>/summary/", views.summary, name="summary"),
    path("attempts/<int:pk>/again/", views.practise_again, name="again"),
]
