# aispm: build, test and demo. `make demo` and `make test` work on a fresh machine with Go 1.26.

GO       ?= go
BIN      := bin
PLUGIN   := $(BIN)/steampipe-plugin-aispm.plugin
CLI      := $(BIN)/aispm
STEAMPIPE_DIR ?= $(HOME)/.steampipe
SOURCES  := $(shell find . -name '*.go' -not -path './.cache/*') go.mod go.sum internal/estate/demo.yaml

.PHONY: build install test test-short bench demo vet clean powerpipe pg-start pg-stop

build: $(PLUGIN) $(CLI)

$(PLUGIN): $(SOURCES)
	$(GO) build -o $@ .

VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

$(CLI): $(SOURCES)
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/aispm

# Install into Steampipe as a local plugin, with the sample config (kept if one exists).
install: $(PLUGIN)
	mkdir -p $(STEAMPIPE_DIR)/plugins/local/aispm $(STEAMPIPE_DIR)/config
	cp $(PLUGIN) $(STEAMPIPE_DIR)/plugins/local/aispm/aispm.plugin
	test -f $(STEAMPIPE_DIR)/config/aispm.spc || cp config/aispm.spc $(STEAMPIPE_DIR)/config/aispm.spc

vet:
	@./scripts/stage.sh "go vet" $(GO) vet ./...
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './.cache/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi

# Packages whose tests drive queries through the SDK's plugin server. They run
# without -race: the SDK counts streamed rows without synchronization
# (plugin/query_status.go), so the race detector reports inside the SDK on any
# matrix query. Our own concurrent code (fan-out workers, simulator) is
# race-tested in the other packages.
SDK_DRIVEN := ./internal/e2e/ ./cmd/aispm/

# Everything: vet, unit tests under the race detector, the simulator end-to-end
# suite (in-process, over go-plugin, and export -> PostgreSQL -> Powerpipe), the
# CLI, 15 s of fuzzing for each fuzz target (model and data scanners, redactor, audit events; scripts/fuzz.sh), and the demo. Installs PostgreSQL 15 and the
# corpus loaders (Debian's python3-torch & co., scripts/pydeps.sh) if missing and builds Powerpipe once.
test: vet build powerpipe
	@./scripts/stage.sh "loaders (python3-torch & co.)" ./scripts/pydeps.sh >/dev/null
	@url=$$(./scripts/pg.sh start) && \
	  export AISPM_TEST_PG_URL="$$url" AISPM_TEST_POWERPIPE="$$PWD/bin/powerpipe" AISPM_TEST_STRICT=1 && \
	  ./scripts/stage.sh "unit tests (race)" $(GO) test -race -count=1 $$($(GO) list ./... | grep -v -e /internal/e2e -e /cmd/aispm) && \
	  ./scripts/stage.sh "end-to-end and CLI tests" $(GO) test -count=1 $(SDK_DRIVEN) && \
	  ./scripts/stage.sh "fuzz FuzzPickle" env GO=$(GO) ./scripts/fuzz.sh FuzzPickle ./aispm/scan/ && \
	  ./scripts/stage.sh "fuzz FuzzArchive" env GO=$(GO) ./scripts/fuzz.sh FuzzArchive ./aispm/scan/ && \
	  ./scripts/stage.sh "fuzz FuzzNumpyHeader" env GO=$(GO) ./scripts/fuzz.sh FuzzNumpyHeader ./aispm/scan/ && \
	  ./scripts/stage.sh "fuzz FuzzKerasConfig" env GO=$(GO) ./scripts/fuzz.sh FuzzKerasConfig ./aispm/scan/ && \
	  ./scripts/stage.sh "fuzz FuzzDataObject" env GO=$(GO) ./scripts/fuzz.sh FuzzDataObject ./aispm/scan/ && \
	  ./scripts/stage.sh "fuzz FuzzText" env GO=$(GO) ./scripts/fuzz.sh FuzzText ./aispm/redact/ && \
	  ./scripts/stage.sh "fuzz FuzzActivityEvent" env GO=$(GO) ./scripts/fuzz.sh FuzzActivityEvent ./aispm/aws/ && \
	  ./scripts/stage.sh "demo" ./scripts/demo.sh >/dev/null
	./scripts/pg.sh stop

test-short:
	$(GO) test -short -count=1 ./...

# Throughput on the generated scale estates (internal/e2e/bench_test.go): 3,000
# endpoints, and 100,000 activity events through the plugin binary (rows/s and
# the plugin's peak RSS, in a process of its own); and the model scanner's MB/s
# on a 64 MiB pickle and bytes read for a 256 MiB zip model; and a full export
# of a 10,000-asset estate of every kind at 30 ms per call, unthrottled and with
# 30% of calls throttled, then each table alone: each time next to its bound
# (declared quotas and the longest call chain, from the simulator's call log),
# with rows, connections per cloud and the plugin's and aispm export's memory.
bench:
	$(GO) test -run '^$$' -bench 'BenchmarkUnifiedEndpoints' -benchmem -benchtime 3x ./internal/e2e/
	$(GO) test -run '^$$' -bench 'BenchmarkActivityScale' -benchmem -benchtime 3x ./internal/e2e/
	$(GO) test -run '^$$' -bench 'BenchmarkDatasetScan' -benchmem -benchtime 3x ./internal/e2e/
	$(GO) test -run '^$$' -bench 'BenchmarkExportScale' -benchtime 1x -timeout 60m ./internal/e2e/
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./aispm/scan/

demo: build
	./scripts/demo.sh

# Powerpipe v1.5.2, built once from the Go module proxy (tools/powerpipe).
powerpipe:
	@./scripts/stage.sh "powerpipe (built once)" ./scripts/powerpipe.sh

# The throwaway PostgreSQL cluster under .cache/pg (the demo's snapshot lives there).
pg-start:
	@./scripts/pg.sh start
pg-stop:
	./scripts/pg.sh stop

clean:
	rm -rf $(BIN) .cache out
