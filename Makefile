# ParkMatch: `make run` sets up everything and starts the services; `make test` runs the tests.
PYTHON ?= python3.11
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

CONSOLE_DEPS  := console/node_modules/.package-lock.json
CONSOLE_BUILD := console/dist/index.html
CONSOLE_SRC   := $(shell find console/src console/index.html console/vite.config.ts console/tsconfig.json -type f 2>/dev/null)

.PHONY: install run test lint format bench eval migrate seed index clean-data console console-types chromium

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	# torch first, from the machine's local CPU build, so nothing pulls the CUDA wheels.
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) -m services.catalog.cli migrate

seed: migrate
	$(PY) -m services.catalog.cli seed

# The web console (console/: React + Vite): npm ci from the lock file, then the build the gateway
# serves at / (with the docs pages' Swagger UI and ReDoc assets); each step skipped when up to date.
$(CONSOLE_DEPS): console/package-lock.json console/package.json
	cd console && npm ci --no-audit --no-fund
	@touch $(CONSOLE_DEPS)

$(CONSOLE_BUILD): $(CONSOLE_DEPS) $(CONSOLE_SRC)
	cd console && npm run build

console: $(CONSOLE_BUILD)

# The console's API types, from the gateway's merged OpenAPI document (commit the result).
console-types: install $(CONSOLE_DEPS)
	$(PY) -m services.gateway.console openapi console/openapi.json
	cd console && npx openapi-typescript openapi.json -o src/api/schema.ts && rm openapi.json

# Debian's Chromium (and a CJK font for the screenshots) for the browser tests; CI runs as root.
chromium: /usr/bin/chromium

/usr/bin/chromium:
	apt-get update
	apt-get install -y --no-install-recommends chromium fonts-wqy-microhei

run: seed console
	$(PY) -m deploy.local

test: install console chromium
	cd console && npm test
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy services shared deploy benchmarks

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install console chromium
	$(PY) -m benchmarks

eval: install
	$(PY) -m benchmarks.eval

clean-data:
	rm -rf var
