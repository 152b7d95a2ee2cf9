#!/usr/bin/env bash
# The MedMij list reader against xmllint (and the JDK's validator) on the official ZAL XSD.
# Usage, from anywhere in the checkout:  bash benchmark/run-lists.sh [providers]   (default 20000)
# Builds this module and what it needs from this checkout (-Pbenchmark -pl benchmark -am), so it measures
# the working tree; add -o to MAVEN_ARGS to build offline.
# Extra JVM options: BENCHMARK_JAVA_OPTS (e.g. "-Xmx2g" or "-XX:StartFlightRecording=filename=benchmark/target/lists.jfr").
set -euo pipefail

providers="${1:-20000}"
if ! [[ "$providers" =~ ^[1-9][0-9]{0,7}$ ]]; then
  echo "usage: $0 [providers]   (a positive number, default 20000)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# xmllint (Debian package libxml2-utils): install it when missing and we may; otherwise the benchmark skips it
if ! command -v xmllint >/dev/null 2>&1; then
  echo "xmllint is not on the PATH: trying apt-get install -y libxml2-utils" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi
  if command -v apt-get >/dev/null 2>&1 \
      && { $sudo apt-get install -y -q libxml2-utils >/dev/null 2>&1 \
           || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q libxml2-utils >/dev/null 2>&1; }; } \
      && command -v xmllint >/dev/null 2>&1; then
    echo "installed: $(xmllint --version 2>&1 | head -n 1)" >&2
  else
    echo "WARNING: could not install libxml2-utils: xmllint will be skipped (the product and the JDK validator are still timed)" >&2
  fi
fi

# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_ARGS:-} -Pbenchmark -pl benchmark -am install -DskipTests

jar="$(ls benchmark/target/herkomst-benchmark-*.jar | grep -v -e -sources -e -tests | head -n 1)"
# the jar's manifest names the module's runtime classpath (see benchmark/pom.xml)
# shellcheck disable=SC2086
exec java ${BENCHMARK_JAVA_OPTS:-} -Dbenchmark.out=benchmark/target/list-benchmark.json -jar "$jar" "$providers"
