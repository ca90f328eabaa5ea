#!/usr/bin/env bash
# Type "zhengwugongkai" through one input method into the installed app — runs INSIDE a Debian
# root as the clerk (HOME = an empty folder holding the imported seed 000), started by
# installer/linux/ime-check.sh in its own PID namespace (everything it starts ends with it).
#
#   bash ime-type.sh IM TASK [QT_IM_MODULE]
#
#   IM            ibus | fcitx5 | fcitx4
#   TASK          the task id whose 完成情况 editor gets the text (unit 财政局)
#   QT_IM_MODULE  a value the clerk's system set (kept by the app); empty: gkdesk/ime.py chooses
#
# Files left in HOME: steps.txt (what happened, with times), app.txt (the app's output, with the
# IME-PROBE line), daemon.txt, engine.txt (the input method the daemon has active), stored.txt.
set -uo pipefail

im=$1 task=$2 preset=${3:-}
cd "$HOME"
t0=${EPOCHREALTIME/./}
step() { printf '%6d ms  %s\n' $(( (${EPOCHREALTIME/./} - t0) / 1000 )) "$*" >>"$HOME/steps.txt"; }
stored() {
  sqlite3 "$HOME/.local/share/gkdesk/gkdesk.sqlite3" \
    "SELECT coalesce(c.text, '') FROM completions c JOIN units u ON u.id = c.unit_id
     WHERE c.task_id = $task AND u.name = '财政局'"
}

# Wait until NAME has an owner on the session bus (asking never starts a service, unlike
# fcitx5-remote, whose D-Bus activation would start a second fcitx5).
wait_name() {
  local _
  for _ in $(seq 100); do
    case "$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus / \
            org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null)" in
      *true*) return 0 ;;
    esac
    sleep 0.1
  done
  return 1
}

if [ -z "${IME_TYPE_SESSION:-}" ]; then
  # An X display (the first free number; Xvfb writes it to fd 3) and a D-Bus session bus.
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$HOME/display.txt" >"$HOME/xvfb.txt" 2>&1 &
  for _ in $(seq 100); do [ -s "$HOME/display.txt" ] && break; sleep 0.1; done
  [ -s "$HOME/display.txt" ] || { step "Xvfb did not start"; exit 1; }
  DISPLAY=:$(tr -d '\n' <"$HOME/display.txt")
  export DISPLAY IME_TYPE_SESSION=1
  step "Xvfb on $DISPLAY"
  exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
fi

case "$im" in
  ibus)
    export XMODIFIERS=@im=ibus GTK_IM_MODULE=ibus
    ibus-daemon --xim --replace --panel=disable >"$HOME/daemon.txt" 2>&1 &
    # `ibus engine NAME` exits 1 even when it switched: ask which engine is active.
    for _ in $(seq 100); do
      ibus engine libpinyin >/dev/null 2>&1
      [ "$(ibus engine 2>/dev/null)" = libpinyin ] && break
      sleep 0.2
    done
    ibus engine >"$HOME/engine.txt" 2>&1
    step "ibus-daemon, engine $(cat "$HOME/engine.txt")" ;;
  fcitx5)
    export XMODIFIERS=@im=fcitx GTK_IM_MODULE=fcitx
    mkdir -p "$HOME/.config/fcitx5"
    printf '%s\n' '[Groups/0]' 'Name=Default' 'Default Layout=us' 'DefaultIM=pinyin' \
      '[Groups/0/Items/0]' 'Name=keyboard-us' 'Layout=' '[Groups/0/Items/1]' 'Name=pinyin' 'Layout=' \
      '[GroupOrder]' '0=Default' >"$HOME/.config/fcitx5/profile"
    fcitx5 --replace >"$HOME/daemon.txt" 2>&1 &
    wait_name org.fcitx.Fcitx5 || step "fcitx5 never took its D-Bus name"
    step "fcitx5 answers (state $(fcitx5-remote 2>&1))" ;;
  fcitx4)
    export XMODIFIERS=@im=fcitx GTK_IM_MODULE=fcitx
    mkdir -p "$HOME/.config/fcitx"
    printf '%s\n' '[Profile]' 'EnabledIMList=fcitx-keyboard-us:True,pinyin:True' 'IMName=pinyin' \
      >"$HOME/.config/fcitx/profile"
    fcitx -D >"$HOME/daemon.txt" 2>&1 &
    wait_name "org.fcitx.Fcitx-${DISPLAY#:}" || step "fcitx 4 never took its D-Bus name"
    step "fcitx 4 answers (state $(fcitx-remote 2>&1))" ;;
  *) step "unknown input method $im"; exit 2 ;;
esac

if [ -n "$preset" ]; then export QT_IM_MODULE=$preset; fi
GKDESK_IME_PROBE="财政局:$task" /usr/bin/gkdesk >"$HOME/app.txt" 2>&1 &
app=$!
ready=""
for _ in $(seq 300); do
  if grep -q 'IME-PROBE ready' "$HOME/app.txt"; then ready=1; break; fi
  kill -0 $app 2>/dev/null || break
  sleep 0.1
done
[ -n "$ready" ] || { step "the app never got the 完成情况 editor focused"; exit 1; }
step "app ready: $(grep 'IME-PROBE ready' "$HOME/app.txt")"
sleep 0.5
# fcitx starts every new input context in its inactive (latin) state: switch pinyin on, as the
# clerk does with Ctrl+Space.
case "$im" in
  fcitx5) fcitx5-remote -o; sleep 0.3; fcitx5-remote -n >"$HOME/engine.txt" 2>&1
          step "fcitx5-remote -o: state $(fcitx5-remote 2>&1), input method $(cat "$HOME/engine.txt")" ;;
  fcitx4) fcitx-remote -o; sleep 0.3; fcitx-remote -n >"$HOME/engine.txt" 2>&1
          step "fcitx-remote -o: state $(fcitx-remote 2>&1), input method $(cat "$HOME/engine.txt")" ;;
esac
xdotool type --delay 60 zhengwugongkai
sleep 0.5
step "typed zhengwugongkai; stored so far: '$(stored)'"
xdotool key space
step "pressed space"
for _ in $(seq 40); do
  [ "$(stored)" = "政务公开" ] && break
  sleep 0.2
done
stored >"$HOME/stored.txt"
step "stored: '$(cat "$HOME/stored.txt")'"
kill $app 2>/dev/null
wait $app 2>/dev/null
exit 0
