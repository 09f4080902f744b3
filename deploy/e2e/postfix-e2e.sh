#!/usr/bin/env bash
# End-to-end test through a real Postfix, on 127.0.0.1 only:
#   swaks --SMTP--> Postfix :25 --local(8)--> ~responder/Maildir/new --> mail-responder.jar (as user responder)
#   --> answers: responder.delivery.method=smtp -> Postfix 127.0.0.1:2525 -> test mailbox /var/mail/e2e-client/
#                (or, while the jar has no SMTP transport, the outbox folder)
# then checks every answer (headers, bodies, attachment bytes, DKIM with Debian's python3-dkim when signed).
#
# Needs root (installs postfix, swaks, python3-dkim, jq from Debian when missing). Idempotent: the Postfix
# configuration is rebuilt from a pristine copy on every run. Stops everything it started (jar, postfix).
# Environment: JAR (default target/mail-responder.jar, built when missing), E2E_DELIVERY=smtp|outbox (default smtp),
# E2E_KEEP=1 keeps the work folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/deploy/e2e"
JAR=${JAR:-$ROOT/target/mail-responder.jar}
DELIVERY=${E2E_DELIVERY:-smtp}
PY=/usr/bin/python3            # Debian's interpreter: the one that sees python3-dkim
INBOUND_PORT=25
ANSWER_PORT=2525
TEST_BOX=/var/mail/e2e-client
RESPONDER_HOME=/home/responder
MAILDIR=$RESPONDER_HOME/Maildir
LOG_PREFIX="[postfix-e2e]"

say() { echo "$LOG_PREFIX $*"; }
fail() { echo "$LOG_PREFIX FAIL: $*" >&2; exit 1; }

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
  printf '%s\n' "postfix postfix/main_mailer_type select Internet Site" \
    "postfix postfix/mailname string responder.test" | debconf-set-selections
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f "$JAR" ] || { say "building $JAR"; (cd "$ROOT" && mvn -B -q package -DskipTests); }

# --- 2. work folder, test users, cleanup on every exit -----------------------------------------------------------
id responder >/dev/null 2>&1 || useradd -m -d "$RESPONDER_HOME" -s /usr/sbin/nologin responder
W=$(mktemp -d /tmp/mr-e2e.XXXXXX)
JAR_PID=
cleanup() {
  rc=$?
  if [ -n "$JAR_PID" ] && kill -0 "$JAR_PID" 2>/dev/null; then
    kill -TERM "$JAR_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$JAR_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$JAR_PID" 2>/dev/null || true
  fi
  postfix stop >/dev/null 2>&1 || true
  if [ $rc -ne 0 ]; then
    say "--- responder log (tail) ---"; tail -n 40 "$W/responder.log" 2>/dev/null || true
    say "--- postfix log (tail) ---"; tail -n 40 /var/log/postfix-e2e.log 2>/dev/null || true
  fi
  if [ "${E2E_KEEP:-}" = 1 ]; then say "kept $W"; else rm -rf "$W"; fi
  exit $rc
}
trap cleanup EXIT

mkdir -p "$W/config" "$W/outbox" "$W/data"
cp -r "$ROOT/config/responder.json" "$ROOT/config/buckets" "$W/config/"
cp "$JAR" "$W/mail-responder.jar"

# DKIM key for the signer (property names as proposed; the lead reconciles them with the dkim package)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/dkim.pem" 2>/dev/null
openssl pkey -in "$W/dkim.pem" -pubout -outform DER 2>/dev/null | base64 -w0 > "$W/dkim.pub.b64"
chown -R responder: "$W"
chmod 755 "$W"

# --- 3. Postfix: pristine config + the project's fragments + the e2e overrides ---------------------------------
postfix stop >/dev/null 2>&1 || true
for f in main.cf master.cf; do
  [ -f "/etc/postfix/$f.pre-responder" ] || cp "/etc/postfix/$f" "/etc/postfix/$f.pre-responder"
  cp "/etc/postfix/$f.pre-responder" "/etc/postfix/$f"
