#!/bin/bash
# Runs the Hello server in the foreground, in the environment of the HELLO parcel.
set -eu
case "$1" in
  start) exec "$HELLO_HOME/bin/hello" ;;
  *) echo "unknown action '$1'" >&2; exit 1 ;;
esac
