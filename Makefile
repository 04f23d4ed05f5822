# Convenience wrapper around CMake and the scripts.
.PHONY: all demo test unit fuzz fuzz-campaign portability bench clean
all:
	bash scripts/build.sh
demo:
	bash scripts/demo.sh
unit: all
	ctest --test-dir build --output-on-failure
test:
	bash scripts/test.sh
fuzz:
	bash tests/fuzz/run.sh $${FUZZ_SECONDS:-300}
fuzz-campaign:
	bash tests/fuzz/campaign.sh $${FUZZ_RUNS:-10000000}
portability:
	bash tests/portability/run.sh
bench:
	bash scripts/bench.sh
clean:
	rm -rf build build-asan build-fuzz build-mbedtls build-armhf build-s390x build-size
