#!/usr/bin/env bash
# Start-up to the first answer (README, Benchmarks): `java -jar` to the first answer of a request already waiting in
# maildir/new, on the embedded default (H2, outbox), run in a folder of its own holding a copy of config/ — as an
# operator runs the README's first command. Per variant and round two starts: on a fresh folder (no database yet)
# and a restart on the same folder (schema present, a new request waiting). Prints min / median / max in seconds.
#
#   bench/startup.sh                                   # this checkout's jar, 5 rounds
#   bench/startup.sh --rounds 7 \
#       --variant before=target/bench-jars/main.jar \
#       --variant c1-cds=target/mail-responder.jar,+cds \
#       --variant tiered-cds=target/mail-responder.jar,-XX:TieredStopAtLevel=4,+cds
#
# Since the eleventh session the launcher starts C1 alone unless a level is named, so a +cds variant without one is
# C1 (the C1, CDS column of README's tables), and tiered with the archive takes -XX:TieredStopAtLevel=4.
#
# A variant is NAME=JAR[,java option…] (options go before -jar: -D properties, -XX flags); the option +cds starts it
# through deploy/mail-responder.sh, the launcher with an AppCDS archive, the options as its JAVA_OPTS (no spaces in
# them), with an archive folder of the variant's own: one untimed start before the rounds records the archive (it
# answers a request and is stopped with SIGTERM), every timed start uses it. Every round runs every variant, in an
# order that turns from round to round (the machine may be shared: compare within one run).
# --keep DIR keeps each start's folder (its service.log has the log with timestamps).
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)

rounds=5
keep=""
timeout_s=60
variants=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --variant) variants+=("$2"); shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ${#variants[@]} -eq 0 ]; then
  variants=("current=target/mail-responder.jar")
fi

work=$(mktemp -d /tmp/startup-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
declare -A fresh restart

# A request no earlier start has seen (its own Message-ID and sender: a replay or the daily limit would not be
# answered), renamed into new/ before the JVM starts.
drop_request() { # dir n
  local dir=$1 n=$2
  mkdir -p "$dir/data/maildir/new" "$dir/data/maildir/tmp"
  sed -e "s/^Message-ID: .*/Message-ID: <startup-$n-$RANDOM$RANDOM@mail.example>/" \
      -e "s/^From: .*/From: Startup $n <startup-$n-$RANDOM@mail.example>/" \
      config/samples/03-android.eml >"$dir/data/maildir/tmp/req-$n.eml"
  mv "$dir/data/maildir/tmp/req-$n.eml" "$dir/data/maildir/new/req-$n.eml"
}

# Seconds from the start to the first .eml in data/outbox; stops the service (SIGTERM, as an operator would). With
# an archive folder the launcher starts it (it execs java, so the signal reaches the JVM), else `java … -jar`.
one_start() { # dir jar cds-folder-or-empty opts...
  local dir=$1 jar=$2 cds=$3; shift 3
  local start end pid
  start=$(date +%s%N)
  if [ -n "$cds" ]; then
    (cd "$dir" && MAIL_RESPONDER_JAR="$jar" MAIL_RESPONDER_CDS="$cds" JAVA_OPTS="$*" \
      exec "$project/deploy/mail-responder.sh" >>service.log 2>&1) &
  else
    (cd "$dir" && exec java "$@" -jar "$jar" >>service.log 2>&1) &
  fi
  pid=$!
  local deadline=$((start + timeout_s * 1000000000))
  shopt -s nullglob
  while :; do
    local answers=("$dir"/data/outbox/*.eml)
    if [ ${#answers[@]} -gt 0 ]; then end=$(date +%s%N); break; fi
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s%N)" -gt "$deadline" ]; then end=""; break; fi
    sleep 0.01
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$end" ]; then echo "no answer (see $dir/service.log)" >&2; echo "NA"; return; fi
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'
}

# A variant's jar, archive folder (empty without +cds) and java options
declare -A jars cds_dirs options
for spec in "${variants[@]}"; do
  name=${spec%%=*}
  IFS=',' read -r -a parts <<<"${spec#*=}"
  jars[$name]=$(realpath "${parts[0]}")
  cds_dirs[$name]=""
  options[$name]=""
  for p in "${parts[@]:1}"; do
    if [ "$p" = "+cds" ]; then cds_dirs[$name]="$work/$name-cds"; else options[$name]+="$p "; fi
  done
done

# +cds: the launcher's first start records the archive (untimed), every later one uses it
for name in "${!cds_dirs[@]}"; do
  [ -n "${cds_dirs[$name]}" ] || continue
  dir="$work/$name-record"
  mkdir -p "$dir" && cp -r config "$dir/config"
  drop_request "$dir" 0
  # shellcheck disable=SC2086 # options are a list without spaces
  t=$(one_start "$dir" "${jars[$name]}" "${cds_dirs[$name]}" ${options[$name]})
  ls "${cds_dirs[$name]}"/*.jsa >/dev/null 2>&1 || { echo "$name: the launcher recorded no archive" >&2; exit 1; }
  echo "$name: archive recorded (that start: $t s to the first answer)"
  rm -rf "$dir"
done

for ((round = 0; round < rounds; round++)); do
  n=${#variants[@]}
  for ((i = 0; i < n; i++)); do
    spec=${variants[$(((i + round) % n))]}
    name=${spec%%=*}
    dir="$work/$name-$round"
    mkdir -p "$dir"
    cp -r config "$dir/config"
    drop_request "$dir" 1
    # shellcheck disable=SC2086 # options are a list without spaces
    f=$(one_start "$dir" "${jars[$name]}" "${cds_dirs[$name]}" ${options[$name]})
    rm -rf "$dir/data/outbox"
    drop_request "$dir" 2
    # shellcheck disable=SC2086
    r=$(one_start "$dir" "${jars[$name]}" "${cds_dirs[$name]}" ${options[$name]})
    fresh[$name]+="$f "
    restart[$name]+="$r "
    printf 'round %d  %-12s fresh %6s s  restart %6s s  load %s\n' "$round" "$name" "$f" "$r" \
      "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$dir" "$keep/"; fi
    rm -rf "$dir"
  done
done

stats() { # values... -> min / median / max
  tr ' ' '\n' <<<"$*" | grep -v '^$' | grep -v NA | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.2f / %.2f / %.2f", v[1], m, v[NR] }'
}
echo
printf '%-12s %-26s %-26s\n' "variant" "fresh database (s)" "restart (s)"
printf '%-12s %-26s %-26s\n' "" "min / median / max" "min / median / max"
for spec in "${variants[@]}"; do
  name=${spec%%=*}
  printf '%-12s %-26s %-26s\n' "$name" "$(stats ${fresh[$name]})" "$(stats ${restart[$name]})"
done
