#!/usr/bin/env bash
# End-to-end test through a real Postfix, on 127.0.0.1 only:
#   swaks --SMTP--> Postfix :$E2E_SMTP_PORT --local(8)--> ~responder/Maildir/new --> mail-responder.jar (as user
#   responder) --> answers: responder.delivery.method=smtp -> Postfix 127.0.0.1:$E2E_ANSWER_PORT -> test mailbox
#   (or the outbox folder with E2E_DELIVERY=outbox)
# then checks every answer (headers, bodies, attachment bytes, DKIM with Debian's python3-dkim when signed), runs
# admin commands beside the running service (limits show, config validate, send through Postfix), and stops.
#
# Needs root (installs postfix, swaks, python3-dkim, jq from Debian when missing). Postfix runs as a private
# instance whose configuration, queue, logs and test mailbox live in the run's work folder: the machine's own
# /etc/postfix, mail queue and any Postfix already running are left alone. Machine-wide state it does need: the
# Debian packages, and the local user "responder" whose ~/Maildir Postfix delivers into (as in the deployment guide).
# Environment:
#   E2E_SMTP_PORT        Postfix's intake port on 127.0.0.1 (default 25, as in production)
#   E2E_ANSWER_PORT      the port the jar hands its answers to (default 2525)
#   E2E_MANAGEMENT_PORT  the jar's management port (default: a free one)
#   E2E_DELIVERY         smtp (default) or outbox
#   JAR                  the jar to test (default target/mail-responder.jar, built when missing)
#   E2E_KEEP=1           keep the work folder
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/e2e"
JAR=${JAR:-$ROOT/target/mail-responder.jar}
DELIVERY=${E2E_DELIVERY:-smtp}
PY=/usr/bin/python3            # Debian's interpreter: the one that sees python3-dkim
SMTP_PORT=${E2E_SMTP_PORT:-25}
ANSWER_PORT=${E2E_ANSWER_PORT:-2525}
RESPONDER_HOME=/home/responder
MAILDIR=$RESPONDER_HOME/Maildir
LOG_PREFIX="[postfix-e2e]"

say() { echo "$LOG_PREFIX $*"; }
fail() { echo "$LOG_PREFIX FAIL: $*" >&2; exit 1; }
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ "$(id -u)" != 0 ]; then
  if [ "${CI:-}" = true ]; then fail "must run as root in CI"; fi
  say "SKIPPED: needs root to install and run Postfix (CI runs it)"; exit 0
fi

# --- 1. packages -------------------------------------------------------------------------------------------------
missing=()
for p in postfix swaks python3-dkim jq openssl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  printf '%s\n' "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's "No configuration" install leaves no /etc/postfix/main.cf, and postmap reads it even for tables of a
# private instance (here and in PostfixMapsCommandTest, which runs after this script in CI): give it the
# distribution's default, which starts nothing (the system's Postfix stays stopped; this script runs its own).
[ -f /etc/postfix/main.cf ] || cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf
[ -f "$JAR" ] || { say "building $JAR"; (cd "$ROOT" && mvn -B -q package -DskipTests); }
MANAGEMENT_PORT=${E2E_MANAGEMENT_PORT:-$(free_port)}
for port in "$SMTP_PORT" "$ANSWER_PORT" "$MANAGEMENT_PORT"; do
  if ss -ltnH "sport = :$port" | grep -q .; then fail "port $port is in use (set E2E_SMTP_PORT, E2E_ANSWER_PORT, E2E_MANAGEMENT_PORT)"; fi
done

