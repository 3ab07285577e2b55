#!/usr/bin/env bash
# Regenerate every PNG size of the mzchat icon from the single SVG source.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/mzchat.svg"
out="$here/png"
sizes=(16 24 32 48 64 128 256 512)

if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "error: rsvg-convert not found." >&2
    echo "       Install it with: sudo apt-get install librsvg2-bin   (Debian/Ubuntu)" >&2
    echo "       or: brew install librsvg   (macOS)" >&2
    exit 1
fi

if [[ ! -f "$src" ]]; then
    echo "error: source SVG not found: $src" >&2
    exit 1
fi

mkdir -p "$out"
for size in "${sizes[@]}"; do
    rsvg-convert --width "$size" --height "$size" --format png \
        --output "$out/mzchat-$size.png" "$src"
    echo "wrote png/mzchat-$size.png"
done
