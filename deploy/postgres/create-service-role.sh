#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
# The tracker runs as tracker_app: it never owns a table, so it cannot disable the triggers that
# keep the history append-only. The owner (POSTGRES_USER) runs the migrations and grants
# tracker_app what it needs (DATABASE_MIGRATION_URL); see docs/operations.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v service_password="$TRACKER_APP_PASSWORD" <<'SQL'
CREATE ROLE tracker_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'service_password';
SQL
