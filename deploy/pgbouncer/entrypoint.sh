#!/bin/sh
# PgBouncer's container start (and the packaging test's): writes the auth_file from
# DB_USER and DB_PASSWORD, then runs PgBouncer in the foreground. As root it drops to the
# postgres user, as PgBouncer refuses to run as root.
set -eu
: "${DB_USER:?set DB_USER}"
: "${DB_PASSWORD:?set DB_PASSWORD}"
AUTH_FILE="${AUTH_FILE:-/etc/pgbouncer/userlist.txt}"
PGBOUNCER_INI="${PGBOUNCER_INI:-/etc/pgbouncer/pgbouncer.ini}"
PGBOUNCER_BIN="${PGBOUNCER_BIN:-pgbouncer}"

# userlist.txt quotes each field and doubles a quote inside it.
quoted() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
umask 027
printf '%s %s\n' "$(quoted "$DB_USER")" "$(quoted "$DB_PASSWORD")" > "$AUTH_FILE"

if [ "$(id -u)" = 0 ]; then
  chgrp postgres "$AUTH_FILE"
  exec "$PGBOUNCER_BIN" -u postgres "$PGBOUNCER_INI"
fi
exec "$PGBOUNCER_BIN" "$PGBOUNCER_INI"
