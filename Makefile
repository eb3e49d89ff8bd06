# Plein: `make demo` runs it, `make test` checks it. Both start from nothing but a
# Python >= 3.12; see README.md.

VENV := .venv
PY := $(VENV)/bin/python
ONLY ?=
# pytest-xdist workers (0: one process); each worker gets a test database of its own.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

.PHONY: help install messages services browser oidc-provider demo test lint typecheck pytest bench constraints clean

help:
	@echo "make demo      install, set up PostgreSQL, hub and 3 organisations; serve on :8000"
	@echo "make test      install, start services, ruff + mypy + the whole pytest suite"
	@echo "make bench     run the benchmarks (ONLY=<name> for one)"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make messages  compile the translations (locale/*/LC_MESSAGES/*.po -> .mo)"
	@echo "make clean     remove .venv, caches and the embedded database's data"

install:
	@scripts/install.sh

messages: install
	@$(PY) scripts/compile_messages.py

services:
	@scripts/services.sh

demo: install messages
	@scripts/demo.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

# DATABASE_URL from the environment wins; otherwise scripts/database.py finds a server
# (127.0.0.1:5432, else the embedded one) and pytest-django creates test_<name> on it.
browser:
	@scripts/debian-package.sh chromium chromium "the end-to-end tests"

# The independent OpenID Provider of the SSO integration test (tests/oidc_provider, npm's
# oidc-provider): `npm ci` from the lock file when node_modules is missing or older than it.
OIDC_PROVIDER := tests/oidc_provider
oidc-provider: $(OIDC_PROVIDER)/node_modules/.package-lock.json

$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	@scripts/debian-package.sh npm npm "the SSO integration test's OpenID Provider"
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund
	@touch $@

pytest: install messages services browser oidc-provider
	DATABASE_URL="$$($(PY) scripts/database.py)" \
		$(VENV)/bin/pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

test: lint typecheck pytest

# Schema-driven API fuzzing (schemathesis against a live gunicorn, tests/fuzz) on its own;
# the whole suite (make test) runs it too.
.PHONY: fuzz
fuzz: install messages services
	DATABASE_URL="$$($(PY) scripts/database.py)" \
		$(VENV)/bin/pytest tests/fuzz -rA $(PYTEST_ARGS)

# Benchmarks use PostgreSQL and Redis on 127.0.0.1 with databases of their own.
bench: install messages services
	@scripts/debian-package.sh wrk wrk "the requests benchmark"
	$(PY) -m tests.benchmarks.run $(ONLY)

# Rebuild requirements/constraints.txt from pyproject.toml in a clean virtualenv.
constraints:
	rm -rf .constraints-venv
	"$$(scripts/find-python.sh)" -m venv .constraints-venv
	.constraints-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions of everything \`pip install -e .[dev]\` pulls in (Python 3.12, Linux)."; \
	  echo "# Regenerate: make constraints (a clean venv from pyproject.toml, then pip freeze)."; \
	  .constraints-venv/bin/pip freeze --exclude-editable --all \
	    | grep -v -E '^(pip|setuptools|wheel)=='; } > requirements/constraints.txt
	rm -rf .constraints-venv

clean:
	-@[ -x $(PY) ] && $(PY) scripts/database.py --stop
	rm -rf $(VENV) .constraints-venv .bench .pytest_cache .mypy_cache .ruff_cache *.egg-info
	@# A server that has just stopped may still be removing its files: try twice.
	rm -rf .data || { sleep 2; rm -rf .data; }
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find locale tenant_apps shared_apps -name '*.mo' -delete
