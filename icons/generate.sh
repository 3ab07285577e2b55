#!/usr/bin/env bash
# Regenerate every PNG size of the mzchat icon from the single SVG source, and the installers' icons
# made from them: packaging/linux/mzchat.png, packaging/windows/mzchat.ico, packaging/macos/mzchat.icns.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/mzchat.svg"
out="$here/png"
packaging="$here/../packaging"
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

# the installers' icons: the .ico and .icns hold the PNGs as they are (pack_icons.py)
cp "$out/mzchat-512.png" "$packaging/linux/mzchat.png"
echo "wrote packaging/linux/mzchat.png"

ico_entries=()
for size in 16 24 32 48 64 128 256; do
    ico_entries+=("$size=$out/mzchat-$size.png")
done
python3 "$here/pack_icons.py" ico "$packaging/windows/mzchat.ico" "${ico_entries[@]}"
echo "wrote packaging/windows/mzchat.ico"

# macOS wants 1024 px for the 512@2x slot; it is not kept in png/
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
rsvg-convert --width 1024 --height 1024 --format png --output "$scratch/mzchat-1024.png" "$src"
python3 "$here/pack_icons.py" icns "$packaging/macos/mzchat.icns" \
    "icp4=$out/mzchat-16.png" "icp5=$out/mzchat-32.png" "icp6=$out/mzchat-64.png" \
    "ic07=$out/mzchat-128.png" "ic08=$out/mzchat-256.png" "ic09=$out/mzchat-512.png" \
    "ic10=$scratch/mzchat-1024.png" "ic11=$out/mzchat-32.png" "ic12=$out/mzchat-64.png" \
    "ic13=$out/mzchat-256.png" "ic14=$out/mzchat-512.png"
echo "wrote packaging/macos/mzchat.icns"
