# Debian root folders for building and trying the Linux package — sourced by
# installer/build-linux-release and installer/check (bash, run as root).
#
#   make_root DIR SUITE [PACKAGE…]      debootstrap a minimal Debian SUITE into DIR, with PACKAGEs
#   in_root DIR [--bind SRC DST[:ro]]… -- COMMAND…
#                                        run COMMAND inside DIR (own mount namespace: /proc, /dev
#                                        and the bind mounts vanish when it ends, even on failure)
#   debian_source SUITE PACKAGE DEST     fetch PACKAGE's source (upstream tarball + debian/ folder)
#                                        as listed in SUITE's Sources index, checksums verified,
#                                        unpacked into DEST/upstream and DEST/debian
#
# Everything comes from Debian's own mirror ($GKDESK_DEBIAN_MIRROR, default deb.debian.org).

GKDESK_DEBIAN_MIRROR=${GKDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
GKDESK_DEBIAN_SECURITY=${GKDESK_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}

_rootfs_say() { printf '[rootfs] %s\n' "$*" >&2; }

make_root() {
  local dir=$1 suite=$2
  shift 2
  local include
  include=$(IFS=,; echo "$*")
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  _rootfs_say "debootstrap $suite → $dir"
  local start=$SECONDS
  debootstrap --variant=minbase ${include:+--include="$include"} "$suite" "$dir" "$GKDESK_DEBIAN_MIRROR" \
    >"$dir.debootstrap.log" 2>&1 || { tail -20 "$dir.debootstrap.log" >&2; return 1; }
  cat >"$dir/etc/apt/sources.list" <<EOF
deb $GKDESK_DEBIAN_MIRROR $suite main
deb $GKDESK_DEBIAN_MIRROR $suite-updates main
deb $GKDESK_DEBIAN_SECURITY $suite-security main
EOF
  # The host's CA bundle: pip inside the root then trusts what the host trusts.
  cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/host-ca-certificates.crt" 2>/dev/null || true
  cp /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
  in_root "$dir" -- apt-get update -q >/dev/null
  _rootfs_say "$suite ready in $((SECONDS - start)) s"
}

in_root() {
  local dir=$1
  shift
  local mounts=""
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    case "$1" in
      --bind) mounts="$mounts $2|$3"; shift 3 ;;
      *) echo "in_root: unknown option $1" >&2; return 2 ;;
    esac
  done
  [ "${1:-}" = "--" ] && shift
  # shellcheck disable=SC2016 — expanded by the inner shell
  unshare --mount --propagation private -- bash -euc '
    dir=$1; mounts=$2; shift 2
    mount -t proc proc "$dir/proc"
    mount --rbind /dev "$dir/dev"
    for m in $mounts; do
      src=${m%%|*}; dst=${m#*|}; ro=""
      case "$dst" in *:ro) dst=${dst%:ro}; ro=1 ;; esac
      mkdir -p "$dir$dst"
      mount --bind "$src" "$dir$dst"
      [ -z "$ro" ] || mount -o remount,bind,ro "$dir$dst"
    done
    exec chroot "$dir" /usr/bin/env -i \
      PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive "$@"
  ' in_root "$dir" "$mounts" "$@"
}

# The newest version of PACKAGE's source in SUITE whose files can be fetched: its security update
# when the mirror serves that update's source, else the point release's.
debian_source() {
  local suite=$1 pkg=$2 dest=$3
  local index base candidates=""
  for index in "$GKDESK_DEBIAN_SECURITY|$suite-security" "$GKDESK_DEBIAN_MIRROR|$suite"; do
    base=${index%%|*}
    # One line per file: version, base URL of its folder, sha256, size, name.
    candidates+=$(curl -fsS --retry 3 -m 120 "$base/dists/${index#*|}/main/source/Sources.xz" \
      | xz -dc | awk -v p="$pkg" -v base="$base" '
        /^Package: / {keep = ($2 == p)}
        keep && /^Version: / {v = $2}
        keep && /^Directory: / {d = $2}
        keep && /^Checksums-Sha256:/ {f = 1; next}
        keep && f && /^ / {n++; sum[n] = $1; size[n] = $2; name[n] = $3; next}
        {f = 0}
        /^$/ && keep {for (i = 1; i <= n; i++) print v, base "/" d, sum[i], size[i], name[i]; keep = 0; n = 0}
      ')$'\n' || true
  done
  local version
  for version in $(printf '%s\n' "$candidates" | awk 'NF {print $1}' | sort -u | sort -rV); do
    rm -rf "$dest"
    mkdir -p "$dest/files"
    local ok=1 v url sum size name
    while read -r v url sum size name; do
      [ "$v" = "$version" ] || continue
      case "$name" in *.dsc|*.orig-www.*|*.asc) continue ;; esac
      curl -fsS --retry 3 -m 600 -o "$dest/files/$name" "$url/$name" 2>/dev/null \
        && echo "$sum  $dest/files/$name" | sha256sum -c --quiet - >&2 || { ok=""; break; }
    done <<<"$candidates"
    if [ -n "$ok" ] && ls "$dest"/files/*.orig.tar.* >/dev/null 2>&1; then
      mkdir -p "$dest/upstream"
      tar -xf "$dest"/files/*.orig.tar.* -C "$dest/upstream" --strip-components=1
      tar -xf "$dest"/files/*.debian.tar.* -C "$dest"
      echo "$version" >"$dest/version"
      _rootfs_say "source $pkg $version"
      return 0
    fi
    _rootfs_say "source $pkg $version: not on the mirror, trying an older one"
  done
  echo "no source of $pkg for Debian $suite could be fetched" >&2
  return 1
}

# Apply the patches of DEST/debian/patches/series whose names match REGEX (the security and bug
# fixes; Debian's own layout changes are left out) to DEST/upstream.
debian_patches() {
  local dest=$1 regex=$2 p n=0
  for p in $(grep -vE '^\s*(#|$)' "$dest/debian/patches/series" | grep -E "$regex"); do
    patch -d "$dest/upstream" -p1 --forward --quiet <"$dest/debian/patches/$p" \
      || { echo "patch $p does not apply" >&2; return 1; }
    n=$((n + 1))
  done
  _rootfs_say "$n Debian patches applied to $(basename "$dest")"
}
