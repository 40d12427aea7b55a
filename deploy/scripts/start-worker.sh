#!/bin/sh
# The job worker of a release (deploy/scripts/build.sh): /healthz and /readyz on
# WORKER_HEALTH_PORT. Used by compose, the systemd unit and the packaging test.
set -eu
cd "$(dirname "$0")/../.."
exec node build/worker.js
