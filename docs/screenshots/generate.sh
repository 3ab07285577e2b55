#!/usr/bin/env sh
# Takes the README's screenshots again from the real desktop app, headless, and writes them here.
# It fails (non-zero exit) if any step does not reach the screen it expects, so no stale picture
# is left looking current. Extra arguments go to Maven, e.g. -Dbuild.dir=/tmp/build-shots.
set -eu
cd "$(dirname "$0")/../.."
exec ./mvnw -B -ntp -Pscreenshots verify "$@"
