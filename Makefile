# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Use uv from PATH when present; otherwise install a pinned copy into var/tools.
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := var/tools/bin/uv
endif

.PHONY: run test env lint typecheck pytest setup stop-db clean

run: env
	$(VENV)/bin/python manage.py dev_setup
	$(VENV)/bin/python manage.py runserver 127.0.0.1:8000

test: env lint typecheck pytest

env: $(VENV)/.synced

var/tools/bin/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "pyledger needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv var/tools
	var/tools/bin/pip install --quiet "uv==0.13.9"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: env
	$(VENV)/bin/mypy .

pytest: env
	$(VENV)/bin/pytest

setup: env
	$(VENV)/bin/python manage.py dev_setup

stop-db: env
	$(VENV)/bin/python manage.py embedded_db stop

clean:
	rm -rf $(VENV) var/tools var/static
