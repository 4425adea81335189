# Tremplin. `make run` for a working site with demo data; `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# Local runs default to DEBUG; production sets its own environment.
export DEBUG ?= true

.PHONY: browser run install install-dev migrate seed serve test test-e2e lint format bench worker lock messages clean audit

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

run: seed
	@$(MANAGE) code_connexion stagiaire
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL est défini : lancez un worker dans un autre terminal :"; \
	  echo "  $(MANAGE) rqworker default pdf reports --job-class django_tasks_rq.Job"; \
	else echo "Sans REDIS_URL, les tâches de fond s'exécutent directement (pas de worker à lancer)."; fi
	@echo "Site : http://127.0.0.1:8000   Administration : http://127.0.0.1:8000/admin/"
	$(MANAGE) runserver 127.0.0.1:8000

worker: install
	$(MANAGE) rqworker default pdf reports --job-class django_tasks_rq.Job

# System tools the tests use: Debian's Chromium (browser tests), poppler and zbar (reading the
# QR code printed on a certificate). Installed when missing and we may (root + apt).
browser:
	@if { [ ! -x /usr/bin/chromium ] || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null; } \
	  && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installation de chromium, poppler-utils et zbar-tools (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils zbar-tools; \
	fi

test: install-dev browser audit
	@# The compiled catalogues are committed; rebuild them when gettext is installed.
	@if command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages --ignore=.venv -v0; fi
	$(PY) -m pytest $(PYTEST_ARGS)

# Known vulnerabilities of the pinned dependencies (pip-audit); explains itself when the
# vulnerability service is out of reach (.ci/audit.py), accepted ids in .ci/audit-ignore.txt.
audit: install-dev
	$(PY) .ci/audit.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The load test drives gunicorn with Debian's wrk; installed when missing and we may (root + apt).
bench: install-dev
	@if ! command -v wrk >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installation de wrk (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	fi
	$(PY) bench/run.py

# French msgids are the source; the fr catalogue mirrors them (msgen) so regional wording can
# be adjusted without touching code; en holds the English translation.
messages: install
	$(MANAGE) makemessages -l fr -l en --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles
	# A fuzzy guess in fr would ship wrong French once un-flagged: every msgstr mirrors its msgid.
	sed -i '1,/^msgid ""$$/{/^#, fuzzy$$/d}' lms/locale/fr/LC_MESSAGES/django.po
	msgattrib --clear-fuzzy --empty -o lms/locale/fr/LC_MESSAGES/django.po lms/locale/fr/LC_MESSAGES/django.po
	msgen lms/locale/fr/LC_MESSAGES/django.po -o lms/locale/fr/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv

lock:
	rm -rf /tmp/tremplin-lock && $(PYTHON) -m venv /tmp/tremplin-lock
	/tmp/tremplin-lock/bin/pip install --quiet -r requirements.in
	/tmp/tremplin-lock/bin/pip freeze > requirements.txt
	/tmp/tremplin-lock/bin/pip install --quiet -r requirements-dev.in
	/tmp/tremplin-lock/bin/pip freeze | grep -vxFf requirements.txt > requirements-dev.txt
	sed -i '1i -r requirements.txt' requirements-dev.txt

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
