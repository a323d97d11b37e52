# Shared by the .ci/ensure-* scripts: one line per step, and apt-get only as root. Without root
# a missing package stops the run with the exact command to type; nothing is skipped.

step() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

# apt_install PACKAGE...: install what is missing (as root), or fail saying what to run.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  if ! is_root; then
    fail "missing: $*. Run as root: apt-get update && apt-get install -y $*  (then run this again)"
  fi
  step "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may be missing (a fresh image) or old: refresh them once per run.
  if [ -z "${JOL_APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null || fail "apt-get update failed"
    export JOL_APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || fail "apt-get install $* failed"
}
