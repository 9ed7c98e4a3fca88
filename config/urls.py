from django.contrib import admin
from django.urls import include, path

from quizzes import views as quiz_views

urlpatterns = [
    path("", quiz_views.home, name="home"),
    path("dashboard/", quiz_views.dashboard, name="dashboard"),
    path("", include("quizzes.urls")),
    path("accounts/", include("accounts.urls")),
    path("banks/", include("content.urls")),
    path("admin/", admin.site.urls),
]
