#!/usr/bin/env bash
# Build the fcitx Qt 6 input-context plugin for the bundled Qt (issue 17), inside the Debian 11
# build root of installer/build-linux-release (root).
#
#   bash installer/linux/build-fcitx-qt.sh ROOT QTDIR
#
#   ROOT    the build root (debootstrapped Debian 11)
#   QTDIR   PySide6's Qt folder inside ROOT (…/site-packages/PySide6/Qt); the plugin is written to
#           QTDIR/plugins/platforminputcontexts/libfcitxplatforminputcontextplugin-qt6.so
#
# Qt input-context plugins use private Qt API, so the plugin must be compiled against the headers
# of the very Qt version it is loaded into: PySide6 6.8.2.1 carries Qt 6.8.2, and Debian 13 ships
# Qt 6.8.2's public and private headers. Its .debs are unpacked (dpkg-deb -x, not installed);
# moc and qdbusxml2cpp 6.8.2 come from the same release and run through Debian 13's own dynamic
# loader and libraries, unpacked beside them. The plugin is compiled with the root's gcc and
# linked to the bundled Qt libraries, so it needs no newer glibc or libstdc++ than the bundle.
#
# The source is fcitx-qt5 1.2.7 (Debian's fcitx-qt5 source package, upstream tarball, checksum
# from Debian's Sources index): its qt6/ im module speaks fcitx 4's D-Bus interface
# (org.fcitx.Fcitx.InputContext) and fcitx5's (org.fcitx.Fcitx.InputContext1). fcitx5-qt's own
# source is not served by the package mirror here (404), see docs/INPUT-METHODS.md.
set -euo pipefail

root=$1 qtdir=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=rootfs.sh
. "$here/rootfs.sh"
say() { printf '[build-fcitx-qt] %s\n' "$*" >&2; }
start=$SECONDS

TRIXIE_DEBS=(qt6-base-dev qt6-base-private-dev qt6-base-dev-tools libc6 libstdc++6 libgcc-s1 libpcre2-16-0)
SOURCE_SUITE=bookworm SOURCE_PKG=fcitx-qt5 SOURCE_FILE=fcitx-qt5_1.2.7.orig.tar.xz
work=$root/src/fcitx-qt
rm -rf "$work"
mkdir -p "$work/debs" "$work/qt" "$work/src"

