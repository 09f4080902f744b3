"""Checks the answers the e2e run received: who got how many, their headers, bodies, attachment bytes, and the
DKIM signature (verified by Debian's python3-dkim against the test key, no DNS) when the jar signs.
Prints one line per answer; exits 1 on the first set of failures."""
import argparse
import base64
import email
import email.policy
import os
import sys
from collections import defaultdict

p = argparse.ArgumentParser()
p.add_argument("--answers", required=True)
p.add_argument("--delivery", required=True)
p.add_argument("--dkim-key", required=True)
p.add_argument("--dkim-domain", required=True)
p.add_argument("--dkim-selector", required=True)
p.add_argument("--buckets", required=True)
a = p.parse_args()

# recipient -> (answers expected, requested address, request Message-IDs it may answer)
EXPECTED = {
    "alice@client.test": (2, "get@responder.test", {"<alice@client.test>"}),
    "bob@client.test": (1, "get+fa@responder.test", {"<bob@client.test>"}),
    "carol@client.test": (1, "android@responder.test", {"<carol@client.test>"}),
    "erin@client.test": (3, "android@responder.test", {f"<erin{i}@client.test>" for i in range(1, 5)}),
    "admin@client.test": (1, None, None),  # the bounce, forwarded to the admins
}
problems = []
signed = unsigned = 0
by_rcpt = defaultdict(list)
apk = open(os.path.join(a.buckets, "installers", "PsiphonAndroid.apk"), "rb").read()
exe = open(os.path.join(a.buckets, "installers", "Psiphon3.exe"), "rb").read()
pubkey = open(a.dkim_key, "rb").read().strip()
txt = {f"{a.dkim_selector}._domainkey.{a.dkim_domain}.".encode(): b"v=DKIM1; k=rsa; p=" + pubkey}

for name in sorted(os.listdir(a.answers)):
    if name.startswith("."):
        continue
    raw = open(os.path.join(a.answers, name), "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    to = str(msg["To"]).strip().lower()
    rcpt = to.split("<")[-1].rstrip(">") if "<" in to else to
    by_rcpt[rcpt].append(msg)
    attachments = {part.get_filename(): part.get_content() for part in msg.iter_attachments()}
    text = ""
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            text += part.get_content()
    dk = "unsigned"
    if msg["DKIM-Signature"] is not None:
        import dkim  # Debian's python3-dkim
        ok = dkim.verify(raw, dnsfunc=lambda n, timeout=5: txt.get(n))
        dk = "DKIM pass" if ok else "DKIM FAIL"
        signed += 1
        if not ok:
            problems.append(f"{name}: DKIM signature does not verify")
    else:
        unsigned += 1
    print(f"[postfix-e2e] received {name}: To={rcpt} Subject={msg['Subject']!r} "
          f"attachments={sorted(attachments)} {dk}")

    exp = EXPECTED.get(rcpt)
    if exp is None:
        problems.append(f"{name}: answer to unexpected recipient {rcpt}")
        continue
    _, requested, ids = exp
    if a.delivery == "smtp" and (msg["Return-Path"] or "").strip() != "<complaints@responder.test>":
        problems.append(f"{name}: envelope sender {msg['Return-Path']} is not the complaints address")
    if requested is None:  # admin forward
        continue
    if "get@responder.test" not in str(msg["From"]):
        problems.append(f"{name}: From {msg['From']}")
    if str(msg["Reply-To"]).strip().lower() != requested:
        problems.append(f"{name}: Reply-To {msg['Reply-To']} != {requested}")
    if str(msg["Auto-Submitted"]).strip() != "auto-replied":
        problems.append(f"{name}: Auto-Submitted {msg['Auto-Submitted']}")
    if str(msg["In-Reply-To"]).strip() not in ids:
        problems.append(f"{name}: In-Reply-To {msg['In-Reply-To']} not one of {sorted(ids)}")
    if not str(msg["Subject"]).startswith("Re: request "):
        problems.append(f"{name}: Subject {msg['Subject']!r}")
    if msg["Message-ID"] is None or msg["Date"] is None:
        problems.append(f"{name}: no Message-ID/Date")
    if requested == "android@responder.test":
        if attachments.get("PsiphonAndroid.apk") != apk:
            problems.append(f"{name}: PsiphonAndroid.apk missing or not byte-identical")
        if "https://example.com/android.html" not in text:
            problems.append(f"{name}: android link missing from the text")
    if requested == "get+fa@responder.test" and "https://example.com/fa.html" not in text:
        problems.append(f"{name}: fa link missing")

for rcpt, (n, requested, _) in EXPECTED.items():
    got = by_rcpt.get(rcpt, [])
    if len(got) != n:
        problems.append(f"{rcpt}: {len(got)} answer(s), expected {n}")
alice = by_rcpt.get("alice@client.test", [])
if len(alice) == 2:
    links = [m for m in alice if not list(m.iter_attachments())]
    files = [m for m in alice if list(m.iter_attachments())]
    if len(links) != 1 or len(files) != 1:
        problems.append("alice: expected one links mail and one installers mail")
    else:
        got = {p.get_filename(): p.get_content() for p in files[0].iter_attachments()}
        if got != {"Psiphon3.exe": exe, "PsiphonAndroid.apk": apk}:
            problems.append(f"alice: installers mail attachments {sorted(got)} not byte-identical")
        html = links[0].get_body(preferencelist=("html",))
        if html is None or "https://example.com/en.html" not in html.get_content():
            problems.append("alice: links mail has no html part with the English link")
for who in ("dave@client.test", "frank@client.test"):
    if by_rcpt.get(who):
        problems.append(f"{who} was answered (auto-reply / unknown address must not be)")

print(f"[postfix-e2e] answers: {sum(len(v) for v in by_rcpt.values())}, DKIM-signed {signed}, unsigned {unsigned}")
if problems:
    for pr in problems:
        print(f"[postfix-e2e] FAIL: {pr}", file=sys.stderr)
    sys.exit(1)
print("[postfix-e2e] all answers as expected")
