# The two set-up commands are `make demo` and `make test`; everything they need is installed here.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The adjudication core compiled with mypyc (scripts/compile-core), redone when a source changes.
CORE_STAMP := $(VENV)/.core-stamp
# The suite runs every database test on SQLite and on this PostgreSQL (trust auth on this machine).
POSTGRESQL_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install demo test check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(CORE_STAMP): $(STAMP) $(wildcard src/camnav/domain/*.py) scripts/compile-core
	scripts/compile-core
	touch $(CORE_STAMP)

install: $(STAMP) $(CORE_STAMP)

demo: install
	$(BIN)/camnav demo

test: install
	scripts/chromium-up
ifeq ($(CAMNAV_SKIP_POSTGRESQL),1)
	$(BIN)/python -m pytest -n 2 -q
else
	scripts/postgres-up
	CAMNAV_TEST_POSTGRESQL_URL=$(POSTGRESQL_URL) $(BIN)/python -m pytest -n 2 -q
endif

check: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/camnav plans validate plans

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis src/build
	rm -f src/camnav/domain/*.so src/*__mypyc.*.so
