#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring,
# so keychain code meets a real Secret Service. The keyring files live in a
# temporary XDG_DATA_HOME, never in the user's own keyring.
# Usage: scripts/keychain-session.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${MARKETDESK_IN_KEYCHAIN_SESSION:-}" ]; then
  tmp=$(mktemp -d -t marketdesk-keyring.XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  export MARKETDESK_IN_KEYCHAIN_SESSION=1 XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  # dbus-daemon warns that it cannot raise its fd limit in containers: harmless noise.
  dbus-run-session -- "$0" "$@" 2> >(grep -v -E 'Failed to set fd limit|Activating service|Successfully activated' >&2)
  exit $?
fi
echo -n marketdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export MARKETDESK_KEYCHAIN_TESTS=require
exec "$@"
