#!/bin/sh
# Runs once, when the PostgreSQL volume is new (docker-entrypoint-initdb.d): one database and one user per service,
# each user with its own password from .env, owning only its database. Nobody else may connect to it.
set -eu

create_service_database() {
  name=$1
  password=$2
  if [ -z "$password" ]; then
    echo "No password for database $name: set it in .env" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_service_database auth "$AUTH_DB_PASSWORD"
create_service_database friend "$FRIEND_DB_PASSWORD"
create_service_database presence "$PRESENCE_DB_PASSWORD"
create_service_database chat "$CHAT_DB_PASSWORD"
