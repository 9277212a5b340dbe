#!/bin/sh
set -eu
for f in "$@"; do sh -n "$f"; done
