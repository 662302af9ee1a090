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

# The demo as production serves it (granian, the page cache, DEBUG off, a local secret made
# on first run), on plain http at 127.0.0.1, with demo payments chosen on purpose and no
# two-factor asked of the demo logins. `make dev` is for working on the code.
DEMO_SECRET := var/demo-secret-key
DEMO_ENV := SECRET_KEY_FILE=$(DEMO_SECRET) HTTPS=false PAYMENTS_PROVIDER=demo \
	TWO_FACTOR_REQUIRED_FOR=none LOG_FORMAT=text LOG_LEVEL=WARNING DEMO_LIVE_FEED=true

$(DEMO_SECRET):
	@mkdir -p $(dir $@)
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(48))" > $@

.PHONY: run
run: install $(DEMO_SECRET) ## The demo newsroom on http://127.0.0.1:8000 as production serves it (with worker and scheduler)
	$(DEMO_ENV) $(BIN)/masthead migrate --no-input -v0
	$(DEMO_ENV) $(BIN)/masthead demo --if-empty
	$(DEMO_ENV) $(BIN)/masthead collectstatic --no-input -v0
	@echo "Serving the demo newsroom at http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
	$(DEMO_ENV) $(BIN)/masthead scheduler -v0 & scheduler=$$!; \
		$(DEMO_ENV) $(BIN)/masthead db_worker --no-reload -v0 & worker=$$!; \
		trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) $(BIN)/masthead serve

.PHONY: dev
dev: install ## For working on the code: Django's server with autoreload and debug pages, the page cache off
	DEBUG=true $(BIN)/masthead migrate --no-input -v0
	DEBUG=true $(BIN)/masthead demo --if-empty
	DEBUG=true DEMO_LIVE_FEED=true $(BIN)/masthead scheduler -v0 & scheduler=$$!; \
		DEBUG=true $(BIN)/masthead db_worker --no-reload -v0 & worker=$$!; \
		trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=true $(BIN)/masthead runserver 127.0.0.1:8000

# The W3C validator and axe-core for the accessibility tests, from npm (exact versions in
# tools/validators/package-lock.json); without npm those tests skip, under CI=true they fail.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the tests use the
# system's java.
VALIDATORS := tools/validators
$(VALIDATORS)/node_modules/.package-lock.json: $(VALIDATORS)/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix $(VALIDATORS) --no-audit --no-fund --silent --ignore-scripts; \
	else echo "SKIPPED: the W3C validator and axe-core (no npm here)"; fi

.PHONY: test
test: install $(VALIDATORS)/node_modules/.package-lock.json ## Lint, the import layers, mypy, check migrations and deploy settings, run the suite on SQLite and on PostgreSQL + Redis
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	SECRET_KEY=check $(BIN)/mypy
	SECRET_KEY=check $(BIN)/masthead makemigrations --check --dry-run -v0
	$(MAKE) --no-print-directory check-deploy
	@# The two passes run side by side (one per core), each with its own data folder; the
	@# SQLite one shows its progress here, the other's output follows when both are done.
	@mkdir -p var/test-logs
	@if $(BIN)/python -m masthead.operations.reachable "$(PG_TEST_URL)" "$(REDIS_TEST_URL)"; then \
		echo "== the suite on SQLite, and beside it on PostgreSQL + Redis (var/test-logs/postgres.log)"; \
		MASTHEAD_DATA_DIR=var/test-postgres DATABASE_URL="$(PG_TEST_URL)" REDIS_URL="$(REDIS_TEST_URL)" \
			$(BIN)/pytest -p no:cacheprovider > var/test-logs/postgres.log 2>&1 & postgres=$$!; \
		trap 'kill $$postgres 2>/dev/null' INT TERM; \
		MASTHEAD_DATA_DIR=var/test-sqlite $(BIN)/pytest; sqlite=$$?; \
		wait $$postgres; pg=$$?; \
		echo "== the suite on PostgreSQL + Redis"; cat var/test-logs/postgres.log; \
		[ $$sqlite -eq 0 ] && [ $$pg -eq 0 ]; \
	elif [ "$$CI" = "true" ]; then \
		echo "FAIL: CI=true needs PostgreSQL and Redis for the second pass"; exit 1; \
	else \
		MASTHEAD_DATA_DIR=var/test-sqlite $(BIN)/pytest && \
		echo "SKIPPED: the PostgreSQL + Redis pass (not reachable here)"; \
	fi

BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/masthead_bench

.PHONY: bench
bench: install ## Benchmarks (bench/): pages under wrk beside nginx, search, sitemaps, feeds; a story's first view with a new 12 MP photo; campaign banner; a newsletter to 100,000 subscribers; 5,000 readers on a live page; a 20,000-post WordPress import
	@if command -v npm >/dev/null; then npm ci --prefix bench/lighthouse --no-audit --no-fund --silent; \
		else echo "SKIPPED: Lighthouse (no npm here)"; fi
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/discovery.py
	$(BIN)/python bench/renditions.py
	$(BIN)/python bench/pages.py --articles $${BENCH_ARTICLES:-100000}
	$(BIN)/python bench/membership.py
	$(BIN)/python bench/newsletters.py
	$(BIN)/python bench/live.py
	$(BIN)/python bench/imports.py
	@if $(BIN)/python -m masthead.operations.reachable "$(BENCH_PG_URL)" "$(REDIS_TEST_URL)"; then \
		$(BIN)/python -m masthead.operations.database_ensure "$(BENCH_PG_URL)" && \
		export DATABASE_URL="$(BENCH_PG_URL)" REDIS_URL="$(REDIS_TEST_URL)" && \
		$(BIN)/python bench/pages.py && \
		$(BIN)/python bench/discovery.py && \
		$(BIN)/python bench/renditions.py && \
		$(BIN)/python bench/pages.py --articles $${BENCH_ARTICLES:-100000} && \
		$(BIN)/python bench/membership.py && \
		$(BIN)/python bench/newsletters.py && \
		$(BIN)/python bench/live.py && \
		$(BIN)/python bench/imports.py; \
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
	SECRET_KEY=$${SECRET_KEY:-messages} $(BIN)/masthead makemessages -l uk --ignore=.venv --ignore=var --no-obsolete
	SECRET_KEY=$${SECRET_KEY:-messages} $(BIN)/masthead compilemessages --ignore=.venv

.PHONY: lock
lock: | $(BIN)/uv ## Refresh uv.lock: every dependency at the newest release its bounds in pyproject.toml admit
	$(BIN)/uv lock --upgrade

.PHONY: clean
clean: ## Remove the environment and local data (database, media)
	rm -rf $(VENV) var .pytest_cache .ruff_cache
