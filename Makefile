# Outhire: `make demo` runs the demo from a fresh clone, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install dev bench fuzz faults serve worker clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

## Migrate a SQLite database under var/, seed the demo data, print the logins and serve on :8000
demo: install
	$(BIN)/outhire demo

serve: install
	$(BIN)/outhire serve

worker: install
	$(BIN)/outhire worker --beat

## Ruff, the migrations, and the import contracts of pyproject.toml (docs/layers.md)
lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/outhire makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/outhire i18n-check

## Update the translation catalogues from the code and compile them (needs GNU gettext:
## apt install gettext); docs/translating.md
LANGUAGES_TO_TRANSLATE ?= de es fr nl
messages: dev
	$(BIN)/outhire makemessages $(foreach l,$(LANGUAGES_TO_TRANSLATE),-l $(l)) \
		--extension html,txt,py --add-location file --no-obsolete \
		--ignore 'bench/*' --ignore 'docs/*' --ignore 'var/*' --ignore 'build/*' \
		--ignore 'outhire/*/tests/*' --ignore 'outhire/tests/*' --ignore 'outhire/*/*/tests/*' \
		--ignore 'outhire/demo/*' --ignore 'outhire/*/migrations/*'
	$(BIN)/outhire compilemessages --ignore .venv --ignore 'var/*'

## Lint, then the whole test suite on every CPU (SQLite unless DATABASE_URL is set):
## make test TEST_WORKERS=0 runs it in this one process; PYTEST_ARGS adds pytest options
## The test databases are made from the models (under a second instead of ~15 s per worker):
## `make lint` checks that the migrations match the models, and CI migrates a fresh PostgreSQL
## database and the demo's SQLite one from zero.
TEST_WORKERS ?= auto
test: lint
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --nomigrations $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure"; fi; \
	exit $$rc

## The API fuzzing gate, longer than in `make test`: make fuzz FUZZ_EXAMPLES=200 FUZZ_SEED=7
FUZZ_EXAMPLES ?= 100
FUZZ_SEED ?= 14
fuzz: dev
	OUTHIRE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) OUTHIRE_FUZZ_SEED=$(FUZZ_SEED) \
		$(BIN)/pytest -p no:cacheprovider -m fuzz outhire/api/tests/test_fuzz.py $(PYTEST_ARGS)

## Every benchmark (docs/benchmarks.md); one of them: make bench BENCH=search
BENCH ?= run parse hostile search import board match careers rank_stored analytics
bench: dev
	@for b in $(BENCH); do echo "== bench/$$b.py"; $(BIN)/python bench/$$b.py || exit 1; done

## Fault tests on loopback (minutes; not part of `make test`): nginx, two web nodes, two workers,
## beat, Redis, PostgreSQL and moto S3; kills nodes and workers, restarts Redis (docs/benchmarks.md)
faults: dev
	$(BIN)/python bench/faults.py $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) var/test.sqlite3* .pytest_cache .ruff_cache .import_linter_cache
