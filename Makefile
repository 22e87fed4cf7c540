# Conduct: `make run` to try it, `make test` to check everything. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# make test runs the suite in this many processes, each test file whole in one of them.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile


.PHONY: libmagic pango dovecot poppler bench-contacts bench-screening bench help install run serve worker migrate demo-data sign-ins totp test pytest lint format check-deploy chromium clean

help: ## List every target with what it does
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Conduct needs Python 3.11 or newer: set PYTHON=python3.11 or later")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Conduct needs Node.js and npm: install them (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# $(call debian,CHECK,PACKAGE,WHY): install a Debian package when CHECK (a shell test) fails.
# As root it installs with apt-get; otherwise it says what to install and stops.
define debian
	@if ! $(1); then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(3) Install it: sudo apt-get install $(2)"; exit 1; \
	  fi; \
	fi
endef

libmagic: ## Install libmagic (evidence uploads are checked by content), if missing
	$(call debian,ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1',libmagic1,Conduct checks uploaded files with libmagic.)

pango: ## Install Pango, which WeasyPrint lays letters out with, if missing
	$(call debian,ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so\.0',libpango-1.0-0 libpangoft2-1.0-0,Conduct renders letters with WeasyPrint which needs Pango.)

install: libmagic pango $(BIN)/.installed node_modules/.installed ## Install Python packages into .venv and npm packages

migrate: install ## Create or update the database (SQLite under var/ unless DATABASE_URL is set)
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0

demo-data: migrate ## Load the demo staff and model policy pack (running it twice changes nothing)
	$(MANAGE) load_demo_data

sign-ins: install ## Print the demo sign-ins
	@$(MANAGE) show_demo_sign_ins

totp: install ## Print the current two-factor code for a demo sign-in: make totp EMAIL=auditor@conduct.example
	@$(MANAGE) totp_code $(EMAIL)

run: demo-data ## Set up, load demo data and serve on http://127.0.0.1:8000 with a task worker and the scheduler (Ctrl-C stops all)
	@$(MANAGE) show_demo_sign_ins
	@echo "Conduct is at http://$(HOST):$(PORT)/ — Ctrl-C stops the web server, the worker and the scheduler."
	@$(MANAGE) serve $(HOST):$(PORT)

chromium: ## Install Debian's Chromium for the browser tests, if missing
	$(call debian,[ -x $(CHROMIUM) ],chromium,The browser tests need Chromium at $(CHROMIUM) (or set CHROMIUM=/path/to/chromium).)

lint: install ## Check style, types and layers: ruff, mypy and import-linter (apps import only from below)
	$(BIN)/ruff check .
	$(BIN)/mypy conduct e2e bench
	$(BIN)/lint-imports

format: install ## Format the code with ruff
	$(BIN)/ruff format conduct e2e bench
	$(BIN)/ruff check --fix .

dovecot: ## Install Dovecot's IMAP server (the mailbox tests run a private one on loopback), if missing
	$(call debian,[ -x /usr/sbin/dovecot ],dovecot-imapd,The mailbox tests need Dovecot.)

poppler: ## Install pdftoppm (the letter tests draw sample pages to look at), if missing
	$(call debian,[ -x /usr/bin/pdftoppm ],poppler-utils,The letter tests draw pages with pdftoppm.)

pytest: install chromium dovecot poppler ## Run the pytest suite only (honours DATABASE_URL)
	$(PYTEST) $(PYTEST_ARGS)

test: install chromium dovecot poppler lint ## Install what the tests need, lint, then run every test including the browser tests (honours DATABASE_URL)
	$(PYTEST) $(PYTEST_ARGS)

bench: install chromium ## Run the benchmarks in bench/ and print their figures (see docs/performance.md)
	$(BIN)/pytest bench/*.py -s -q -p no:cacheprovider

SCREENING_DB ?= sqlite:///var/bench/screening-1m.sqlite3
SCREENING_SIZE ?= 1000000

bench-screening: install ## Screening at a million customers: generate once under var/bench/, then latency and quality (SCREENING_DB=postgres://... for PostgreSQL)
	@mkdir -p var/bench
	DATABASE_URL=$(SCREENING_DB) PYTHONPATH=. $(BIN)/python -m bench.screening.generate --size $(SCREENING_SIZE) --report var/bench/generate.json
	DATABASE_URL=$(SCREENING_DB) PYTHONPATH=. $(BIN)/python -m bench.screening.latency
	PYTHONPATH=. $(BIN)/python -m bench.screening.quality

bench-contacts: install dovecot ## Benchmark mail ingestion and the "what is new" page with 1,000,000 stored messages (docs/performance.md)
	@mkdir -p var/bench
	$(BIN)/python -m bench.contacts.generate --messages 1000000
	$(BIN)/python -m bench.contacts.run --emails 1000 --workers 2

check-deploy: install ## Django's deployment checklist against the production settings
	SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-conduct.council.example} \
	$(MANAGE) check --deploy --fail-level WARNING --settings=conduct.settings.production

clean: ## Remove the virtual environment, npm packages and local data
	rm -rf $(VENV) node_modules var
