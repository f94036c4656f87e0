#!/usr/bin/env bash
# Runs the Jest suite (`npm test`). The integration tests in test/integration need a Redis
# server: unless REDIS_URL names one, this script starts redis-server on 127.0.0.1:56379 for the
# run and stops it afterwards. When redis-server is missing it installs it with apt-get if it
# runs as root, and otherwise runs the suite with the integration tests skipped (Jest prints a message).
# Extra arguments go to Jest, for example `npm test -- test/web`.
set -euo pipefail
cd "$(dirname "$0")/.."

redis_port=56379
redis_pid=""
cleanup() {
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if [ -z "${REDIS_URL:-}" ]; then
  if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing redis-server for the integration tests (apt-get)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq redis-server >/dev/null
  fi
  if command -v redis-server >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --loglevel warning \
      >/dev/null &
    redis_pid=$!
    for _ in $(seq 1 50); do
      if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
        break
      fi
      sleep 0.1
    done
    export REDIS_URL="redis://127.0.0.1:$redis_port"
  elif [ "${CI:-}" = "true" ]; then
    echo "error: redis-server is not installed and could not be installed; CI must run the Redis integration tests" >&2
    exit 1
  else
    echo "redis-server is not installed, so the Redis integration tests will be skipped." >&2
  fi
fi

npx jest "$@"
