# Masthead: `make help` lists every command.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
# The suite's second pass: the local PostgreSQL and Redis (CI=true makes them required).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen --quiet
	@touch $@

.PHONY: install
install: $(VENV)/.synced ## Create .venv with the locked dependencies

.PHONY: run
run: install ## Migrate, load the demo if the site is empty, serve http://127.0.0.1:8000 with worker and scheduler
	DEBUG=true $(BIN)/masthead migrate --no-input -v0
	DEBUG=true $(BIN)/masthead demo --if-empty
	@echo "Serving the demo newsroom at http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
	DEBUG=true $(BIN)/masthead scheduler -v0 & scheduler=$$!; \
		DEBUG=true $(BIN)/masthead db_worker --no-reload -v0 & worker=$$!; \
		trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=true $(BIN)/masthead runserver 127.0.0.1:8000

.PHONY: test
test: install ## Lint, check migrations and deploy settings, run the suite on SQLite, then PostgreSQL + Redis
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=check $(BIN)/masthead makemigrations --check --dry-run -v0
	$(MAKE) --no-print-directory check-deploy
	$(BIN)/pytest
	@if $(BIN)/python -m masthead.core.reachable "$(PG_TEST_URL)" "$(REDIS_TEST_URL)"; then \
		echo "== the suite again on PostgreSQL + Redis"; \
		DATABASE_URL="$(PG_TEST_URL)" REDIS_URL="$(REDIS_TEST_URL)" $(BIN)/pytest -p no:cacheprovider; \
	elif [ "$$CI" = "true" ]; then \
		echo "FAIL: CI=true needs PostgreSQL and Redis for the second pass"; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL + Redis pass (not reachable here)"; \
	fi

BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/masthead_bench

.PHONY: bench
bench: install ## Benchmarks (bench/): pages under wrk beside nginx, search, sitemaps, feeds; campaign banner; a newsletter to 100,000 subscribers
	@if command -v npm >/dev/null; then npm ci --prefix bench/lighthouse --no-audit --no-fund --silent; \
		else echo "SKIPPED: Lighthouse (no npm here)"; fi
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/discovery.py
	$(BIN)/python bench/pages.py --articles $${BENCH_ARTICLES:-100000}
	$(BIN)/python bench/membership.py
	$(BIN)/python bench/newsletters.py
	@if $(BIN)/python -m masthead.core.reachable "$(BENCH_PG_URL)" "$(REDIS_TEST_URL)"; then \
		$(BIN)/python -m masthead.core.database_ensure "$(BENCH_PG_URL)" && \
		export DATABASE_URL="$(BENCH_PG_URL)" REDIS_URL="$(REDIS_TEST_URL)" && \
		$(BIN)/python bench/pages.py && \
		$(BIN)/python bench/discovery.py && \
		$(BIN)/python bench/pages.py --articles $${BENCH_ARTICLES:-100000} && \
		$(BIN)/python bench/membership.py && \
		$(BIN)/python bench/newsletters.py; \
	else echo "SKIPPED: the PostgreSQL + Redis run (not reachable)"; fi

.PHONY: check-deploy
check-deploy: install ## Django's deployment checklist under production-like settings
	SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=news.example.org \
		STRIPE_SECRET_KEY=sk_test_deploy_check STRIPE_WEBHOOK_SECRET=whsec_deploy_check \
		$(BIN)/masthead check --deploy --fail-level WARNING

.PHONY: serve
serve: install ## The production server (granian, static files by WhiteNoise); needs SECRET_KEY etc.
	$(BIN)/masthead migrate --no-input -v0
	$(BIN)/masthead collectstatic --no-input -v0
	$(BIN)/masthead serve

.PHONY: lint
lint: install ## Ruff lint and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: messages
messages: install ## Refresh and compile the translation catalogues (needs gettext)
	$(BIN)/masthead makemessages -l uk --ignore=.venv --ignore=var --no-obsolete
	$(BIN)/masthead compilemessages --ignore=.venv

.PHONY: lock
lock: | $(BIN)/uv ## Refresh uv.lock after changing pyproject.toml
	$(BIN)/uv lock

.PHONY: clean
clean: ## Remove the environment and local data (database, media)
	rm -rf $(VENV) var .pytest_cache .ruff_cache
