#!/usr/bin/env bash
# Idempotent machine setup, run by `npm run dev` and `npm test`: installs what the
# project needs from Debian when missing and enables RabbitMQ's HTTP API.
set -euo pipefail
log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
# Debian's Chromium drives the browser tests (playwright-core never downloads a browser).
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mgmt_url="${RABBITMQ_API_URL:-http://127.0.0.1:15672}"
if ! curl -fsS -u "${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}" "$mgmt_url/api/overview" >/dev/null 2>&1; then
  log "enabling rabbitmq_management"
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null
  for _ in $(seq 1 60); do
    curl -fsS -u "${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}" "$mgmt_url/api/overview" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fsS -u "${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}" "$mgmt_url/api/overview" >/dev/null ||
    { log "RabbitMQ management API did not come up at $mgmt_url"; exit 1; }
fi
