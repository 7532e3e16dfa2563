#!/usr/bin/env bash
# Installs the system packages and data sources the tests and the demo need. Idempotent.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v npm >/dev/null 2>&1 || need+=(npm)
# tcmalloc: the ./bss launcher preloads it when present (PyTorch's large per-batch tensors otherwise cost page faults)
ls /usr/lib/*/libtcmalloc_minimal.so.4 >/dev/null 2>&1 || need+=(libtcmalloc-minimal4)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
