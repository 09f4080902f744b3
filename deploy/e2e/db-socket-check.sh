#!/usr/bin/env bash
# The packaged jar on a MariaDB of the same host over its Unix socket (README: Database on the same host): a
# database and a user of their own, one sample request through the maildir, its two answers in the outbox, and the
# server's own process list showing every connection of that user as a socket client ("localhost", where a TCP
# client is "address:port"). Checks what unit tests cannot: that the shaded jar still finds junixsocket's native
# library. Drops the database and the user at the end.
#
# Needs the mariadb client and a server on this host (as on the project's machines and in CI). Elsewhere it says
# SKIPPED and exits 0, except under CI=true, where it fails.
# Environment: JAR (default target/mail-responder.jar, built when missing), KEEP=1 keeps the work folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/mail-responder.jar}
say() { echo "[db-socket] $*"; }
fail() { echo "[db-socket] FAIL: $*" >&2; exit 1; }
skip() {
  if [ "${CI:-}" = true ]; then fail "$1 (CI must run this check)"; fi
  say "SKIPPED: $1"; exit 0
}

command -v mariadb >/dev/null || skip "no mariadb client"
SOCKET=$(mariadb -uroot -N -B -e 'SELECT @@socket' 2>/dev/null) || skip "no MariaDB server answers root on this host"
[ -S "$SOCKET" ] || skip "the server's socket $SOCKET is not here"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)

W=$(mktemp -d /tmp/mr-db-socket-XXXXXX)
ID=$(basename "$W" | tr -dc 'A-Za-z0-9' | tail -c 7)
DB="mr_socket_$ID"
DB_USER="mr_socket_$ID"
DB_PASSWORD=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
JAR_PID=
cleanup() {
  [ -n "$JAR_PID" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null || true
  mariadb -uroot -e "DROP DATABASE IF EXISTS $DB; DROP USER IF EXISTS '$DB_USER'@'localhost'" || true
  if [ "${KEEP:-}" = 1 ]; then say "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

mariadb -uroot -e "CREATE DATABASE $DB; CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
  GRANT ALL ON $DB.* TO '$DB_USER'@'localhost'"
URL="jdbc:mysql://localhost/$DB?socketFactory=org.newsclub.net.mysql.AFUNIXDatabaseSocketFactoryCJ&junixsocket.file=$SOCKET"
MANAGEMENT_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "database $DB over $SOCKET; management port $MANAGEMENT_PORT"

cd "$ROOT"
java -Xmx256m "-Dresponder.db.url=$URL" "-Dresponder.db.user=$DB_USER" "-Dresponder.db.password=$DB_PASSWORD" \
  "-Dresponder.maildir=$W/maildir" "-Dresponder.outbox=$W/outbox" "-Dresponder.data-dir=$W/data" \
  "-Dcamel.management.port=$MANAGEMENT_PORT" -jar "$JAR" > "$W/responder.log" 2>&1 &
JAR_PID=$!
for _ in $(seq 1 120); do
  grep -q 'started in' "$W/responder.log" 2>/dev/null && break
  kill -0 "$JAR_PID" 2>/dev/null || { cat "$W/responder.log" >&2; fail "the responder exited during start"; }
  sleep 0.5
done
grep -q 'started in' "$W/responder.log" || fail "the responder did not start within 60 s"

# as an MDA delivers: written into tmp/, renamed into new/
cp config/samples/01-plain-request.eml "$W/maildir/tmp/request.eml"
mv "$W/maildir/tmp/request.eml" "$W/maildir/new/request.eml"
for _ in $(seq 1 60); do
  [ "$(find "$W/outbox" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l)" -ge 2 ] && break
  sleep 0.5
done
answers=$(find "$W/outbox" -maxdepth 1 -name '*.eml' 2>/dev/null | wc -l)
[ "$answers" = 2 ] || { tail -20 "$W/responder.log" >&2; fail "expected the sample's 2 answers in the outbox, found $answers"; }

hosts=$(mariadb -uroot -N -B -e "SELECT HOST FROM information_schema.PROCESSLIST WHERE USER = '$DB_USER'" | sort | uniq -c)
[ -n "$hosts" ] || fail "the service holds no connection to $DB"
echo "$hosts" | awk '$2 != "localhost" {bad = 1} END {exit bad}' \
  || fail "a connection did not come over the socket: $hosts"
grep -q 'UnsatisfiedLinkError\|NativeLibraryLoader' "$W/responder.log" && fail "the log names a junixsocket problem"
say "PASSED: 2 answers; the service's connections as the server sees them: $(echo $hosts)"
