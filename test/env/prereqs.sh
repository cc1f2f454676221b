#!/usr/bin/env bash
# Installs the Debian packages the test environment runs (registry, skopeo, htpasswd, openssl,
# tinyproxy for the proxy tests, chromium for the HTML report's browser test, containerd, runc and
# the CNI plugins for the node), only those that are
# missing. Go tools (kube-apiserver, etcd, helm, crane, kubectl) are built from the Go module proxy by
# test/env/tools.ts on first use, not here.
set -euo pipefail

declare -A needs=(
  [docker-registry]=docker-registry
  [skopeo]=skopeo
  [htpasswd]=apache2-utils
  [openssl]=openssl
  [tinyproxy]=tinyproxy
  [chromium]=chromium
  # The node: containerd (with ctr) and runc; ip (iproute2) and unshare/mount (util-linux) for the teardown.
  [containerd]=containerd
  [runc]=runc
  [ip]=iproute2
  [unshare]=util-linux
)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needs[$cmd]}")
done
# The CNI plugins are not on PATH.
[[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local ]] || missing+=(containernetworking-plugins)
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "test/env/prereqs.sh: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "test/env/prereqs.sh: not root and no sudo; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
else
  sudo=()
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
