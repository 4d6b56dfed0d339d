# Jisr — the one entry point for people. `make run` serves the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SHARED_DATA ?= $(abspath ../shared/data)
ESCO_DIR ?= $(SHARED_DATA)/esco/v1.1.1
export JISR_ESCO_DIR ?= $(if $(wildcard $(ESCO_DIR)/en/occupations_en.csv),$(ESCO_DIR),)
export JISR_SHARED_DATA ?= $(SHARED_DATA)

.PHONY: setup run test lint format unit bench services-up services-down clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	bash deploy/local/chromium.sh
	touch $@

setup: $(VENV)/.installed ## create .venv and install everything

run: setup ## the embedded platform with demo data on 127.0.0.1:$(PORT)
	mkdir -p var
	PORT=$(PORT) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) 'services.wsgi:create()'

lint: setup ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check shared services tests bench
	$(VENV)/bin/ruff format --check shared services tests bench
	$(VENV)/bin/mypy

format: setup
	$(VENV)/bin/ruff check --fix shared services tests bench
	$(VENV)/bin/ruff format shared services tests bench

unit: setup ## tests only, without lint
	$(VENV)/bin/pytest tests

test: lint unit ## every test (lint included)

bench: setup ## figures: quality, title mapping, postings coverage, latency, memory
	$(PY) -m bench

services-up: ## real Kafka, Elasticsearch and PostgreSQL on 127.0.0.1
	bash deploy/local/services.sh up

services-down:
	bash deploy/local/services.sh down

clean:
	rm -rf var/*.db var/*.db-* var/cache

DIST_ENV = EVENT_BUS=kafka SEARCH_BACKEND=elasticsearch \
	DATABASE_URL='postgresql+psycopg://jisr:jisr@127.0.0.1:5432/jisr_{service}' \
	AUTH_DATABASE_URL='postgresql+psycopg://jisr:jisr@127.0.0.1:5432/jisr_auth' \
	KAFKA_BOOTSTRAP=127.0.0.1:9092 ES_URL=http://127.0.0.1:9200 JISR_SEED_DEMO=0

.PHONY: run-distributed
run-distributed: setup services-up ## one gunicorn per service on Kafka, Elasticsearch, PostgreSQL
	mkdir -p var/log
	$(DIST_ENV) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8101 \
		'services.distributed:create("employers")' & \
	$(DIST_ENV) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8102 \
		'services.distributed:create("skills")' & \
	$(DIST_ENV) $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8103 \
		'services.distributed:create("matching")' & \
	trap 'kill 0' INT TERM; wait
