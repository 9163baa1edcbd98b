# Everything a fresh machine needs, from the project's own files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install install-dev run test test-fast test-postgres lint format translations messages openapi bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.runtime: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP) .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) ".[dev]"
	touch $@

# The pages' browser libraries from npm, as package-lock.json pins them (dependencies only).
node_modules/.installed: package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund
	touch $@

install: $(VENV)/.runtime node_modules/.installed translations

install-dev: $(VENV)/.dev node_modules/.installed translations

translations: $(BIN)/python
	$(BIN)/python -m core.compile_translations

.env:
	$(BIN)/python -m core.make_env > .env
	@echo "Created .env with a new SECRET_KEY (DEBUG=0, plain HTTP on this machine)."

run: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/python manage.py load_demo --if-empty
	@$(BIN)/python manage.py demo_logins --address http://127.0.0.1:$(PORT)/
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 3 --timeout 60 \
		--limit-request-line 8190 \
		--access-logfile - --error-logfile -

test: install-dev
	$(BIN)/pytest

# The edit loop: everything but the slow tests and Chromium, on two processes.
test-fast: install-dev
	$(BIN)/pytest -m "not slow and not browser" -n 2

# Two processes: in one, PostgreSQL takes half as long again as SQLite (8.7 against 6 minutes);
# the single-process `make test` is the run that catches tests depending on one another's order.
test-postgres: install-dev
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -n 2

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install-dev
	$(BIN)/python manage.py makemessages -l ru -l en --no-location --ignore=.venv --ignore=bench \
		--ignore=node_modules

openapi: install-dev
	$(BIN)/python manage.py export_openapi_schema --api config.api.api --indent 2 --sorted \
		--output docs/openapi.json

bench: install-dev
	$(BIN)/python bench/bench_directory.py

clean:
	rm -rf $(VENV) staticfiles node_modules
