# The course's commands. Each target creates .venv if missing and installs only when
# requirements.txt or pyproject.toml changed (the stamp file is named by their hash).
#   make run   [MODE=smoke|full] [NB='06' or a glob] [OUT=build]   execute headless + run report
#   make test                                                     unit tests, every student build in smoke mode
#                                                                 (nbval), every reference solution graded
#   make test-quick                                               unit tests + what the changes since main touch
#   make lab [SOLUTIONS=1]                                        JupyterLab on workspace/ (student
#                                                                 versions; your edits are kept)
#   make student [NB=...]                                         student versions into release/
#   make grade SUB=path [GRADE_MODE=smoke] [JSON=result.json]     grade a submission (file or folder)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
REQ_HASH := $(shell cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(REQ_HASH)
MODE ?= full
NB ?=
OUT ?= build
SMOKE_NB := $(OUT)/smoke-notebooks

.PHONY: install run test test-quick test-unit lab lab-instructor student grade clean

install: $(STAMP)

$(PY):
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; assert v >= (3, 11), f"Python 3.11+ is needed (the pinned numpy and keras-hub need it); found {v}: make PYTHON=/path/to/python3.11"'
	$(PYTHON) -m venv $(VENV)

# --no-cache-dir: the wheels (TensorFlow alone is about 600 MB) are not kept a second time in
# pip's cache; a CI run once failed with 'No space left on device' during this step.
$(STAMP): requirements.txt pyproject.toml | $(PY)
	@df -h . | tail -1 | awk '{print "disk: " $$4 " free where .venv goes (the install needs about 3 GB)"}'
	$(PY) -m pip install --quiet --no-cache-dir --upgrade pip
	$(PY) -m pip install --quiet --no-cache-dir -r requirements.txt
	$(PY) -m pip install --quiet --no-cache-dir --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

run: install
	$(PY) -m labutils run --mode $(MODE) --out $(OUT) $(NB)

# Tests never touch the network or the learner's cache: LABUTILS_OFFLINE=1 makes every loader use
# its stand-in, generated once per checkout into TEST_DATA (conftest.py sets the same for pytest).
TEST_DATA ?= $(CURDIR)/.test-data
# Two test processes (pytest-xdist), one test file or notebook at a time each (--dist loadfile:
# the cells of a notebook share one kernel, and a module's expensive fixtures are made once; the
# finer --dist loadgroup split notebooks' cells across workers in a fresh-clone run).
# TEST_PROCS=0 runs everything in one process.
TEST_PROCS ?= 2
TEST_ENV := LABUTILS_OFFLINE=1 LABUTILS_HEADLESS=1 LABUTILS_DATA_DIR=$(TEST_DATA) LABUTILS_USER_DATA_DIR=$(TEST_DATA) \
	LABUTILS_TEST_DATA_DIR=$(TEST_DATA)
test: install
	$(TEST_ENV) $(PY) -m labutils data
	$(PY) -m labutils style --summary
	rm -rf $(SMOKE_NB)
	$(PY) -m labutils prepare --mode smoke --student --out $(SMOKE_NB) $(NB)
	$(TEST_ENV) $(PY) -m pytest tests $(SMOKE_NB) -n $(TEST_PROCS) --dist loadfile --nbval-lax --nbval-current-env --nbval-cell-timeout=300

# The edit-test cycle: the unit tests, and the notebook tests the files changed since main touch.
test-quick: install
	$(TEST_ENV) $(PY) -m labutils data
	$(TEST_ENV) $(PY) tests/quick.py

test-unit: install
	$(TEST_ENV) $(PY) -m pytest tests

student: install
	$(PY) -m labutils release --out release $(NB)

GRADE_MODE ?= smoke
grade: install
	@test -n "$(SUB)" || { echo "usage: make grade SUB=path/to/submission.ipynb (or a folder)"; exit 2; }
	$(PY) -m labutils grade "$(SUB)" --mode $(GRADE_MODE) $(if $(JSON),--json $(JSON))

WORKSPACE ?= workspace
lab: install
	$(PY) -m labutils lab --out $(WORKSPACE) $(if $(SOLUTIONS),--solutions)
	$(VENV)/bin/jupyter lab --KernelManager.transport=ipc $(WORKSPACE)

# The instructor versions, solutions and hidden tests in view (for authors, not learners).
lab-instructor: install
	$(VENV)/bin/jupyter lab --KernelManager.transport=ipc notebooks

clean:
	rm -rf $(OUT) release .pytest_cache
