# clic: the CLIC website and the tool that builds it.
# Set-up on a fresh machine needs only Go: "make build", then "make test".

GO      ?= go
SITE    ?= .
ADDR    ?= 127.0.0.1:1313
BENCH_N ?= 10000

.PHONY: build test serve check e2e bench bench-go pgo clean vet

## build: build the CLIC site into public/
build:
	$(GO) run ./cmd/clic build -source $(SITE) -dest public

## test: run every unit and integration test (Go only), with the race detector
test: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

## serve: preview the site with live reload at http://127.0.0.1:1313/
serve:
	$(GO) run ./cmd/clic serve -source $(SITE) -addr $(ADDR)

## check: report broken links and plain-language problems
check:
	$(GO) run ./cmd/clic check -source $(SITE)

## e2e: real-browser tests (installs chromium, axe-core and vnu-jar if missing)
e2e:
	bash .ci/e2e-setup
	$(GO) test -count=1 -tags e2e -timeout 20m ./internal/e2e/

## bench: Go benchmarks for the hot paths, then the side-by-side comparison with Hugo
bench: bench-go
	bash .ci/bench-compare $(BENCH_N)

## bench-go: only the Go benchmarks (Markdown, glossary, templates, feeds, whole builds)
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## pgo: profile two builds of the benchmark corpus into cmd/clic/default.pgo, which go build uses to optimise
pgo:
	bash .ci/pgo $(BENCH_N)

## clean: remove build output, and the hidden builds kept beside it for the next build
clean:
	rm -rf public .public.clic-old-* .public.clic-spare-* .public.clic-staging-* .public.clic-trash-*
