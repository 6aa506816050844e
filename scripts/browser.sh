#!/usr/bin/env bash
# The browser tests drive Debian's chromium through chromium-driver (selenium). Install both once
# when missing; on a machine where apt cannot run, the browser tests skip with a note
# (OCOPSYNC_REQUIRE_BROWSER=1 turns that skip into a failure).
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: apt-get not available; browser tests will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null \
  || echo "browser: could not install chromium; browser tests will be skipped" >&2
