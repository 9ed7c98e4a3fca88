# Quizwright: `make run` serves the app, `make test` runs the whole suite. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Runtime and test dependencies are installed once per pyproject.toml change (the stamps record that).
RUN_STAMP := $(VENV)/.stamp-run
DEV_STAMP := $(VENV)/.stamp-dev
DEV_KEY_FILE := .dev-secret-key
# Tests run with debug off, as in production, but over plain HTTP (the live server has no TLS).
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz DJANGO_DEBUG=0 \
	DJANGO_ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 \
	DJANGO_STATIC_MANIFEST=0
DEV_ENV = DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat $(DEV_KEY_FILE))"

.PHONY: run test lint format bench install install-dev migrate clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(RUN_STAMP)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(DEV_KEY_FILE):
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP)

migrate: $(RUN_STAMP) $(DEV_KEY_FILE)
	$(DEV_ENV) $(PY) manage.py migrate --no-input

run: migrate
	@$(DEV_ENV) $(PY) manage.py load_builtin
	@echo "Demo accounts:"
	@$(DEV_ENV) $(PY) manage.py create_demo_accounts
	@echo "Serving Quizwright on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(DEV_STAMP)
	@test -x /usr/bin/chromium || { echo "make test: the browser tests need Debian's Chromium at /usr/bin/chromium." \
		"Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2; exit 1; }
	$(TEST_ENV) $(PY) -m pytest

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(DEV_STAMP)
	$(TEST_ENV) $(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
