#!/bin/sh
# Makes a release in RELEASE_DIR (absent or empty): the production build and only what
# running it needs, with production dependencies only (`npm ci --omit=dev`, whose postinstall
# patches the postgres driver). Run it in a checkout whose dependencies, dev ones included,
# are installed. deploy/Dockerfile runs it in its build stage; the packaging layer of
# `npm test` runs it in a clean copy of the tree and starts the web, the worker and the
# operator scripts from the result, so what the image runs is tested without Docker.
set -eu

release=${1:?usage: deploy/scripts/build.sh RELEASE_DIR}
case $release in /*) ;; *) release=$PWD/$release ;; esac
if [ -e "$release" ] && [ -n "$(ls -A "$release")" ]; then
  echo "build.sh: $release is not empty; give a new or empty directory." >&2
  exit 1
fi
cd "$(dirname "$0")/../.."

# A release is a production build whatever the caller's NODE_ENV says (a test runner's "test"
# made the compiler emit development JSX, which production React cannot run).
NODE_ENV=production npm run build --silent

mkdir -p "$release/scripts" "$release/db" "$release/deploy/scripts"
cp package.json package-lock.json "$release/"
# patch-postgres.mjs is the postinstall; run.mjs serves `npm run user:create` and the rest.
cp scripts/patch-postgres.mjs scripts/run.mjs "$release/scripts/"
cp -R build public "$release/"
cp -R db/migrations "$release/db/"
cp deploy/scripts/start-web.sh deploy/scripts/start-worker.sh deploy/scripts/healthcheck.mjs \
  "$release/deploy/scripts/"

cd "$release"
npm ci --omit=dev --no-audit --no-fund
