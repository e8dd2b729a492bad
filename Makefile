# caseflow: `make run` starts the application with demo data, `make test` runs every check.
# Each target creates .venv on first use (Python 3.11+); `run` and `test` first check the
# system libraries of the PDF letters (scripts/system-libs; as root or with sudo it installs
# them). The installed dependencies are recorded in a stamp file named after a checksum of
# pyproject.toml, so a re-run is fast and a change to pyproject.toml reinstalls.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# pytest-xdist: one worker per core, the integration tests (shared Redis DB) as one group on
# one worker. PYTEST_ARGS="-p no:xdist" (or -n0) runs the tests one after another.
PYTEST_XDIST ?= -n auto --dist loadgroup
# Seconds between reminder scans while developing (production default: 60).
SCAN_SECONDS ?= 10

PY := $(VENV)/bin/python
PIP := $(PY) -m pip
FLASK := $(VENV)/bin/flask --app wsgi
CELERY := $(VENV)/bin/celery
DEPS_HASH := $(shell cksum < pyproject.toml | cut -d ' ' -f 1)
RUN_STAMP := $(VENV)/.stamp-run-$(DEPS_HASH)
DEV_STAMP := $(VENV)/.stamp-dev-$(DEPS_HASH)

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1

.DEFAULT_GOAL := help
.PHONY: help run seed migrate test lint format translations clean system-libs prod-walk

help:
	@echo "make run      install, migrate, load demo data, serve on http://$(HOST):$(PORT) with the reminder worker"
	@echo "make test     ruff check, ruff format --check, mypy, the import contracts (lint-imports) and pytest"
	@echo "              (pytest in parallel with pytest-xdist; PYTEST_ARGS=... passes through,"
	@echo "              PYTEST_ARGS=\"-p no:xdist\" runs the tests one after another)"
	@echo "make lint     ruff check, mypy and the import contracts only"
	@echo "make migrate  apply database migrations (flask db upgrade)"
	@echo "make seed     load reference data, demo users and demo cases (idempotent)"
	@echo "make format   rewrite the code with ruff format and ruff check --fix"
	@echo "make translations  extract texts into caseflow/translations (then fill in the English)"
	@echo "make clean    remove .venv and caches (instance/ with the database is kept)"
	@echo "make system-libs  check (as root: install) Pango and HarfBuzz-subset for the PDF letters"
	@echo "make prod-walk  start gunicorn, a worker, beat, Redis and a fresh PostgreSQL database as"
	@echo "              docs/deploy.md does and walk one case to issued advice over HTTP (CASEFLOW_WALK_PG=...)"

# The reminder worker (Celery worker with embedded beat, filesystem broker in instance/ unless
# CASEFLOW_REDIS_URL is set) runs in the background next to the dev server and is stopped
# with it. Its log is instance/worker.log; mail lands in instance/outbox. The dev server
# speaks plain HTTP, so only it sends the session cookie without Secure.
run: seed
	@mkdir -p instance; \
	CASEFLOW_REMINDER_SCAN_SECONDS="$${CASEFLOW_REMINDER_SCAN_SECONDS:-$(SCAN_SECONDS)}" \
	CASEFLOW_BASE_URL="$${CASEFLOW_BASE_URL:-http://$(HOST):$(PORT)}" \
		$(CELERY) -A wsgi:celery worker -B --pool=solo --loglevel=INFO \
		--without-gossip --without-mingle --without-heartbeat \
		>>instance/worker.log 2>&1 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	echo "Reminder worker + beat started (pid $$worker, log instance/worker.log, mail in instance/outbox)"; \
	CASEFLOW_SESSION_COOKIE_SECURE=0 $(FLASK) run --host $(HOST) --port $(PORT)

# Listed first, so a missing library stops the run before .venv or the database is touched.
seed: system-libs migrate
	$(FLASK) caseflow seed

migrate: $(RUN_STAMP)
	$(FLASK) db upgrade

test: system-libs $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(if $(findstring no:xdist,$(PYTEST_ARGS)),,$(PYTEST_XDIST)) $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

format: $(DEV_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Re-extract the marked strings and workflow labels and merge them into the catalogues.
translations: $(DEV_STAMP)
	$(VENV)/bin/pybabel extract -F caseflow/translations/babel.cfg -k _l --no-location \
		-o caseflow/translations/messages.pot .
	$(VENV)/bin/pybabel update -d caseflow/translations -i caseflow/translations/messages.pot \
		--no-fuzzy-matching --width 100

# The production walk (docs/deploy.md, "The production walk"): a database of its own on the
# PostgreSQL at CASEFLOW_WALK_PG (default postgresql+psycopg://postgres@127.0.0.1:5432), its
# own redis-server, and everything stopped and dropped again at the end.
prod-walk: system-libs $(DEV_STAMP)
	VENV=$(VENV) bash scripts/prod-walk

# WeasyPrint's Pango and HarfBuzz-subset: installed with apt-get as root or with passwordless
# sudo, otherwise one sentence names the command. The same list serves .ci/run.
system-libs:
	@bash scripts/system-libs

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "caseflow needs Python 3.11 or newer; '$(PYTHON)' is: $$($(PYTHON) -V 2>&1)" >&2; \
		exit 1; }
	@echo "$(PYTHON) -m venv $(VENV)"
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV); on Debian/Ubuntu: apt-get install python3-venv" >&2; \
		exit 1; }

$(RUN_STAMP): | $(PY)
	rm -f $(VENV)/.stamp-run-*
	$(PIP) install -e .
	touch $@

# The dev extra includes everything `make run` needs, so it satisfies the run stamp too.
$(DEV_STAMP): | $(PY)
	rm -f $(VENV)/.stamp-dev-* $(VENV)/.stamp-run-*
	$(PIP) install -e '.[dev]'
	touch $@ $(RUN_STAMP)
