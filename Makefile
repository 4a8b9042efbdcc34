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
# pdftotext and pdffonts read the PDFs back in the tests. Missing ones are installed with apt when we may.
SYSTEM_PACKAGES := $(CHROMIUM):chromium /usr/bin/pdftotext:poppler-utils

system-packages: ## make sure Chromium and poppler-utils are installed (apt-get install when we may)
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

worker: install ## run the background worker (imports, reports)
	$(PY) manage.py db_worker

serve: install ## run the development server only
	$(PY) manage.py runserver $(HOST):$(PORT)

# The worker runs in the background for as long as the server runs; the trap stops it when the server
# stops (Ctrl+C, an error, or the terminal closing).
demo: seed ## migrate, seed, then the worker and the server on http://127.0.0.1:8000
	@echo "Starting the background worker and the server on http://$(HOST):$(PORT)/ (Ctrl+C stops both)"
	@$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM HUP; \
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
