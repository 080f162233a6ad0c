# Shell helpers shared by scripts/run and scripts/test. Source it; do not run it.
#
# Every step checks first and does nothing when its work is already done, so
# a second run takes seconds: Debian packages are installed only when
# missing, Python packages only when requirements.lock or pyproject.toml
# changed, npm packages only when package-lock.json changed.

set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONDONTWRITEBYTECODE=1

if [ -t 1 ]; then
    _BOLD=$'\e[1m' _RED=$'\e[31m' _GREEN=$'\e[32m' _RESET=$'\e[0m'
else
    _BOLD="" _RED="" _GREEN="" _RESET=""
fi

step() { printf '%s==> %s%s\n' "$_BOLD" "$*" "$_RESET"; }
ok() { printf '%s%s%s\n' "$_GREEN" "$*" "$_RESET"; }
fail() { printf '%sError: %s%s\n' "$_RED" "$*" "$_RESET" >&2; exit 1; }

# Seconds since the script started, for the timings printed at the end.
_T0=$(date +%s)
elapsed() { echo $(($(date +%s) - _T0)); }

# Run as root, or through sudo when there is one (sudo -n in CI: never prompt).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then sudo -n "$@"; else sudo "$@"; fi
    else
        fail "'$*' needs root: run this script as root or install sudo"
    fi
}

_APT_UPDATED=0
# apt_install_missing PACKAGE... — installs the ones not installed yet.
apt_install_missing() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || fail "missing ${missing[*]} and no apt-get: install them by hand"
    step "Installing Debian packages: ${missing[*]}"
    if [ "$_APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        _APT_UPDATED=1
    fi
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# The Python that makes the virtual environment: 3.11, as pyproject.toml requires.
_python311() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Debian packages both scripts need: venv support, gettext (compilemessages),
# Node.js and npm (front-end assets), Thai fonts, Pango for WeasyPrint (PDF).
setup_system() {
    local packages=(gettext fonts-thai-tlwg ca-certificates libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
    if ! _python311 >/dev/null; then
        packages+=(python3.11)
    fi
    command -v node >/dev/null 2>&1 || packages+=(nodejs)
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    apt_install_missing "${packages[@]}"
    local python
    python="$(_python311)" || fail "Python 3.11 not found (Saphan needs 3.11)"
    # Debian splits venv and ensurepip out of the interpreter package.
    if [ ! -x "$VENV/bin/python" ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install_missing python3.11-venv
    fi
}

_stamp() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# .venv with the locked packages and Saphan itself (editable, no dependency
# resolution: the lock file is the whole truth).
setup_python() {
    if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        step "Replacing .venv (not Python 3.11)"
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        step "Creating .venv"
        "$(_python311)" -m venv "$VENV"
    fi
    local want have
    want="$(_stamp "$ROOT/requirements.lock" "$ROOT/pyproject.toml")"
    have="$(cat "$VENV/.saphan-installed" 2>/dev/null || true)"
    if [ "$want" != "$have" ]; then
        step "Installing Python packages from requirements.lock"
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -r "$ROOT/requirements.lock"
        echo "$want" >"$VENV/.saphan-installed"
    fi
    # Saphan itself: the equivalent of `pip install -e . --no-deps` (the repo
    # is a flat layout of apps that setuptools will not package as it is), so
    # that `daphne saphan.asgi:application` imports it from any directory.
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    [ "$(cat "$site/saphan-repo.pth" 2>/dev/null)" = "$ROOT" ] || echo "$ROOT" >"$site/saphan-repo.pth"
    # shellcheck disable=SC1091
    . "$VENV/bin/activate"
}

# Fonts and other front-end packages from the npm registry, copied into
# static/vendor/ by scripts/build_assets.py (never a CDN).
setup_assets() {
    [ -f "$ROOT/package.json" ] || return 0
    local want have
    want="$(_stamp "$ROOT/package.json" "$ROOT/package-lock.json" "$ROOT/scripts/build_assets.py")"
    have="$(cat "$ROOT/node_modules/.saphan-installed" 2>/dev/null || true)"
    if [ "$want" != "$have" ] || [ ! -d "$ROOT/static/vendor" ]; then
        step "Installing front-end packages (npm)"
        if [ -f "$ROOT/package-lock.json" ]; then
            (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
        else
            (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error </dev/null)
        fi
        if [ -f "$ROOT/scripts/build_assets.py" ]; then
            python "$ROOT/scripts/build_assets.py" --no-install
        fi
        echo "$want" >"$ROOT/node_modules/.saphan-installed"
    fi
}

# Compiled message catalogues (.mo files are not committed).
setup_translations() {
    [ -d "$ROOT/locale" ] || return 0
    local stamp="$ROOT/var/.translations-compiled" newer
    mkdir -p "$ROOT/var"
    newer="$(find "$ROOT/locale" -name '*.po' -newer "$stamp" 2>/dev/null | head -1 || true)"
    if [ ! -f "$stamp" ] || [ -n "$newer" ]; then
        step "Compiling translations"
        (cd "$ROOT" && python manage.py compilemessages -v 0 --ignore=.venv --ignore=node_modules)
        touch "$stamp"
    fi
}

# Everything before the database: used by both scripts.
setup_common() {
    setup_system
    setup_python
    setup_assets
    setup_translations
    mkdir -p "$ROOT/var"
}

# requirements.lock from pyproject.toml: every dependency (with the dev extra)
# resolved afresh in a throwaway environment, then frozen to exact versions.
update_lock() {
    local python tmp
    python="$(_python311)" || fail "Python 3.11 not found"
    tmp="$(mktemp -d)"
    step "Resolving pyproject.toml's dependencies in a fresh environment"
    "$python" -m venv "$tmp/venv"
    "$tmp/venv/bin/python" -m pip install -q --upgrade pip
    "$tmp/venv/bin/python" - "$ROOT/pyproject.toml" >"$tmp/requirements.in" <<'PY'
import sys, tomllib
project = tomllib.load(open(sys.argv[1], "rb"))["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
    print(requirement)
PY
    "$tmp/venv/bin/python" -m pip install -q -r "$tmp/requirements.in"
    {
        echo "# Exact versions of every Python package Saphan and its tests use."
        echo "# Generated from pyproject.toml by ./scripts/test --update-lock; do not edit."
        "$tmp/venv/bin/python" -m pip freeze --all --exclude-editable | grep -v -E '^(pip|setuptools|wheel)=='
    } >"$ROOT/requirements.lock"
    rm -rf "$tmp"
    ok "requirements.lock: $(grep -c '==' "$ROOT/requirements.lock") packages"
}
