from django.urls import path

from quizzes import exam_views, teach_views, views

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
    path("assignments/<int:pk>/start/", views.assignment_start, name="assignment_start"),
    # The instructor area.
    path("teach/", teach_views.teach_home, name="teach"),
    path("teach/quizzes/new/", teach_views.quiz_new, name="teach_quiz_new"),
    path("teach/quizzes/<int:pk>/", teach_views.quiz_edit, name="teach_quiz"),
    path("teach/quizzes/<int:pk>/items/", teach_views.quiz_items, name="teach_quiz_items"),
    path("teach/classes/new/", teach_views.class_new, name="teach_class_new"),
    path("teach/classes/<int:pk>/", teach_views.class_detail, name="teach_class"),
    path("teach/classes/<int:pk>/assign/", teach_views.class_assign, name="teach_class_assign"),
    path("teach/classes/<int:pk>/code/", teach_views.class_new_code, name="teach_class_code"),
    path("teach/classes/<int:pk>/co-instructors/", teach_views.class_co_instructor, name="teach_class_co"),
    path(
        "teach/classes/<int:pk>/learners/<int:user_pk>/remove/",
        teach_views.class_remove_learner,
        name="teach_class_remove",
    ),
    path("teach/classes/<int:pk>/learners/<int:user_pk>/", teach_views.learner_results, name="teach_learner"),
    path("teach/classes/<int:pk>/gradebook/", teach_views.gradebook, name="teach_gradebook"),
    path("teach/assignments/<int:pk>/remove/", teach_views.assignment_remove, name="teach_assignment_remove"),
    path("teach/assignments/<int:pk>/items/", teach_views.assignment_items, name="teach_assignment_items"),
    path("teach/attempts/<int:pk>/", teach_views.attempt_review, name="teach_attempt"),
]
