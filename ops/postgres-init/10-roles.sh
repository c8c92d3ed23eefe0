#!/bin/sh
# Run once by the postgres image when it creates the database (docker-entrypoint-initdb.d). Two roles besides the
# image's superuser: dw_owner owns the ledger's schema and runs the migrations (DATABASE_MIGRATION_URL); dw_app is
# what the worker, the CLI and the portal connect as (DATABASE_URL): it reads and writes the ledger and adds to its
# history, but owns nothing, so it cannot switch the history's guards off (全程留痕). Passwords come from .env.
set -eu
: "${DW_DB_OWNER_PASSWORD:?set DW_DB_OWNER_PASSWORD in .env}"
: "${DW_DB_APP_PASSWORD:?set DW_DB_APP_PASSWORD in .env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DW_DB_OWNER_PASSWORD" -v app_password="$DW_DB_APP_PASSWORD" <<'SQL'
create role dw_owner login password :'owner_password';
create role dw_app login password :'app_password';
create schema ledger authorization dw_owner;
revoke create on schema public from public;
alter role dw_owner set search_path = ledger;
alter role dw_app set search_path = ledger;
SQL
