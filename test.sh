#!/usr/bin/env bash
# README command 2: every test. Unit tests, then integration tests against DynamoDB Local and
# S3Mock started by the build on loopback (and against LocalStack when a Docker engine exists).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B verify "$@"
