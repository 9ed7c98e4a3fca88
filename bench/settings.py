"""Settings for the load test's app servers: the site's own settings, plus the ceiling view's URL (bench/urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
