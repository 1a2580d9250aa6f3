# Dialogue Desk — two commands do everything: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
export PIP_DISABLE_PIP_VERSION_CHECK = 1

.PHONY: run test install install-test init-db seed reset-demo app bench bench-viewers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

## install: the virtual environment with the app's dependencies
install: $(VENV)/.installed

## install-test: the app plus the test dependencies
install-test: $(VENV)/.installed-test

## init-db: create or upgrade the schema
init-db: install
	$(BIN)/python -m dashboard init-db

## seed: load the demo dataset once (idempotent; skipped in production)
seed: init-db
	@if [ "$$DIALOGUE_DESK_ENV" = "production" ]; then echo "production: no demo data"; \
	else $(BIN)/python -m dashboard seed-demo; fi

## reset-demo: delete all data and load the demo dataset again (refused in production)
reset-demo: init-db
	$(BIN)/python -m dashboard reset-demo --yes

## run: install, migrate, seed the demo on first run, start the app
run: seed
	@echo
	@echo "Dialogue Desk: http://localhost:$(PORT)"
	@if [ "$$DIALOGUE_DESK_ENV" != "production" ]; then echo "Demo logins:"; $(BIN)/python -m dashboard demo-logins; fi
	@echo
	$(BIN)/streamlit run dashboard/serve.py --server.port $(PORT)

## test: install test dependencies and run the whole suite
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: print the performance figures (see bench/README.md)
bench: install-test
	$(BIN)/python bench/bench_live_summary.py
	$(BIN)/python bench/bench_trends.py
	$(BIN)/python bench/bench_setup_import.py
	$(BIN)/python bench/bench_hostile_import.py

## bench-viewers: many viewers on one server, two replicas on PostgreSQL, 150 support-check voters (about 25 minutes)
bench-viewers: install-test
	$(BIN)/python bench/bench_viewers.py
	$(BIN)/python bench/bench_viewers.py --replicas --viewers 10
	$(BIN)/python bench/bench_viewers.py --browsers 5 --pages presenter
	$(BIN)/python bench/bench_support.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis artifacts
