# Kechuang. `make run` and `make test` set everything up themselves on a fresh machine
# (Python >= 3.11 and Node.js >= 20 installed, nothing else).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.PHONY: run test lint format bench setup clean-var

$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.installed node_modules/.installed

# The demo runs as production does: gunicorn, WhiteNoise serving collected static files, DEBUG
# off (DEBUG=1 make run for Django's debug pages).
DEBUG ?= 0
export DEBUG

run: setup
	@mkdir -p var
	KECHUANG_DEMO_MODE=1 $(PY) manage.py migrate --noinput
	KECHUANG_DEMO_MODE=1 $(PY) manage.py collectstatic --noinput -v 0
	KECHUANG_DEMO_MODE=1 $(PY) manage.py demo_seed --if-empty
	KECHUANG_DEMO_MODE=1 $(PY) manage.py serve --port $(PORT)

test: setup
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy kechuang config
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) -m bench

clean-var:
	rm -rf var
