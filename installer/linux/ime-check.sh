#!/usr/bin/env bash
# Type Chinese through real input methods into the installed app (issue 17) — run by
# installer/check on a Debian root that has the gkdesk .deb installed and seed 000 in
# /tmp/seed-000.txt (root). Runs alone too (docs/DEVELOPING.md, "The input-method check").
#
#   bash installer/linux/ime-check.sh ROOT LOGDIR IM…
#
#   IM   ibus            ibus-daemon + ibus-libpinyin, XMODIFIERS=@im=ibus
#        fcitx5          fcitx5 + fcitx5-chinese-addons (its pinyin), XMODIFIERS=@im=fcitx
#        fcitx4          fcitx 4 + fcitx-pinyin (fcitx-bin, fcitx-module-dbus), XMODIFIERS=@im=fcitx
#        NAME:MODULE     NAME as above, with QT_IM_MODULE=MODULE set by the clerk's system: the
#                        app must keep it (e.g. fcitx5:ibus, Qt's own ibus plugin on fcitx5)
#
# The input methods' packages are installed with one apt-get (fcitx5 and fcitx 4 conflict: when
# both are asked for, fcitx 4 replaces fcitx5 after fcitx5's runs, a second apt-get). Then, each in
# turn, as a clerk with an empty home folder holding seed 000, installer/linux/ime-type.sh runs in
# the root in its own PID namespace (Xvfb, D-Bus session, daemon and app all end with it): start
# the daemon with its pinyin, start /usr/bin/gkdesk with GKDESK_IME_PROBE (gkdesk/ui/ime_probe.py:
# own unit 财政局, a task of 财政局, focus in the 完成情况 editor; QT_IM_MODULE unset unless asked,
# so gkdesk/ime.py chooses the plugin), switch pinyin on, type "zhengwugongkai" with xdotool,
# press space (the first candidate), and read the completion text the editor saved from the store.
#
# One line per input method on stdout:
#   IME  NAME  PASS|FAIL  stored='…'  QT_IM_MODULE=… (set by gkdesk|kept)  VERSIONS  (N s)
# then "IME  total N s". Exit 0 when every IM stored 政务公开, 1 otherwise. LOGDIR/NAME-*.txt keep
# each run's steps, app output, daemon output and stored text.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: bash installer/linux/ime-check.sh ROOT LOGDIR IM…" >&2; exit 2; }
root=$1 logs=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=rootfs.sh
. "$here/rootfs.sh"
mkdir -p "$logs"
start=$SECONDS

COMMON=(xvfb xauth dbus dbus-x11 xdotool sqlite3)
declare -A PACKAGES=(
  [ibus]="ibus ibus-libpinyin"
  [fcitx5]="fcitx5 fcitx5-chinese-addons"
  [fcitx4]="fcitx-bin fcitx-data fcitx-modules fcitx-module-dbus fcitx-pinyin"
)
# The package whose version is reported for each input method.
declare -A VERSION_OF=([ibus]="ibus ibus-libpinyin" [fcitx5]="fcitx5 fcitx5-pinyin" [fcitx4]="fcitx-bin fcitx-pinyin")

# What to install first; fcitx 4 waits when fcitx5 is wanted too.
first=("${COMMON[@]}") later=()
want_fcitx5="" want_fcitx4=""
for spec in "$@"; do
  case "${spec%%:*}" in
    fcitx5) want_fcitx5=1 ;;
    fcitx4) want_fcitx4=1 ;;
    ibus) ;;
    *) echo "unknown input method: $spec" >&2; exit 2 ;;
  esac
done
for name in ibus fcitx5; do
  for spec in "$@"; do
    if [ "${spec%%:*}" = "$name" ]; then read -ra p <<<"${PACKAGES[$name]}"; first+=("${p[@]}"); break; fi
  done
done
if [ -n "$want_fcitx4" ]; then
  read -ra p <<<"${PACKAGES[fcitx4]}"
  if [ -n "$want_fcitx5" ]; then later=("${p[@]}"); else first+=("${p[@]}"); fi
fi

