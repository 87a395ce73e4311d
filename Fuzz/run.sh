#!/usr/bin/env bash
# Builds the body fuzzer with swiftc (libFuzzer + AddressSanitizer, -O) and runs it.
#
#   Fuzz/run.sh                 build, seed the corpus from Fixtures/, run 10,000,000 executions
#   RUNS=100000 Fuzz/run.sh     fewer executions
#   Fuzz/run.sh --build-only    only build .build/fuzz/fuzz-bodies
#   Fuzz/run.sh CRASH_FILE...   re-run the fuzzer on saved inputs (reproduce a crash)
#
# Everything it writes lives under .build/fuzz/ (git-ignored): the modules, the binary, the
# working corpus (seeded with every file under Fixtures/) and crash-* artifacts. A crash makes
# the script exit non-zero; turn the input into a Fixtures/corrupt/fuzz-* file and a test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/.build/fuzz
RUNS=${RUNS:-10000000}
MAX_LEN=${MAX_LEN:-1024}
SEED=${SEED:-1}
FLAGS=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name gateway_mapper -I "$OUT" -g)
mkdir -p "$OUT"

# One module at a time, in dependency order, as SwiftPM would: module name = folder name.
build_module() {
  local name=$1
  local sources=()
  while IFS= read -r -d '' file; do sources+=("$file"); done < <(find "Sources/$name" -name '*.swift' -print0 | sort -z)
  # BuiltinSchemas gets its files from a build plugin; the fuzzer loads catalogs from disk, so an
  # empty list stands in for them.
  if [ "$name" = BuiltinSchemas ]; then
    printf 'extension BuiltinSchemas { static let encodedFiles: [(path: String, base64: String)] = [] }\n' > "$OUT/BuiltinSchemas+Files.swift"
    sources+=("$OUT/BuiltinSchemas+Files.swift")
  fi
  # Up to date: no module before it was rebuilt, and its object is newer than its sources and this script.
  if [ "$REBUILT" = 0 ] && [ -f "$OUT/$name.o" ] \
    && [ -z "$(find "Sources/$name" Fuzz/run.sh -newer "$OUT/$name.o" -print -quit)" ]; then return; fi
  REBUILT=1
  swiftc "${FLAGS[@]}" -module-name "$name" -wmo -num-threads 0 \
    -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
    -c -o "$OUT/$name.o" "${sources[@]}"
  touch "$OUT/$name.o"  # swiftc leaves an identical output untouched, mtime included
}

echo "fuzz: building modules into $OUT" >&2
REBUILT=0
for module in JSONScanning Framing Shapes BuiltinSchemas Catalog Normalize; do build_module "$module"; done
swiftc "${FLAGS[@]}" -module-name FuzzBodies Fuzz/FuzzTarget.swift \
  "$OUT"/JSONScanning.o "$OUT"/Framing.o "$OUT"/Shapes.o "$OUT"/BuiltinSchemas.o "$OUT"/Catalog.o "$OUT"/Normalize.o \
  -o "$OUT/fuzz-bodies" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
echo "fuzz: built $OUT/fuzz-bodies" >&2

[ "${1:-}" = "--build-only" ] && exit 0
# The catalog of this checkout, for the normalizer.
export GATEWAY_MAPPER_SCHEMAS=$ROOT/schemas
if [ $# -gt 0 ]; then exec "$OUT/fuzz-bodies" "$@"; fi

# Seed: every file under Fixtures/, flattened into the working corpus (names keep the path).
CORPUS=$OUT/corpus
mkdir -p "$CORPUS" "$OUT/artifacts"
while IFS= read -r -d '' file; do
  cp "$file" "$CORPUS/seed-$(echo "${file#Fixtures/}" | tr '/' '_')"
done < <(find Fixtures -type f -print0)
echo "fuzz: corpus $CORPUS ($(ls "$CORPUS" | wc -l) files), $RUNS runs, max_len $MAX_LEN, seed $SEED" >&2

exec "$OUT/fuzz-bodies" "$CORPUS" -runs="$RUNS" -max_len="$MAX_LEN" -seed="$SEED" \
  -print_final_stats=1 -artifact_prefix="$OUT/artifacts/"
