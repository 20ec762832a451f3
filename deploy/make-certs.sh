#!/usr/bin/env bash
# Makes the gateway's certificate for docker compose with the local stack's certificate authority
# (LocalCertificateAuthority in infra): ca.crt (trust it in browsers and clients), ca.key, server.crt (the chain)
# and server.key (PKCS#8).
#   deploy/make-certs.sh [folder] [host name or address]...
# The folder defaults to deploy/certs, which docker-compose.yml mounts (PARLEY_TLS_DIR in .env); the certificate
# is for localhost, 127.0.0.1 and ::1 plus the names given. Valid certificates are kept; delete the folder for new ones.
set -euo pipefail
cd "$(dirname "$0")/.."

folder=${1:-deploy/certs}
[[ $# -gt 0 ]] && shift

./mvnw -B -q -pl deploy-checks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
java -cp "deploy-checks/target/classes:$(cat deploy-checks/target/runtime-classpath.txt)" \
  dev.parley.deploy.ComposeCertificates "$folder" "$@"
