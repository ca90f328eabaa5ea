#!/usr/bin/env bash
# Type Chinese through real input methods into the installed app (issue 17) — called by
# installer/check with a Debian root that has the gkdesk .deb installed (root).
#
#   bash installer/linux/ime-check.sh ROOT LOGDIR
#
# The three input methods are installed in one apt-get call; then, each in turn, under Xvfb and
# its own D-Bus session (dbus-run-session), with an empty clerk's home holding seed 000:
#   start the daemon with its pinyin engine, start /usr/bin/gkdesk with GKDESK_IME_PROBE (the
#   hidden hook of gkdesk/ui/ime_probe.py: own unit 财政局, the first task, focus in the 完成情况
#   editor; QT_IM_MODULE is left unset so gkdesk/ime.py must choose the plugin), switch the input
#   method on, type "zhengwugongkai" with xdotool, commit with space, wait for the editor's save,
#   quit, and read the completion text from the store with sqlite3.
# One line per input method: "IME  NAME  PASS|FAIL  stored='…' plugin=…". Exit 0 always; the
# caller decides what a FAIL means (README states the measured result).
set -uo pipefail

root=$1 logs=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=rootfs.sh
. "$here/rootfs.sh"
mkdir -p "$logs"
start=$SECONDS

in_root "$root" -- apt-get install -y -q --no-install-recommends \
  xvfb xauth dbus dbus-x11 xdotool sqlite3 procps \
  ibus ibus-pinyin fcitx5 fcitx5-chinese-addons fcitx5-frontend-gtk3 \
  fcitx fcitx-pinyin fcitx-frontend-gtk3 >"$logs/ime-apt.txt" 2>&1 \
  || { tail -20 "$logs/ime-apt.txt" >&2; echo "IME  all  FAIL  apt-get install failed"; exit 0; }
echo "IME  apt-get install of ibus, fcitx5 and fcitx 4 in $((SECONDS - start)) s"

cat >"$root/tmp/ime-one.sh" <<'EOF'
# Runs inside the root, in a D-Bus session on display :$DISPLAY_N. $1 = ibus | fcitx5 | fcitx4
set -u
im=$1
home=$HOME
cd "$home"
case "$im" in
  ibus)
    export XMODIFIERS=@im=ibus GTK_IM_MODULE=ibus
    ibus-daemon -drx >"$home/daemon.txt" 2>&1
    for _ in $(seq 50); do ibus engine pinyin >/dev/null 2>&1 && break; sleep 0.2; done
    ibus engine >"$home/engine.txt" 2>&1 ;;
  fcitx5)
    export XMODIFIERS=@im=fcitx GTK_IM_MODULE=fcitx
    mkdir -p "$home/.config/fcitx5"
    printf '%s\n' '[Groups/0]' 'Name=Default' 'Default Layout=us' 'DefaultIM=pinyin' \
      '[Groups/0/Items/0]' 'Name=keyboard-us' 'Layout=' '[Groups/0/Items/1]' 'Name=pinyin' 'Layout=' \
      '[GroupOrder]' '0=Default' >"$home/.config/fcitx5/profile"
    fcitx5 -d >"$home/daemon.txt" 2>&1
    sleep 3 ;;
  fcitx4)
    export XMODIFIERS=@im=fcitx GTK_IM_MODULE=fcitx
    mkdir -p "$home/.config/fcitx"
    printf '%s\n' '[Profile]' 'EnabledIMList=fcitx-keyboard-us:True,pinyin:True' 'IMName=pinyin' \
      >"$home/.config/fcitx/profile"
    fcitx -d >"$home/daemon.txt" 2>&1
    sleep 3 ;;
esac
task=$(sqlite3 "$home/.local/share/gkdesk/gkdesk.sqlite3" 'SELECT min(id) FROM tasks')
GKDESK_IME_PROBE="财政局:$task" /usr/bin/gkdesk >"$home/app.txt" 2>&1 &
app=$!
ready=""
for _ in $(seq 150); do
  if grep -q 'IME-PROBE ready' "$home/app.txt"; then ready=1; break; fi
  sleep 0.2
done
[ -n "$ready" ] || { echo "app never ready"; cat "$home/app.txt"; kill $app; exit 0; }
sleep 1
case "$im" in
  fcitx5) fcitx5-remote -o; sleep 0.5; fcitx5-remote -n >"$home/engine.txt" 2>&1 ;;
  fcitx4) fcitx-remote -o; sleep 0.5; fcitx-remote -n >"$home/engine.txt" 2>&1 ;;
esac
xdotool type --delay 80 zhengwugongkai
sleep 1.5
xdotool key space
sleep 4  # the editor saves after its typing pause
kill $app; wait $app 2>/dev/null
sqlite3 "$home/.local/share/gkdesk/gkdesk.sqlite3" \
  "SELECT coalesce(text, '') FROM completions WHERE task_id = $task" >"$home/stored.txt"
EOF

n=90
for im in ibus fcitx5 fcitx4; do
  t=$SECONDS
  n=$((n + 1))
  home=/tmp/ime-$im
  rm -rf "$root$home"
  mkdir -p "$root$home"
  cp "$root/tmp/seed-000.txt" "$root$home/seed.txt"
  env_clerk=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" LANG=C.UTF-8 DISPLAY=:$n)
  in_root "$root" -- "${env_clerk[@]}" sh -c "cd $home && gkdesk-cli import seed.txt >import.txt 2>&1"
  in_root "$root" -- "${env_clerk[@]}" bash -c "
    Xvfb :$n -screen 0 1366x768x24 -nolisten tcp >$home/xvfb.txt 2>&1 &
    x=\$!
    sleep 1
    timeout 90 dbus-run-session -- bash /tmp/ime-one.sh $im >$home/run.txt 2>&1
    kill \$x
  "
  stored=$(cat "$root$home/stored.txt" 2>/dev/null)
  module=$(sed -n 's/.*QT_IM_MODULE=\([a-z0-9]*\).*/\1/p' "$root$home/app.txt" 2>/dev/null)
  for f in run app daemon engine stored; do
    [ -f "$root$home/$f.txt" ] && cp "$root$home/$f.txt" "$logs/$im-$f.txt"
  done
  verdict=FAIL
  [ "$stored" = "政务公开" ] && verdict=PASS
  echo "IME  $im  $verdict  stored='$stored' QT_IM_MODULE=${module:-unset} ($((SECONDS - t)) s)"
done
echo "IME  total $((SECONDS - start)) s"
