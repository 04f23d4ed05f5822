# Sourced by run.sh and campaign.sh: builds the libFuzzer targets with
# clang (ASan + UBSan) in build-fuzz, writes the seed corpora, and checks
# that each whole seed conversation replays to the protocol's end.
# Sets dir (the build directory) and fuzz_targets (every target's name).
dir=build-fuzz
fuzz_targets=(parse session session_det eap conf ctrl)
CC=clang cmake -S . -B "$dir" -DWSC_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$dir" -j"$(nproc)" --target "${fuzz_targets[@]/#/fuzz_}" \
	fuzz_session_seeds >/dev/null
python3 tests/fuzz/seeds.py "$dir/corpus"
"$dir/fuzz_session_seeds" "$dir/corpus/session"
