# wagtail-govdisclosure: development tasks.
#   make demo   the example county portal on http://127.0.0.1:8000/
#   make test   the whole test suite (SQLite, browser tests included)
#   make test-wheel  the built wheel in a stock `wagtail start` portal, as docs/installing.md says

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION ?= 3.11
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) example_site/manage.py
PYTEST_ARGS ?=
# Two workers: the suite is mostly database and rendering work, and these machines have 2 cores.
PYTEST_WORKERS ?= 2
# pytest exits 5 when it collected no test: say so, and fail like any other error.
define pytest
	$(1) -m pytest -n $(PYTEST_WORKERS) $(2) $(PYTEST_ARGS) || { rc=$$?; \
		[ $$rc -ne 5 ] || echo "ERROR: pytest collected no tests (exit code 5)"; exit $$rc; }
endef
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/govdisclosure
DEMO_ADDR ?= 127.0.0.1:8000

# uv from PATH, else the one pip installs into the bootstrap Python.
BOOTSTRAP_PYTHON ?= python3
UV := $(or $(shell command -v uv 2>/dev/null),$(BOOTSTRAP_PYTHON) -m uv)
export UV_PYTHON_DOWNLOADS := never

# Runtime libraries of WeasyPrint, CJK fonts for the PDFs, pdftotext for the PDF tests,
# Chromium for the browser tests, msgfmt for the translations, faketime for make test-late,
# LibreOffice Writer to export test .docx reports to PDF as offices do, Redis for the cache
# and deployment tests.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	poppler-utils chromium gettext faketime libreoffice-writer-nogui redis-server

# make test-late: the clock (UTC) at which Shanghai is already on the next day, and the tests.
LATE_CLOCK ?= 2026-12-04 23:30:00
LATE_TESTS ?= tests

# Python 3.12 for the Django 6 run: a working python3.12 on PATH, else a pyenv installation.
PY312 ?= $(shell for p in python3.12 $$(ls -d $(HOME)/.pyenv/versions/3.12*/bin/python3.12 2>/dev/null); do \
	"$$p" -c '' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: help install uv system-packages browser-deps translations demo test test-postgres \
	test-wagtail74 test-py312 test-wheel test-late test-deployment lint messages \
	migrations-check clean

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

uv:
	@$(UV) --version >/dev/null 2>&1 || $(BOOTSTRAP_PYTHON) -m pip install --quiet uv

# The compiled catalogue is committed (tests/test_translations.py checks it matches the .po),
# so installing does not compile it: `make translations` after editing the .po.
install: uv system-packages  ## .venv from uv.lock (Python 3.11) and the Debian packages
	@$(UV) sync --quiet --locked --extra test --extra demo --python $(PYTHON_VERSION)
	@$(MAKE) --no-print-directory browser-deps

# axe-core from the npm registry; npm comes with Node.js, else from Debian's package.
browser-deps:  ## axe-core for the browser tests' accessibility checks (npm, tests/browser/node_modules)
	@command -v npm >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends npm; }
	@cd tests/browser && npm ci --no-audit --no-fund --silent

system-packages:  ## install the Debian packages that are missing (needs root)
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing; \
	fi

translations:  ## compile the .po catalogs (GNU gettext); commit the .mo
	@cd wagtail_govdisclosure && ../$(VENV)/bin/django-admin compilemessages --verbosity 0

demo: install  ## run the example portal on http://127.0.0.1:8000/
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_demo_portal
	@$(MANAGE) collectstatic --noinput --verbosity 0
	@# The task worker beside the server, as in production (PDFs are made at publication).
	@$(MANAGE) govdisclosure_worker --worker-id demo-worker --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(DEMO_ADDR)

test: install  ## the whole test suite on SQLite, browser tests included
	$(call pytest,$(PY))

test-postgres: install  ## the whole test suite on PostgreSQL (POSTGRES_URL, test DB test_govdisclosure)
	$(call pytest,DATABASE_URL=$(POSTGRES_URL) $(PY))

test-wagtail74: uv  ## the suite on Wagtail 7.4 LTS in .venv-wagtail74 (no browser tests)
	@UV_PROJECT_ENVIRONMENT=.venv-wagtail74 $(UV) sync --quiet --locked --extra test --extra demo --python $(PYTHON_VERSION)
	@$(UV) pip install --quiet --python .venv-wagtail74/bin/python "wagtail==7.4.*"
	@.venv-wagtail74/bin/python -c "import django, wagtail; print('Wagtail', wagtail.__version__, '/ Django', django.__version__)"
	$(call pytest,.venv-wagtail74/bin/python,-m "not browser")

test-py312: uv  ## the suite on Python 3.12 with Django 6.x in .venv-py312 (no browser tests)
	@test -n "$(PY312)" || { echo "Python 3.12 not found (set PY312=/path/to/python3.12)"; exit 1; }
	@UV_PROJECT_ENVIRONMENT=.venv-py312 $(UV) sync --quiet --locked --extra test --extra demo --python $(PY312)
	@.venv-py312/bin/python -c "import sys, django, wagtail; print('Python', sys.version.split()[0], '/ Wagtail', wagtail.__version__, '/ Django', django.__version__)"
	$(call pytest,.venv-py312/bin/python,-m "not browser")

test-wheel: uv  ## the built wheel in a fresh virtualenv and a stock `wagtail start` portal
	@$(BOOTSTRAP_PYTHON) tests/wheel/run_wheel_check.py

test-late: install  ## the suite (no browser tests) at 23:30 UTC, already tomorrow in Shanghai
	@TZ=UTC faketime '$(LATE_CLOCK)' $(PY) -c "import datetime; print('Clock:', datetime.datetime.now(datetime.UTC).isoformat(timespec='minutes'))"
	$(call pytest,TZ=UTC faketime '$(LATE_CLOCK)' $(PY),-m "not browser" $(LATE_TESTS))

test-deployment: install  ## two gunicorn servers, a task worker, PostgreSQL, Redis, S3 (moto) on 127.0.0.1
	$(PY) deployment/check_deployment.py

lint: install  ## ruff check
	$(VENV)/bin/ruff check .

messages: install  ## update the zh_Hans catalog from the sources, then compile it
	cd wagtail_govdisclosure && ../$(VENV)/bin/django-admin makemessages --locale zh_Hans \
		--domain django --add-location file --no-obsolete
	@if find wagtail_govdisclosure/static -name '*.js' -not -path '*/vendor/*' | grep -q .; then \
		cd wagtail_govdisclosure && ../$(VENV)/bin/django-admin makemessages --locale zh_Hans \
			--domain djangojs --add-location file --no-obsolete --ignore 'static/**/vendor/*'; \
	fi
	@$(MAKE) --no-print-directory translations

migrations-check: install  ## fail if a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

clean:  ## remove the virtual environments, build output and test artifacts
	rm -rf .venv .venv-wagtail74 .venv-py312 build dist *.egg-info test-artifacts \
		.pytest_cache .ruff_cache
