# The entry points: `make run` (demo portal on SQLite, with its task worker) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Exported: in development the links in mails follow the port (PORTAAL_URL in klimop/settings.py).
export PORT
STAMP := $(VENV)/.installed

.PHONY: run worker test check lint imports format migrations messages demo clean bench bench-large fouten

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The task worker (e-mails) runs beside the development server and stops when the server stops.
# Quiet: migrations without a line each, the worker without a line per task, mails to tmp/mail/ (klimop/settings.py);
# the demo's summary (address and accounts) ends the output before the server's own lines.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=1 $(BIN)/python manage.py demo
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload -v 0 & worker=$$!; \
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

# The import layers of pyproject.toml (README "Hoe het in elkaar zit").
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

check: lint migrations imports
	DEBUG=1 $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-results

# The performance benchmark (docs/PERFORMANCE.md); needs PostgreSQL, see bench/run.py.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# The same at 2,000 and 100,000 pupils (about half an hour here).
bench-large: $(STAMP)
	BENCH_SIZES=2000,100000 $(BIN)/python bench/run.py

# The fault test (issue 17): gunicorn, the mail worker, a throwaway PostgreSQL of its own and a real SMTP server,
# under load, with SMTP down, a database restart and a killed worker; see bench/fouten.py. About three minutes.
fouten: $(STAMP)
	$(BIN)/python bench/fouten.py
# Desktop and phone screenshots of every role's main page into docs/screenshots/ (Chromium, the demo school).
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python bin/screenshots.py
