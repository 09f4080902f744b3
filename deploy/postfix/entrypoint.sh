#!/bin/sh
# Container start: maps for RESPONDER_DOMAINS (comma-separated), hostname, maildir, then Postfix in the foreground
# (it exits cleanly on SIGTERM).
set -eu
: "${RESPONDER_DOMAINS:?set RESPONDER_DOMAINS to the responder domains, comma-separated}"
addresses=$(echo "$RESPONDER_DOMAINS" | tr ',' '\n' | sed 's/^ *//; s/ *$//' | grep . | sed 's/^/postmaster@/')
# shellcheck disable=SC2086
/etc/postfix/responder/generate-maps.sh - /etc/postfix $addresses
[ -n "${POSTFIX_MYHOSTNAME:-}" ] && postconf -e "myhostname = $POSTFIX_MYHOSTNAME"
install -d -o responder -g responder -m 750 /srv/mail/Maildir /srv/mail/Maildir/new /srv/mail/Maildir/cur /srv/mail/Maildir/tmp
postfix set-permissions >/dev/null 2>&1 || true
postfix check
exec postfix start-fg
