# The verbs a newcomer types. `make run` sets everything up and serves the back-office with
# demo data on SQLite; `make test` runs the suite (on PostgreSQL too when TEST_DATABASE_URL is set).
VENV    ?= .venv
PYTHON  ?= python3
BIN      = $(VENV)/bin
STAMP    = $(VENV)/.installed-stamp

.PHONY: install run demo test bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/loket init
	$(BIN)/loket demo

run: demo
	$(BIN)/loket run --host 127.0.0.1 --port 5000

# PostgreSQL runs too when TEST_DATABASE_URL is set, or when one answers on 127.0.0.1:5432.
LOCAL_PG = postgresql://postgres@127.0.0.1:5432/test
test: install
	TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo $(LOCAL_PG))}" \
	  $(BIN)/python -m pytest

# The builds go under instance/ like the real site (this machine's /tmp creates files ~15x slower).
# Each benchmark prints its figure, target and anchor; -rs names the reason of any skip.
bench: install
	mkdir -p instance
	TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$$(pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo $(LOCAL_PG))}" \
	  $(BIN)/python -m pytest tests/benchmarks -s -rs -p no:randomly --basetemp=instance/bench-tmp

lint: install
	$(BIN)/ruff check backoffice tests

format: install
	$(BIN)/ruff format backoffice tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
