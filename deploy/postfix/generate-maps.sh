#!/bin/sh
# Writes the Postfix lookup tables for a responder config (the seed's JSON list, or the legacy object format):
#   OUT_DIR/responder-domains    one "domain OK" line per domain that has an address in the config
#   OUT_DIR/responder-virtual    the catch-all: any local part at those domains -> responder+LOCAL@localhost
#   OUT_DIR/responder-addresses  one "address OK" line per configured address (for check_recipient_access, if an
#                                operator wants unknown addresses refused at SMTP time instead of counted)
# and runs postmap on both when postmap is on PATH. Extra addresses (complaints, admin) may follow the config.
# Usage: generate-maps.sh CONFIG.json OUT_DIR [extra-address ...]   (CONFIG.json "-": only the extra addresses)
set -eu
config=$1; out=$2; shift 2
command -v jq >/dev/null || { echo "generate-maps.sh needs jq" >&2; exit 2; }
mkdir -p "$out"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
  [ "$config" = - ] || jq -r '(if type == "array" then .[] else .[] end) | .email_addr // empty' "$config"
  for a in "$@"; do echo "$a"; done
} | tr 'A-Z' 'a-z' | sed 's/^ *//; s/ *$//' | grep '@' | sort -u > "$tmp"
sed 's/$/ OK/' "$tmp" > "$out/responder-addresses"
sed 's/.*@//' "$tmp" | sort -u | sed 's/$/ OK/' > "$out/responder-domains"
sed 's/.*@//' "$tmp" | sort -u | sed 's/\./\\./g; s|.*|/^(.+)@&$/ responder+${1}@localhost|' > "$out/responder-virtual"
if command -v postmap >/dev/null; then
  postmap "hash:$out/responder-addresses"
  postmap "hash:$out/responder-domains"
fi
echo "generate-maps: $(wc -l < "$out/responder-domains") domain(s), $(wc -l < "$out/responder-addresses") address(es) -> $out"
