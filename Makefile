# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-dates lint bench-search bench-summary bench-public bench-places bench-api bench-load messages system-test-deps

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

# Serve the portal with demo data on http://127.0.0.1:$(PORT), with the Celery worker and
# beat beside it (`manage.py run_worker`, log: celery.log): scheduled articles go live,
# reminders and summaries run. SQLite and a broker in a SQLite file by default (no
# servers); with DATABASE_URL and REDIS_URL set, PostgreSQL and Redis. Ctrl-C stops both.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Starting the Celery worker and beat (log: celery.log)"
	@$(BIN)/python manage.py run_worker --logfile celery.log & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium and CJK fonts for the browser tests, when we may install them.
system-test-deps:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# Style, the import contracts of pyproject.toml (which slice may use which) and migrations.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# The whole suite: lint, migrations check, unit, integration, worker and browser tests.
test: $(STAMP) system-test-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The date-sensitive tests (periods, reports, reminders, summaries, demo, digest, scheduling)
# again on awkward moments, Asia/Shanghai: just after midnight on the Monday of ISO week 53
# (still Sunday in UTC), a year end, February's end and a leap day. `.ci/run` runs it.
DATE_MOMENTS ?= 2026-12-28T00:30+08:00 2026-12-31T23:30+08:00 2027-02-28T12:00+08:00 2028-02-29T12:00+08:00
test-dates: $(STAMP) system-test-deps
	@for moment in $(DATE_MOMENTS); do \
	  echo "== the date-sensitive tests on $$moment"; \
	  PORTAL_TEST_TODAY=$$moment $(BIN)/python -m pytest -m dates -q $(PYTEST_ARGS) || exit 1; \
	done

# Benchmarks print their figures (PostgreSQL; each uses a database of its own, created if
# missing). Not part of `make test`.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432
bench-search: $(STAMP)
	DATABASE_URL=$(BENCH_DB)/portal_bench_articles $(BIN)/python bench/search_bench.py

bench-summary: $(STAMP)
	DATABASE_URL=$(BENCH_DB)/portal_bench $(BIN)/python bench/generate_national.py
	DATABASE_URL=$(BENCH_DB)/portal_bench $(BIN)/python bench/summary_bench.py

# The national place tree: load time, and the unit pages and admin at 41,000 units.
bench-places: $(STAMP)
	DATABASE_URL=$(BENCH_DB)/portal_bench_places $(BIN)/python bench/places_bench.py
# The API's main lists on the national data set (generated once into its own database).
bench-api: $(STAMP)
	DATABASE_URL=$(BENCH_DB)/portal_bench_api $(BIN)/python bench/generate_national.py
	DATABASE_URL=$(BENCH_DB)/portal_bench_api $(BIN)/python bench/api_bench.py

# Issue 17's table: Wagtail anchor, framework and nginx floors, the portal's public pages,
# then search at 100,000 articles. Needs nginx and wrk (installed with apt-get when root) and
# PyPI for the throwaway Wagtail venv. BENCH_REDIS is emptied: give it a database of its own.
BENCH_REDIS ?= redis://127.0.0.1:6379/15
bench-public: $(STAMP)
	$(BIN)/python bench/public_bench.py --search --db $(BENCH_DB) --redis-url $(BENCH_REDIS) $(BENCH_ARGS)

# Issue 10: LOAD_OFFICIALS officials (200) filing and submitting for LOAD_DURATION seconds
# (300) against gunicorn + PostgreSQL + Redis + a Celery worker; prints requests, errors,
# p50/p95 and checks the database's rows against the successful submissions.
LOAD_OFFICIALS ?= 200
LOAD_DURATION ?= 300
LOAD_REDIS ?= redis://127.0.0.1:6379/10
bench-load: $(STAMP)
	$(BIN)/python bench/load.py --officials $(LOAD_OFFICIALS) --duration $(LOAD_DURATION) --db $(BENCH_DB) --redis-url $(LOAD_REDIS) $(LOAD_ARGS)

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv
