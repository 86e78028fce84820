# Lumbung's interface for people and CI. `make run` and `make test` are
# the two commands of the README's quick start.

GO       ?= go
BIN      := bin/lumbung
DEMO     := bin/demo.db
PKGS     := ./...
# Fuzz budgets are counts, not durations: duration budgets can fail
# spuriously on Go 1.26 (golang/go#75804).
FUZZTIME ?= 20000x

.PHONY: all build run demo test test-esdb lint vet fmt-check unit race-core fuzz bench golden race clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/lumbung

ADDR     ?= 127.0.0.1:8080

## run: build, seed a demo cooperative into a fresh store, say what to try
## next, and serve its web app at http://$(ADDR)/ until Ctrl+C
run: build
	@rm -f $(DEMO) $(DEMO)-wal $(DEMO)-shm
	@./$(BIN) --store sqlite:$(DEMO) demo
	@./$(BIN) --store sqlite:$(DEMO) serve --addr $(ADDR)

## test: formatting, vet, every test, the concurrent packages under the
## race detector, and every fuzz target on a count budget
test: lint unit race-core fuzz

lint: fmt-check vet

fmt-check:
	@unformatted="$$(gofmt -l $$(find . -name '*.go' -not -path './bin/*'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

unit:
	$(GO) test -count=1 $(PKGS)

# race-core runs the packages where goroutines share state (the
# application's caches and locks, the stores' writers) under the race
# detector, which needs cgo and a C compiler (.ci/run installs gcc when
# missing); make race runs every package so.
race-core:
	@if [ "$$($(GO) env CGO_ENABLED)" = "1" ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1; then \
		$(GO) test -race -count=1 ./internal/app ./internal/eventstore/...; \
	else echo "race-core: skipped: the race detector needs cgo and a C compiler"; fi

## test-esdb: the store contract and the command-line session against a
## real EventStoreDB/KurrentDB node at LUMBUNG_ESDB_URL (deploy/docker-compose.yml)
test-esdb:
	@if [ -z "$$LUMBUNG_ESDB_URL" ]; then \
		echo "test-esdb: skipped: LUMBUNG_ESDB_URL is not set (for example esdb://127.0.0.1:2113?tls=false; see deploy/docker-compose.yml)"; \
	else \
		$(GO) test -count=1 -v -run 'OnARealServer' ./internal/eventstore/esdb ./cmd/lumbung; \
	fi

## fuzz: run every Fuzz target for FUZZTIME (default 20000x)
fuzz:
	@set -e; for pkg in $$($(GO) list $(PKGS)); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg > /tmp/lumbung-fuzz.log 2>&1 || { cat /tmp/lumbung-fuzz.log; exit 1; }; \
		done; \
	done

## bench: the performance targets, measured on this machine
bench:
	$(GO) test -run '^$$' -bench 'Encode|Decode' -benchmem ./internal/codec
	$(GO) test -run '^$$' -bench 'DurableCommands' -benchtime 5000x ./internal/app
	$(GO) test -run '^$$' -bench 'DepositPOST' -benchtime 20000x ./internal/httpapi
	$(GO) test -run '^$$' -bench 'Dashboard' -benchtime 300x ./internal/httpapi
	$(GO) test -run '^$$' -bench 'Import100k' -benchtime 3x ./internal/importer
	$(GO) test -run '^$$' -bench 'Import1M' -benchtime 1x ./internal/importer
	$(GO) test -run '^$$' -bench 'Rebuild|Verify' -benchtime 3x -timeout 30m ./internal/projector
	$(GO) test -run '^$$' -bench 'ReportBalances' -benchtime 20x ./cmd/lumbung
	$(GO) test -run '^$$' -bench 'StatementsWarm' -benchtime 20x ./projections/generalledger
	$(GO) test -run '^$$' -bench 'StatementsCold|RebuildBalances' -benchtime 3x ./projections/generalledger
	$(GO) test -run '^$$' -bench 'Schedule|EffectiveAnnualRate' -benchmem ./domain/loan
	$(GO) test -run '^$$' -bench 'RepayLoan' -benchtime 2000x ./internal/app
	$(GO) test -run '^$$' -bench 'LoansReview' -benchtime 3x -timeout 30m ./internal/app
	$(GO) test -run '^$$' -bench 'ManyCooperatives' -benchtime 1x -timeout 60m ./internal/eventstore/esdb
	$(GO) test -run '^$$' -bench 'Compute100k' -benchtime 3x ./domain/shu
	$(GO) test -run '^$$' -bench 'ComputeSHU100k' -benchtime 3x -timeout 30m ./internal/app
	$(GO) test -run '^$$' -bench 'RATPack10k|StatementPDF10k' -benchtime 3x ./internal/report

## golden: rewrite golden files after an intended change (review the diff)
golden:
	$(GO) test ./internal/codec ./internal/report ./cmd/lumbung -update

## race: the tests under the race detector (needs cgo and a C compiler)
race:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(PKGS)

clean:
	rm -rf bin
