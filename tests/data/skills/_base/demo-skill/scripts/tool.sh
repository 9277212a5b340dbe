#!/bin/sh
echo "demo-skill 1.0.0"
