# The whole set-up on a fresh Debian/Ubuntu machine is one of these two commands.
#   make demo   installs what is missing, builds `pot` (release) and runs its default job
#   make test   installs what is missing, builds and runs every test
SWIFT ?= swift
export POT_TEST_MODEL ?= $(or $(POT_CACHE),$(HOME)/.cache/pot)/models/SmolLM2-135M-Instruct.Q4_1.gguf
export POT_DIGITS ?= $(or $(POT_CACHE),$(HOME)/.cache/pot)/data/digits.csv

.PHONY: setup demo test test-arm64 test-slurm bench bench-slurm clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(SWIFT) build -c release --product pot
	.build/release/pot demo

test:
	@bash scripts/setup.sh --test-fixtures
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing
	bash scripts/cli-proof-check.sh .build/debug/pot
	bash scripts/cli-bundle-check.sh .build/debug/pot
	bash scripts/cli-behave-check.sh .build/debug/pot
	bash scripts/cli-serve-check.sh .build/debug/pot
	bash scripts/cli-endpoint-check.sh .build/debug/pot
	bash scripts/cli-model-check.sh .build/debug/pot
	bash scripts/cli-train-check.sh .build/debug/pot
	bash scripts/cli-train-prove-check.sh .build/debug/pot
	bash scripts/cli-prove-steps-check.sh .build/debug/pot
	bash scripts/cli-commit-check.sh .build/debug/pot
	bash scripts/cli-hostile-check.sh .build/debug/pot
	bash scripts/fuzz.sh --replay

# The C kernels built for aarch64 (Debian's cross compiler) and run under qemu-aarch64, with
# outputs compared byte for byte against the x86-64 build (scripts/test-arm64.sh).
test-arm64:
	bash scripts/test-arm64.sh

# A training run proved by a single-host Slurm cluster started from Debian's slurm-wlm and munge
# (scripts/slurm-check.sh, docs/distributed.md); needs those packages and root.
test-slurm: setup
	$(SWIFT) build --product pot
	bash scripts/slurm-check.sh .build/debug/pot

# The same cluster's proving speed against one process (slurm_steps_per_min, local_steps_per_min).
bench-slurm: setup
	$(SWIFT) build -c release --product pot
	bash scripts/slurm-check.sh --bench 32 .build/release/pot

bench: setup
	$(SWIFT) build -c release --product pot
	.build/release/pot bench all --json

# libFuzzer over every parser, FUZZ_SECONDS each (docs/fuzzing.md).
FUZZ_SECONDS ?= 600
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build