apt_in_root() {  # LOG PACKAGE…
  local log=$1
  shift
  in_root "$root" -- apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1 \
    || { in_root "$root" -- apt-get update -q >/dev/null 2>&1 \
         && in_root "$root" -- apt-get install -y -q --no-install-recommends "$@" >"$log" 2>&1; } \
    || { tail -20 "$log" >&2; return 1; }
}
apt_in_root "$logs/ime-apt.txt" "${first[@]}"
echo "IME  apt-get install ${first[*]}: $(grep -c '^Unpacking' "$logs/ime-apt.txt" || true) packages in $((SECONDS - start)) s"

task=""
failed=0
for spec in "$@"; do
  im=${spec%%:*} preset=""
  [ "$spec" = "$im" ] || preset=${spec#*:}
  t=$SECONDS
  if [ "$im" = fcitx4 ] && [ ${#later[@]} -gt 0 ]; then
    # fcitx-bin Conflicts fcitx5: the trailing - removes it in the same transaction.
    apt_in_root "$logs/ime-apt-fcitx4.txt" "${later[@]}" fcitx5-
    echo "IME  apt-get install ${later[*]} (fcitx5 removed): $((SECONDS - t)) s"
    later=()
    t=$SECONDS
  fi
  tag=${spec/:/-qt-}
  home=/tmp/ime-$tag
  rm -rf "${root:?}$home"
  mkdir -p "$root$home"
  cp "$root/tmp/seed-000.txt" "$root$home/seed.txt"
  cp "$here/ime-type.sh" "$root/tmp/ime-type.sh"
  clerk=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" LANG=C.UTF-8)
  in_root "$root" -- "${clerk[@]}" sh -c "cd $home && gkdesk-cli import seed.txt >import.txt 2>&1"
  db="$root$home/.local/share/gkdesk/gkdesk.sqlite3"
  task=$(in_root "$root" -- sqlite3 "${db#"$root"}" "SELECT min(tu.task_id) FROM task_units tu
    JOIN units u ON u.id = tu.unit_id WHERE u.name = '财政局'")
  # PID and network namespaces of its own: when the run ends, every process it started ends; its
  # /proc shows only them (gkdesk/ime.py sees this run's daemon and no other), and its X display
  # and D-Bus sockets cannot meet another session's.
  unshare --pid --net --fork --kill-child -- bash -c '. "$1"; shift; in_root "$@"' in_pid_ns "$here/rootfs.sh" \
    "$root" -- "${clerk[@]}" timeout -k 5 120 bash /tmp/ime-type.sh "$im" "$task" "$preset" \
    >"$root$home/run.txt" 2>&1 || true
  for f in steps run app daemon engine stored; do
    if [ -f "$root$home/$f.txt" ]; then cp "$root$home/$f.txt" "$logs/$tag-$f.txt"; fi
  done
  stored=$(cat "$root$home/stored.txt" 2>/dev/null || true)
  probe=$(grep 'IME-PROBE ready' "$root$home/app.txt" 2>/dev/null || true)
  module=${probe##*QT_IM_MODULE=}
  [ -n "$probe" ] || module="?"
  how="set by gkdesk"
  [ -z "$preset" ] || how="kept"
  [ -n "$module" ] || how="unset"
  read -ra names <<<"${VERSION_OF[$im]}"
  versions=$(in_root "$root" -- dpkg-query -W -f='${Package} ${Version} ' "${names[@]}" 2>/dev/null || true)
  verdict=FAIL
  if [ "$stored" = "政务公开" ] && { [ -z "$preset" ] || [ "$module" = "$preset" ]; }; then verdict=PASS; fi
  [ $verdict = PASS ] || failed=1
  echo "IME  $spec  $verdict  stored='$stored'  QT_IM_MODULE=${module:-unset} ($how)  ${versions% }  ($((SECONDS - t)) s)"
  if [ $verdict = FAIL ]; then sed 's/^/IME      /' "$logs/$tag-steps.txt" 2>/dev/null || true; fi
done
echo "IME  total $((SECONDS - start)) s"
exit $failed
