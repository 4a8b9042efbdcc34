# Everyday commands. On a fresh machine two are enough:
#   make demo   -> virtualenv, dependencies, database, demo data, worker + server on http://127.0.0.1:8000
#   make test   -> test dependencies, Chromium, lint, migrations and messages checks, the whole pytest suite
# DATABASE_URL (and every other variable of .env.example) is read from the environment, as by the app itself.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-m 'not e2e'"` or `PYTEST_ARGS="-k import"`.
PYTEST_ARGS ?=
# Two workers on the 2-core machines we run on, each taking whole modules and classes (loadscope), so that a
# class- or module-scoped fixture (the seeded demo data) is built once per worker; `make test XDIST=` runs serially.
# In collection order (no reordering of modules by size): pytest-django sorts the transactional tests last, and the
# flush that ends each of them must come after every ordinary test of its worker, which needs the award catalogue.
XDIST ?= -n 2 --dist loadscope --no-loadscope-reorder

.PHONY: help demo test install install-test system-packages chromium lint fmt check messages migrate seed worker serve bench ci clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# --- environment ---------------------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# The stamps make a second run skip pip entirely unless pyproject.toml changed since the last install.
# `pip install -e .` installs only the dependencies and metadata ([tool.setuptools] packages = []): the
# code runs from this folder.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## create .venv and install the dependencies

install-test: $(VENV)/.installed-test ## install the dependencies and the `test` extra

# Debian's Chromium drives the browser tests (Playwright's own browser download is never used); poppler-utils'
# pdftotext and pdffonts read the PDFs back in the tests; postgresql-client's pg_dump and pg_restore make and restore
# the backups (manage.py backup/restore, tested on PostgreSQL). Missing ones are installed with apt when we may.
SYSTEM_PACKAGES := $(CHROMIUM):chromium /usr/bin/pdftotext:poppler-utils /usr/bin/pg_dump:postgresql-client

system-packages: ## make sure Chromium, poppler-utils and postgresql-client are installed (apt-get install when we may)
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  [ -x "$${pair%%:*}" ] || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "ERROR: missing system packages:$$missing. Install them (Debian: apt-get install$$missing) and run again."; \
	  exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else \
	  echo "ERROR: missing system packages:$$missing and we are not root. Run: sudo apt-get install$$missing"; \
	  exit 1; \
	fi; \
	echo "Installing system packages for the tests (apt-get install$$missing)..."; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	for pair in $(SYSTEM_PACKAGES); do \
	  if [ ! -x "$${pair%%:*}" ]; then \
	    echo "ERROR: apt-get did not install $${pair%%:*}. Install it by hand: apt-get install $${pair##*:}"; exit 1; \
	  fi; \
	done

chromium: system-packages

# --- checks and tests ----------------------------------------------------------------------------------

lint: install-test ## ruff lint and format check, and the import contracts of the layers: every finding fails
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: install-test ## ruff: format, and fix what can be fixed automatically
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install-test ## Django system checks and missing migrations
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# compilemessages needs gettext's msgfmt and at least one .po file; without either there is nothing to do.
messages: install ## compile translations (locale/**/*.po)
	@if [ -z "$$(find locale -name '*.po' 2>/dev/null | head -1)" ]; then \
	  echo "compilemessages: no .po files under locale/, nothing to compile"; \
	elif ! command -v msgfmt >/dev/null 2>&1; then \
	  echo "compilemessages: SKIPPED, msgfmt is missing (apt-get install gettext)"; \
	else \
	  $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules; \
	fi

test: install-test system-packages lint check messages ## lint, checks and the whole pytest suite (browser tests too)
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

ci: ## what CI runs: `make test` on SQLite, then on PostgreSQL
	bash .ci/run

# --- running -------------------------------------------------------------------------------------------

migrate: install ## apply database migrations
	$(PY) manage.py migrate --no-input

seed: migrate ## load the demo data and print the demo accounts (idempotent)
	$(PY) manage.py seed_demo

# One worker per queue (README, "Background workers"): a report's PDF never waits behind a long import. The workers
# run in the background for as long as the command runs; the trap stops them (Ctrl+C, an error, the terminal
# closing). --no-reload: the autoreloader would leave its child running when the trap kills it.
WORKERS := $(PY) manage.py run_worker --no-reload --queue-name imports & imports=$$!; \
	$(PY) manage.py run_worker --no-reload --queue-name reports,default & reports=$$!; \
	trap 'kill $$imports $$reports 2>/dev/null; wait $$imports $$reports 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM HUP

worker: install ## run the background workers alone (one for imports, one for report PDFs)
	@$(WORKERS); wait

serve: install ## run the development server only
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: seed ## migrate, seed, then the workers and the server on http://127.0.0.1:8000
	@echo "Starting the background workers and the server on http://$(HOST):$(PORT)/ (Ctrl+C stops them all)"
	@$(WORKERS); \
	$(PY) manage.py runserver $(HOST):$(PORT)

bench: install-test ## run every benchmarks/*.py
	@shopt -s nullglob; files=(benchmarks/*.py); \
	if [ $${#files[@]} -eq 0 ]; then echo "bench: no benchmarks/*.py yet, nothing to run"; exit 0; fi; \
	for f in "$${files[@]}"; do \
	  case "$$(basename "$$f")" in __init__.py|_*|conftest.py) continue;; esac; \
	  echo "== $$f"; PYTHONPATH=$(CURDIR) $(PY) "$$f" || exit 1; \
	done

clean: ## remove the virtualenv, caches and generated files (keeps db.sqlite3 and media/)
	rm -rf $(VENV) *.egg-info build staticfiles .test-media test-results .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
