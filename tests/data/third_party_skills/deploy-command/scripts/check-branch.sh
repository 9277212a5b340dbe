#!/bin/sh
set -eu
test "$(git rev-parse --abbrev-ref HEAD)" != main
