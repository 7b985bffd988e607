#!/usr/bin/env bash
# Benchmarks (not tests): DynamoDB capacity units, S3 requests and latency per operation for
# sessions of several sizes, run against DynamoDB Local and S3Mock on loopback, plus jar size
# and handler init time. Usage: ./bench.sh [sizes] [repeats], e.g. ./bench.sh 10,1000 10
set -euo pipefail
cd "$(dirname "$0")"
args=()
[[ $# -ge 1 ]] && args+=("-Dbench.sizes=$1")
[[ $# -ge 2 ]] && args+=("-Dbench.repeats=$2")
mvn -B -q -Pbench -DskipTests -pl functions/local -am verify "${args[@]}"
