# Convenience wrapper around CMake and the scripts.
.PHONY: all demo test unit clean
all:
	bash scripts/build.sh
demo:
	bash scripts/demo.sh
unit: all
	ctest --test-dir build --output-on-failure
test:
	bash scripts/test.sh
clean:
	rm -rf build build-asan
