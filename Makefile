# Two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app forum
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint audit install install-test db demo serve browsers bench bench-memory clean \
	translations i18n-extract i18n-update i18n-compile

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools

$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

## Translations (docs/translating.md). The compiled catalogues (.mo) are built here, at
## install time, never committed: one per forum/translations/<code>/LC_MESSAGES/messages.po,
## and the pseudo-locale en_XA's from messages.pot.
CATALOGUES := forum/translations
POT := $(CATALOGUES)/messages.pot
PSEUDO_MO := $(CATALOGUES)/en_XA/LC_MESSAGES/messages.mo
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(CATALOGUES)/*/LC_MESSAGES/messages.po)) $(PSEUDO_MO)
BABEL_KEYWORDS := -k _ -k _l -k ngettext:1,2 -k lazy_ngettext:1,2 -k pgettext:1c,2 -k deferred
## Skip hidden folders only: by default pybabel also skips folders starting with "_", which
## would leave out templates/_macros and templates/_partials
BABEL_DIRS := --ignore-dirs='.*'

translations: $(MO_FILES)

$(CATALOGUES)/%/LC_MESSAGES/messages.mo: $(CATALOGUES)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

$(PSEUDO_MO): $(POT) forum/pseudolocale.py | $(VENV)/.installed
	$(BIN)/python -m forum.pseudolocale $(POT) $(CATALOGUES)

## Gather every translatable string of forum/ and templates/ into messages.pot
i18n-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) $(BABEL_DIRS) --project="Civic Forum" \
		--copyright-holder="Civic Forum" --sort-by-file -o $(POT) .

## Bring every language's messages.po up to date with messages.pot (new strings, fuzzy changes)
i18n-update: $(VENV)/.installed
	$(BIN)/pybabel update -i $(POT) -d $(CATALOGUES) --previous

## Compile every catalogue (also done by make install)
i18n-compile: translations

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## Set up, load demo data on first run, and serve on http://127.0.0.1:5000
run: demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

## Production-style server (gunicorn.conf.py: 2 x CPUs + 1 workers sharing limits through
## FORUM_REDIS_URL, else one; WORKERS=n to choose)
WORKERS ?=
serve: db
	$(BIN)/gunicorn $(if $(WORKERS),--workers $(WORKERS)) --bind $(HOST):$(PORT) wsgi:app

## Set up with test extras, check the layers and run every test (on PYTEST_WORKERS processes;
## --dist loadgroup keeps each of the browser suite's two groups on one worker, see
## docs/testing.md)
PYTEST_WORKERS ?= 2
PYTEST_DIST ?= loadgroup
test: install-test lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(if $(filter-out 0,$(PYTEST_WORKERS)),--dist $(PYTEST_DIST)) $(PYTEST_ARGS)

## The layer contract (setup.cfg) and no copied blocks of code in forum/ (pylint R0801, on
## every CPU: the modules are parsed in parallel and compared as one set, same findings)
lint: install-test
	$(BIN)/lint-imports --no-cache
	$(BIN)/pylint --jobs=0 --disable=all --enable=duplicate-code --ignore=migrations forum

## Check the installed packages for known vulnerabilities (fails when a fix exists)
AUDIT_VENV := $(VENV)/audit
$(AUDIT_VENV)/bin/pip-audit: | $(BIN)/activate
	$(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/pip install --quiet 'pip-audit>=2.7,<3'

audit: install-test $(AUDIT_VENV)/bin/pip-audit
	PIPAPI_PYTHON_LOCATION=$(BIN)/python $(AUDIT_VENV)/bin/python .ci/audit.py $(AUDIT_ARGS)

## HTTP benchmark (bench/http.py; DB=postgresql+psycopg://... to run on PostgreSQL, emptied first)
DB ?=
bench: install-test
	@command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(if $(DB),BENCH_DATABASE_URL='$(DB)') $(BIN)/python -m bench.http
	$(BIN)/python -m bench.thread_page
	$(BIN)/python -m bench.markdown_worst

## Worker memory over many requests (BENCH_MEMORY_REQUESTS per worker, default 20000)
bench-memory: install-test
	$(if $(DB),BENCH_DATABASE_URL='$(DB)') $(BIN)/python -m bench.memory

clean:
	rm -rf $(VENV) .pytest_cache
