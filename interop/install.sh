#!/usr/bin/env bash
# Installs the official Hatchet SDKs that the interop suite runs as peers, from their lock files:
#   interop/ts/node_modules      npm ci (package-lock.json)
#   interop/python/.venv         a venv with requirements.lock
# Idempotent: a peer whose lock file has not changed since its last install is left as it is.
# With --relock, resolves requirements.txt afresh in a scratch venv and rewrites requirements.lock.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "interop/install.sh: '$1' is not installed; it is needed for the $2 peer" >&2
    exit 1
  fi
}

# A stamp beside each install records the lock file it was made from.
stamp_matches() { [ -f "$1" ] && cmp -s "$1" "$2"; }

install_typescript() {
  need node TypeScript
  need npm TypeScript
  local stamp=ts/node_modules/.interop-lock
  if stamp_matches "$stamp" ts/package-lock.json; then
    echo "interop: TypeScript peer up to date"
    return
  fi
  echo "interop: installing the TypeScript peer (npm ci)"
  (cd ts && npm ci --no-audit --no-fund --loglevel=error)
  cp ts/package-lock.json "$stamp"
}

install_python() {
  need python3 Python
  local venv=python/.venv stamp=python/.venv/.interop-lock
  if [ "${1:-}" = "--relock" ]; then
    local scratch
    scratch="$(mktemp -d)"
    python3 -m venv "$scratch/venv"
    "$scratch/venv/bin/pip" install --quiet --disable-pip-version-check -r python/requirements.txt
    {
      echo "# Every package of a fresh venv after 'pip install -r requirements.txt' (pip freeze), exact versions."
      "$scratch/venv/bin/pip" freeze --all --exclude pip
    } > python/requirements.lock
    rm -rf "$scratch"
    echo "interop: rewrote python/requirements.lock"
  fi
  if stamp_matches "$stamp" python/requirements.lock && [ -x "$venv/bin/python" ]; then
    echo "interop: Python peer up to date"
    return
  fi
  echo "interop: installing the Python peer (venv + requirements.lock)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r python/requirements.lock
  "$venv/bin/pip" check
  cp python/requirements.lock "$stamp"
}

install_typescript
install_python "${1:-}"
echo "interop: peers installed under $here"
