#!/usr/bin/env bash
# Set up gkdesk on Debian/Ubuntu and run it or its tests. Needs nothing installed beforehand but
# python3 (installed too when missing); uses sudo only when not already root.
#
#   bash scripts/setup-debian.sh run  [gkdesk options…]   install everything, start the app
#   bash scripts/setup-debian.sh test [pytest options…]   install everything, run the whole test suite
#
# What it installs:
#   * Debian packages: the libraries Qt's offscreen and xcb platforms load, a CJK font (without one
#     every Chinese character is a box), LibreOffice writer/calc (for .doc/.wps/.xls/.et), poppler
#     (pdftotext for tests), Xvfb, and the zh_CN.UTF-8 locale;
#   * a Python virtual environment (default ~/.cache/gkdesk/venv, or $GKDESK_VENV) with gkdesk
#     installed editable from this checkout, plus the test extra for `test`, its dependencies at
#     the versions the installers ship (installer/requirements-bundle.txt).
# Packages already present are not installed again (CI=true always runs apt-get, to prove it works).
set -euo pipefail

verb=${1:-run}
[ $# -gt 0 ] && shift
case "$verb" in
  run|test) ;;
  *) echo "usage: bash scripts/setup-debian.sh run|test [options…]" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

say() { printf '\033[1m[gkdesk] %s\033[0m\n' "$*" >&2; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "需要 root 权限或 sudo 来安装系统软件包。" >&2; exit 1; }
  SUDO=(sudo)
fi

# --- Debian packages -------------------------------------------------------------------------
packages=(
  # what PySide6 links for the offscreen platform
  libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxkbcommon0 libx11-6
  # the xcb platform: a real window on a desktop or under Xvfb
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0
  libxcb-render-util0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 xvfb xauth
  # Chinese: a CJK font and the zh_CN.UTF-8 locale (LibreOffice picks SC glyphs with it)
  fonts-noto-cjk locales
  # .doc/.wps/.xls/.et through LibreOffice; PDF tools for tests
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
  ca-certificates
)
if ! command -v python3 >/dev/null; then
  packages+=(python3 python3-venv python3-pip)
elif ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=(python3-venv python3-pip)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ "${CI:-}" = "true" ] || [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]:-(all present; checking)}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" apt-get install -y -q "${packages[@]}"
fi

# --- zh_CN.UTF-8 locale ----------------------------------------------------------------------
# The list is captured first: `locale -a | grep -q` lets grep exit before locale has written
# everything, and under pipefail that SIGPIPE reads as "not found".
has_zh_locale() { local all; all=$(locale -a 2>/dev/null || true); grep -qiE '^zh_CN\.utf-?8$' <<<"$all"; }
if ! has_zh_locale; then
  say "locale-gen zh_CN.UTF-8"
  if [ -f /etc/locale.gen ] && grep -qE '^#? *zh_CN\.UTF-8 UTF-8' /etc/locale.gen; then
    "${SUDO[@]}" sed -i -E 's/^# *(zh_CN\.UTF-8 UTF-8)/\1/' /etc/locale.gen
  else
    echo "zh_CN.UTF-8 UTF-8" | "${SUDO[@]}" tee -a /etc/locale.gen >/dev/null
  fi
  "${SUDO[@]}" locale-gen >/dev/null || "${SUDO[@]}" locale-gen zh_CN.UTF-8 >/dev/null || true
  has_zh_locale || say "warning: zh_CN.UTF-8 locale could not be generated"
fi

# --- Python environment ----------------------------------------------------------------------
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || { echo "gkdesk 需要 Python 3.10 或更高版本（当前：$(python3 --version 2>&1)）。" >&2; exit 1; }

venv=${GKDESK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/gkdesk/venv}
if [ ! -x "$venv/bin/python" ]; then
  say "python3 -m venv $venv"
  mkdir -p "$(dirname "$venv")"
  # System site-packages stay visible, so whatever suitable is already installed is reused.
  python3 -m venv --system-site-packages "$venv"
fi
py="$venv/bin/python"

extra=$([ "$verb" = test ] && echo "[test]" || echo "")
stamp="$venv/.gkdesk-installed"
# The versions the installed app is built with (installer/requirements-bundle.txt) are the ones
# tested and run here too: above all PySide6 6.8.2.1, the Qt the bundled fcitx input-method plugin
# is built for (docs/INPUT-METHODS.md).
pins=installer/requirements-bundle.txt
sum=$(cat pyproject.toml "$pins" | sha256sum | cut -c1-64)
want="$repo $extra $sum"
have=$(cat "$stamp" 2>/dev/null || true)
# A stamp for the test extra also serves `run`.
if [ "$have" != "$want" ] && [ "$have" != "$repo [test] $sum" ]; then
  say "pip install -e .$extra -c $pins"
  "$py" -m pip install --disable-pip-version-check --progress-bar off -q -e ".$extra" -c "$pins"
  echo "$want" >"$stamp"
fi

# --- run or test -----------------------------------------------------------------------------
if [ "$verb" = test ]; then
  export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
  say "pytest $*"
  exec "$py" -m pytest "$@"
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  say "没有图形显示（DISPLAY 未设置）：以 offscreen 方式启动一次，检查窗口能否正常显示。"
  say "No display here: starting the app offscreen once to check it opens (--smoke)."
  QT_QPA_PLATFORM=offscreen exec "$venv/bin/gkdesk" --smoke "$@"
fi
exec "$venv/bin/gkdesk" "$@"
