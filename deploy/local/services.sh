#!/usr/bin/env bash
# Start, stop or show the local real components.
#
#   deploy/local/services.sh up|down|status [kafka|elasticsearch|postgres ...]
#
# Default: all three. up fetches them in turn, then starts them in parallel
# (JISR_SERIAL=1: one after another); down goes in reverse order. Aliases: es, pg. After up and status it prints the connection
# settings as shell assignments, so `eval "$(deploy/local/services.sh up |
# grep '^export ')"` works.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

cmd="${1:-}"; shift || true
case "$cmd" in up|down|status) ;; *) echo "usage: $0 up|down|status [names...]" >&2; exit 64 ;; esac

names=()
for n in "${@:-postgres kafka elasticsearch}"; do
  for m in $n; do
    case "$m" in
      kafka) names+=(kafka) ;;
      es|elasticsearch) names+=(elasticsearch) ;;
      pg|postgres|postgresql) names+=(postgres) ;;
      *) echo "unknown service: $m (kafka, elasticsearch, postgres)" >&2; exit 64 ;;
    esac
  done
done

if [[ $cmd == down ]]; then
  rev=()
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do rev+=("${names[i]}"); done
  names=("${rev[@]}")
fi

rc=0
if [[ $cmd == up && ${#names[@]} -gt 1 && -z ${JISR_SERIAL:-} ]]; then
  # Downloads one after another (Maven's local repository is shared), then
  # the servers start side by side; JISR_SERIAL=1 starts them in turn.
  for n in "${names[@]}"; do "$HERE/$n.sh" fetch; done
  pids=()
  for n in "${names[@]}"; do "$HERE/$n.sh" up & pids+=($!); done
  for i in "${!pids[@]}"; do
    wait "${pids[i]}" || { echo "[services] ${names[i]} failed to come up" >&2; rc=1; }
  done
  ((rc == 0)) || exit "$rc"
else
  for n in "${names[@]}"; do
    if [[ $cmd == status ]]; then
      "$HERE/$n.sh" status || rc=$?
    else
      "$HERE/$n.sh" "$cmd"
    fi
  done
fi

if [[ $cmd != down ]]; then
  for n in "${names[@]}"; do
    case "$n" in
      kafka) echo "export KAFKA_BOOTSTRAP=127.0.0.1:${KAFKA_PORT:-9092}" ;;
      elasticsearch) echo "export ES_URL=http://127.0.0.1:${ES_PORT:-9200}" ;;
      postgres) echo "export DATABASE_URL='postgresql+psycopg://jisr@127.0.0.1:${PG_PORT:-5432}/jisr_{service}'" ;;
    esac
  done
fi
exit "$rc"