# --- 2. work folder, test user, cleanup on every exit ------------------------------------------------------------
id responder >/dev/null 2>&1 || useradd -m -d "$RESPONDER_HOME" -s /usr/sbin/nologin responder
W=$(mktemp -d /tmp/mr-e2e.XXXXXX)
chown responder: "$W"            # the jar writes its log here; Postfix's folders below stay root's
chmod 755 "$W"
PFX=$W/postfix                  # the private Postfix instance: etc/, spool/, data/
TEST_BOX=$W/mail/e2e-client     # answers to *@client.test
PF_LOG=$W/postfix.log
pf() { postfix -c "$PFX/etc" "$@"; }
JAR_PID=
cleanup() {
  rc=$?
  if [ -n "$JAR_PID" ] && kill -0 "$JAR_PID" 2>/dev/null; then
    kill -TERM "$JAR_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$JAR_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$JAR_PID" 2>/dev/null || true
  fi
  [ -d "$PFX/etc" ] && pf stop >/dev/null 2>&1 || true
  if [ $rc -ne 0 ]; then
    say "--- responder log (tail) ---"; tail -n 40 "$W/responder.log" 2>/dev/null || true
    say "--- postfix log (tail) ---"; tail -n 40 "$PF_LOG" 2>/dev/null || true
  fi
  if [ "${E2E_KEEP:-}" = 1 ]; then say "kept $W"; else rm -rf "$W"; fi
  exit $rc
}
trap cleanup EXIT

mkdir -p "$W/config" "$W/outbox" "$W/data"
cp -r "$ROOT/config/responder.json" "$ROOT/config/buckets" "$W/config/"
cp "$JAR" "$W/mail-responder.jar"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/dkim.pem" 2>/dev/null
openssl pkey -in "$W/dkim.pem" -pubout -outform DER 2>/dev/null | base64 -w0 > "$W/dkim.pub.b64"
chown -R responder: "$W/config" "$W/outbox" "$W/data" "$W/mail-responder.jar" "$W/dkim.pem" "$W/dkim.pub.b64"

# --- 3. Postfix: the distribution's defaults + the project's fragments + the e2e overrides, in the work folder ---
mkdir -p "$PFX/etc" "$PFX/spool" "$PFX/data"
cp /usr/share/postfix/main.cf.debian "$PFX/etc/main.cf"
cp /usr/share/postfix/master.cf.dist "$PFX/etc/master.cf"
cp /etc/postfix/dynamicmaps.cf "$PFX/etc/" 2>/dev/null || true
chown postfix "$PFX/data"
apply_cf() { grep -v '^[[:space:]]*#' "$1" | grep . | while IFS= read -r line; do postconf -c "$PFX/etc" -e "$line"; done; }
apply_cf "$ROOT/deploy/postfix/main.cf"
apply_cf "$HERE/e2e.cf"
postconf -c "$PFX/etc" -e "queue_directory = $PFX/spool" "data_directory = $PFX/data" "meta_directory = /etc/postfix" \
  "maillog_file_prefixes = $W" "maillog_file = $PF_LOG" "virtual_mailbox_base = $W/mail" \
  "virtual_alias_domains = hash:$PFX/etc/responder-domains" "virtual_alias_maps = regexp:$PFX/etc/responder-virtual"
postconf -c "$PFX/etc" -MX smtp/inet
# the project's master.cf, with the intake and answer ports of this run
grep -v '^#' "$ROOT/deploy/postfix/master.cf" \
  | sed -E "s/^smtp( +)inet /127.0.0.1:$SMTP_PORT\1inet /; s/^127\.0\.0\.1:2525 /127.0.0.1:$ANSWER_PORT /" \
  >> "$PFX/etc/master.cf"
"$ROOT/deploy/postfix/generate-maps.sh" "$W/config/responder.json" "$PFX/etc" complaints@responder.test

