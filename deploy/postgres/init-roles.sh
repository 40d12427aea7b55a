#!/bin/sh
# The two roles of ADR 017 and the database, created once by an administrator of the server:
# the postgres image runs this from /docker-entrypoint-initdb.d when it initialises its data
# volume (deploy/compose.yaml); the packaging layer of `npm test` runs it with psql against
# its server. skypanel_owner owns the schema and only migrates; skypanel_app is what the web
# nodes and the worker connect as, and may not change or delete journal rows.
#   SKYPANEL_OWNER_PASSWORD, SKYPANEL_APP_PASSWORD   the two roles' passwords
#   POSTGRES_USER                                    an administrator (default postgres)
# psql's usual PGHOST, PGPORT and PGPASSWORD say where the server is.
set -eu
: "${SKYPANEL_OWNER_PASSWORD:?SKYPANEL_OWNER_PASSWORD is required}"
: "${SKYPANEL_APP_PASSWORD:?SKYPANEL_APP_PASSWORD is required}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v owner_password="$SKYPANEL_OWNER_PASSWORD" -v app_password="$SKYPANEL_APP_PASSWORD" <<'SQL'
CREATE ROLE skypanel_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE skypanel_app LOGIN PASSWORD :'app_password';
CREATE DATABASE skypanel OWNER skypanel_owner;
SQL
