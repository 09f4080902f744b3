#!/usr/bin/env bash
# The black-box benchmark (README, Benchmarks): runs packaged jars the way operators do — MariaDB on
# 127.0.0.1:3306, DKIM RSA-2048, outbox delivery, -Xmx512m — and prints throughput, CPU per answer, commits per
# request, latency at fixed arrival rates, heap/RSS and start-up time, min/median/max over several rounds.
#
#   bench/run.sh                                  # this checkout's jar, 3 rounds
#   bench/run.sh --baseline main                  # also the jar built from git ref `main`, side by side
#   bench/run.sh --variant accp=target/mail-responder.jar --variant jdk=target/mail-responder.jar,responder.dkim.sign.provider=jdk
#   bench/run.sh --variant c2=target/mail-responder.jar --variant c1=target/mail-responder.jar,-XX:TieredStopAtLevel=1   # JVM flags start with -
#   bench/run.sh --quick                          # one small round, to check the set-up (a minute or two)
#   bench/run.sh --baseline b7e764b --cpu-profile # CPU ms per answer by component (async-profiler), side by side
#
# Each variant is a jar plus optional properties (NAME=JAR,prop=value,...); every round runs every variant, in an
# order that turns from round to round. This checkout's jar and --baseline jars start as the deployments start them:
# through deploy/mail-responder.sh (C1, the Parallel collector, a class-data sharing archive: +cds), connected to
# MariaDB over its Unix socket where it has one (--db-connection tcp for 127.0.0.1:3306); a --variant of your own
# starts as java -jar unless it says +cds. Needs the MariaDB server on 127.0.0.1:3306 (root, no password), openssl,
# and the JDK's jcmd for --profile. It creates a database and a user per run and drops them; it turns MariaDB's
# userstat on for its duration (per-user CPU and commit counts) and puts it back.
#
# Options after the script's own (--baseline REF, --no-build) go to the driver, BlackBoxBenchmark; --help lists them.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
baselines=()
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --baseline) baselines+=("$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ "$build" = 1 ]; then
  mvn -B -q package -DskipTests
  mvn -B -q test-compile -DskipTests
fi
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

variants=()
for ref in "${baselines[@]}"; do
  # the baseline is built from the ref's own files (git archive), not from this working tree
  jar="target/bench-jars/$(echo "$ref" | tr '/' '_').jar"
  if [ ! -f "$jar" ] || [ "$build" = 1 ]; then
    src=$(mktemp -d)
    git archive "$ref" | tar -x -C "$src"
    (cd "$src" && mvn -B -q package -DskipTests -Dexec.skip=true)
    mkdir -p target/bench-jars
    cp "$src/target/mail-responder.jar" "$jar"
    rm -rf "$src"
  fi
  variants+=(--variant "$(echo "$ref" | tr '/' '_')=$jar,+cds")
done
has_variant=0
for a in "${args[@]+"${args[@]}"}"; do [ "$a" = "--variant" ] && has_variant=1; done
if [ "$has_variant" = 0 ]; then
  # a copy, so that building again while the benchmark runs does not change the jar under it
  mkdir -p target/bench-jars
  cp target/mail-responder.jar target/bench-jars/current.jar
  variants+=(--variant "current=target/bench-jars/current.jar,+cds")
fi

# the driver runs from a copy of the test classes too: a build or test run meanwhile must not swap them under it
driver=$(mktemp -d)
trap 'rm -rf "$driver"' EXIT
cp -r target/test-classes "$driver/classes"
java -Xmx1g -Dlogback.configurationFile=bench/logback-driver.xml -cp "$driver/classes:$(cat target/bench-classpath.txt)" \
  org.mailresponder.bench.BlackBoxBenchmark "${variants[@]}" "${args[@]+"${args[@]}"}"
