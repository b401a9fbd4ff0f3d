#!/usr/bin/env bash
# Installs Chirp's platform (operators, gateway, monitoring) or its engines on a real cluster, in the order and at
# the versions of versions.yaml. Not run in CI. Needs helm (3.8+ or 4, for oci:// charts) and kubectl pointed at the
# cluster.
#
#   ./install.sh platform            # cert-manager, Gateway API + Envoy Gateway, Gateway, monitoring, KEDA, cass-operator
#   ./install.sh engines             # Cassandra, Pulsar, Neo4j, Valkey in chirp-data (Secrets first: ../engines/README.md)
#   ./install.sh engines --dry-run   # print the commands only (no cluster needed)
#
# Environment: CHIRP_ENV=dev|prod (default dev) picks the {env} files; INSTALL_OPTIONAL=1 also installs optional steps
# (the OpenTelemetry collector); HELM_TIMEOUT (default 15m) bounds each `helm --wait`.
set -euo pipefail

layer=${1:-}
dry_run=false
[[ ${2:-} == --dry-run ]] && dry_run=true
if [[ $layer != platform && $layer != engines ]]; then
  echo "usage: $0 platform|engines [--dry-run]" >&2
  exit 2
fi
env=${CHIRP_ENV:-dev}
if [[ $env != dev && $env != prod ]]; then
  echo "CHIRP_ENV must be dev or prod, not '$env'" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

run() {
  if $dry_run; then
    printf '%q ' "$@"
    echo
  else
    "$@"
  fi
}

# helm template ... | kubectl apply --server-side -f -
run_pipe() {
  if $dry_run; then
    printf '%q ' "$@"
    echo '| kubectl apply --server-side -f -'
  else
    "$@" | kubectl apply --server-side -f -
  fi
}

# One line per step, fields separated by \x1f, in this order:
fields=(name layer type env optional chart repo version release namespace values file secrets)
steps=$(awk -v order="${fields[*]}" '
  BEGIN { n = split(order, keys, " ") }
  function flush(   i, line) {
    if (!("name" in rec)) return
    line = ""
    for (i = 1; i <= n; i++) line = line (i > 1 ? "\037" : "") rec[keys[i]]
    print line
    delete rec
  }
  /^[[:space:]]*#/ || /^[[:space:]]*$/ { next }
  /^  - name:/ { flush() }
  /^  - / || /^    [a-z]+:/ {
    sub(/^  - /, "    ")
    key = $1; sub(/:$/, "", key)
    val = $0; sub(/^[^:]*:[[:space:]]*/, "", val); sub(/[[:space:]]+#.*$/, "", val)
    rec[key] = val
  }
  END { flush() }
' versions.yaml)

while IFS=$'\037' read -r name step_layer type step_env optional chart repo version release namespace values file secrets; do
  [[ $step_layer == "$layer" ]] || continue
  [[ $step_env == all || $step_env == "$env" ]] || continue
  if [[ $optional == true && ${INSTALL_OPTIONAL:-0} != 1 ]]; then
    echo "== $name: optional, skipped (INSTALL_OPTIONAL=1 installs it)"
    continue
  fi
  echo "== $name"

  for secret in $secrets; do
    if ! $dry_run && ! kubectl get secret -n "${secret%%/*}" "${secret#*/}" >/dev/null 2>&1; then
      echo "Secret $secret is missing: create it first (k8s/engines/README.md, k8s/platform/README.md)" >&2
      exit 1
    fi
  done

  value_args=()
  for v in $values; do
    value_args+=(-f "${v//\{env\}/$env}")
  done
  if [[ $repo == oci://* ]]; then
    chart_args=("$repo/$chart")
  else
    chart_args=("$chart" --repo "$repo")
  fi

  case $type in
    manifest)
      run kubectl apply --server-side -f "${file//\{env\}/$env}"
      ;;
    helm)
      run helm upgrade --install "$release" "${chart_args[@]}" --version "$version" \
        --namespace "$namespace" --create-namespace "${value_args[@]}" --wait --timeout "${HELM_TIMEOUT:-15m}"
      ;;
    helm-template)
      run_pipe helm template "$release" "${chart_args[@]}" --version "$version" --namespace "$namespace" "${value_args[@]}"
      ;;
    *)
      echo "step $name: unknown type '$type'" >&2
      exit 1
      ;;
  esac
done <<<"$steps"
