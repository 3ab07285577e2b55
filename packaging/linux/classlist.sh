#!/usr/bin/env bash
# Writes packaging/linux/mzchat.classlist: the classes the packaged app loads until its window is up,
# from a real start of the app-image (./mvnw -Ppackage package first) on a virtual X server. The .deb
# ships the list and its postinst turns it into a class data archive where the app is installed.
# Run it again when the start changes a lot; classes that no longer exist are skipped, only the gain shrinks.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="${1:-$here/../../target/jpackage/mzchat}"
out="$here/mzchat.classlist"
launcher="$image/bin/mzchat"
[[ -x "$launcher" ]] || { echo "error: no app-image at $image: run ./mvnw -B -ntp -Ppackage package first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "error: xvfb-run not found (apt-get install xvfb)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
JAVA_TOOL_OPTIONS="-Dmzchat.console.level=INFO -XX:DumpLoadedClassList=$work/classes.lst" \
    xvfb-run -a "$launcher" --home "$work/home" 2>"$work/app.log" &
runner=$!
for _ in $(seq 1 120); do
    grep -q "Window ready after" "$work/app.log" 2>/dev/null && break
    sleep 0.5
done
grep -q "Window ready after" "$work/app.log" || { echo "error: the app showed no window; its log:" >&2; cat "$work/app.log" >&2; kill "$runner"; exit 1; }
# a few more seconds: what the first screen loads right after it shows belongs in the list too
sleep 3
# the app itself, not xvfb-run's shell, whose command line names the same home: xvfb-run then ends its
# X server once the app has gone
app="$(pgrep -f -- "^$launcher --home $work/home" | head -1)"
[[ -n "$app" ]] && kill -TERM "$app"
wait "$runner" || true
cp "$work/classes.lst" "$out"
echo "wrote $(wc -l < "$out") classes to packaging/linux/mzchat.classlist"
