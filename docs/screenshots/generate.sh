#!/usr/bin/env sh
# Takes the README's screenshots again from the real desktop app, headless, and writes them here.
# It fails (non-zero exit) if any step does not reach the screen it expects, and then leaves the
# pictures here as they were: they are replaced all together, only once every one was taken.
# Extra arguments go to Maven, e.g. -Dbuild.dir=/tmp/build-shots. About 2 minutes, most of it the build.
set -eu
cd "$(dirname "$0")/../.."
exec ./mvnw -B -ntp -Pscreenshots verify "$@"
