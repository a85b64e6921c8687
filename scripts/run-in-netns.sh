#!/usr/bin/env sh
# Runs a command inside a loopback-only network namespace, so an end-to-end run (server,
# clients, Chromium, WebRTC) can reach nothing but 127.0.0.1 and nothing outside can reach
# it. Usage: scripts/run-in-netns.sh <command> [args...]
#
# Root gets a plain `unshare -n`; others try a user namespace (`unshare -rn`), which most
# distributions allow. Where neither is permitted (containers without CAP_SYS_ADMIN,
# hardened kernels) the command still runs, in the normal network, after a notice: the
# tests only ever listen and connect on loopback, so they stay correct, only less isolated.
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

# Already isolated (nested call, or CI did it for us): do not nest namespaces.
if [ "${SHOUTIT_NETNS:-}" = "1" ]; then
  exec "$@"
fi

# `ip` lives in /usr/sbin on Debian, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/sbin"
export PATH

# The inner shell brings loopback up (a new namespace starts with it down), marks the
# environment so nested runs and the harness know, then becomes the command.
inner='ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null || { echo "run-in-netns: cannot bring loopback up" >&2; exit 1; }; SHOUTIT_NETNS=1; export SHOUTIT_NETNS; exec "$@"'

if command -v unshare >/dev/null 2>&1; then
  for flags in -n -rn; do
    # Probe first: a refused unshare must not be confused with the command's own failure.
    if unshare $flags true 2>/dev/null; then
      exec unshare $flags sh -c "$inner" run-in-netns "$@"
    fi
  done
fi

echo "run-in-netns: network namespaces are not permitted here; running without isolation (loopback only by convention)" >&2
exec "$@"