done
apply_cf() { grep -v '^[[:space:]]*#' "$1" | grep . | while IFS= read -r line; do postconf -e "$line"; done; }
apply_cf "$ROOT/deploy/postfix/main.cf"
apply_cf "$HERE/e2e.cf"
postconf -MX smtp/inet
grep -v '^#' "$ROOT/deploy/postfix/master.cf" >> /etc/postfix/master.cf
"$ROOT/deploy/postfix/generate-maps.sh" "$W/config/responder.json" /etc/postfix complaints@responder.test

rm -rf "$MAILDIR" "$TEST_BOX"
install -d -o responder -g responder -m 700 "$MAILDIR" "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
install -d -o nobody -g nogroup -m 700 "$TEST_BOX" "$TEST_BOX/new" "$TEST_BOX/cur" "$TEST_BOX/tmp"
: > /var/log/postfix-e2e.log
postfix check
postfix start >/dev/null
postsuper -d ALL >/dev/null 2>&1 || true
say "postfix listening: $(ss -ltn | awk '$4 ~ /:(25|2525)$/ {print $4}' | tr '\n' ' ')"
if ss -ltn | awk '{print $4}' | grep -E ':(25|2525)$' | grep -vq '^127\.0\.0\.1:'; then
  fail "postfix listens outside loopback"
fi

# --- 4. the responder ----------------------------------------------------------------------------------------------
say "answers leave by: $DELIVERY"

# setpriv execs java directly (runuser would SIGKILL it 2 s after SIGTERM, cutting the graceful shutdown)
setpriv --reuid=responder --regid=responder --init-groups sh -c "cd '$W' && exec java -Xmx256m \
  -Dresponder.maildir='$MAILDIR' \
  -Dresponder.outbox='$W/outbox' \
  -Dresponder.data-dir='$W/data' \
  -Dresponder.db.url='jdbc:h2:file:$W/data/responder;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0' \
  -Dresponder.config='$W/config/responder.json' \
  -Dresponder.buckets-dir='$W/config/buckets' \
  -Dresponder.from=get@responder.test \
  -Dresponder.complaints-address=complaints@responder.test \
  -Dresponder.admin-addresses=admin@client.test \
  -Dresponder.rate-limit.hash-key=e2e-hash-key-0123456789abcdef \
  -Dresponder.rate-limit.daily-limit=3 \
  -Dresponder.poll-delay=100 \
  -Dresponder.delivery.method='$DELIVERY' \
  -Dresponder.smtp.host=127.0.0.1 \
  -Dresponder.smtp.port=$ANSWER_PORT \
  -Dresponder.dkim.sign.key-file='$W/dkim.pem' \
  -Dresponder.dkim.sign.domain=responder.test \
  -Dresponder.dkim.sign.selector=e2e \
  -jar mail-responder.jar > responder.log 2>&1" &
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
  if swaks --server 127.0.0.1:$INBOUND_PORT --helo client.test --from "$from" --to "$to" \
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
# Port 25 must not relay anywhere, even for loopback clients.
if swaks --server 127.0.0.1:$INBOUND_PORT --helo client.test --from alice@client.test --to someone@example.com \
    > "$W/swaks-relay.log" 2>&1; then
  fail "Postfix relayed to an outside domain from port 25"
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

# --- 7. graceful stop ------------------------------------------------------------------------------------------------
kill -TERM "$JAR_PID"
wait "$JAR_PID" && jar_rc=0 || jar_rc=$?
JAR_PID=
say "responder stopped on SIGTERM, exit code $jar_rc"
grep -F -e '@client.test' "$W/responder.log" | grep -v 'admin@client.test' && fail "a raw sender address reached the log"
say "PASSED (delivery path: $DELIVERY)"
