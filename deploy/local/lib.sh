# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh. Source it; do not run it.
#
#   JISR_CACHE  downloads (jars, zips)        default: $HOME/.cache/jisr
#   JISR_VAR    runtime data, logs, pid files default: <repo>/var
#   JISR_UP_TIMEOUT  seconds an `up` waits for health (default 120)

JISR_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JISR_REPO="$(cd "$JISR_LOCAL_DIR/../.." && pwd)"
JISR_CACHE="${JISR_CACHE:-$HOME/.cache/jisr}"
JISR_VAR="${JISR_VAR:-$JISR_REPO/var}"
JISR_UP_TIMEOUT="${JISR_UP_TIMEOUT:-120}"
# Absolute paths: the servers run with another working directory.
mkdir -p "$JISR_CACHE" "$JISR_VAR/services"
JISR_CACHE="$(cd "$JISR_CACHE" && pwd)"
JISR_VAR="$(cd "$JISR_VAR" && pwd)"

jisr_log() { printf '[%s] %s\n' "${JISR_NAME:-jisr}" "$*" >&2; }
jisr_die() { jisr_log "ERROR: $*"; exit 1; }

# jisr_pid_of PIDFILE MARKER -> prints the pid if the file names a live
# process whose command line contains MARKER (guards against pid reuse).
jisr_pid_of() {
  local pidfile=$1 marker=$2 pid
  [[ -s $pidfile ]] || return 1
  pid="$(head -n1 "$pidfile" | tr -dc '0-9')"
  [[ -n $pid ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -F -- "$marker" >/dev/null || return 1
  printf '%s\n' "$pid"
}

# jisr_port_open PORT [HOST] -> 0 if something accepts TCP connections there.
jisr_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/${2:-127.0.0.1}/$1" 2>/dev/null
}

# jisr_wait_for TIMEOUT ALIVE_FN CHECK_CMD... : polls CHECK_CMD once a second
# until it succeeds (0). Returns 1 on timeout, 2 as soon as ALIVE_FN fails.
jisr_wait_for() {
  local timeout=$1 alive=$2; shift 2
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ $alive != - ]] && ! "$alive"; then return 2; fi
    sleep 1
  done
  "$@" >/dev/null 2>&1
}

# jisr_stop_pid PID NAME [TIMEOUT]: SIGTERM, wait, SIGKILL as a last resort.
jisr_stop_pid() {
  local pid=$1 name=$2 timeout=${3:-60} deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    jisr_log "$name (pid $pid) still running after ${timeout}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
}

# jisr_tail FILE... : last lines of each existing log, for failure reports.
jisr_tail() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    printf -- '----- tail of %s -----\n' "$f" >&2
    tail -n "${JISR_TAIL_LINES:-40}" "$f" >&2
  done
}

# jisr_ensure_user NAME: an unprivileged system user without a login shell.
jisr_ensure_user() {
  id -u "$1" >/dev/null 2>&1 && return 0
  jisr_log "creating system user $1"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$1"
}

# jisr_grant_traverse USER DIR: make sure USER can reach DIR (servers that
# refuse root run as USER with their data under DIR). Adds only the search
# (x) bit for others on ancestors that lack it, e.g. /root when the repo
# lives under it, and says so.
jisr_grant_traverse() {
  local user=$1 dir=$2 d
  runuser -u "$user" -- test -x "$dir" 2>/dev/null && return 0
  d=$dir
  while [[ $d != / ]]; do
    d="$(dirname "$d")"
    if ! runuser -u "$user" -- test -x "$d" 2>/dev/null; then
      jisr_log "note: chmod o+x $d so that $user can reach $dir"
      chmod o+x "$d"
    fi
  done
  runuser -u "$user" -- test -x "$dir" || jisr_die "$user cannot reach $dir"
}

# jisr_mvn ARGS...: Maven in batch mode; the registry comes from Maven's own
# settings (never named here).
jisr_mvn() {
  command -v mvn >/dev/null || jisr_die "mvn not found (apt-get install -y maven)"
  # Maven 3.8 prints stray ANSI resets even with -q -B; strip them. pipefail
  # (set by every caller) keeps Maven's exit status.
  local rc=0
  mvn -B -q -Dstyle.color=never "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' \
    | { grep -v '^$' >&2 || true; } || rc=$?
  return "$rc"
}

# shellcheck disable=SC2034  # used by the scripts that source this file
JISR_MVN_DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# jisr_usage NAME: the common command line.
jisr_usage() { echo "usage: $1 up|down|status|fetch" >&2; exit 64; }
