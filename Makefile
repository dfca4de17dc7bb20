# Learnwork: `make demo` sets up and serves the demo community; `make test` checks everything.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test check serve worker bench clean

$(VENV)/.installed: pyproject.toml
	@scripts/bootstrap "$(PYTHON)" "$(VENV)" runtime

$(VENV)/.installed-dev: pyproject.toml
	@scripts/bootstrap "$(PYTHON)" "$(VENV)" dev

## Set up (virtualenv, database, ESCO skills, demo community) and serve http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/learnwork demo

## Lint, types, layer contracts, migrations, then the test suite on SQLite, PostgreSQL and Chromium
test: $(VENV)/.installed-dev
	@$(MAKE) --no-print-directory check
	@scripts/run-tests

check: export LEARNWORK_TESTING = true
check: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/learnwork manage makemigrations --check --dry-run

serve: $(VENV)/.installed
	$(BIN)/learnwork serve

worker: $(VENV)/.installed
	$(BIN)/learnwork worker

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/skill_search.py --tier S --db both

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
