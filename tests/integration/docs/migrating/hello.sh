#!/bin/sh
# The product: prints a greeting.
echo "Hello from ${HELLO_HOME:-an unknown place}"
