#!/usr/bin/env bash
# Checks an image tar built by jib:buildTar without a container engine: unpacks its layers into a folder and runs
# the image's own entrypoint there with chroot, as the image's user, with "--version". Proves the layers, the
# runtime, the classpath and the non-root user fit together. Needs root (chroot).
set -euo pipefail
tarball=$(realpath "${1:?usage: check-image.sh target/jib-image.tar}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$tarball"
mkdir "$work/root"
for layer in $(/usr/bin/python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))[0]['Layers']))" "$work/manifest.json"); do
  tar -C "$work/root" -xzf "$work/$layer" 2>/dev/null || tar -C "$work/root" -xf "$work/$layer"
done
read -r user entrypoint < <(/usr/bin/python3 - "$work/manifest.json" "$work" <<'PY'
import json, sys, os
m = json.load(open(sys.argv[1]))[0]
c = json.load(open(os.path.join(sys.argv[2], m["Config"])))["config"]
print(c.get("User", "0"), " ".join(c["Entrypoint"]))
PY
)
[ "${user%%:*}" != 0 ] || { echo "image runs as root" >&2; exit 1; }
# The image's own environment too: JAVA_TOOL_OPTIONS carries the JVM's memory flags, and a bad flag stops the JVM.
mapfile -t image_env < <(/usr/bin/python3 - "$work/manifest.json" "$work" <<'PY'
import json, sys, os
m = json.load(open(sys.argv[1]))[0]
for e in json.load(open(os.path.join(sys.argv[2], m["Config"])))["config"].get("Env", []):
    if not e.startswith("PATH="):
        print(e)
PY
)
# No /proc in a bare chroot, so the loader cannot resolve $ORIGIN: point it at the runtime's libraries.
out=$(cd "$work/root" && env -i PATH=/opt/java/bin:/usr/bin:/bin LANG=C.UTF-8 LD_LIBRARY_PATH=/opt/java/lib \
  "${image_env[@]}" /usr/sbin/chroot --userspec="$user" . $entrypoint --version 2>&1)
echo "image user $user; entrypoint: $entrypoint; environment: ${image_env[*]}"
echo "image says: $out"
echo "$out" | grep -q '^mail-responder ' || { echo "the image's entrypoint did not run the responder" >&2; exit 1; }