rm -rf "$MAILDIR"
install -d -o responder -g responder -m 700 "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
install -d -m 755 "$W/mail"
install -d -o nobody -g nogroup -m 700 "$TEST_BOX" "$TEST_BOX/new" "$TEST_BOX/cur" "$TEST_BOX/tmp"
pf check
pf start >/dev/null
listening=$(ss -ltnH | awk -v a="127.0.0.1:$SMTP_PORT" -v b="127.0.0.1:$ANSWER_PORT" '$4 == a || $4 == b {print $4}')
say "postfix (private instance in $PFX) listening: $(echo $listening)"
[ "$(echo "$listening" | wc -w)" = 2 ] || fail "postfix is not listening on 127.0.0.1:$SMTP_PORT and :$ANSWER_PORT"

# --- 4. the responder ----------------------------------------------------------------------------------------------
say "answers leave by: $DELIVERY; management port $MANAGEMENT_PORT"
PROPS=(
  -Dresponder.maildir="$MAILDIR"
  -Dresponder.outbox="$W/outbox"
  -Dresponder.data-dir="$W/data"
  "-Dresponder.db.url=jdbc:h2:file:$W/data/responder;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
  -Dresponder.config="$W/config/responder.json"
  -Dresponder.buckets-dir="$W/config/buckets"
  -Dresponder.from=get@responder.test
  -Dresponder.complaints-address=complaints@responder.test
  -Dresponder.admin-addresses=admin@client.test
  -Dresponder.rate-limit.hash-key=e2e-hash-key-0123456789abcdef
  -Dresponder.rate-limit.daily-limit=3
  -Dresponder.poll-delay=100
  -Dresponder.delivery.method="$DELIVERY"
  -Dresponder.smtp.host=127.0.0.1
  -Dresponder.smtp.port="$ANSWER_PORT"
  -Dresponder.dkim.sign.key-file="$W/dkim.pem"
  -Dresponder.dkim.sign.domain=responder.test
  -Dresponder.dkim.sign.selector=e2e
  -Dcamel.management.port="$MANAGEMENT_PORT"
)
as_responder() { setpriv --reuid=responder --regid=responder --init-groups "$@"; }
# setpriv, then sh, exec java in this very process, so $! is the jar's pid (runuser would SIGKILL it 2 s after
# SIGTERM, cutting the graceful shutdown; a shell function would put a subshell between)
setpriv --reuid=responder --regid=responder --init-groups sh -c "cd '$W' && exec java -Xmx256m \
  $(printf "'%s' " "${PROPS[@]}") -jar mail-responder.jar > responder.log 2>&1" &
JAR_PID=$!
for _ in $(seq 1 120); do
  grep -q 'started in' "$W/responder.log" 2>/dev/null && break
  kill -0 "$JAR_PID" 2>/dev/null || fail "the responder exited during start"
  sleep 0.5
done
grep -q 'started in' "$W/responder.log" || fail "the responder did not start within 60 s"
say "responder started (pid $JAR_PID)"

# --- 5. requests over real SMTP ----------------------------------------------------------------------------------
send() {  # send NAME FROM TO [swaks args...]; expects acceptance
  local name=$1 from=$2 to=$3; shift 3
  if swaks --server "127.0.0.1:$SMTP_PORT" --helo client.test --from "$from" --to "$to" \
      --header "Message-Id: <$name@client.test>" --header "Subject: request $name" \
      --body "please send the links ($name)" "$@" > "$W/swaks-$name.log" 2>&1; then
    say "sent     $name: MAIL FROM:<${from#<>}> RCPT TO:<$to> $*"
  else
    cat "$W/swaks-$name.log" >&2; fail "Postfix refused $name"
  fi
}
send alice   alice@client.test  get@responder.test
send bob     bob@client.test    get+fa@responder.test
send carol   carol@client.test  android@responder.test
send dave    dave@client.test   get@responder.test --header "Auto-Submitted: auto-replied"
send bounce  "<>"              get@responder.test --header "From: MAILER-DAEMON@client.test"
send frank   frank@client.test  nobody@responder.test
for i in 1 2 3 4; do send "erin$i" erin@client.test android@responder.test; done
# The intake port must not relay anywhere, even for loopback clients.
if swaks --server "127.0.0.1:$SMTP_PORT" --helo client.test --from alice@client.test --to someone@example.com \
    > "$W/swaks-relay.log" 2>&1; then
  fail "Postfix relayed to an outside domain from the intake port"
