#!/usr/bin/env bash
# Builds a Java 17 base image as a local tar (docker-save format) from the JDK on this machine, for Jib to build
# the app image on when no registry can be reached:
#   deploy/jib/build-local-base.sh target/jre-base.tar
#   mvn -B package jib:buildTar -DskipTests -Djib.base.image=tar://$PWD/target/jre-base.tar
# The image: a jlink'ed runtime of the modules the jar needs under /opt/java, the shared libraries it links
# against (copied with the host's loader), /etc/passwd with the app user 10001, an empty /tmp. No shell, no package
# manager. On a machine with registry access use the default base (eclipse-temurin:17-jre) instead.
set -euo pipefail
out=$(realpath -m "${1:?usage: build-local-base.sh OUT.tar}")
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/app"
chmod 1777 "$root/tmp"

# jdk.crypto.ec/cryptoki: TLS to S3/SES/MySQL; java.management+jdk.management: JMX and metrics;
# java.naming/java.sql: JDBC; java.desktop: java.beans used by libraries; jdk.unsupported: Netty and others.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.transaction.xa,java.xml,java.desktop,java.instrument,java.compiler,\
jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.unsupported,jdk.zipfs,jdk.naming.dns,\
jdk.localedata,jdk.charsets,jdk.httpserver,jdk.jfr
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$root/opt/java"

# The runtime's shared libraries and their dependencies, at the same paths as on this (Debian) host.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -oE '/[^ ]+\.so[^ ]*' | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
# The native library of Amazon Corretto Crypto Provider (DKIM signing) also links libdl, libpthread and libm;
# without them it cannot load and the service signs with the JDK's slower provider (it logs a WARN saying so).
# awk reads the whole listing: an awk that exits at the first match can leave ldconfig writing into a closed pipe,
# and under pipefail its SIGPIPE (status 141) ended this script now and then (8 in 400 on a loaded machine).
for name in libdl.so.2 libpthread.so.0 libm.so.6; do
  lib=$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ && !found {print $NF; found = 1}')
  [ -n "$lib" ] && [ ! -e "$root$lib" ] || continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nresponder:x:10001:10001:mail-responder:/app:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nresponder:x:10001:\n' > "$root/etc/group"
cp /etc/nsswitch.conf "$root/etc/" 2>/dev/null || true

# docker-save layout: one layer, its config, a manifest.
img=$work/image
mkdir -p "$img"
tar --numeric-owner --owner=0 --group=0 --mtime='2020-01-01' --sort=name -C "$root" -cf "$img/layer.tar" .
diff_id=sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)
cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/app"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["mail-responder-base:17"],"Layers":["layer.tar"]}]' > "$img/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$img" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1), runtime $("$root/opt/java/bin/java" -version 2>&1 | sed -n 1p))"
