"""The site's URLs plus the benchmark's ceiling view (bench/ceiling.py)."""

from django.urls import include, path

from bench.ceiling import ceiling

urlpatterns = [
    path("bench/ceiling/<int:pk>/", ceiling),
    path("", include("config.urls")),
]