fi
say "refused  relay: RCPT TO:<someone@example.com> -> $(grep -E '^<\*\* +5[0-9][0-9]' "$W/swaks-relay.log" | head -1)"

# --- 6. wait for the answers, then check them ----------------------------------------------------------------------
EXPECTED=8   # alice 2, bob 1, carol 1, erin 3 (4th over the limit), admin 1 (the bounce); dave, frank none
if [ "$DELIVERY" = smtp ]; then ANSWERS=$TEST_BOX/new; else ANSWERS=$W/outbox; fi
count() { find "$ANSWERS" -maxdepth 1 -type f ! -name '.*' | wc -l; }
for _ in $(seq 1 180); do
  pending=$(find "$MAILDIR/new" -type f | wc -l)
  [ "$(count)" -ge $EXPECTED ] && [ "$pending" -eq 0 ] && break
  sleep 0.5
done
sleep 2  # anything extra (a duplicate) would arrive now
say "requests left in new/: $(find "$MAILDIR/new" -type f | wc -l); handled (cur/): $(find "$MAILDIR/cur" -type f | wc -l); failed/: $(find "$MAILDIR/failed" -type f 2>/dev/null | wc -l)"
handled=$(find "$MAILDIR/cur" -type f | wc -l)
[ "$handled" -eq 10 ] || fail "$handled of the 10 requests Postfix accepted reached the responder and were handled"
"$PY" "$HERE/check_answers.py" --answers "$ANSWERS" --delivery "$DELIVERY" \
  --dkim-key "$W/dkim.pub.b64" --dkim-domain responder.test --dkim-selector e2e \
  --buckets "$W/config/buckets"

# --- 7. admin commands beside the running service (its H2 database is locked to it) ------------------------------
admin() { as_responder sh -c "cd '$W' && exec java $(printf "'%s' " "${PROPS[@]}") -jar mail-responder.jar $*"; }
admin limits show > "$W/limits.out" 2>&1 || { cat "$W/limits.out" >&2; fail "limits show beside the running service"; }
grep -q "1 at the daily limit of 3" "$W/limits.out" || { cat "$W/limits.out" >&2; fail "limits show: erin is not at the limit"; }
admin config validate > "$W/validate.out" 2>&1 || { cat "$W/validate.out" >&2; fail "config validate"; }
say "admin    limits show and config validate beside the running service: ok"
if [ "$DELIVERY" = smtp ]; then
  before=$(count)
  admin send --address get+fa@responder.test --to grace@client.test --subject links > "$W/send.out" 2>&1 \
    || { cat "$W/send.out" >&2; fail "send"; }
  for _ in $(seq 1 60); do [ "$(count)" -gt "$before" ] && break; sleep 0.5; done
  grace=$(grep -l -i '^To: grace@client.test' "$ANSWERS"/* 2>/dev/null | wc -l)
  [ "$grace" -eq 1 ] || fail "send: $grace answer(s) reached grace@client.test through Postfix, expected 1"
  say "admin    send: $(grep "^sent " "$W/send.out" | sed "s/ to sender.*//") -> delivered through Postfix"
fi

# --- 8. graceful stop ------------------------------------------------------------------------------------------------
kill -TERM "$JAR_PID"
wait "$JAR_PID" && jar_rc=0 || jar_rc=$?
JAR_PID=
say "responder stopped on SIGTERM, exit code $jar_rc"
[ ! -e "$W/data/responder.server" ] || fail "the admin server's address file outlived the service"
grep -F -e '@client.test' "$W/responder.log" | grep -v 'admin@client.test' && fail "a raw sender address reached the log"
say "PASSED (delivery path: $DELIVERY)"