# One record per line: Package Filename SHA256, from Debian 13's binary index.
index=$(curl -fsS --retry 3 -m 300 "$GKDESK_DEBIAN_MIRROR/dists/trixie/main/binary-amd64/Packages.xz" \
  | xz -dc | awk '
    /^Package: / {p = $2} /^Filename: / {f = $2} /^SHA256: / {s = $2}
    /^$/ {if (p != "") print p, f, s; p = f = s = ""}')
for pkg in "${TRIXIE_DEBS[@]}"; do
  line=$(awk -v p="$pkg" '$1 == p {print $2, $3; exit}' <<<"$index")
  [ -n "$line" ] || { echo "$pkg is not in Debian 13's index" >&2; exit 1; }
  file=${line% *} sum=${line#* }
  curl -fsS --retry 3 -m 600 -o "$work/debs/${file##*/}" "$GKDESK_DEBIAN_MIRROR/$file"
  echo "$sum  $work/debs/${file##*/}" | sha256sum -c --quiet -
  dpkg-deb -x "$work/debs/${file##*/}" "$work/qt"
done
say "Debian 13 Qt 6.8.2 headers, moc and qdbusxml2cpp unpacked"

sources=$(curl -fsS --retry 3 -m 300 "$GKDESK_DEBIAN_MIRROR/dists/$SOURCE_SUITE/main/source/Sources.xz" | xz -dc)
read -r dir sum < <(awk -v p="$SOURCE_PKG" -v f="$SOURCE_FILE" '
  /^Package: / {keep = ($2 == p)} keep && /^Directory: / {d = $2}
  keep && /^Checksums-Sha256:/ {c = 1; next} keep && c && /^ / {if ($3 == f) s = $1; next} {c = 0}
  /^$/ && keep && s != "" {print d, s; exit}' <<<"$sources")
[ -n "${sum:-}" ] || { echo "$SOURCE_FILE is not in Debian $SOURCE_SUITE's Sources index" >&2; exit 1; }
curl -fsS --retry 3 -m 600 -o "$work/$SOURCE_FILE" "$GKDESK_DEBIAN_MIRROR/$dir/$SOURCE_FILE"
echo "$sum  $work/$SOURCE_FILE" | sha256sum -c --quiet -
tar -xf "$work/$SOURCE_FILE" -C "$work/src" --strip-components=1
say "source $SOURCE_FILE"

in_root "$root" -- apt-get install -y -q --no-install-recommends libxkbcommon-dev x11proto-dev >/dev/null

qtdir_in=${qtdir#"$root"}
in_root "$root" -- bash -euc '
  qtlib=$1/lib out=$1/plugins/platforminputcontexts
  w=/src/fcitx-qt inc=$w/qt/usr/include/x86_64-linux-gnu/qt6 v=6.8.2
  t=$w/qt
  run() { "$t/usr/lib64/ld-linux-x86-64.so.2" \
    --library-path "$t/usr/lib/x86_64-linux-gnu:$t/lib/x86_64-linux-gnu:$qtlib" "$@"; }
  cd "$w/src/qt6/platforminputcontext"
  mkdir -p "$w/build" && b=$w/build
  for x in InputContext:inputcontextproxy InputContext1:inputcontext1proxy \
           InputMethod:inputmethodproxy InputMethod1:inputmethod1proxy; do
    run "$t/usr/lib/qt6/bin/qdbusxml2cpp" -i fcitxqtdbustypes.h -p "$b/${x#*:}" "org.fcitx.Fcitx.${x%%:*}.xml"
  done
  incs=(-I. -I"$b" -I"$inc" -I"$inc/QtCore" -I"$inc/QtGui" -I"$inc/QtDBus"
        -I"$inc/QtCore/$v" -I"$inc/QtCore/$v/QtCore" -I"$inc/QtGui/$v" -I"$inc/QtGui/$v/QtGui")
  for h in fcitxinputcontextproxy fcitxwatcher main qfcitxplatforminputcontext; do
    run "$t/usr/lib/qt6/libexec/moc" "${incs[@]}" "$h.h" -o "$b/moc_$h.cpp"
  done
  for h in inputcontextproxy inputcontext1proxy inputmethodproxy inputmethod1proxy; do
    run "$t/usr/lib/qt6/libexec/moc" "${incs[@]}" "$b/$h.h" -o "$b/moc_$h.cpp"
  done
  mkdir -p "$out"
  g++ -std=c++17 -O2 -fPIC -shared -fvisibility=hidden -DQT_NO_KEYWORDS -DQT_NO_DEBUG \
    "${incs[@]}" fcitxinputcontextproxy.cpp fcitxqtdbustypes.cpp fcitxwatcher.cpp \
    qfcitxplatforminputcontext.cpp main.cpp qtkey.cpp "$b"/*.cpp \
    -o "$out/libfcitxplatforminputcontextplugin-qt6.so" \
    -Wl,--no-undefined -Wl,--as-needed -Wl,-rpath,\$ORIGIN/../../lib \
    "$qtlib/libQt6Gui.so.6" "$qtlib/libQt6DBus.so.6" "$qtlib/libQt6Core.so.6" -lxkbcommon
  strip --strip-unneeded "$out/libfcitxplatforminputcontextplugin-qt6.so"
' build "$qtdir_in"
say "plugin built in $((SECONDS - start)) s: $qtdir/plugins/platforminputcontexts/libfcitxplatforminputcontextplugin-qt6.so"
