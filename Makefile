# Coalition Lens — the two README commands (`make demo`, `make test`) and the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export COALITIONLENS_DATA_DIR ?= $(CURDIR)/var
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
DEBIAN_TEST_PACKAGES := chromium r-cran-sna gettext poppler-utils

.PHONY: help demo serve test test-sqlite test-postgres lint format typecheck migrations-check \
        system-deps venv bench messages clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --compile-bytecode: Python then starts from compiled bytecode (the command line in a fraction of a
# second) even where it may not write any (PYTHONDONTWRITEBYTECODE, a read-only install).
$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet --compile-bytecode
	@touch $@

venv: $(VENV)/.synced  ## create .venv with the locked dependencies

demo: export COALITIONLENS_DEMO = 1
demo: export COALITIONLENS_INSECURE_HTTP = 1
demo: venv  ## embedded SQLite, three fictional demo coalitions, the web UI on http://127.0.0.1:8000
	$(VENV)/bin/coalitionlens demo --no-serve
	@# The task worker (reports) runs in the background while the server runs, and stops with it.
	@$(PY) -m django db_worker --settings=coalitionlens.web.settings & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; $(VENV)/bin/coalitionlens serve

serve: venv  ## serve the UI on the existing database
	$(VENV)/bin/coalitionlens serve

system-deps:  ## Debian packages the tests need (Chromium, fonts, R's sna), when missing and root
	@missing=""; for p in $(DEBIAN_TEST_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing Debian packages (run as root to install):$$missing"; fi; \
	fi

lint: venv  ## ruff check, format check, import layers (import-linter), bandit (no finding at medium severity or above)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff format --check .
	@# (bandit repeats a warning for every checked node on a line marked "# nosec": filtered out)
	$(VENV)/bin/bandit -r coalitionlens -ll -q -x '*/tests/*,coalitionlens/conftest.py' 2> >(grep -v "nosec encountered" >&2)


format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: venv  ## mypy (strict on core and cli)
	$(VENV)/bin/mypy coalitionlens

migrations-check: venv
	$(PY) -m django makemigrations --check --dry-run --settings=coalitionlens.web.settings

messages: venv  ## recompile the translation catalogues
	cd coalitionlens && ../$(PY) -m django compilemessages --settings=coalitionlens.web.settings

test-sqlite: venv
	DATABASE_URL= $(VENV)/bin/pytest --durations=25

test-postgres: venv
	@if $(PY) -m coalitionlens.web.dbcheck "$(TEST_DATABASE_URL)"; then \
	  DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest --durations=25 --ignore=coalitionlens/core && echo "engines: postgresql ran" >> .engines; \
	elif [ "$(REQUIRE_POSTGRES)" = 1 ]; then echo "PostgreSQL required but not answering at $(TEST_DATABASE_URL)"; exit 1; \
	else echo "PostgreSQL not answering at $(TEST_DATABASE_URL): skipped" ; echo "engines: postgresql skipped" >> .engines; fi

test: venv system-deps  ## lint, types, migrations, then the whole suite on SQLite and on PostgreSQL (side by side)
	@rm -f .engines
	$(MAKE) --no-print-directory lint typecheck migrations-check
	@# The two engines run at once, one per core: PostgreSQL's run (its own data directory) writes
	@# to var/test-postgres.log, shown after SQLite's, which streams; either failing fails the target.
	@# When both run, the tests that do not depend on the engine (browser, PDF handouts) are shared
	@# between the two lanes (COALITIONLENS_TEST_LANE, see coalitionlens/conftest.py).
	@mkdir -p var; lane=; \
	  if $(PY) -m coalitionlens.web.dbcheck "$(TEST_DATABASE_URL)"; then lane=1; fi; \
	  COALITIONLENS_TEST_LANE=$${lane:+postgresql} COALITIONLENS_DATA_DIR=$(CURDIR)/var/test-postgres \
	    $(MAKE) --no-print-directory test-postgres > var/test-postgres.log 2>&1 & pg=$$!; \
	  COALITIONLENS_TEST_LANE=$${lane:+sqlite} $(MAKE) --no-print-directory test-sqlite \
	    && echo "engines: sqlite ran" >> .engines; sq=$$?; \
	  wait $$pg; pgs=$$?; \
	  echo "== PostgreSQL =="; cat var/test-postgres.log; \
	  echo "== engines ==" && cat .engines && rm -f .engines; \
	  [ $$sq -eq 0 ] && [ $$pgs -eq 0 ]

bench: venv  ## benchmarks: print figures and ratios (installs the bench group: NetworKit)
	$(UV) sync --frozen --quiet --group bench --compile-bytecode
	$(PY) bench/cli.py
	NUMBA_NUM_THREADS=1 OMP_NUM_THREADS=1 $(PY) bench/analytics.py
	$(PY) bench/import.py
	$(PY) bench/pages.py
	$(PY) bench/reports.py
	$(PY) bench/uploads.py

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
