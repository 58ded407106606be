#!/bin/bash
# Control script of the MLSERVER CSD. The Cloudera Manager agent runs it with the
# runner's arguments and environment, after sourcing the env script of the active
# parcel that provides "mlserver" (the SDL's parcel.requiredTags): MLSERVER_HOME
# and PATH come from there. `parceltool host exec MLServer -- ...` does the same.
set -euo pipefail
: "${MLSERVER_HOME:?the MLServer parcel is not active: its env script did not set MLSERVER_HOME}"

case "${1:-}" in
  start)
    echo "$(date) starting mlserver $(mlserver --version) from $MLSERVER_HOME on port ${MLSERVER_PORT}"
    # In the foreground: the agent's supervisor tracks this very process.
    exec mlserver serve --port "${MLSERVER_PORT}"
    ;;
  *)
    echo "control.sh: unknown action '${1:-}'" >&2
    exit 1
    ;;
esac
