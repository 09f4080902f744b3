#!/bin/sh
# Starts the service jar with a class-data sharing archive (AppCDS) of its own classes, which the JVM maps instead of
# loading and verifying some 10,000 classes from the jar: the start to the first answer is about a third shorter
# (README, "Start-up, files and folders"). Run it from the service's working directory, as you would run the jar:
#
#   deploy/mail-responder.sh                       # java -jar mail-responder.jar, with the archive
#   MAIL_RESPONDER_JAR=/opt/mail-responder/mail-responder.jar JAVA_OPTS="-Xmx512m" deploy/mail-responder.sh
#   JAVA_OPTS=-XX:TieredStopAtLevel=4 deploy/mail-responder.sh   # C2 as well (the JVM's own default): more answers per
#                                                                 # CPU second on a fast host once warm, far fewer cold
#   JAVA_OPTS=-XX:+UseG1GC deploy/mail-responder.sh              # another collector than the launcher's Parallel
#
# The first start of a jar (and of a Java installation) records the archive, which the JVM writes when that run
# stops cleanly (SIGTERM, Ctrl-C; not kill -9); every later start uses it. A new jar or Java gets a new archive name,
# so it records again; the old archives are removed. The JVM checks an archive before using it and runs without one
# when it does not fit (another jar, another JVM build, a damaged file): a missing or stale archive never stops the
# service, it only starts slower. The java process replaces this script (exec): signals reach it directly.
#
#   MAIL_RESPONDER_JAR     the jar (default mail-responder.jar, else target/mail-responder.jar)
#   MAIL_RESPONDER_CDS     folder of the archives (default data/cds), or "off" for a plain start
#   JAVA_OPTS              further JVM options, e.g. -Xmx512m; a collector (-XX:+UseG1GC etc.) named here, in
#                          JAVA_TOOL_OPTIONS or in JDK_JAVA_OPTIONS replaces the launcher's -XX:+UseParallelGC, and
#                          -XX:TieredStopAtLevel=N or -XX:[+-]TieredCompilation there its -XX:TieredStopAtLevel=1
#   JAVA                   the java command (default java)
set -eu

java=${JAVA:-java}
jar=${MAIL_RESPONDER_JAR:-}
if [ -z "$jar" ]; then
  jar=mail-responder.jar
  [ -f "$jar" ] || jar=target/mail-responder.jar
fi
[ -f "$jar" ] || { echo "mail-responder.sh: no jar at $jar (set MAIL_RESPONDER_JAR)" >&2; exit 2; }
cds_dir=${MAIL_RESPONDER_CDS:-data/cds}

cds=""
if [ "$cds_dir" != off ]; then
  # The name says which jar and which JVM it was recorded with (size and modification time, as the JVM itself checks
  # the jar), so a new jar or an upgraded Java records a new archive instead of being refused the old one.
  java_bin=$(readlink -f "$(command -v "$java")")
  stamp=$(stat -L -c '%s-%Y' "$jar")-$(stat -L -c '%Y' "$java_bin")
  archive="$cds_dir/mail-responder-$stamp.jsa"
  if [ -s "$archive" ]; then
    cds="-XX:SharedArchiveFile=$archive"
  else
    mkdir -p "$cds_dir"
    rm -f "$cds_dir"/mail-responder-*.jsa
    # -Xlog:cds=error: recording lists every class it leaves out (some hundreds of warnings, e.g. picocli's Java 5
    # classes) in the service's log; a refused archive is still reported (tagged cds+dynamic)
    cds="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=error"
  fi
fi

# The Parallel collector: about a tenth less CPU per answer than G1, the JVM's choice on a machine of 2 CPUs and 2 GB
# or more (cheaper write barriers, no concurrent work), with pauses of a few ms for the service's small live heap
# (README, Benchmarks). Two collectors stop the JVM ("Multiple garbage collectors selected"), wherever each is named:
# the JVM also reads JAVA_TOOL_OPTIONS (set in the container image) and JDK_JAVA_OPTIONS, so a collector in any of
# the three replaces it. Collectors by name: Parallel's own tuning flags (-XX:+UseMaximumCompactionOnSystemGC,
# -XX:+UseAdaptiveSizePolicyWithSystemGC) also end in GC, and must not turn Parallel off.
gc=-XX:+UseParallelGC

# The C1 compiler alone (-XX:TieredStopAtLevel=1): a restarted service meets a burst cold, and on two cores C2's
# compiling took a third of the JVM's CPU then. On the slower machines (OpenSSL 1,000-1,200 RSA-2048 signs/s per core)
# C1 answered 442 text requests/s after 600 warm-up requests against 239, as many warm (410 against 421 after 20,000),
# and started to the first answer in 2.3 s with the archive against 3.5 (README, Benchmarks, eleventh session). On a
# faster host C2 answered a fifth more once warm. A level or -XX:[+-]TieredCompilation named in any of the three
# variables replaces it (the launcher's flag would win over JAVA_TOOL_OPTIONS', being on the command line).
jit=-XX:TieredStopAtLevel=1
for option in ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} ${JAVA_OPTS:-}; do
  case "$option" in
    -XX:+UseSerialGC|-XX:+UseParallelGC|-XX:+UseG1GC|-XX:+UseZGC|-XX:+UseShenandoahGC|-XX:+UseEpsilonGC) gc="" ;;
    -XX:TieredStopAtLevel=*|-XX:+TieredCompilation|-XX:-TieredCompilation) jit="" ;;
  esac
done

# -Xshare:auto (the JVM's default, stated): an archive that does not fit is skipped with a warning, never fatal.
# shellcheck disable=SC2086 # $cds and JAVA_OPTS are lists of options (paths without spaces)
exec "$java" ${cds:+-Xshare:auto} $cds $gc $jit ${JAVA_OPTS:-} -jar "$jar" "$@"
