"""The site's URLs plus the benchmark's ceiling view (bench/ceiling.py)."""

from django.urls import include, path

from bench.ceiling import ceiling

urlpatterns = [
    path("bench/ceiling/<int:pk>/", ceiling),
    path("", include("config.urls")),
]

# The site's error handling too: a database out of reach is answered 503, as in production.
handler500 = "config.errors.server_error"
