# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Install the dependencies with their bytecode compiled, as the production image does: where
# PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile them again in every process
# (each pytest-xdist worker: about 4 s).
export UV_COMPILE_BYTECODE := 1

# Use uv from PATH when present; otherwise install a pinned copy into var/tools.
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := var/tools/bin/uv
endif

# The web app (app/): Node.js 20.19+ with npm builds it; without them the API and admin still run.
NPM := $(shell command -v npm 2>/dev/null)
CHROMIUM := $(or $(wildcard /usr/bin/chromium),$(shell command -v chromium 2>/dev/null))
APP_SOURCES := $(shell find app/src app/index.html app/package.json app/package-lock.json app/vite.config.ts -type f 2>/dev/null)

.PHONY: run test env lint typecheck pytest setup stop-db clean app test-app pdf-check

run: env app pdf-check
	$(VENV)/bin/python manage.py dev_setup
	@if [ -f app/dist/index.html ]; then echo "web app: http://$${PYLEDGER_BIND:-127.0.0.1:8000}/app/"; fi
	@# A job worker beside the server; it stops when make does (docs/operations.md, Workers).
	$(VENV)/bin/python manage.py jobs_worker --exit-with $$PPID &
	PYLEDGER_BIND=$${PYLEDGER_BIND:-127.0.0.1:8000} PYLEDGER_WORKERS=$${PYLEDGER_WORKERS:-1} \
		$(VENV)/bin/gunicorn -c python:pyledger_project.gunicorn_conf --reload pyledger_project.wsgi

test: env lint typecheck pdf-check pytest test-app

# Invoice PDFs (WeasyPrint) need the Pango library; without it everything else runs, the PDF
# endpoints answer 503 pdf_unavailable and their tests are skipped.
pdf-check: env
	@$(VENV)/bin/python -c "import weasyprint" >/dev/null 2>&1 || echo "invoice PDF: skipped (no Pango; apt-get install libpango-1.0-0 libpangoft2-1.0-0, or brew install pango)"

# Build app/dist when npm is present (skipped when it is newer than the sources).
app:
ifeq ($(NPM),)
	@echo "web app: install Node.js 20.19+ and npm, then re-run make run"
else
	@$(MAKE) --no-print-directory app/dist/index.html
endif

app/node_modules/.package-lock.json: app/package.json app/package-lock.json
	cd app && npm ci --no-audit --no-fund
	@touch $@

app/dist/index.html: $(APP_SOURCES) app/node_modules/.package-lock.json
	cd app && npm run build
	@touch $@

# Type-check, unit tests (Vitest), then the browser tests (Playwright + Debian's chromium).
test-app: env
ifeq ($(NPM),)
	@echo "app tests: skipped (no npm; install Node.js 20.19+ and npm)"
else
	@$(MAKE) --no-print-directory app/node_modules/.package-lock.json
	cd app && npm run typecheck
	cd app && PYLEDGER_PYTHON=$(abspath $(VENV))/bin/python npm test
ifeq ($(CHROMIUM),)
	@echo "e2e: skipped (no Chromium found; apt-get install chromium)"
else
	@$(MAKE) --no-print-directory app/dist/index.html
	@# A fresh e2e cluster each time: what one run books (a payment on 1140, filed tax months) stays
	@# in the books and would change what the next run's bank and tax screens show.
	cd app && E2E_FRESH=1 CHROMIUM_PATH=$(CHROMIUM) PYLEDGER_PYTHON=$(abspath $(VENV))/bin/python npx playwright test
endif
endif

env: $(VENV)/.synced

var/tools/bin/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "pyledger needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet "uv==0.13.9"

$(VENV)/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: env
	$(VENV)/bin/mypy .

# One worker per core (pytest-xdist), each on its own throwaway PostgreSQL. Tests are handed out
# one by one in collection order, so each worker runs the transactional tests (whose flush empties
# the seed data) after all others, as one process does; not by file (docs/configuration.md).
pytest: env
	$(VENV)/bin/pytest -n auto --dist load

setup: env
	$(VENV)/bin/python manage.py dev_setup

stop-db: env
	$(VENV)/bin/python manage.py embedded_db stop

clean:
	rm -rf $(VENV) var/tools var/static app/node_modules app/dist
