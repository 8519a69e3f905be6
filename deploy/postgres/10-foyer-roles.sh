#!/bin/sh
# Runs once, when the postgres container initialises an empty data directory: the two roles of
# docs/decisions/0001-database-roles.md and the database. foyer_owner owns the schema and runs
# the migrations; foyer_app is what the api and the worker use: neither superuser nor owner, and
# without BYPASSRLS, so row-level security applies to it (Foyer refuses to start otherwise).
# The migrations grant foyer_app its data access.
set -eu
: "${FOYER_DB_OWNER_PASSWORD:?set FOYER_DB_OWNER_PASSWORD}"
: "${FOYER_DB_APP_PASSWORD:?set FOYER_DB_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$FOYER_DB_OWNER_PASSWORD" -v app_password="$FOYER_DB_APP_PASSWORD" <<'SQL'
CREATE ROLE foyer_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE foyer_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE foyer OWNER foyer_owner;
\connect foyer
ALTER SCHEMA public OWNER TO foyer_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO foyer_app;
SQL
