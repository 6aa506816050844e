# Two commands for a newcomer: `make demo` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench sandbox run clean services browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/ocopsync demo

services:
	bash scripts/services.sh

browser:
	bash scripts/browser.sh

test: $(STAMP) services browser
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy .

bench: $(STAMP)
	$(BIN)/python -m bench.push_bench

sandbox: $(STAMP)
	$(BIN)/ocopsync sandbox

run: $(STAMP)
	$(BIN)/ocopsync run

clean:
	rm -rf $(VENV) ocopsync.db ocopsync.db-* .ocopsync .sandbox
