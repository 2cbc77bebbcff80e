# Ruimteflow: `make run` (set up, demo database, serve) and `make test` (set up, lint, type-check, test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# `make run PORT=8080`, or RUIMTEFLOW_PORT in the environment
PORT ?= $(or $(RUIMTEFLOW_PORT),5000)

.PHONY: install run demo test bench lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

instance/ruimteflow.db: | $(STAMP)
	$(BIN)/ruimteflow demo

run: install instance/ruimteflow.db
	$(BIN)/ruimteflow serve --host 127.0.0.1 --port $(PORT)

demo: install
	$(BIN)/ruimteflow demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check processes services gis web tests
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q -n 2 --dist loadfile

bench: install
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
