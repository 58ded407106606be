#!/bin/bash
exec demo-server --port "$2"
