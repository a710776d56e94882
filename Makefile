# The entry points: `make run` (demo portal on SQLite, with its task worker) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run worker test check lint format migrations messages demo clean bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The task worker (e-mails) runs beside the development server and stops when the server stops.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py demo
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py db_worker

demo: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The English catalogue: collect new and changed strings, then (after translating them) compile. Needs GNU gettext.
messages: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles --ignore=bench
	DEBUG=1 $(BIN)/python manage.py compilemessages -l en --ignore=.venv

check: lint migrations
	DEBUG=1 $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results

# The performance benchmark (docs/PERFORMANCE.md); needs PostgreSQL, see bench/run.py.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Desktop and phone screenshots of every role's main page into docs/screenshots/ (Chromium, the demo school).
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python bin/screenshots.py
