# The two commands of the README: `make run` (install, demo data, serve) and `make test` (install, whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test chromium translations static-vendor bytecode

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory bytecode
	$(MAKE) --no-print-directory translations
	$(MAKE) --no-print-directory static-vendor

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory bytecode
	$(MAKE) --no-print-directory translations
	$(MAKE) --no-print-directory static-vendor

# Our modules compiled once to bytecode: where PYTHONDONTWRITEBYTECODE is set (as on the CI machine) Python would
# otherwise compile every module again in every new process (about 1 s of each start, the web workers', the
# CLI's and every test server's). Python still reads these files and ignores any older than its source.
bytecode:
	$(BIN)/python -m compileall -q -j 0 market catalog matching i18n tests wsgi.py gunicorn.conf.py

# Browser code (the 3D viewer) from the npm registry, pinned by package-lock.json and copied into static/vendor/
# (not committed); nothing is downloaded when the site runs.
static-vendor:
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/@google/model-viewer/dist/model-viewer.min.js static/vendor/

# Compiled catalogues (.mo) are built here, never committed.
translations:
	$(BIN)/pybabel -q compile -d i18n/translations

run: install
	$(BIN)/seoulmade db upgrade
	$(BIN)/seoulmade demo --if-empty
	$(BIN)/seoulmade serve --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium (with CJK fonts, for Korean, Japanese and Chinese pages); Playwright
# never downloads its own browser.
chromium:
	@{ command -v /usr/bin/chromium && fc-list | grep -qi "Noto Sans CJK"; } >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; }

test: install-test chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider
