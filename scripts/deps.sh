#!/usr/bin/env bash
# Installs what Marketdesk needs to build (profile "run"), to test ("test"), to
# run the benchmarks ("bench", make bench: what the tests need, Xvfb included),
# to build its packages ("package", make package) or to run the organization server locally ("server", make org),
# only when something is missing. Debian/Ubuntu: apt-get (with sudo when not
# root). Other systems: says what to install and stops.
set -euo pipefail
profile=${1:-run}

run_pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev pkg-config gnome-keyring dbus)
test_pkgs=(xvfb xauth chromium imagemagick xdotool sqlite3 x11-utils fonts-dejavu-core python3 util-linux mount)
# The organization server's tests run a private PostgreSQL 15 (scripts/pg-session.sh).
test_pkgs+=(postgresql)
# make package validates the desktop entry and the AppStream metainfo; make test packs and installs them.
package_pkgs=(appstream desktop-file-utils)
test_pkgs+=("${package_pkgs[@]}")
# The CLI's completion scripts are checked with bash -n, zsh -n and fish -n.
test_pkgs+=(zsh fish)

need_version() { # name have want: fails when have < want (dotted numbers)
  [ "$(printf '%s\n%s\n' "$3" "$2" | sort -V | head -n1)" = "$3" ] ||
    { echo "deps: $1 $2 is too old; Marketdesk needs $1 $3 or newer." >&2; return 1; }
}

check_toolchains() {
  command -v go >/dev/null || { echo "deps: Go is missing: install Go 1.26 from go.dev/dl and put it on PATH." >&2; exit 1; }
  need_version Go "$(go env GOVERSION | sed 's/^go//')" 1.26
  command -v node >/dev/null && command -v npm >/dev/null ||
    { echo "deps: Node.js 20.19+ and npm are missing: install them (Debian/Ubuntu: NodeSource's nodejs 20 or 22)." >&2; exit 1; }
  need_version Node.js "$(node -p process.versions.node)" 20.19
}

case "$(uname -s)" in
  Linux) ;;
  Darwin)
    check_toolchains
    echo "deps: macOS needs only Xcode's command line tools (xcode-select --install); tests that use Xvfb and gnome-keyring run on Linux." >&2
    exit 0 ;;
  *)
    check_toolchains
    echo "deps: on Windows install the WebView2 runtime (preinstalled on Windows 11) and a C compiler for cgo; the test suite runs on Linux." >&2
    exit 0 ;;
esac

check_toolchains
pkgs=("${run_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}")
[ "$profile" = bench ] && pkgs+=("${test_pkgs[@]}") # bench-window.sh: Xvfb; its watcher links libX11 (GTK's)
[ "$profile" = package ] && pkgs+=("${package_pkgs[@]}")
[ "$profile" = server ] && pkgs=(postgresql curl) # make org: no WebKit, no cgo

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "deps: missing ${missing[*]}; install the equivalents with your package manager (webkit2gtk 4.1 and gtk3 development files, gnome-keyring)." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
