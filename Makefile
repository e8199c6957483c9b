.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(PY):
	python3 -m venv $(VENV)

.PHONY: dev
dev: $(PY) ## build the extension in release mode into the venv (editable)
	$(VENV)/bin/pip install -q -e '.[dev]'

.PHONY: fmt
fmt: ## format Rust and Python
	cargo fmt --all
	$(VENV)/bin/ruff format python tests benches

.PHONY: lint
lint: ## rustfmt, clippy, ruff
	cargo fmt --all --check
	cargo clippy --no-default-features --features index --all-targets -- -D warnings
	cargo clippy --all-targets -- -D warnings
	$(VENV)/bin/ruff check python tests benches
	$(VENV)/bin/ruff format --check python tests benches

.PHONY: test
test: ## Rust unit tests and the pytest suite
	cargo test --no-default-features --features index
	$(VENV)/bin/pytest -q

.PHONY: bench
bench: ## measure (pytest-benchmark); figures go to BENCHMARKS.md
	$(VENV)/bin/pytest benches --benchmark-json=.benchmarks/run.json
