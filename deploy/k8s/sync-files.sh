#!/usr/bin/env bash
# Copies the files operators edit -- routes/*.yaml and application.properties -- into k8s/base/, where kustomize
# may read them with its default load restrictor (`kubectl kustomize k8s/overlays/production`, `kubectl apply -k`,
# Argo CD, Flux), and rewrites the route list of k8s/base/kustomization.yaml. Run it after changing a route file or
# application.properties, and commit the result; KubernetesManifestsTest fails while the copies differ.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BASE=$ROOT/k8s/base

mkdir -p "$BASE/routes"
find "$BASE/routes" -maxdepth 1 -name '*.yaml' -type f -delete
cp "$ROOT"/routes/*.yaml "$BASE/routes/"
cp "$ROOT/application.properties" "$BASE/application.properties"

list=$(cd "$BASE" && ls routes/*.yaml | sed 's/^/      - /')
awk -v list="$list" '
  /# BEGIN routes/ { print; print list; skip = 1; next }
  /# END routes/   { skip = 0 }
  !skip            { print }
' "$BASE/kustomization.yaml" > "$BASE/kustomization.yaml.tmp"
mv "$BASE/kustomization.yaml.tmp" "$BASE/kustomization.yaml"
echo "k8s/base: $(ls "$BASE/routes" | wc -l) route file(s) and application.properties in sync"
