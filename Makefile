# Ruimteflow: `make run` (set up, demo database, serve) and `make test` (set up, lint, type-check, test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# `make run PORT=8080`, or RUIMTEFLOW_PORT in the environment
PORT ?= $(or $(RUIMTEFLOW_PORT),5000)
# The demo database of `make run` and `make demo`, named on their command lines: a DATABASE_URL exported
# for `ruimteflow` (README "Scaling out") is never the one they build the demo in or serve.
DEMO_DB := instance/ruimteflow.db
DEMO_URL := sqlite:///$(CURDIR)/$(DEMO_DB)

.PHONY: install system-deps run demo test bench lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# WeasyPrint (the besluit PDF) needs Pango from Debian; installed only when missing.
system-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	  else echo "Installeer eerst: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; fi; }

# the port also for the demo step: mails it writes link to http://127.0.0.1:$(PORT) (services/public_url.py)
run demo $(DEMO_DB): export RUIMTEFLOW_PORT := $(PORT)

$(DEMO_DB): | $(STAMP) system-deps
	$(BIN)/ruimteflow demo --database '$(DEMO_URL)'

run: install system-deps $(DEMO_DB)
	$(BIN)/ruimteflow serve --database '$(DEMO_URL)' --host 127.0.0.1 --port $(PORT)

# rebuilds the demo database, also when it holds cases (--overschrijven)
demo: install system-deps
	$(BIN)/ruimteflow demo --database '$(DEMO_URL)' --overschrijven

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check processes services gis web tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two workers on two cores, a whole test file at a time, longest files first (tests/ordering.py; xdist
# would sort the files by their number of tests instead, hence --no-loadscope-reorder).
# Compiled modules, pytest's assertion-rewritten test modules among them, are kept under the venv (not in
# the tree), also in a shell that set PYTHONDONTWRITEBYTECODE: without them each worker and each server a
# test starts compiles everything again (collection: 23 s of CPU per worker instead of 7.5 s).
PYCACHE := $(VENV)/pycache
test: lint system-deps
	env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX='$(CURDIR)/$(PYCACHE)' \
	  $(BIN)/pytest -q -n 2 --dist loadfile --no-loadscope-reorder

bench: install system-deps
	$(BIN)/python -m tests.benchmarks.run

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
