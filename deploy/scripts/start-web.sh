#!/bin/sh
# The web process of a release (deploy/scripts/build.sh): the image's command, the systemd
# unit's ExecStart and what the packaging test starts. exec, so signals reach node.
set -eu
cd "$(dirname "$0")/../.."
exec node --max-semi-space-size=64 build/main.js
