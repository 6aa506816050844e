#!/usr/bin/env bash
# Make sure the PostgreSQL server the engine tests use is up (127.0.0.1:5432, database "test").
# On a machine without PostgreSQL installed this prints a note; the postgres tests then skip,
# unless OCOPSYNC_REQUIRE_POSTGRES=1 (CI sets it), which turns the skip into a failure.
set -u
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "services: PostgreSQL is not installed here; PostgreSQL tests will be skipped" >&2
  exit 0
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if pg_isready -h 127.0.0.1 -p 5432 -q; then
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" 2>/dev/null | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null 2>&1 || true
  echo "services: PostgreSQL is up on 127.0.0.1:5432"
else
  echo "services: PostgreSQL did not start" >&2
fi
