#!/usr/bin/env bash
# README command 1: build agent-sessions and run it locally.
#   - DynamoDB Local and S3Mock start on loopback as child processes (no Docker);
#   - their data is kept in .local-data/ so sessions survive a restart of this command;
#   - the local HTTP API listens on 127.0.0.1:${PORT:-3000} and invokes the same Lambda handlers.
# Uses the OpenAI-compatible provider when OPENAI_API_KEY is set, the offline echo model otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."

mvn -q -B -DskipTests -pl functions/local -am package dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime

exec java \
  -Dagentsessions.emulators.dir=functions/local/target/emulators \
  -cp "functions/local/target/classes:$(cat functions/local/target/runtime-classpath.txt)" \
  io.agentsessions.local.LocalMain
