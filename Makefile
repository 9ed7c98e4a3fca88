# Quizwright: `make run` serves the app, `make test` runs the whole suite, `make faults` the fault tests. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Runtime and test dependencies are installed once per pyproject.toml change (the stamps record that).
RUN_STAMP := $(VENV)/.stamp-run
DEV_STAMP := $(VENV)/.stamp-dev
# Local development settings (debug on, a generated key), read by config/settings.py; git-ignored.
ENV_FILE := .env
SHARED := ../shared
# Tests run with debug off, as in production, but over plain HTTP (the live server has no TLS), and never read a
# developer's .env (DJANGO_ENV_FILE empty), so they behave the same on a fresh clone.
TEST_ENV := DJANGO_ENV_FILE= DJANGO_SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 \
	DJANGO_SECURE_COOKIES=0 DJANGO_STATIC_MANIFEST=0
CHROMIUM_HINT := "Install it with: sudo apt-get update && sudo apt-get install -y chromium"

.PHONY: run test faults acceptance lint format bench loadtest install install-dev migrate clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(RUN_STAMP)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(ENV_FILE):
	@$(PYTHON) config/write_dev_env.py $@

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

migrate: $(RUN_STAMP) $(ENV_FILE)
	$(PY) manage.py migrate --no-input

run: migrate
	@$(PY) manage.py load_builtin
	@echo "Demo accounts:"
	@$(PY) manage.py create_demo_accounts
	@$(PY) manage.py create_demo_class
	@echo "Serving Quizwright on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite but the tests that read ../shared (those are `make acceptance`) and the fault tests (`make faults`).
test: $(DEV_STAMP)
	@test -x /usr/bin/chromium || { echo "make test: the browser tests need Debian's Chromium at /usr/bin/chromium." \
		$(CHROMIUM_HINT) >&2; exit 1; }
	$(TEST_ENV) $(PY) -m pytest --ignore=tests/acceptance --ignore=tests/faults

# Fault tests on the real stack (gunicorn, 2 workers): a worker killed while learners save, the whole server killed
# and restarted, the database out of reach (also in Chromium), two servers on one database. Not part of `make test`
# (about a minute). SQLite by default; PostgreSQL when DATABASE_URL names a server (a fresh database beside it,
# dropped after; the outage test starts and stops a PostgreSQL server of its own). See docs/operations.md.
faults: $(DEV_STAMP)
	@test -x /usr/bin/chromium || { echo "make faults: the browser test needs Debian's Chromium at /usr/bin/chromium." \
		$(CHROMIUM_HINT) >&2; exit 1; }
	$(TEST_ENV) $(PY) -m pytest tests/faults

# Tests on the shared seed notes and notes corpus, which sit beside the project in ../shared.
acceptance: $(DEV_STAMP)
	@test -d $(SHARED)/seeds -a -d $(SHARED)/notes-corpus || { echo "make acceptance: it needs the shared notes" \
		"beside the project: $(SHARED)/seeds and $(SHARED)/notes-corpus are missing." >&2; exit 1; }
	$(TEST_ENV) $(PY) -m pytest tests/acceptance

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(DEV_STAMP)
	$(TEST_ENV) $(PY) bench/run.py

# The real stack (gunicorn, 2 workers) under simulated learners; not part of `make test`. SQLite by default,
# PostgreSQL when DATABASE_URL names a server (a fresh database beside it, dropped after). See docs/performance.md.
loadtest: $(DEV_STAMP)
	DJANGO_ENV_FILE= $(PY) bench/loadtest.py $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
