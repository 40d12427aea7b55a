#!/bin/sh
# The web process of a release (deploy/scripts/build.sh): the image's command, the systemd
# unit's ExecStart and what the packaging test starts. exec, so signals reach node.
# The node flags are those of package.json's "start" (what the bench measures):
# --heap-growing-percent=50 lets the old generation grow to 1.5× what survived the last full GC
# before the next one, instead of up to 4× on a machine with much RAM (bench/README.md §6). It
# is not a cap: a large export or statement still gets all the heap it needs.
set -eu
cd "$(dirname "$0")/../.."
exec node --heap-growing-percent=50 build/main.js
