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

# A database out of reach for a moment is answered 503 (retryable); every other server error is the 500 page.
handler500 = "config.errors.server_error"
