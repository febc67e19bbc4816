#!/usr/bin/env bash
# Counts the TorchSharp Scalars a training step makes and how each is freed: by Dispose (held until libtorch has
# read it) or by the finaliser thread (nothing held it: the race behind the rare "Unknown scalar type" crash).
# Uprobes on libLibTorchSharp's *_to_scalar and dispose_scalar, read with perf; needs root and a kernel with uprobes.
# Usage: bench/scalar-lifetimes.sh [CLI_BUILD_DIR...]   (default: the Release build of this checkout's CLI)
# Each directory is copied, so builds of two commits can be compared in one run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/vidgan-scalars-XXXX)"
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=("$here/src/Vidgan.Cli/bin/Release/net10.0")
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing

first="${builds[0]}/Vidgan.Cli.dll"
dotnet "$first" make-data shapes --out "$work/data" --per-class 6 --size 32 --frames 32 > /dev/null
dotnet "$first" ingest "$work/data" --library "$work/lib" --size 32 > /dev/null

count() { # perf data file → "created N finaliser N dispose N"
  perf script -i "$1" -F comm,event 2>/dev/null | awk '
    { kind = $NF ~ /dispose/ ? ($0 ~ /Finalizer/ ? "finaliser" : "dispose") : "created"; n[kind]++ }
    END { printf "%d %d %d\n", n["created"], n["finaliser"], n["dispose"] }'
}

echo "| build | steps | Scalars made per step | freed by the finaliser per step | freed by Dispose per step |"
echo "| --- | --- | --- | --- | --- |"
for i in "${!builds[@]}"; do
  copy="$work/build$i"
  cp -r "${builds[$i]}" "$copy"
  lib="$copy/runtimes/linux-x64/native/libLibTorchSharp.so"
  for f in $(nm -D --defined-only "$lib" | grep -o 'THSTorch_[a-z0-9]*_to_scalar\|THSTorch_dispose_scalar'); do
    perf probe -q -x "$lib" --add "b${i}_$f=$f"
  done
  declare -A made freed disposed
  for steps in 20 40; do
    perf record -q -o "$work/b$i-$steps.data" -e "probe_libLibTorchSharp:b${i}_*" -- \
      dotnet "$copy/Vidgan.Cli.dll" train --library "$work/lib" --run "$work/run$i-$steps" --steps $steps \
      --arch mocogan > "$work/train$i-$steps.log" 2>&1
    read -r made[$steps] freed[$steps] disposed[$steps] < <(count "$work/b$i-$steps.data")
  done
  perf probe -q -d "probe_libLibTorchSharp:b${i}_*"
  # The difference between 40 and 20 steps leaves out start-up, the first batch and the final samples.
  printf "| %s | 21-40 | %.1f | %.1f | %.1f |\n" "${builds[$i]}" \
    "$(echo "(${made[40]} - ${made[20]}) / 20" | bc -l)" \
    "$(echo "(${freed[40]} - ${freed[20]}) / 20" | bc -l)" \
    "$(echo "(${disposed[40]} - ${disposed[20]}) / 20" | bc -l)"
done
rm -rf "$work"
