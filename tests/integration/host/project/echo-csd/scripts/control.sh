#!/bin/bash
# Started by `parceltool host run-role`: the parcel's env script exported
# ECHOSRV_HOME, the runner's args and environment arrived, and CONF_DIR holds
# the generated echo.properties. $2 is the expected port.
set -eu
test "$1" = start
test "$ECHOSRV_USER" = echosrv
test "$("$ECHOSRV_HOME/bin/greet")" = "hello from the parcel"
test "$(cat "$CONF_DIR/echo.properties")" = "echo.port=$2"
test "$PARCEL_DIRNAMES" = ECHOSRVPARCEL-1.0
echo "role started on port $2"
